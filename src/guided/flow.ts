/**
 * The guided-session kit: everything a map, a supervision conversation or a review does the same
 * way, written once. A flow gives its model (create, apply, forget), its cards and its own card
 * actions, each declared with its zod schema; the kit mounts the typed command, the shared verbs
 * (start, resume, summary, copy, steering, close, reopen, delete with confirmation, replace), the
 * refusals (stale cards, busy storage, identifying text, a session that has gone) and the provider
 * the shared `resume` / `status` / `close` / `delete` commands use.
 */
import { z } from 'zod';
import { ukDate } from '../bot/dates';
import type { BotRouter } from '../bot/router';
import { type ActionOutcome, type ActionTurn, card, cardNow, type Reply, type TurnInfo, text } from '../bot/turn';
import type { AdaptiveCard, NoticeCardData, NoticeStyle } from '../cards';
import { NOTICE, renderCard, withActionFirst, withRefresh } from '../cards';
import { say } from '../content/pack';
import type { Deps } from '../deps';
import { auditFor } from '../privacy/audit';
import { identifierWarning } from '../privacy/guard';
import { guardedText, payloadWarning } from '../privacy/guarded';
import { normaliseText } from '../privacy/normalise';
import { expiresAt } from '../state/lifecycle';
import { isBusy } from '../storage/store';
import type { SessionProvider } from './commands';
import { type Applied, GuidedError, type GuidedRecord, type Person } from './kernel';
import { GuidedRepository, SessionNotFound } from './repository';

export type { NoticeStyle };

/** Which page a shared card's refresh shows each person: their own board (the default) or the summary. */
type RefreshPage = { show?: 'summary' };

/** What every flow's cards take besides the session: a notice, and the summary page to show. */
export interface GuidedView {
  notice?: string;
  noticeStyle?: NoticeStyle;
  page?: number;
  /** Offer "add anyway" after an identifier warning (only where the trust allows it). */
  allowOverride?: boolean;
}

export const sessionId = z.string().min(1).max(40);
export const revision = z.coerce.number().int().min(0).max(1_000_000_000);
/** Free text from a card input: normalised and guarded; the model applies the real limits with a kind message. */
export const typed = guardedText();

const steerSchema = z.object({ sid: sessionId, rev: revision });

/** One card action of a flow: its payload schema, and a handler that receives the parsed payload, typed. */
export interface FlowAction<T extends GuidedRecord, C, V extends GuidedView, S extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: S;
  run(kit: FlowKit<T, C, V>, turn: ActionTurn, data: z.infer<S>): Promise<ActionOutcome>;
  /** What the card keeps in its boxes when the action's text is refused as identifying. */
  kept?(data: z.infer<S>): V;
  /** The person pressed "add anyway" after a warning. */
  override?(data: z.infer<S>): boolean;
}

/** Declares a flow's actions with their types inferred from each schema: `const act = actions<T, C, V>()`. */
export function actions<T extends GuidedRecord, C, V extends GuidedView>() {
  return <S extends z.ZodTypeAny>(
    schema: S,
    run: FlowAction<T, C, V, S>['run'],
    more: Pick<FlowAction<T, C, V, S>, 'kept' | 'override'> = {},
  ): FlowAction<T, C, V, S> => ({ schema, run, ...more });
}

/** What a flow is: its words, its model and its cards. Everything else is the kit's. */
export interface FlowSpec<T extends GuidedRecord, C, V extends GuidedView> {
  /** Card-action namespace and audit kind ("mapping", "supervision"). */
  kind: string;
  /** Message-key prefix ("map", "sup"): the kit says `<words>-<what>`, else `guided-<what>`. */
  words: string;
  /** The typed command that starts one ("map"), and the phrases that reach it. */
  command: string;
  phrases: string[];
  /** Words that pick this kind in "resume map", "delete supervision". */
  keywords: string[];
  /** Store key prefix: one session per conversation under it. */
  prefix: string;
  /** The person who steers (facilitator, supervisor). */
  lead(s: T): Person;
  /** A new session (throws GuidedError on a bad label). */
  create(turn: TurnInfo, id: string, label: string): T;
  apply(s: T, command: C, turn: TurnInfo): Applied<T>;
  /** "Forget me": the session without the person, or undefined to delete it. */
  forget(s: T, personId: string, now: number): T | undefined;
  /** Told when a session goes for any reason (its storage key), so what hangs off it (reminders) goes too. */
  onRemoved?(key: string, actorId: string): Promise<void>;
  /** The commands the shared verbs send: close, reopen, and each steering verb taking the card's revision. */
  commands: { close(rev?: number): C; reopen(): C; steer: Record<string, (rev: number) => C> };
  board(s: T, viewerId: string, view: V): AdaptiveCard;
  summary(s: T, viewerId: string, view: V): AdaptiveCard;
  start(isGroup: boolean, view: { notice?: string; draft?: string }): AdaptiveCard;
  /** Where the session is, in words ("What's working well?", "Reflection"). */
  stepName(s: T): string;
  /** Placeholders for `<words>-status`, besides label, lead, state, step and expires. */
  statusVars(s: T): Record<string, string | number>;
  /** The session as plain-text messages for "copy as text". */
  copy(s: T, now: number): string[];
  /** Whether identifier warnings may offer "add anyway" (mapping, where the trust allows it). */
  allowOverride: boolean;
  /** The flow's own card actions, by verb without the namespace. */
  actions: Record<string, FlowAction<T, C, V>>;
}

/** What a flow's own actions get from the kit. */
export interface FlowKit<T extends GuidedRecord, C, V extends GuidedView> {
  sessions: GuidedRepository<T>;
  say(what: string, vars?: Record<string, string | number>): string;
  isGroup(turn: TurnInfo): boolean;
  current(turn: TurnInfo): Promise<T | undefined>;
  /** Applies one command and answers with the new board (shared in a group), or a kind refusal keeping `view`. */
  change(turn: ActionTurn, sid: string, command: C, view: V, success?: (s: T) => V): Promise<ActionOutcome>;
  /** Turns a refusal into the current card with a kind notice, keeping what the person typed. */
  refusal(turn: TurnInfo, err: unknown, view: V): Promise<ActionOutcome>;
}

/** What a mounted flow gives the rest of the bot. */
export interface MountedFlow<T extends GuidedRecord> {
  sessions: GuidedRepository<T>;
  provider: SessionProvider;
}

/** Mounts a guided flow: its command, its card actions (shared and its own) and its session provider. */
export function mountFlow<T extends GuidedRecord, C, V extends GuidedView>(
  router: BotRouter,
  deps: Deps,
  flow: FlowSpec<T, C, V>,
): MountedFlow<T> {
  const { content, config } = deps;
  const sessions = new GuidedRepository<T>(
    deps.store,
    flow.prefix,
    config.retentionDays,
    auditFor(deps.audit, flow.kind),
    flow.onRemoved,
  );
  const w = flow.words;
  /** The flow's own wording for `what`, else the wording every flow shares. */
  const m = (what: string, vars: Record<string, string | number> = {}) =>
    say(content, content.messages[`${w}-${what}`] === undefined ? `guided-${what}` : `${w}-${what}`, vars);
  const field = (name: string | undefined) => content.messages[`field-${name}`] ?? name ?? '';
  const isGroup = (turn: TurnInfo) => turn.conversation.kind !== 'personal';
  const current = (turn: TurnInfo) => sessions.current(turn.conversation.id, turn.now);
  const view = (v: GuidedView): V => v as V;
  const verb = (name: string) => `${flow.kind}.${name}`;
  const button = (
    title: string,
    name: string,
    data: Record<string, unknown>,
    style: NoticeCardData['buttons'][number]['style'],
  ) => ({
    title,
    verb: verb(name),
    data: { verb: verb(name), ...data },
    style,
  });
  const notice = (data: Partial<NoticeCardData> & Pick<NoticeCardData, 'title' | 'text'>): AdaptiveCard =>
    renderCard(NOTICE, { style: 'default', footnote: '', buttons: [], ...data });
  const expires = (s: T) => ukDate(expiresAt(s, config.retentionDays));

  /** One kind message per refusal code. */
  const explain = (err: GuidedError, askedByLead = false): string => {
    const d = err.detail;
    const lead = { lead: d.lead ?? '' };
    switch (err.code) {
      case 'StaleCard':
        return m('stale');
      case 'SessionClosed':
        // The lead is told they can reopen it; others, that the lead can.
        return m(askedByLead ? 'closed-yours' : 'closed');
      case 'NotAllowed':
        return d.author !== undefined && content.messages[`${w}-not-allowed-item`] !== undefined
          ? m('not-allowed-item', lead)
          : m('not-allowed', lead);
      case 'TooLong':
        return d.field === 'label'
          ? m('label-too-long', { max: d.max ?? 0 })
          : m('too-long', { field: field(d.field), length: d.length ?? 0, max: d.max ?? 0 });
      case 'TooMany':
        return d.left !== undefined ? m('full', { left: d.left }) : m('too-many', { max: d.max ?? 0 });
      case 'OutOfRange':
        return m('out-of-range');
      case 'NotFound':
        return m('not-found');
      case 'Empty':
        return d.field === 'label' ? m('empty-label') : m('empty', { field: field(d.field) });
      case 'WrongStep':
        return m(`step-${d.why ?? 'wrong'}`);
      case 'InvalidSubmission':
        return m('invalid');
      case 'BadDate':
        return d.why !== undefined && content.messages[`${w}-bad-date-${d.why}`] !== undefined
          ? m(`bad-date-${d.why}`, { max: d.max ?? 0 })
          : m('bad-date');
    }
  };

  const refusal = async (turn: TurnInfo, err: unknown, kept: V): Promise<ActionOutcome> => {
    const now = await current(turn);
    if (err instanceof SessionNotFound) {
      if (now)
        return {
          card: flow.board(now, turn.actor.id, view({ notice: m('stale-session'), noticeStyle: 'warning' })),
          notice: m('stale-session'),
        };
      return {
        card: notice({
          title: m('deleted-title'),
          text: m('stale-session-none'),
          style: 'warning',
          buttons: [
            {
              title: m('start-new'),
              verb: 'help.run',
              data: { verb: 'help.run', command: flow.command },
              style: 'positive',
            },
          ],
        }),
        notice: m('stale-session-none'),
      };
    }
    const message = isBusy(err)
      ? m('busy')
      : err instanceof GuidedError
        ? explain(err, now !== undefined && flow.lead(now).id === turn.actor.id)
        : undefined;
    if (message === undefined) throw err;
    if (!now) return { replies: [text(message)] };
    return {
      card: flow.board(now, turn.actor.id, { ...kept, notice: message, noticeStyle: 'attention' }),
      notice: message,
    };
  };

  /**
   * In a group every board is user-specific: the message shows everyone the base view (no
   * controls anyone would be refused), and Teams asks for each participant's own view (`refresh`).
   */
  const refreshable = (turn: TurnInfo, s: T, card: AdaptiveCard, page: RefreshPage = {}): AdaptiveCard =>
    isGroup(turn)
      ? withRefresh(
          card,
          verb('refresh'),
          { sid: s.id, ...page },
          [flow.lead(s), ...s.participants].map((p) => p.id),
        )
      : card;
  /**
   * What everyone in the chat may see and use: no one's own controls, no one's typing. Where a
   * client does not refresh (older clients, the Agents Playground, anyone past the 60 that Teams
   * refreshes for), "My controls" asks for the presser's own view, so a lead can still steer.
   */
  const base = (turn: TurnInfo, s: T, card: AdaptiveCard, page: RefreshPage = {}): AdaptiveCard =>
    refreshable(
      turn,
      s,
      withActionFirst(withoutRefresh(card), m('my-controls'), verb('refresh'), { sid: s.id, ...page }),
      page,
    );
  /** "My controls" does what "Refresh" does (the presser's own, current view): the base board keeps one. */
  const withoutRefresh = (card: AdaptiveCard): AdaptiveCard =>
    Array.isArray(card.actions)
      ? { ...card, actions: card.actions.filter((a) => (a as { verb?: unknown }).verb !== verb('resume')) }
      : card;
  const everyoneView = (turn: TurnInfo, s: T, notice: GuidedView = {}): AdaptiveCard =>
    base(turn, s, flow.board(s, '', view({ notice: notice.notice, noticeStyle: notice.noticeStyle })));
  /** The board after a change: the clicker's own view, and in a group the shared message for everyone. */
  const shown = (turn: TurnInfo, s: T, v: V): ActionOutcome =>
    isGroup(turn)
      ? {
          card: refreshable(turn, s, flow.board(s, turn.actor.id, v)),
          // Rendered only if this edit of the shared message is the one sent (BoardEdits keeps the latest).
          everyone: () => everyoneView(turn, s, v),
          shared: true,
          board: boardKey(s),
        }
      : { card: flow.board(s, turn.actor.id, v) };
  /** The live board's name: one per chat and kind, older copies become a pointer to it. */
  const boardKey = (s: T) => `${flow.kind}:${s.id}`;
  /** A board posted as a new message: in a group everyone sees it, so it is the shared view, and the chat's live board. */
  const posted = (turn: TurnInfo, s: T, card: (viewer: string) => AdaptiveCard): Reply =>
    isGroup(turn)
      ? { type: 'card', card: base(turn, s, card('')), board: boardKey(s) }
      : { type: 'card', card: card(turn.actor.id) };

  const change = async (
    turn: ActionTurn,
    sid: string,
    command: C,
    kept: V,
    success: (s: T) => V = () => view({}),
  ): Promise<ActionOutcome> => {
    try {
      const { session } = await sessions.update(
        turn.conversation.id,
        sid,
        turn.now,
        (s) => flow.apply(s, command, turn),
        turn.actor.id,
      );
      return shown(turn, session, success(session));
    } catch (err) {
      return refusal(turn, err, kept);
    }
  };

  const kit: FlowKit<T, C, V> = { sessions, say: m, isGroup, current, change, refusal };

  /**
   * The chat already holds one (in progress or closed): carry on with it or read it, and, only for
   * its lead (who may delete it), start again, which deletes it for everyone.
   */
  const existsCard = (s: T, viewerId: string, label = ''): AdaptiveCard => {
    const active = s.status === 'active';
    const canReplace = viewerId === flow.lead(s).id;
    const vars = { label: s.label, lead: flow.lead(s).name, step: flow.stepName(s), expires: expires(s) };
    return notice({
      title: m(active ? 'exists-title' : 'closed-exists-title'),
      text: `${m(active ? 'exists' : 'closed-exists', vars)} ${m(canReplace ? 'replace-warning' : 'replace-only-lead', vars)}`,
      buttons: [
        active
          ? button(m('resume'), 'resume', { sid: s.id }, 'positive')
          : button(m('see-summary'), 'summary', { sid: s.id }, 'positive'),
        ...(canReplace
          ? [button(m('close-and-start'), 'replace', { sid: s.id, label: label.slice(0, 200) }, 'destructive' as const)]
          : []),
      ],
    });
  };

  const deleteConfirmCard = (s: T): AdaptiveCard =>
    notice({
      title: m('delete-title'),
      text: m('delete', { label: s.label }),
      style: 'warning',
      buttons: [
        button(m('delete-confirm'), 'deleteConfirmed', { sid: s.id }, 'destructive'),
        button(m('delete-cancel'), 'deleteCancel', { sid: s.id }, 'default'),
      ],
    });

  const startCard = (turn: TurnInfo, notice = '', draft = '') =>
    flow.start(isGroup(turn), { notice, draft: draft.slice(0, 200) });

  /** A fresh session for this chat, with the person starting it as lead. */
  const create = (turn: TurnInfo, label: string) => flow.create(turn, sessions.newId(), label);

  const startWith = async (
    turn: TurnInfo,
    typedLabel: string,
  ): Promise<{ outcome: ActionOutcome; created: boolean }> => {
    const label = normaliseText(typedLabel);
    const warning = identifierWarning(content, [label], { allowOverride: false });
    if (warning) return { outcome: { card: startCard(turn, warning, label) }, created: false };
    try {
      const result = await sessions.start(turn.conversation.id, turn.now, () => create(turn, label), turn.actor.id);
      return result.created
        ? { outcome: shown(turn, result.session, view({})), created: true }
        : { outcome: { card: existsCard(result.session, turn.actor.id, label) }, created: false };
    } catch (err) {
      if (err instanceof GuidedError)
        return { outcome: { card: startCard(turn, explain(err), label) }, created: false };
      throw err;
    }
  };

  router.command(
    flow.kind,
    flow.phrases,
    async (turn, args): Promise<Reply[]> => {
      const now = await current(turn);
      if (now) return [card(existsCard(now, turn.actor.id, args))];
      if (!args) return [card(startCard(turn))];
      const { outcome } = await startWith(turn, args);
      const shownCard = outcome.everyone ? cardNow(outcome.everyone) : outcome.card;
      if (!shownCard) return [];
      // "map Case 4" in a group posts the live board itself: a later copy points back to this one.
      return [outcome.board ? { type: 'card', card: shownCard, board: outcome.board } : card(shownCard)];
    },
    { takesArgs: true, letQuestionsThrough: true },
  );

  /** Reads are audited: a person asked to see the session. */
  const read = async (turn: TurnInfo, s: T) => {
    await sessions.noteRead(s, turn.actor.id, turn.now);
    return s;
  };
  const leadOnly = (s: T) => new GuidedError('NotAllowed', { lead: flow.lead(s).name });

  /** The shared verbs: the same schema and behaviour for every flow. */
  const act = actions<T, C, V>();
  const sid = z.object({ sid: sessionId });
  /** Acts on the conversation's session only if the card belongs to it. */
  const onCurrent =
    <D extends { sid: string }>(run: (turn: ActionTurn, s: T, data: D) => Promise<ActionOutcome>) =>
    async (_: FlowKit<T, C, V>, turn: ActionTurn, data: D): Promise<ActionOutcome> => {
      const s = await current(turn);
      if (!s || s.id !== data.sid) return refusal(turn, new SessionNotFound(), view({}));
      return run(turn, s, data);
    };

  const shared: Record<string, FlowAction<T, C, V>> = {
    start: act(z.object({ label: typed }), async (_, turn, data) => {
      return (await startWith(turn, data.label)).outcome;
    }),
    resume: act(z.object({ sid: sessionId.optional() }), async (_, turn, data) => {
      const s = await current(turn);
      if (!s || (data.sid && s.id !== data.sid)) return refusal(turn, new SessionNotFound(), view({}));
      return { card: refreshable(turn, s, flow.board(await read(turn, s), turn.actor.id, view({}))) };
    }),
    summary: act(
      z.object({ sid: sessionId, page: z.coerce.number().int().min(0).max(1000).optional() }),
      onCurrent(async (turn, s, data: { sid: string; page?: number }) => ({
        card: flow.summary(await read(turn, s), turn.actor.id, view({ page: data.page ?? 0 })),
      })),
    ),
    copy: act(
      sid,
      onCurrent(async (turn, s) => ({
        replies: [text(m('copy-intro')), ...flow.copy(await read(turn, s), turn.now).map((t) => text(t))],
      })),
    ),
    close: act(steerSchema, async (_, turn, data) => change(turn, data.sid, flow.commands.close(data.rev), view({}))),
    reopen: act(sid, async (_, turn, data) => change(turn, data.sid, flow.commands.reopen(), view({}))),
    delete: act(
      sid,
      onCurrent(async (turn, s) =>
        turn.actor.id === flow.lead(s).id ? { card: deleteConfirmCard(s) } : refusal(turn, leadOnly(s), view({})),
      ),
    ),
    deleteCancel: act(
      sid,
      onCurrent(async (turn, s) => shown(turn, s, view({ notice: m('delete-kept') }))),
    ),
    deleteConfirmed: act(
      sid,
      onCurrent(async (turn, s) => {
        if (turn.actor.id !== flow.lead(s).id) return refusal(turn, leadOnly(s), view({}));
        await sessions.delete(turn.conversation.id, s.id, turn.actor.id, turn.now);
        return {
          card: notice({ title: m('deleted-title'), text: m('deleted', { label: s.label }), style: 'good' }),
          shared: isGroup(turn),
        };
      }),
    ),
    // Replacing deletes the old session for everyone: only its lead may. The label is guardedText.
    replace: act(
      z.object({ sid: sessionId, label: typed }),
      onCurrent(async (turn, s, data: { sid: string; label: string }) => {
        if (turn.actor.id !== flow.lead(s).id) return refusal(turn, leadOnly(s), view({}));
        if (!data.label) {
          await sessions.delete(turn.conversation.id, s.id, turn.actor.id, turn.now);
          return { card: startCard(turn) };
        }
        try {
          const fresh = await sessions.replace(
            turn.conversation.id,
            s.id,
            turn.now,
            () => create(turn, data.label),
            turn.actor.id,
          );
          return shown(turn, fresh, view({}));
        } catch (err) {
          if (err instanceof GuidedError) {
            const message = explain(err);
            return { card: startCard(turn, message, data.label), notice: message };
          }
          return refusal(turn, err, view({}));
        }
      }),
    ),
    // Teams asks for a participant's own view of a shared board (automatically, as they see it).
    refresh: act(z.object({ sid: sessionId, show: z.enum(['summary']).optional() }), async (_, turn, data) => {
      const s = await current(turn);
      if (!s || s.id !== data.sid)
        return {
          card: notice({ title: m('deleted-title'), text: m('stale-session-none'), style: 'warning' }),
          public: true,
        };
      // A summary someone asked for stays a summary for everyone who sees it (the board moves on elsewhere).
      const own =
        data.show === 'summary'
          ? refreshable(turn, s, flow.summary(s, turn.actor.id, view({})), { show: 'summary' })
          : refreshable(turn, s, flow.board(s, turn.actor.id, view({})));
      // An Action.Submit client in a group cannot show one person their controls: say so, kindly.
      return { card: own, notice: m('my-controls-private') };
    }),
    ...Object.fromEntries(
      Object.entries(flow.commands.steer).map(([name, command]) => [
        name,
        act(steerSchema, async (_, turn, data) => change(turn, data.sid, command(data.rev), view({}))),
      ]),
    ),
  };
  const table: Record<string, FlowAction<T, C, V>> = { ...shared, ...flow.actions };

  router.action(flow.kind, flow.kind, async (turn: ActionTurn): Promise<ActionOutcome> => {
    const name = turn.verb.slice(flow.kind.length + 1);
    const action = Object.hasOwn(table, name) ? table[name] : undefined;
    const parsed = action?.schema.safeParse(turn.data);
    if (!action || !parsed?.success) {
      const now = await current(turn);
      return now
        ? { card: flow.board(now, turn.actor.id, view({ notice: m('invalid'), noticeStyle: 'attention' })) }
        : { replies: [text(m('invalid'))] };
    }
    // Every guarded text field of every verb, checked once before anything is stored.
    const starting = name === 'start';
    const warning = payloadWarning(content, action.schema, parsed.data, {
      override: action.override?.(parsed.data) === true,
      allowOverride: flow.allowOverride && !starting,
    });
    if (warning && starting) return { card: startCard(turn, warning, String(parsed.data.label ?? '')) };
    if (warning) {
      const now = await current(turn);
      const kept = action.kept?.(parsed.data) ?? view({});
      return now
        ? {
            card: flow.board(now, turn.actor.id, {
              ...kept,
              notice: warning,
              noticeStyle: 'attention',
              allowOverride: flow.allowOverride,
            }),
            notice: warning,
          }
        : { replies: [text(warning)] };
    }
    return action.run(kit, turn, parsed.data);
  });

  const status = (s: T): string =>
    m('status', {
      label: s.label,
      lead: flow.lead(s).name,
      state: s.status === 'active' ? m('state-active') : m('state-closed'),
      step: flow.stepName(s),
      expires: expires(s),
      ...flow.statusVars(s),
    });

  const provider: SessionProvider = {
    kind: flow.kind,
    noun: m('noun'),
    keywords: flow.keywords,
    current,
    resume: async (turn) => {
      const s = await current(turn);
      if (!s) return [];
      await read(turn, s);
      return [posted(turn, s, (viewer) => flow.board(s, viewer, view({})))];
    },
    summary: async (turn) => {
      const s = await current(turn);
      if (!s) return [];
      await read(turn, s);
      // A closed session's board is its summary. An open one's summary is a page of its own, not the live
      // board (which shows the step the session is at): each person who sees it gets their own summary.
      if (s.status === 'closed' || !isGroup(turn))
        return [posted(turn, s, (viewer) => flow.summary(s, viewer, view({})))];
      return [{ type: 'card', card: base(turn, s, flow.summary(s, '', view({})), { show: 'summary' }) }];
    },
    status: async (turn) => {
      const s = await current(turn);
      return s ? [text(status(await read(turn, s)))] : [];
    },
    close: async (turn) => {
      const s = await current(turn);
      if (!s) return [];
      try {
        const { session: closed } = await sessions.update(
          turn.conversation.id,
          s.id,
          turn.now,
          (x) => flow.apply(x, flow.commands.close(), turn),
          turn.actor.id,
        );
        const closedNotice = view({
          notice: closed.keepUntil
            ? m('closed-notice-kept', { date: ukDate(closed.keepUntil) })
            : m('closed-notice', { days: config.retentionDays }),
          noticeStyle: 'good',
        });
        return [posted(turn, closed, (viewer) => flow.summary(closed, viewer, closedNotice))];
      } catch (err) {
        if (err instanceof GuidedError) return [text(explain(err))];
        throw err;
      }
    },
    remove: async (turn) => {
      const s = await current(turn);
      if (!s) return [];
      if (turn.actor.id !== flow.lead(s).id) return [text(explain(leadOnly(s)))];
      return [card(deleteConfirmCard(s))];
    },
    forget: async (turn) =>
      sessions.forget(turn.conversation.id, turn.actor.id, turn.now, (s) =>
        turn.conversation.kind === 'personal' ? undefined : flow.forget(s, turn.actor.id, turn.now),
      ),
  };

  return { sessions, provider };
}
