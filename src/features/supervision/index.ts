import { z } from 'zod';
import { DAY_MS, ukCalendarDate, ukDate } from '../../bot/dates';
import type { BotRouter } from '../../bot/router';
import { type ActionOutcome, type ActionTurn, card, type Reply, type TurnInfo, text } from '../../bot/turn';
import { type AdaptiveCard, cardTemplate, firstThatFits, NOTICE, renderCard, shorten } from '../../cards';
import { say } from '../../content/pack';
import type { Deps } from '../../deps';
import { auditFor } from '../../privacy/audit';
import { identifierWarning } from '../../privacy/guard';
import { guardedText, payloadWarning } from '../../privacy/guarded';
import { normaliseText } from '../../privacy/normalise';
import { SessionNotFound, SessionRepository } from '../../state/sessions';
import { isBusy } from '../../storage/store';
import { splitParts } from '../mapping/summary';
import type { SessionProvider } from '../sessions';
import {
  applySupervision,
  forgetSupervisionPerson,
  STAGES,
  type Stage,
  type SupervisionCommand,
  SupervisionError,
  type SupervisionSession,
  startSupervision,
  supervisionText,
} from './model';

export const SUPERVISION_PREFIX = 'supervision/';

type Notice = 'default' | 'good' | 'attention' | 'warning';

interface View {
  notice?: string;
  noticeStyle?: Notice;
  draftNote?: string;
  draftWhat?: string;
  draftOwner?: string;
  draftByWhen?: string;
}

interface StageCardData {
  sid: string;
  rev: number;
  label: string;
  stepLabel: string;
  title: string;
  cycle: string;
  intro: string;
  prompts: string[];
  stage: Stage;
  notes: { id: string; text: string; author: string }[];
  isAction: boolean;
  actions: { id: string; what: string; owner: string; byWhen: string }[];
  draftNote: string;
  draftWhat: string;
  draftOwner: string;
  draftByWhen: string;
  canGoBack: boolean;
  nextLabel: string;
  notice: string;
  noticeStyle: Notice;
  footer: string;
}

interface SummaryCardData {
  sid: string;
  rev: number;
  label: string;
  title: string;
  actions: { what: string; owner: string; byWhen: string }[];
  stages: { title: string; notes: { text: string }[] }[];
  hiddenNote: string;
  active: boolean;
  notice: string;
  noticeStyle: Notice;
  footer: string;
}

const START = cardTemplate<{ privacyReminder: string; notice: string; draft: string }>('supervise-start');
const STAGE = cardTemplate<StageCardData>('supervise-stage');
const SUMMARY = cardTemplate<SummaryCardData>('supervise-summary');
/** Characters of each note shown, tried in turn until a card fits Teams' limit. */
const NOTE_LENGTHS = [Number.POSITIVE_INFINITY, 400, 160, 60, 0];

const sid = z.string().min(1).max(40);
const rev = z.coerce.number().int().min(0).max(1_000_000_000);
/** Free text from a card input: normalised and guarded before the handler sees it. */
const typed = guardedText();
const schemas = {
  'supervision.start': z.object({ label: typed }),
  'supervision.addNote': z.object({
    sid,
    stage: z.enum(['experience', 'reflection', 'analysis', 'action']),
    note: typed,
  }),
  'supervision.removeNote': z.object({ sid, noteId: z.string().max(20) }),
  'supervision.addAction': z.object({
    sid,
    what: typed,
    owner: guardedText({ people: 'colleagues' }),
    byWhen: z.string().max(40).optional().default(''),
  }),
  'supervision.removeAction': z.object({ sid, actionId: z.string().max(20) }),
  'supervision.next': z.object({ sid, rev }),
  'supervision.back': z.object({ sid, rev }),
  'supervision.goto': z.object({ sid, rev, to: z.enum(['experience', 'reflection', 'analysis', 'action', 'summary']) }),
  'supervision.close': z.object({ sid, rev }),
  'supervision.reopen': z.object({ sid }),
  'supervision.copy': z.object({ sid }),
  'supervision.resume': z.object({ sid: sid.optional() }),
  'supervision.delete': z.object({ sid }),
  'supervision.deleteConfirmed': z.object({ sid }),
  'supervision.deleteCancel': z.object({ sid }),
  'supervision.replace': z.object({ sid, label: typed }),
} as const;
type Verb = keyof typeof schemas;

/**
 * `supervise`: a guided reflective-supervision conversation about one case (experience, reflection,
 * analysis, action planning) with notes per stage and an action summary. Resumable, deletable,
 * expiring and stale-card safe, like mapping.
 */
export function register(
  router: BotRouter,
  deps: Deps,
): { provider: SessionProvider; sessions: SessionRepository<SupervisionSession> } {
  const { content, config } = deps;
  const sessions = new SessionRepository<SupervisionSession>(
    deps.store,
    SUPERVISION_PREFIX,
    config.retentionDays,
    auditFor(deps.audit, 'supervision'),
  );
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);
  const stageInfo = (stage: Stage) =>
    content.supervision.stages.find((s) => s.id === stage) ?? { id: stage, title: stage, intro: '' };
  const stageTitles = Object.fromEntries(STAGES.map((s) => [s, stageInfo(s).title])) as Record<Stage, string>;
  const isGroup = (turn: TurnInfo) => turn.conversation.kind !== 'personal';
  const footer = (s: SupervisionSession) =>
    m('sup-footer', { supervisor: s.supervisor.name, days: config.retentionDays });

  /** Questions for each stage, from the prompt bank, fixed for the session. */
  const choosePrompts = (seed: number): Record<Stage, string[]> => {
    const out = {} as Record<Stage, string[]>;
    for (const stage of STAGES) {
      const pool = content.prompts.prompts.filter((p) => p.stages.includes(stage));
      const n = Math.min(content.supervision.promptsPerStage, pool.length);
      const start = pool.length ? seed % pool.length : 0;
      out[stage] = Array.from({ length: n }, (_, i) => (pool[(start + i * 3) % pool.length] as { id: string }).id);
    }
    return out;
  };

  const stageCard = (s: SupervisionSession, stage: Stage, view: View, noteMax: number): AdaptiveCard => {
    const info = stageInfo(stage);
    const index = STAGES.indexOf(stage);
    const following = STAGES[index + 1];
    const notes = s.notes.filter((n) => n.stage === stage);
    return renderCard(STAGE, {
      sid: s.id,
      rev: s.revision,
      label: s.label,
      stepLabel: `Stage ${index + 1} of 4`,
      title: info.title,
      cycle: STAGES.map((x, i) => (x === stage ? `**${i + 1} ${stageTitles[x]}**` : `${i + 1} ${stageTitles[x]}`)).join(
        ' → ',
      ),
      intro: info.intro,
      prompts: s.prompts[stage].flatMap((id) => {
        const p = content.prompts.prompts.find((x) => x.id === id);
        return p ? [p.text] : [];
      }),
      stage,
      notes: notes.map((n) => ({ id: n.id, text: shorten(n.text, noteMax), author: n.author.name })),
      isAction: stage === 'action',
      actions: s.actions.map((a) => ({
        id: a.id,
        what: shorten(a.what, noteMax),
        owner: a.owner,
        byWhen: ukCalendarDate(a.byWhen),
      })),
      draftNote: view.draftNote ?? '',
      draftWhat: view.draftWhat ?? '',
      draftOwner: view.draftOwner ?? '',
      draftByWhen: view.draftByWhen ?? '',
      canGoBack: index > 0,
      nextLabel: following ? `Next: ${stageTitles[following]}` : 'Next: summary',
      notice: [view.notice ?? '', Number.isFinite(noteMax) ? m('sup-shortened') : ''].filter(Boolean).join(' '),
      noticeStyle: view.noticeStyle ?? 'default',
      footer: footer(s),
    });
  };

  const summaryCard = (s: SupervisionSession, view: View, noteMax: number): AdaptiveCard =>
    renderCard(SUMMARY, {
      sid: s.id,
      rev: s.revision,
      label: s.label,
      title: s.status === 'closed' ? 'Summary (closed)' : 'Summary',
      actions: s.actions.map((a) => ({
        what: shorten(a.what, noteMax),
        owner: a.owner,
        byWhen: ukCalendarDate(a.byWhen),
      })),
      stages: STAGES.map((stage) => ({
        title: stageTitles[stage],
        notes:
          noteMax > 0 ? s.notes.filter((n) => n.stage === stage).map((n) => ({ text: shorten(n.text, noteMax) })) : [],
      })),
      hiddenNote: Number.isFinite(noteMax) ? m('sup-shortened') : '',
      active: s.status === 'active',
      notice: view.notice ?? '',
      noticeStyle: view.noticeStyle ?? 'default',
      footer: footer(s),
    });

  /** The card for where the session is, shortening notes only when the card would not fit. */
  const board = (s: SupervisionSession, view: View = {}): AdaptiveCard =>
    firstThatFits(NOTE_LENGTHS, (max) =>
      s.step.kind === 'summary' || s.status === 'closed'
        ? summaryCard(s, view, max)
        : stageCard(s, s.step.stage, view, max),
    );

  const startCard = (notice = '', draft = '') =>
    renderCard(START, { privacyReminder: content.supervision.privacyReminder, notice, draft });

  const explain = (err: SupervisionError): string => {
    const d = err.detail;
    switch (err.code) {
      case 'StaleCard':
        return m('map-stale');
      case 'SessionClosed':
        return m('sup-closed');
      case 'NotAllowed':
        return m('sup-not-allowed', { supervisor: String(d.supervisor) });
      case 'TooLong':
        return d.field === 'label'
          ? m('map-label-too-long', { max: d.max ?? 0 })
          : m('sup-too-long', { field: String(d.field), length: d.length ?? 0, max: d.max ?? 0 });
      case 'TooMany':
        return m('sup-too-many', { max: d.max ?? 0 });
      case 'Empty':
        return d.field === 'label' ? m('map-empty-label') : m('sup-empty', { field: String(d.field) });
      case 'BadDate':
        return m('sup-bad-date');
      case 'NotFound':
        return m('sup-not-found');
    }
  };

  const refusal = async (turn: TurnInfo, err: unknown, view: View): Promise<ActionOutcome> => {
    const current = await sessions.current(turn.conversation.id, turn.now);
    if (err instanceof SessionNotFound) {
      return current
        ? {
            card: board(current, { notice: m('sup-stale-session'), noticeStyle: 'warning' }),
            notice: m('sup-stale-session'),
          }
        : { card: startCard(m('sup-stale-session-none')), notice: m('sup-stale-session-none') };
    }
    const message = isBusy(err) ? m('map-busy') : err instanceof SupervisionError ? explain(err) : undefined;
    if (message === undefined) throw err;
    if (!current) return { replies: [text(message)] };
    return { card: board(current, { ...view, notice: message, noticeStyle: 'attention' }), notice: message };
  };

  const change = async (
    turn: ActionTurn,
    id: string,
    command: SupervisionCommand,
    view: View,
    done?: string,
  ): Promise<ActionOutcome> => {
    try {
      const { session } = await sessions.update(
        turn.conversation.id,
        id,
        turn.now,
        (s) =>
          applySupervision(s, command, {
            actor: { id: turn.actor.id, name: turn.actor.name },
            now: turn.now,
            commandId: turn.activityId,
          }),
        turn.actor.id,
      );
      return { card: board(session, done ? { notice: done, noticeStyle: 'good' } : {}), shared: isGroup(turn) };
    } catch (err) {
      return refusal(turn, err, view);
    }
  };

  /** Refuses text that looks identifying, keeping it in the box. */
  const refuseIdentifying = async (turn: TurnInfo, warning: string, view: View): Promise<ActionOutcome> => {
    const current = await sessions.current(turn.conversation.id, turn.now);
    return current
      ? { card: board(current, { ...view, notice: warning, noticeStyle: 'attention' }), notice: warning }
      : { replies: [text(warning)] };
  };

  const start = async (turn: TurnInfo, typedLabel: string): Promise<AdaptiveCard> => {
    const label = normaliseText(typedLabel);
    const warning = identifierWarning(content, [label], { allowOverride: false });
    if (warning) return startCard(warning, label.slice(0, 200));
    try {
      const result = await sessions.start(
        turn.conversation.id,
        turn.now,
        () =>
          startSupervision({
            id: sessions.newId(),
            label,
            supervisor: { id: turn.actor.id, name: turn.actor.name },
            prompts: choosePrompts(Math.floor(turn.now / 1000)),
            now: turn.now,
            commandId: turn.activityId,
          }),
        turn.actor.id,
      );
      if (result.created) return board(result.session);
      return result.session.status === 'active'
        ? board(result.session, { notice: m('sup-exists'), noticeStyle: 'attention' })
        : closedExists(result.session, turn.actor.id, label);
    } catch (err) {
      if (err instanceof SupervisionError) return startCard(explain(err), label.slice(0, 200));
      throw err;
    }
  };

  router.command(
    'supervision',
    [
      'supervise',
      'supervision',
      'start supervision',
      'supervision session',
      'reflective supervision session',
      'new supervision',
    ],
    async (turn, args): Promise<Reply[]> => {
      const current = await sessions.current(turn.conversation.id, turn.now);
      if (current?.status === 'active')
        return [card(board(current, { notice: m('sup-exists'), noticeStyle: 'attention' }))];
      if (current) return [card(closedExists(current, turn.actor.id, args))];
      return [card(args ? await start(turn, args) : startCard())];
    },
    { takesArgs: true, letQuestionsThrough: true },
  );

  /**
   * A closed conversation is still held here: read it, or (only the supervisor, who may delete it)
   * delete it and start again. A new conversation never silently destroys the old one.
   */
  const closedExists = (s: SupervisionSession, viewerId: string, label = ''): AdaptiveCard => {
    const canReplace = viewerId === s.supervisor.id;
    const vars = { label: s.label, supervisor: s.supervisor.name };
    return renderCard(NOTICE, {
      title: m('sup-closed-exists-title'),
      text: `${m('sup-closed-exists', vars)} ${m(canReplace ? 'sup-replace-warning' : 'sup-replace-only-supervisor', vars)}`,
      style: 'default',
      footnote: '',
      buttons: [
        {
          title: m('map-see-summary'),
          verb: 'supervision.resume',
          data: { verb: 'supervision.resume', sid: s.id },
          style: 'positive',
        },
        ...(canReplace
          ? [
              {
                title: m('map-close-and-start'),
                verb: 'supervision.replace',
                data: { verb: 'supervision.replace', sid: s.id, label: label.slice(0, 200) },
                style: 'destructive' as const,
              },
            ]
          : []),
      ],
    });
  };

  const deleteConfirm = (s: SupervisionSession): AdaptiveCard =>
    renderCard(NOTICE, {
      title: m('sup-delete-title'),
      text: m('sup-delete', { label: s.label }),
      style: 'warning',
      footnote: '',
      buttons: [
        {
          title: m('map-delete-confirm'),
          verb: 'supervision.deleteConfirmed',
          data: { verb: 'supervision.deleteConfirmed', sid: s.id },
          style: 'destructive',
        },
        {
          title: m('map-delete-cancel'),
          verb: 'supervision.deleteCancel',
          data: { verb: 'supervision.deleteCancel', sid: s.id },
          style: 'default',
        },
      ],
    });

  router.action('supervision', 'supervision', async (turn): Promise<ActionOutcome> => {
    const verb = turn.verb as Verb;
    const schema = schemas[verb];
    const parsed = schema?.safeParse(turn.data);
    if (!schema || !parsed?.success) {
      const current = await sessions.current(turn.conversation.id, turn.now);
      return current
        ? { card: board(current, { notice: m('map-invalid'), noticeStyle: 'attention' }) }
        : { replies: [text(m('map-invalid'))] };
    }
    const data = parsed.data as Record<string, string | number | undefined>;
    const id = String(data.sid ?? '');
    // Every guarded text field of every verb, checked once before anything is stored.
    const warning = payloadWarning(content, schema, data, { allowOverride: false });
    if (warning && verb === 'supervision.start') return { card: startCard(warning, String(data.label).slice(0, 200)) };
    if (warning)
      return refuseIdentifying(turn, warning, {
        draftNote: String(data.note ?? '').slice(0, 3000),
        draftWhat: String(data.what ?? '').slice(0, 600),
        draftOwner: String(data.owner ?? '').slice(0, 160),
        draftByWhen: String(data.byWhen ?? ''),
      });
    switch (verb) {
      case 'supervision.start':
        return { card: await start(turn, String(data.label ?? '')), shared: isGroup(turn) };
      case 'supervision.addNote': {
        const note = String(data.note ?? '');
        return change(
          turn,
          id,
          { type: 'addNote', stage: data.stage as Stage, text: note },
          { draftNote: note.slice(0, 3000) },
          m('sup-note-added'),
        );
      }
      case 'supervision.removeNote':
        return change(turn, id, { type: 'removeNote', noteId: String(data.noteId) }, {}, m('sup-removed'));
      case 'supervision.addAction': {
        const view = {
          draftWhat: String(data.what ?? '').slice(0, 600),
          draftOwner: String(data.owner ?? '').slice(0, 160),
          draftByWhen: String(data.byWhen ?? ''),
        };
        return change(
          turn,
          id,
          {
            type: 'addAction',
            what: String(data.what ?? ''),
            owner: String(data.owner ?? ''),
            byWhen: String(data.byWhen ?? ''),
          },
          view,
          m('sup-action-added'),
        );
      }
      case 'supervision.removeAction':
        return change(turn, id, { type: 'removeAction', actionId: String(data.actionId) }, {}, m('sup-removed'));
      case 'supervision.next':
      case 'supervision.back':
      case 'supervision.close':
        return change(
          turn,
          id,
          { type: verb.slice('supervision.'.length) as 'next' | 'back' | 'close', revision: Number(data.rev) },
          {},
        );
      case 'supervision.goto':
        return change(turn, id, { type: 'goto', to: data.to as Stage | 'summary', revision: Number(data.rev) }, {});
      case 'supervision.reopen':
        return change(turn, id, { type: 'reopen' }, {});
      default:
        break;
    }
    const current = await sessions.current(turn.conversation.id, turn.now);
    if (verb === 'supervision.resume' && current && !id) {
      await sessions.noteRead(current, turn.actor.id, turn.now);
      return { card: board(current) };
    }
    if (!current || current.id !== id) return refusal(turn, new SessionNotFound(), {});
    const supervisorOnly = () =>
      refusal(turn, new SupervisionError('NotAllowed', { supervisor: current.supervisor.name }), {});
    switch (verb) {
      case 'supervision.copy':
        await sessions.noteRead(current, turn.actor.id, turn.now);
        return {
          replies: [
            text(m('sup-copy-intro')),
            ...splitParts(supervisionText(current, stageTitles, turn.now), 12_000).map((t) => text(t)),
          ],
        };
      case 'supervision.resume':
        await sessions.noteRead(current, turn.actor.id, turn.now);
        return { card: board(current) };
      case 'supervision.delete':
        return turn.actor.id === current.supervisor.id ? { card: deleteConfirm(current) } : supervisorOnly();
      case 'supervision.deleteCancel':
        return { card: board(current, { notice: m('map-delete-kept') }) };
      case 'supervision.replace': {
        if (turn.actor.id !== current.supervisor.id) return supervisorOnly();
        const label = String(data.label ?? '');
        await sessions.delete(turn.conversation.id, current.id, turn.actor.id, turn.now);
        return { card: label ? await start(turn, label) : startCard(), shared: isGroup(turn) };
      }
      case 'supervision.deleteConfirmed':
        if (turn.actor.id !== current.supervisor.id) return supervisorOnly();
        await sessions.delete(turn.conversation.id, current.id, turn.actor.id, turn.now);
        return {
          replies: [text(m('sup-deleted', { label: current.label }))],
          card: startCard(m('sup-deleted', { label: current.label })),
        };
      default:
        return { replies: [text(m('map-invalid'))] };
    }
  });

  const provider: SessionProvider = {
    kind: 'supervision',
    noun: m('sup-noun'),
    keywords: ['supervision', 'supervise', 'sup'],
    current: async (turn) => sessions.current(turn.conversation.id, turn.now),
    resume: async (turn) => {
      const s = await sessions.current(turn.conversation.id, turn.now);
      if (!s) return [];
      await sessions.noteRead(s, turn.actor.id, turn.now);
      return [card(board(s))];
    },
    summary: async (turn) => {
      const s = await sessions.current(turn.conversation.id, turn.now);
      if (!s) return [];
      await sessions.noteRead(s, turn.actor.id, turn.now);
      return [card(board({ ...s, step: { kind: 'summary' } }))];
    },
    status: async (turn) => {
      const s = await sessions.current(turn.conversation.id, turn.now);
      if (!s) return [];
      await sessions.noteRead(s, turn.actor.id, turn.now);
      const stage = s.step.kind === 'stage' ? stageTitles[s.step.stage] : 'the summary';
      return [
        text(
          m('sup-status', {
            label: s.label,
            supervisor: s.supervisor.name,
            state: s.status === 'active' ? 'in progress' : 'closed',
            stage,
            notes: s.notes.length,
            actions: s.actions.length,
            expires: ukDate(s.updatedAt + config.retentionDays * DAY_MS),
          }),
        ),
      ];
    },
    close: async (turn) => {
      const s = await sessions.current(turn.conversation.id, turn.now);
      if (!s) return [];
      try {
        const { session } = await sessions.update(
          turn.conversation.id,
          s.id,
          turn.now,
          (x) =>
            applySupervision(x, { type: 'close' }, { actor: turn.actor, now: turn.now, commandId: turn.activityId }),
          turn.actor.id,
        );
        return [
          card(board(session, { notice: m('map-closed-notice', { days: config.retentionDays }), noticeStyle: 'good' })),
        ];
      } catch (err) {
        if (err instanceof SupervisionError) return [text(explain(err))];
        throw err;
      }
    },
    remove: async (turn) => {
      const s = await sessions.current(turn.conversation.id, turn.now);
      if (!s) return [];
      if (turn.actor.id !== s.supervisor.id) return [text(m('sup-not-allowed', { supervisor: s.supervisor.name }))];
      return [card(deleteConfirm(s))];
    },
    forget: async (turn) =>
      sessions.forget(turn.conversation.id, turn.actor.id, turn.now, (s) =>
        turn.conversation.kind === 'personal' ? undefined : forgetSupervisionPerson(s, turn.actor.id, turn.now),
      ),
  };

  return { provider, sessions };
}
