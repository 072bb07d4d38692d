import { z } from 'zod';
import { DAY_MS, ukDate, ukDateTime } from '../../bot/dates';
import type { BotRouter } from '../../bot/router';
import {
  type ActionOutcome,
  type ActionTurn,
  card,
  type MessageTurn,
  type Reply,
  type TurnInfo,
  text,
} from '../../bot/turn';
import type { AdaptiveCard, NoticeCardData } from '../../cards';
import { say } from '../../content/pack';
import type { Deps } from '../../deps';
import { auditFor } from '../../privacy/audit';
import { identifierWarning } from '../../privacy/guard';
import { guardedText, payloadWarning } from '../../privacy/guarded';
import { normaliseText } from '../../privacy/normalise';
import { isBusy } from '../../storage/store';
import type { Capabilities } from '../capabilities';
import type { SessionProvider } from '../sessions';
import { MappingCards, type View } from './cards';
import { choosePrompts } from './inquiry';
import {
  apply,
  type Command,
  type CommandContext,
  DEFAULT_LIMITS,
  forgetPerson,
  MappingError,
  type MappingSession,
  QUESTIONS,
  type QuestionId,
  SUBHEADINGS,
  type SubheadingId,
  splitItems,
  startSession,
} from './model';
import { MappingSessions, SessionNotFound } from './sessions';
import { summaryText } from './summary';

const sid = z.string().min(1).max(40);
const rev = z.coerce.number().int().min(0).max(1_000_000_000);
/** Free text from a card input: normalised and guarded; the model applies the real limits with a kind message. */
const typed = guardedText();

/** Every card action's payload, parsed before it reaches the model. */
const actionSchemas = {
  'mapping.start': z.object({ label: typed }),
  'mapping.add': z.object({
    sid,
    rev: rev.optional(),
    question: z.enum(['worries', 'working', 'needs']),
    subheading: z.string().max(40),
    items: typed,
    override: z.boolean().optional(),
  }),
  'mapping.edit': z.object({ sid, itemId: z.string().max(20).optional().default(''), editText: typed }),
  'mapping.remove': z.object({ sid, itemId: z.string().max(20).optional().default('') }),
  'mapping.next': z.object({ sid, rev }),
  'mapping.back': z.object({ sid, rev }),
  'mapping.reveal': z.object({ sid, rev }),
  'mapping.rescale': z.object({ sid, rev }),
  'mapping.close': z.object({ sid, rev }),
  'mapping.goto': z.object({ sid, rev, to: z.enum(['worries', 'working', 'needs', 'scaling', 'summary']) }),
  'mapping.score': z.object({ sid, score: z.union([z.string(), z.number()]).optional(), reason: typed }),
  'mapping.higher': z.object({ sid, higher: typed }),
  'mapping.summary': z.object({ sid, page: z.coerce.number().int().min(0).max(1000).optional() }),
  'mapping.copy': z.object({ sid }),
  'mapping.resume': z.object({ sid: sid.optional() }),
  'mapping.reopen': z.object({ sid }),
  'mapping.delete': z.object({ sid }),
  'mapping.deleteConfirmed': z.object({ sid }),
  'mapping.deleteCancel': z.object({ sid }),
  'mapping.replace': z.object({ sid, label: typed }),
} as const;
type Verb = keyof typeof actionSchemas;

/**
 * Mapping conversations: `map`, the four questions, checkpoints, private group scaling, the summary,
 * and `resume` / `status` / `close` / `delete`. Handlers only translate; the rules live in model.ts.
 */
export function register(
  router: BotRouter,
  deps: Deps,
  caps: Capabilities,
): { sessions: MappingSessions; provider: SessionProvider } {
  const { content, config } = deps;
  const sessions = new MappingSessions(deps.store, config.retentionDays, auditFor(deps.audit, 'mapping'));
  const cards = new MappingCards(content, config.retentionDays, caps.has('builder'));
  const bank = content.prompts.prompts;
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);

  const isGroup = (turn: TurnInfo) => turn.conversation.kind !== 'personal';
  const context = (turn: TurnInfo): CommandContext => ({
    actor: { id: turn.actor.id, name: turn.actor.name },
    now: turn.now,
    commandId: turn.activityId,
    limits: DEFAULT_LIMITS,
    checkpoint: (s, after) => choosePrompts(bank, s, after, 2, s.revision),
    scalingPrompts: (s) => choosePrompts(bank, s, 'scaling', 2, s.revision),
  });
  const subheadingTitle = (id: string) =>
    content.mapping.questions.flatMap((q) => q.subheadings).find((s) => s.id === id)?.title ?? id;

  const notice = (data: Partial<NoticeCardData> & Pick<NoticeCardData, 'title' | 'text'>): AdaptiveCard =>
    cards.notice({ style: 'default', footnote: '', buttons: [], ...data });

  /**
   * The chat already holds a map (in progress or closed): carry on with it or read it, and, only for
   * the facilitator (who may delete it), start again, which deletes it for everyone.
   */
  const existsCard = (session: MappingSession, viewerId: string, label = '') => {
    const active = session.status === 'active';
    const canReplace = viewerId === session.facilitator.id;
    const vars = {
      label: session.label,
      facilitator: session.facilitator.name,
      step: cards.stepName(session),
      expires: ukDate(session.updatedAt + config.retentionDays * DAY_MS),
    };
    return notice({
      title: m(active ? 'map-exists-title' : 'map-closed-exists-title'),
      text: `${m(active ? 'map-exists' : 'map-closed-exists', vars)} ${m(canReplace ? 'map-replace-warning' : 'map-replace-only-facilitator', vars)}`,
      buttons: [
        active
          ? {
              title: m('map-resume'),
              verb: 'mapping.resume',
              data: { verb: 'mapping.resume', sid: session.id },
              style: 'positive',
            }
          : {
              title: m('map-see-summary'),
              verb: 'mapping.summary',
              data: { verb: 'mapping.summary', sid: session.id },
              style: 'positive',
            },
        ...(canReplace
          ? [
              {
                title: m('map-close-and-start'),
                verb: 'mapping.replace',
                data: { verb: 'mapping.replace', sid: session.id, label: label.slice(0, 200) },
                style: 'destructive' as const,
              },
            ]
          : []),
      ],
    });
  };

  /** Turns a refusal into the current card with a kind notice, keeping what the person typed. */
  const refusal = async (turn: TurnInfo, err: unknown, view: View): Promise<ActionOutcome> => {
    if (err instanceof SessionNotFound) {
      const current = await sessions.current(turn.conversation.id, turn.now);
      if (current)
        return {
          card: cards.board(current, turn.actor.id, { notice: m('map-stale-session'), noticeStyle: 'warning' }),
          notice: m('map-stale-session'),
        };
      return {
        card: notice({
          title: m('map-deleted-title'),
          text: m('map-stale-session-none'),
          style: 'warning',
          buttons: [
            {
              title: 'Start a new map',
              verb: 'help.run',
              data: { verb: 'help.run', command: 'map' },
              style: 'positive',
            },
          ],
        }),
      };
    }
    const current = await sessions.current(turn.conversation.id, turn.now);
    const message = isBusy(err) ? m('map-busy') : err instanceof MappingError ? explain(err) : undefined;
    if (message === undefined) throw err;
    if (!current) return { replies: [text(message)] };
    return {
      card: cards.board(current, turn.actor.id, { ...view, notice: message, noticeStyle: 'attention' }),
      notice: message,
    };
  };

  const explain = (err: MappingError): string => {
    const d = err.detail;
    switch (err.code) {
      case 'StaleCard':
        return m('map-stale');
      case 'SessionClosed':
        return m('map-closed');
      case 'NotAllowed':
        return d.author !== undefined
          ? m('map-not-allowed-item', { facilitator: String(d.facilitator) })
          : m('map-not-allowed', { facilitator: String(d.facilitator) });
      case 'TooLong':
        return d.field === 'label'
          ? m('map-label-too-long', { max: d.max ?? 0 })
          : m('map-too-long', {
              field: d.field === 'item' ? 'item' : 'answer',
              length: d.length ?? 0,
              max: d.max ?? 0,
            });
      case 'TooManyItems':
        return d.left !== undefined ? m('map-full', { left: d.left }) : m('map-too-many-at-once', { max: d.max ?? 0 });
      case 'OutOfRange':
        return m('map-out-of-range');
      case 'ItemNotFound':
        return m('map-item-not-found');
      case 'Empty':
        return d.field === 'label' ? m('map-empty-label') : m('map-empty');
      case 'WrongStep':
        return d.why === 'revealed'
          ? m('map-already-revealed')
          : d.why === 'no-scores'
            ? m('map-no-scores')
            : m('map-not-scored');
      case 'InvalidSubmission':
        return m('map-invalid');
    }
  };

  /** Applies one command and answers with the new board (shown to the whole group), or a refusal. */
  const change = async (
    turn: ActionTurn,
    sessionId: string,
    command: Command,
    view: View,
    success: (s: MappingSession) => View = () => ({}),
  ): Promise<ActionOutcome> => {
    try {
      const { session } = await sessions.update(
        turn.conversation.id,
        sessionId,
        turn.now,
        (s) => apply(s, command, context(turn)),
        turn.actor.id,
      );
      return { card: cards.board(session, turn.actor.id, success(session)), shared: isGroup(turn) };
    } catch (err) {
      return refusal(turn, err, view);
    }
  };

  /** Refuses text that looks identifying, showing the current card with the text kept. */
  const refuseIdentifying = async (turn: TurnInfo, warning: string, view: View): Promise<ActionOutcome> => {
    const current = await sessions.current(turn.conversation.id, turn.now);
    return current
      ? {
          card: cards.board(current, turn.actor.id, {
            ...view,
            notice: warning,
            noticeStyle: 'attention',
            allowOverride: config.allowStoreAnyway,
          }),
          notice: warning,
        }
      : { replies: [text(warning)] };
  };

  /** A fresh map for this chat, with the person starting it as facilitator (throws MappingError on a bad label). */
  const newMap = (turn: TurnInfo, label: string): MappingSession =>
    startSession({
      id: sessions.newId(),
      label,
      setting: isGroup(turn) ? 'group' : 'personal',
      facilitator: { id: turn.actor.id, name: turn.actor.name },
      now: turn.now,
      commandId: turn.activityId,
    });

  const startWith = async (turn: TurnInfo, typedLabel: string): Promise<{ card: AdaptiveCard; created: boolean }> => {
    const label = normaliseText(typedLabel);
    const warning = identifierWarning(content, [label], { allowOverride: false });
    if (warning)
      return { card: cards.start(isGroup(turn), { notice: warning, draft: label.slice(0, 200) }), created: false };
    try {
      const result = await sessions.start(turn.conversation.id, turn.now, () => newMap(turn, label), turn.actor.id);
      return result.created
        ? { card: cards.board(result.session, turn.actor.id), created: true }
        : { card: existsCard(result.session, turn.actor.id, label), created: false };
    } catch (err) {
      if (err instanceof MappingError) {
        return {
          card: cards.start(isGroup(turn), { notice: explain(err), draft: label.slice(0, 200) }),
          created: false,
        };
      }
      throw err;
    }
  };

  // ----- typed commands -----

  router.command(
    'mapping',
    ['map', 'mapping', 'start map', 'start a map', 'start mapping', 'new map', 'mapping conversation'],
    async (turn: MessageTurn, args: string): Promise<Reply[]> => {
      const current = await sessions.current(turn.conversation.id, turn.now);
      if (current) return [card(existsCard(current, turn.actor.id, args))];
      if (!args) return [card(cards.start(isGroup(turn)))];
      return [card((await startWith(turn, args)).card)];
    },
    { takesArgs: true, letQuestionsThrough: true },
  );

  const current = (turn: TurnInfo) => sessions.current(turn.conversation.id, turn.now);

  const deleteConfirmCard = (session: MappingSession) =>
    notice({
      title: m('map-delete-title'),
      text: m('map-delete', { label: session.label }),
      style: 'warning',
      buttons: [
        {
          title: m('map-delete-confirm'),
          verb: 'mapping.deleteConfirmed',
          data: { verb: 'mapping.deleteConfirmed', sid: session.id },
          style: 'destructive',
        },
        {
          title: m('map-delete-cancel'),
          verb: 'mapping.deleteCancel',
          data: { verb: 'mapping.deleteCancel', sid: session.id },
          style: 'default',
        },
      ],
    });

  /** How `resume`, `summary`, `status`, `close` and `delete` act on a map. */
  const provider: SessionProvider = {
    kind: 'mapping',
    noun: 'map',
    keywords: ['map', 'mapping'],
    current,
    resume: async (turn) => {
      const session = await current(turn);
      if (!session) return [];
      await sessions.noteRead(session, turn.actor.id, turn.now);
      return [card(cards.board(session, turn.actor.id))];
    },
    summary: async (turn) => {
      const session = await current(turn);
      if (!session) return [];
      await sessions.noteRead(session, turn.actor.id, turn.now);
      return [card(cards.summary(session, turn.actor.id, {}))];
    },
    status: async (turn) => {
      const session = await current(turn);
      if (!session) return [];
      await sessions.noteRead(session, turn.actor.id, turn.now);
      return [
        text(
          m('map-status', {
            label: session.label,
            facilitator: session.facilitator.name,
            state: session.status === 'active' ? 'in progress' : 'closed',
            step: cards.stepName(session),
            items: session.items.length,
            scores: session.scores.length,
            revealed: session.revealed ? 'revealed' : 'not revealed',
            people: session.participants.length,
            lastChange: ukDateTime(session.updatedAt),
            expires: ukDate(session.updatedAt + config.retentionDays * DAY_MS),
          }),
        ),
      ];
    },
    close: async (turn) => {
      const session = await current(turn);
      if (!session) return [];
      try {
        const { session: closed } = await sessions.update(
          turn.conversation.id,
          session.id,
          turn.now,
          (s) => apply(s, { type: 'close' }, context(turn)),
          turn.actor.id,
        );
        return [
          card(
            cards.summary(closed, turn.actor.id, {
              notice: m('map-closed-notice', { days: config.retentionDays }),
              noticeStyle: 'good',
            }),
          ),
        ];
      } catch (err) {
        if (err instanceof MappingError) return [text(explain(err))];
        throw err;
      }
    },
    remove: async (turn) => {
      const session = await current(turn);
      if (!session) return [];
      if (turn.actor.id !== session.facilitator.id)
        return [text(m('map-not-allowed', { facilitator: session.facilitator.name }))];
      return [card(deleteConfirmCard(session))];
    },
    forget: async (turn) =>
      sessions.forget(turn.conversation.id, turn.actor.id, turn.now, (s) =>
        turn.conversation.kind === 'personal' ? undefined : forgetPerson(s, turn.actor.id, turn.now),
      ),
  };

  // ----- card actions -----

  router.action('mapping', 'mapping', async (turn: ActionTurn): Promise<ActionOutcome> => {
    const verb = turn.verb as Verb;
    const schema = actionSchemas[verb];
    if (!schema) return { replies: [text(m('map-invalid'))] };
    const parsed = schema.safeParse(turn.data);
    if (!parsed.success) {
      const current = await sessions.current(turn.conversation.id, turn.now);
      return current
        ? { card: cards.board(current, turn.actor.id, { notice: m('map-invalid'), noticeStyle: 'attention' }) }
        : { replies: [text(m('map-invalid'))] };
    }
    const data = parsed.data as Record<string, unknown> & { sid?: string; rev?: number };
    const id = data.sid ?? '';
    // Every guarded text field of every verb, checked once before anything is stored.
    const start = verb === 'mapping.start';
    const warning = payloadWarning(content, schema, data, {
      override: data.override === true,
      allowOverride: config.allowStoreAnyway && !start,
    });
    if (warning && start)
      return { card: cards.start(isGroup(turn), { notice: warning, draft: String(data.label).slice(0, 200) }) };
    if (warning) return refuseIdentifying(turn, warning, refusedView(verb, data));

    switch (verb) {
      case 'mapping.start': {
        const label = String(data.label ?? '');
        const result = await startWith(turn, label);
        return { card: result.card, shared: result.created && isGroup(turn) };
      }
      case 'mapping.add': {
        const question = data.question as QuestionId;
        const subheading = String(data.subheading) as SubheadingId;
        const raw = String(data.items ?? '');
        const view: View = { draft: raw.slice(0, 6000), draftSubheading: subheading };
        if (!(SUBHEADINGS[question] as readonly string[]).includes(subheading)) {
          return refusal(turn, new MappingError('InvalidSubmission'), view);
        }
        const texts = splitItems(raw);
        return change(turn, id, { type: 'addItems', question, subheading, texts }, view, () => ({
          notice: m('map-added', {
            name: turn.actor.name,
            count: itemsWord(texts.length),
            subheading: subheadingTitle(subheading),
          }),
          noticeStyle: 'good',
          draftSubheading: subheading,
        }));
      }
      case 'mapping.edit': {
        const itemId = String(data.itemId ?? '');
        return change(turn, id, { type: 'editItem', itemId, text: String(data.editText ?? '') }, {}, () => ({
          notice: m('map-edited', { name: turn.actor.name, no: itemId.slice(1) }),
          noticeStyle: 'good',
        }));
      }
      case 'mapping.remove': {
        const itemId = String(data.itemId ?? '');
        return change(turn, id, { type: 'removeItem', itemId }, {}, () => ({
          notice: m('map-removed', { name: turn.actor.name, no: itemId.slice(1) }),
          noticeStyle: 'good',
        }));
      }
      case 'mapping.next':
      case 'mapping.back':
      case 'mapping.reveal':
      case 'mapping.rescale':
      case 'mapping.close': {
        const type = verb.slice('mapping.'.length) as 'next' | 'back' | 'reveal' | 'rescale' | 'close';
        return change(turn, id, { type, revision: Number(data.rev) } as Command, {});
      }
      case 'mapping.goto': {
        const outcome = await change(
          turn,
          id,
          { type: 'goto', to: data.to as QuestionId | 'scaling' | 'summary', revision: Number(data.rev) },
          {},
        );
        // Jumping to the summary shows the whole map: a read, audited like the summary button.
        if (data.to === 'summary' && !outcome.notice) await sessions.noteRead({ id }, turn.actor.id, turn.now);
        return outcome;
      }
      case 'mapping.score': {
        const reason = String(data.reason ?? '');
        const raw = String(data.score ?? '').trim();
        const score = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
        return change(turn, id, { type: 'score', score, reason }, { draftReason: reason.slice(0, 2000) }, () => ({
          notice: isGroup(turn) ? m('map-scored', { name: turn.actor.name }) : '',
          noticeStyle: 'good',
        }));
      }
      case 'mapping.higher': {
        const higher = String(data.higher ?? '');
        return change(turn, id, { type: 'higher', text: higher }, { draftHigher: higher.slice(0, 2000) }, () => ({
          notice: m('map-higher-added'),
          noticeStyle: 'good',
        }));
      }
      case 'mapping.reopen':
        return change(turn, id, { type: 'reopen' }, {});
      case 'mapping.summary':
      case 'mapping.copy':
      case 'mapping.resume':
      case 'mapping.delete':
      case 'mapping.deleteCancel':
      case 'mapping.deleteConfirmed':
      case 'mapping.replace':
        return readOnlyAction(turn, verb, id, data);
    }
  });

  /** Actions that show, copy or remove a map rather than change its content. */
  const readOnlyAction = async (
    turn: ActionTurn,
    verb: Verb,
    id: string,
    data: Record<string, unknown>,
  ): Promise<ActionOutcome> => {
    const session = await sessions.current(turn.conversation.id, turn.now);
    if (verb === 'mapping.resume' && session && !id) {
      await sessions.noteRead(session, turn.actor.id, turn.now);
      return { card: cards.board(session, turn.actor.id) };
    }
    if (!session || session.id !== id) return refusal(turn, new SessionNotFound(), {});
    switch (verb) {
      case 'mapping.summary':
        await sessions.noteRead(session, turn.actor.id, turn.now);
        return { card: cards.summary(session, turn.actor.id, { page: Number(data.page ?? 0) }) };
      case 'mapping.copy':
        await sessions.noteRead(session, turn.actor.id, turn.now);
        return {
          replies: [text(m('map-copy-intro')), ...summaryText(session, content.mapping, turn.now).map((t) => text(t))],
        };
      case 'mapping.resume':
        await sessions.noteRead(session, turn.actor.id, turn.now);
        return { card: cards.board(session, turn.actor.id) };
      case 'mapping.delete':
        if (turn.actor.id !== session.facilitator.id)
          return refusal(turn, new MappingError('NotAllowed', { facilitator: session.facilitator.name }), {});
        return { card: deleteConfirmCard(session) };
      case 'mapping.deleteCancel':
        return { card: cards.board(session, turn.actor.id, { notice: m('map-delete-kept') }) };
      case 'mapping.deleteConfirmed': {
        if (turn.actor.id !== session.facilitator.id)
          return refusal(turn, new MappingError('NotAllowed', { facilitator: session.facilitator.name }), {});
        await sessions.delete(turn.conversation.id, session.id, turn.actor.id, turn.now);
        return {
          card: notice({
            title: m('map-deleted-title'),
            text: m('map-deleted', { label: session.label }),
            style: 'good',
          }),
          shared: isGroup(turn),
        };
      }
      case 'mapping.replace': {
        // Replacing deletes the old map for everyone: only the facilitator may.
        if (turn.actor.id !== session.facilitator.id)
          return refusal(turn, new MappingError('NotAllowed', { facilitator: session.facilitator.name }), {});
        const label = String(data.label ?? '');
        if (!label) {
          await sessions.delete(turn.conversation.id, session.id, turn.actor.id, turn.now);
          return { card: cards.start(isGroup(turn)) };
        }
        // The label is guardedText: payloadWarning has already checked it.
        try {
          const fresh = await sessions.replace(
            turn.conversation.id,
            session.id,
            turn.now,
            () => newMap(turn, label),
            turn.actor.id,
          );
          return { card: cards.board(fresh, turn.actor.id), shared: isGroup(turn) };
        } catch (err) {
          if (err instanceof MappingError) {
            const message = explain(err);
            return { card: cards.start(isGroup(turn), { notice: message, draft: label }), notice: message };
          }
          return refusal(turn, err, {});
        }
      }
      default:
        return { replies: [text(m('map-invalid'))] };
    }
  };

  return { sessions, provider };
}

/** What the card keeps in its boxes when a verb's text is refused as identifying. */
function refusedView(verb: Verb, data: Record<string, unknown>): View {
  const typedIn = (field: string, max: number) => String(data[field] ?? '').slice(0, max);
  switch (verb) {
    case 'mapping.add':
      return { draft: typedIn('items', 6000), draftSubheading: String(data.subheading) as SubheadingId };
    case 'mapping.score':
      return { draftReason: typedIn('reason', 2000) };
    case 'mapping.higher':
      return { draftHigher: typedIn('higher', 2000) };
    default:
      return {};
  }
}

function itemsWord(n: number): string {
  return n === 1 ? '1 item' : `${n} items`;
}

export { QUESTIONS };
