/**
 * A reflective supervision conversation about one case, as a pure state machine following the
 * reflective cycle: experience, reflection, analysis, action planning, then a summary. Same rules as
 * mapping: idempotent commands, stale navigation refused, the supervisor steers.
 */
import { DAY_MS, ukCalendarDate, ukDate } from '../../bot/dates';
import type { Wording } from '../../content/pack';
import type { SupervisionStage } from '../../content/schema';
import {
  applyOnce,
  checkRevision,
  forgetParticipant,
  type Applied as GenericApplied,
  type GuidedContext,
  GuidedError,
  type GuidedRecord,
  limitedText,
  type Person,
  requireAuthorOrLead,
  requireLead,
} from '../../guided/kernel';
import { normaliseText } from '../../privacy/normalise';

export type Stage = SupervisionStage;
export const STAGES: readonly Stage[] = ['experience', 'reflection', 'analysis', 'action'];

export type Step = { kind: 'stage'; stage: Stage } | { kind: 'summary' };

export type { Person };

export interface Note {
  id: string;
  stage: Stage;
  text: string;
  author: Person;
  at: number;
}

export interface AgreedAction {
  id: string;
  what: string;
  owner: string;
  /** ISO date, YYYY-MM-DD. */
  byWhen: string;
  author: Person;
  at: number;
}

export interface SupervisionSession extends GuidedRecord {
  v: 1;
  kind: 'supervision';
  supervisor: Person;
  step: Step;
  notes: Note[];
  actions: AgreedAction[];
  /** The questions offered at each stage, chosen when the session starts. */
  prompts: Record<Stage, string[]>;
  nextId: number;
}

export const SUPERVISION_LIMITS = {
  labelChars: 40,
  noteChars: 1000,
  notes: 80,
  actionChars: 300,
  ownerChars: 80,
  actions: 30,
} as const;

export type SupervisionCommand =
  | { type: 'addNote'; stage: Stage; text: string }
  | { type: 'removeNote'; noteId: string }
  | { type: 'addAction'; what: string; owner: string; byWhen: string }
  | { type: 'removeAction'; actionId: string }
  | { type: 'next'; revision: number }
  | { type: 'back'; revision: number }
  | { type: 'goto'; to: Stage | 'summary'; revision: number }
  | { type: 'close'; revision?: number }
  | { type: 'reopen' };

export type Context = GuidedContext;

export type Applied = GenericApplied<SupervisionSession>;

/** A new session at the first stage, with the starter as supervisor. */
export function startSupervision(input: {
  id: string;
  label: string;
  supervisor: Person;
  prompts: Record<Stage, string[]>;
  now: number;
  commandId: string;
}): SupervisionSession {
  const label = normaliseText(input.label);
  if (!label) throw new GuidedError('Empty', { field: 'label' });
  if (label.length > SUPERVISION_LIMITS.labelChars)
    throw new GuidedError('TooLong', { field: 'label', max: SUPERVISION_LIMITS.labelChars });
  return {
    v: 1,
    kind: 'supervision',
    id: input.id,
    label,
    supervisor: input.supervisor,
    participants: [input.supervisor],
    status: 'active',
    step: { kind: 'stage', stage: 'experience' },
    revision: 1,
    notes: [],
    actions: [],
    prompts: input.prompts,
    nextId: 1,
    createdAt: input.now,
    updatedAt: input.now,
    applied: [input.commandId],
  };
}

/** Commands that add to the conversation without moving it: the supervisor's steering buttons stay current. */
const CONTRIBUTIONS: ReadonlySet<SupervisionCommand['type']> = new Set([
  'addNote',
  'removeNote',
  'addAction',
  'removeAction',
]);

/** Applies a command, or throws GuidedError and changes nothing. A repeated command id is a no-op. */
export function applySupervision(session: SupervisionSession, command: SupervisionCommand, ctx: Context): Applied {
  const steer = (revision?: number) => {
    checkRevision(session, revision);
    requireLead(session.supervisor, ctx);
  };
  const limited = (field: string, value: string, max: number) => limitedText(normaliseText, field, value, max);
  return applyOnce(
    session,
    ctx,
    (next) => {
      switch (command.type) {
        case 'addNote': {
          const text = limited('note', command.text, SUPERVISION_LIMITS.noteChars);
          if (session.notes.length >= SUPERVISION_LIMITS.notes)
            throw new GuidedError('TooMany', { max: SUPERVISION_LIMITS.notes });
          next.notes.push({ id: `n${next.nextId++}`, stage: command.stage, text, author: ctx.actor, at: ctx.now });
          break;
        }
        case 'removeNote': {
          const note = next.notes.find((n) => n.id === command.noteId);
          if (!note) throw new GuidedError('NotFound');
          requireAuthorOrLead(note.author, session.supervisor, ctx);
          next.notes = next.notes.filter((n) => n.id !== command.noteId);
          break;
        }
        case 'addAction': {
          const what = limited('action', command.what, SUPERVISION_LIMITS.actionChars);
          const owner = limited('owner', command.owner, SUPERVISION_LIMITS.ownerChars);
          if (!isReasonableDate(command.byWhen, ctx.now)) throw new GuidedError('BadDate');
          if (session.actions.length >= SUPERVISION_LIMITS.actions)
            throw new GuidedError('TooMany', { max: SUPERVISION_LIMITS.actions });
          next.actions.push({
            id: `a${next.nextId++}`,
            what,
            owner,
            byWhen: command.byWhen,
            author: ctx.actor,
            at: ctx.now,
          });
          break;
        }
        case 'removeAction': {
          const action = next.actions.find((a) => a.id === command.actionId);
          if (!action) throw new GuidedError('NotFound');
          requireAuthorOrLead(action.author, session.supervisor, ctx);
          next.actions = next.actions.filter((a) => a.id !== command.actionId);
          break;
        }
        case 'next':
          steer(command.revision);
          next.step = stepAfter(session.step);
          break;
        case 'back':
          steer(command.revision);
          next.step = stepBefore(session.step);
          break;
        case 'goto':
          steer(command.revision);
          next.step = command.to === 'summary' ? { kind: 'summary' } : { kind: 'stage', stage: command.to };
          break;
        case 'close':
          steer(command.revision);
          next.status = 'closed';
          next.step = { kind: 'summary' };
          break;
        case 'reopen':
          steer();
          next.status = 'active';
          break;
      }
    },
    { whenClosed: command.type === 'reopen', moves: !CONTRIBUTIONS.has(command.type) },
  );
}

function stepAfter(step: Step): Step {
  if (step.kind === 'summary') return step;
  const following = STAGES[STAGES.indexOf(step.stage) + 1];
  return following ? { kind: 'stage', stage: following } : { kind: 'summary' };
}

function stepBefore(step: Step): Step {
  if (step.kind === 'summary') return { kind: 'stage', stage: 'action' };
  const previous = STAGES[STAGES.indexOf(step.stage) - 1];
  return previous ? { kind: 'stage', stage: previous } : step;
}

/** A real calendar date, written YYYY-MM-DD, from a year ago to two years ahead. */
export function isReasonableDate(value: string, now: number): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) return false;
  return time >= now - 366 * DAY_MS && time <= now + 2 * 366 * DAY_MS;
}

/** The first and last dates isReasonableDate accepts at `now`, for the card's own date check. */
export function reasonableDates(now: number): { min: string; max: string } {
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return {
    min: iso(Math.ceil((now - 366 * DAY_MS) / DAY_MS) * DAY_MS),
    max: iso(Math.floor((now + 2 * 366 * DAY_MS) / DAY_MS) * DAY_MS),
  };
}

/** The session as plain text for the supervision record: notes by stage, then the agreed actions. */
export function supervisionText(
  session: SupervisionSession,
  stageTitles: Record<Stage, string>,
  now: number,
  say: Wording,
): string {
  const lines = [
    say('sup-copy-title', { label: session.label }),
    say('sup-copy-byline', { lead: session.supervisor.name, date: ukDate(now) }),
    '',
  ];
  for (const stage of STAGES) {
    lines.push(stageTitles[stage].toUpperCase());
    const notes = session.notes.filter((n) => n.stage === stage);
    if (notes.length === 0) lines.push(`  ${say('sup-copy-no-notes')}`);
    for (const note of notes) lines.push(`  - ${note.text.replace(/\n/g, '\n    ')}`);
    lines.push('');
  }
  lines.push(say('sup-copy-actions'));
  if (session.actions.length === 0) lines.push(`  ${say('sup-copy-no-actions')}`);
  for (const a of session.actions)
    lines.push(`  - ${say('sup-copy-action', { what: a.what, owner: a.owner, date: ukCalendarDate(a.byWhen) })}`);
  return lines.join('\n');
}

/**
 * Removes one person's notes, actions and name ("forget me"), keeping everyone else's: when the
 * supervisor goes, the longest-standing remaining participant takes over; undefined (delete) only
 * when nobody else is left.
 */
export function forgetSupervisionPerson(
  session: SupervisionSession,
  personId: string,
  now: number,
): SupervisionSession | undefined {
  return forgetParticipant(
    session,
    personId,
    now,
    (s) => s.supervisor,
    (s, supervisor) => ({
      ...s,
      supervisor,
      notes: s.notes.filter((n) => n.author.id !== personId),
      actions: s.actions.filter((a) => a.author.id !== personId),
    }),
  );
}
