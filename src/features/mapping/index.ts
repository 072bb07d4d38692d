import { z } from 'zod';
import { DAY_MS, ukDate, ukDateTime } from '../../bot/dates';
import type { BotRouter } from '../../bot/router';
import { type ActionOutcome, type ActionTurn, card, type Reply, type TurnInfo, text } from '../../bot/turn';
import { NOTICE, renderCard } from '../../cards';
import { say, wording } from '../../content/pack';
import type { Deps } from '../../deps';
import { actions, type MountedFlow, mountFlow, revision, sessionId, typed } from '../../guided/flow';
import { GuidedError } from '../../guided/kernel';
import { type ClaimedReminder, ReminderScheduler } from '../../guided/reminders';
import { SessionNotFound } from '../../guided/repository';
import { splitParts, TEXT_PART_CHARS } from '../../guided/text';
import { auditFor } from '../../privacy/audit';
import { PREFIX } from '../../state/keys';
import { isExpired } from '../../state/lifecycle';
import { readRecord } from '../../state/records';
import type { Capabilities } from '../capabilities';
import type { MapPins } from '../reflect';
import {
  DEFAULT_REVIEW_LIMITS,
  keepUntil,
  localDay,
  type ReviewChoice,
  type ReviewLimits,
  reviewDueAt,
} from '../reviews/schedule';
import { driftView, reviewSummary } from '../reviews/view';
import { MappingCards, type View } from './cards';
import { choosePrompts } from './inquiry';
import {
  apply,
  type Command,
  type CommandContext,
  DEFAULT_LIMITS,
  forgetPerson,
  type MappingSession,
  SUBHEADINGS,
  splitItems,
  startSession,
} from './model';
import { summaryText } from './summary';

const act = actions<MappingSession, Command, View>();
const question = z.enum(['worries', 'working', 'needs']);
const subheading = z.enum([...SUBHEADINGS.worries, ...SUBHEADINGS.working, ...SUBHEADINGS.needs]);
const itemId = z.string().max(20).optional().default('');
/** The reminder a card's button came from (its id names the map and the due time). */
const reminderId = z.string().max(80).optional();
/** The number picked, as sent ("7" or 7); anything else is NaN, which the model refuses kindly. */
const score = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => {
    const raw = `${v ?? ''}`.trim();
    return /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
  });

/**
 * Mapping conversations: `map`, the four questions, checkpoints, private group scaling and the
 * summary. The kit (guided/flow.ts) gives start, resume, copy, steering, close, delete and every
 * refusal; this file holds only mapping's own verbs, and the rules live in model.ts.
 */
export function register(
  router: BotRouter,
  deps: Deps,
  caps: Capabilities,
): MountedFlow<MappingSession> & {
  pins: MapPins;
  reviews: ReminderScheduler;
  flagOf: (turn: TurnInfo) => Promise<Reply[]>;
} {
  const { content, config } = deps;
  // Features schedule and cancel; the binding's timer sends (with its own scheduler and a sender).
  const reminders = new ReminderScheduler({
    store: deps.store,
    clock: deps.clock,
    audit: auditFor(deps.audit, 'mapping'),
  });
  const limits: ReviewLimits = {
    ...DEFAULT_REVIEW_LIMITS,
    graceDays: config.reviewGraceDays,
    maxDays: config.reviewMaxDays,
  };
  const cards = new MappingCards(content, config.retentionDays, caps.has('builder'));
  const bank = content.prompts.prompts;
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);
  const subheadingTitle = (id: string) =>
    content.mapping.questions.flatMap((q) => q.subheadings).find((s) => s.id === id)?.title ?? id;
  const context = (turn: TurnInfo): CommandContext => ({
    actor: { id: turn.actor.id, name: turn.actor.name },
    now: turn.now,
    commandId: turn.activityId,
    limits: DEFAULT_LIMITS,
    checkpoint: (s, after) => choosePrompts(bank, s, after, 2, s.revision),
    scalingPrompts: (s) => choosePrompts(bank, s, 'scaling', 2, s.revision),
  });
  const done = (notice: string, more: View = {}): View => ({ notice, noticeStyle: 'good', ...more });

  const flow = mountFlow<MappingSession, Command, View>(router, deps, {
    kind: 'mapping',
    words: 'map',
    command: 'map',
    phrases: ['map', 'mapping', 'start map', 'start a map', 'start mapping', 'new map', 'mapping conversation'],
    keywords: ['map', 'mapping'],
    prefix: PREFIX.mapping,
    lead: (s) => s.facilitator,
    create: (turn, id, label) =>
      startSession({
        id,
        label,
        setting: turn.conversation.kind === 'personal' ? 'personal' : 'group',
        facilitator: { id: turn.actor.id, name: turn.actor.name },
        now: turn.now,
        commandId: turn.activityId,
      }),
    apply: (s, command, turn) => apply(s, command, context(turn)),
    forget: forgetPerson,
    onRemoved: async (key, actorId) => {
      await reminders.cancel(key, actorId);
    },
    commands: {
      close: (rev) => ({ type: 'close', revision: rev }),
      reopen: () => ({ type: 'reopen' }),
      steer: {
        next: (rev) => ({ type: 'next', revision: rev }),
        back: (rev) => ({ type: 'back', revision: rev }),
        reveal: (rev) => ({ type: 'reveal', revision: rev }),
        rescale: (rev) => ({ type: 'rescale', revision: rev }),
      },
    },
    board: (s, viewer, view) => cards.board(s, viewer, view),
    summary: (s, viewer, view) => cards.summary(s, viewer, view),
    start: (isGroup, view) => cards.start(isGroup, view),
    stepName: (s) => cards.stepName(s),
    statusVars: (s) => ({
      items: m(s.items.length === 1 ? 'map-one-item' : 'map-items', { count: s.items.length }),
      scores: m(s.scores.length === 1 ? 'map-one-score' : 'map-scores', { count: s.scores.length }),
      revealed: m(s.revealed ? 'map-revealed' : 'map-not-revealed'),
      people: m(s.participants.length === 1 ? 'map-people-one' : 'map-people', { count: s.participants.length }),
      lastChange: ukDateTime(s.updatedAt),
    }),
    copy: (s, now) => {
      const parts = summaryText(s, content.mapping, now, wording(content));
      // The score history, the changes since the last round and any drift flag, in words.
      const review = reviewSummary(s, content);
      const lines = [
        ...(review.historyLines.length > 0
          ? [review.historyTitle.toUpperCase(), ...review.historyLines.map((l) => `  ${l.text}`)]
          : []),
        ...(review.changeLines.length > 0
          ? ['', review.changesTitle.toUpperCase(), ...review.changeLines.map((l) => `  ${l.text}`)]
          : []),
        ...(review.driftText ? ['', review.driftTitle.toUpperCase(), `  ${review.driftText}`] : []),
      ];
      // One message to paste, split only where Teams' message size needs it (outside judge: two messages).
      return lines.length > 0 ? splitParts([...parts, lines.join('\n')].join('\n\n'), TEXT_PART_CHARS) : parts;
    },
    allowOverride: config.allowStoreAnyway,
    actions: {
      add: act(
        z.object({
          sid: sessionId,
          rev: revision.optional(),
          question,
          subheading: z.string().max(40),
          items: typed,
          override: z.boolean().optional(),
        }),
        async (kit, turn, data) => {
          const kept: View = { draft: data.items.slice(0, 6000), draftSubheading: data.subheading };
          const sub = subheading.safeParse(data.subheading);
          // A sub-heading of another question is a forged or muddled card: nothing is stored.
          if (!sub.success || !(SUBHEADINGS[data.question] as readonly string[]).includes(sub.data))
            return kit.refusal(turn, new GuidedError('InvalidSubmission'), kept);
          const texts = splitItems(data.items);
          return kit.change(
            turn,
            data.sid,
            { type: 'addItems', question: data.question, subheading: sub.data, texts },
            kept,
            () =>
              done(
                m('map-added', {
                  name: turn.actor.name,
                  count: m(texts.length === 1 ? 'map-one-item' : 'map-items', { count: texts.length }),
                  subheading: subheadingTitle(sub.data),
                }),
                { draftSubheading: sub.data },
              ),
          );
        },
        {
          kept: (data) => ({ draft: data.items.slice(0, 6000), draftSubheading: data.subheading }),
          override: (data) => data.override === true,
        },
      ),
      edit: act(z.object({ sid: sessionId, itemId, editText: typed }), async (kit, turn, data) =>
        kit.change(turn, data.sid, { type: 'editItem', itemId: data.itemId, text: data.editText }, {}, () =>
          done(m('map-edited', { name: turn.actor.name, no: data.itemId.slice(1) })),
        ),
      ),
      remove: act(z.object({ sid: sessionId, itemId }), async (kit, turn, data) =>
        kit.change(turn, data.sid, { type: 'removeItem', itemId: data.itemId }, {}, () =>
          done(m('map-removed', { name: turn.actor.name, no: data.itemId.slice(1) })),
        ),
      ),
      goto: act(
        z.object({ sid: sessionId, rev: revision, to: z.enum(['worries', 'working', 'needs', 'scaling', 'summary']) }),
        async (kit, turn, data) => {
          const outcome = await kit.change(turn, data.sid, { type: 'goto', to: data.to, revision: data.rev }, {});
          // Jumping to the summary shows the whole map: a read, audited like the summary button.
          if (data.to === 'summary' && !outcome.notice)
            await kit.sessions.noteRead({ id: data.sid }, turn.actor.id, turn.now);
          return outcome;
        },
      ),
      score: act(
        z.object({ sid: sessionId, score, reason: typed }),
        async (kit, turn, data) => {
          const outcome = await kit.change(
            turn,
            data.sid,
            { type: 'score', score: data.score, reason: data.reason },
            { draftReason: data.reason.slice(0, 2000) },
            () => done(kit.isGroup(turn) ? m('map-scored', { name: turn.actor.name }) : ''),
          );
          // Revealed before (or as) this score arrived: the revealed board has no score form, so the
          // person's own card says so and gives their reason back to share aloud. Never posted: `notice`
          // (what an Action.Submit client in a group sees) has no typed text in it.
          const late = m('map-step-revealed');
          if (outcome.notice !== late || !data.reason.trim()) return outcome;
          const now = await kit.current(turn);
          if (!now || now.id !== data.sid) return outcome;
          const text = m('map-score-late', { score: data.score, reason: data.reason.trim().slice(0, 500) });
          return { card: cards.board(now, turn.actor.id, { notice: text, noticeStyle: 'attention' }), notice: late };
        },
        { kept: (data) => ({ draftReason: data.reason.slice(0, 2000) }) },
      ),
      higher: act(
        z.object({ sid: sessionId, higher: typed }),
        async (kit, turn, data) =>
          kit.change(
            turn,
            data.sid,
            { type: 'higher', text: data.higher },
            { draftHigher: data.higher.slice(0, 2000) },
            () => done(m('map-higher-added')),
          ),
        { kept: (data) => ({ draftHigher: data.higher.slice(0, 2000) }) },
      ),
      setReview: act(
        z.object({
          sid: sessionId,
          reviewChoice: z.string().max(10).optional().default(''),
          reviewDate: z.string().max(20).optional().default(''),
        }),
        async (kit, turn, data) => {
          const kept: View = { draftReviewChoice: data.reviewChoice, draftReviewDate: data.reviewDate };
          const s = await kit.current(turn);
          if (!s || s.id !== data.sid) return kit.refusal(turn, new SessionNotFound(), kept);
          if (turn.actor.id !== s.facilitator.id)
            return kit.refusal(turn, new GuidedError('NotAllowed', { lead: s.facilitator.name }), kept);
          if (!turn.address) return unavailable(kit.refusal, turn, kept);
          const choice: ReviewChoice = /^\d+$/.test(data.reviewChoice)
            ? ({ weeks: Number(data.reviewChoice) } as ReviewChoice)
            : { date: data.reviewDate.trim() };
          let dueAt: number;
          try {
            dueAt = reviewDueAt(choice, turn.now, firstRoundAt(s, turn.now), limits);
          } catch (err) {
            return kit.refusal(turn, err, kept);
          }
          return scheduleReview(kit.change, turn, s, dueAt, kept, 'map-review-saved');
        },
        { kept: (data) => ({ draftReviewChoice: data.reviewChoice, draftReviewDate: data.reviewDate }) },
      ),
      clearReview: act(z.object({ sid: sessionId }), async (kit, turn, data) => {
        const s = await kit.current(turn);
        if (!s || s.id !== data.sid) return kit.refusal(turn, new SessionNotFound(), {});
        let cleared = false;
        const outcome = await kit.change(turn, data.sid, { type: 'clearReview' }, {}, () => {
          cleared = true;
          return done(m('map-review-cleared', { days: config.retentionDays }));
        });
        if (cleared) await reminders.cancel(flow.sessions.key(turn.conversation.id), turn.actor.id);
        return outcome;
      }),
      // From the reminder (or the summary): the map opens with last round's items to mark.
      startReview: act(z.object({ sid: sessionId, rid: reminderId }), async (kit, turn, data) => {
        // From a reminder: only the reminder of the review still set (not one already started, moved or cleared).
        if (data.rid !== undefined) {
          const s = await kit.current(turn);
          if (s && s.id === data.sid && s.review?.reminder !== data.rid) return staleReminder(kit.refusal, turn);
        }
        let started = false;
        const outcome = await kit.change(turn, data.sid, { type: 'startReview' }, {}, (s) => {
          started = true;
          return done(m('map-review-started', { round: s.round ?? 1 }));
        });
        if (started) await reminders.cancel(flow.sessions.key(turn.conversation.id), turn.actor.id);
        return outcome;
      }),
      snooze: act(z.object({ sid: sessionId, rid: reminderId }), async (kit, turn, data) => {
        const s = await kit.current(turn);
        if (!s || s.id !== data.sid) return kit.refusal(turn, new SessionNotFound(), {});
        if (turn.actor.id !== s.facilitator.id)
          return kit.refusal(turn, new GuidedError('NotAllowed', { lead: s.facilitator.name }), {});
        // Only a review still set can be snoozed, and only from its own reminder.
        if (!s.review || (data.rid !== undefined && s.review.reminder !== data.rid))
          return staleReminder(kit.refusal, turn);
        if (!turn.address) return unavailable(kit.refusal, turn, {});
        // A week on, at the reminder hour like any review; never past the map's maximum keep.
        let dueAt: number;
        try {
          const day = localDay(turn.now + 7 * DAY_MS, limits.timeZone);
          dueAt = reviewDueAt({ date: day }, turn.now, firstRoundAt(s, turn.now), limits);
        } catch (err) {
          return kit.refusal(turn, err, {});
        }
        return scheduleReview(kit.change, turn, s, dueAt, {}, 'map-snoozed');
      }),
      still: act(z.object({ sid: sessionId, itemId }), async (kit, turn, data) =>
        kit.change(turn, data.sid, { type: 'stillTrue', itemId: data.itemId }, {}, () =>
          done(m('map-marked-still', { name: turn.actor.name, no: data.itemId.slice(1) })),
        ),
      ),
      resolve: act(z.object({ sid: sessionId, itemId }), async (kit, turn, data) =>
        kit.change(turn, data.sid, { type: 'resolveItem', itemId: data.itemId }, {}, () =>
          done(m('map-marked-resolved', { name: turn.actor.name, no: data.itemId.slice(1) })),
        ),
      ),
    },
  });

  /** When the map's first round was recorded (the review limit counts from it); now, before any round. */
  function firstRoundAt(s: MappingSession, now: number): number {
    return s.history?.rounds[0]?.at ?? now;
  }

  type Refuse = (turn: TurnInfo, err: unknown, view: View) => Promise<ActionOutcome>;
  type Change = (
    turn: ActionTurn,
    sid: string,
    command: Command,
    view: View,
    success?: (s: MappingSession) => View,
  ) => Promise<ActionOutcome>;

  /** A reminder's button pressed after its review was started, moved or cleared: nothing happens, kindly said. */
  async function staleReminder(refusal: Refuse, turn: TurnInfo): Promise<ActionOutcome> {
    return refusal(turn, new GuidedError('WrongStep', { why: 'stale-reminder' }), {});
  }

  /** No address for this chat (plain code, not Teams): nothing is scheduled, and the person is told kindly. */
  function unavailable(refusal: Refuse, turn: TurnInfo, kept: View): Promise<ActionOutcome> {
    return refusal(turn, new GuidedError('BadDate', { why: 'unavailable' }), kept);
  }

  /** Replaces the map's review reminder with one at `dueAt`, and keeps the map until the review plus the grace. */
  async function scheduleReview(
    change: Change,
    turn: ActionTurn,
    s: MappingSession,
    dueAt: number,
    kept: View,
    saidKey: string,
  ): Promise<ActionOutcome> {
    const keep = keepUntil(dueAt, firstRoundAt(s, turn.now), limits);
    const key = flow.sessions.key(turn.conversation.id);
    const id = `review:${s.id}:${dueAt}`;
    let set = false;
    const outcome = await change(turn, s.id, { type: 'setReview', dueAt, keepUntil: keep, reminder: id }, kept, () => {
      set = true;
      return done(m(saidKey, { date: ukDate(dueAt), keep: ukDate(keep) }));
    });
    if (!set) return outcome;
    // The map now names the new reminder: the old one goes, then the new one is stored.
    await reminders.cancel(key, turn.actor.id);
    await reminders.schedule({
      id,
      kind: 'review',
      session: key,
      conversation: turn.conversation.id,
      address: turn.address ?? {},
      dueAt,
    });
    return outcome;
  }

  /** The reminder as posted: in a group an @mention of the facilitator, then the card with its two buttons. */
  router.reminder('review', async (reminder: ClaimedReminder): Promise<Reply[]> => {
    const s = await readRecord<MappingSession>(deps.store, reminder.session);
    // The map went, was replaced, or its review was moved or cleared: nothing to say.
    if (!s || s.review?.reminder !== reminder.id || isExpired(s, deps.clock(), config.retentionDays)) return [];
    const due = ukDate(reminder.dueAt);
    const vars = { label: s.label, date: due };
    const reminderCard = renderCard(NOTICE, {
      title: m(reminder.late ? 'map-reminder-title-late' : 'map-reminder-title', vars),
      text: m(reminder.late ? 'map-reminder-text-late' : 'map-reminder-text', vars),
      style: reminder.late ? 'warning' : 'accent',
      footnote: '',
      buttons: [
        {
          title: m('map-reminder-start'),
          verb: 'mapping.startReview',
          data: { verb: 'mapping.startReview', sid: s.id, rid: reminder.id },
          style: 'positive',
        },
        {
          title: m('map-reminder-snooze'),
          verb: 'mapping.snooze',
          data: { verb: 'mapping.snooze', sid: s.id, rid: reminder.id },
          style: 'default',
        },
      ],
    });
    const group = s.setting === 'group';
    return [
      ...(group
        ? [
            {
              type: 'text' as const,
              text: m('map-reminder-mention', { label: s.label }),
              mention: { id: s.facilitator.id, name: s.facilitator.name },
            },
          ]
        : []),
      card(reminderCard),
    ];
  });

  /** The map's drift flag in this chat, as a card to post (supervision brings it in with a button). */
  const flagOf = async (turn: TurnInfo): Promise<Reply[]> => {
    const s = await flow.sessions.current(turn.conversation.id, turn.now);
    if (!s) return [text(m('map-flag-no-map'))];
    const flag = driftView(s, content);
    if (flag.kind === 'none') return [text(m('map-flag-none', { label: s.label }))];
    await flow.sessions.noteRead(s, turn.actor.id, turn.now);
    return [
      card(
        renderCard(NOTICE, {
          title: m('map-flag-title', { label: s.label }),
          text: flag.text,
          style: 'warning',
          footnote: [m('map-drift-prompts'), ...flag.prompts.map((p) => `- ${p.text}`)].join('\n'),
          buttons: [],
        }),
      ),
    ];
  };
  router.command('mapping', ['drift flag', 'map drift', 'map drift flag'], async (turn) => flagOf(turn));

  /** `review`: the facilitator starts the review round from a typed command. */
  router.command(
    'mapping',
    ['review', 'start review', 'start the review', 'review the map', 'review map'],
    async (turn) => {
      const s = await flow.sessions.current(turn.conversation.id, turn.now);
      if (!s) return [text(m('map-review-no-map'))];
      if (turn.actor.id !== s.facilitator.id) return [text(m('map-review-only-lead', { lead: s.facilitator.name }))];
      try {
        await flow.sessions.update(
          turn.conversation.id,
          s.id,
          turn.now,
          (x) => apply(x, { type: 'startReview' }, context(turn)),
          turn.actor.id,
        );
      } catch (err) {
        if (err instanceof GuidedError) return [text(m(`map-review-step-${err.detail.why ?? 'no-round'}`))];
        throw err;
      }
      await reminders.cancel(flow.sessions.key(turn.conversation.id), turn.actor.id);
      return [text(m('map-review-started', { round: (s.round ?? 1) + 1 })), ...(await flow.provider.resume(turn))];
    },
  );

  /** `reviews`: this chat's map and its next review; in a personal chat, the maps this person facilitates. */
  router.command('mapping', ['reviews', 'my reviews', 'list reviews', 'review dates'], async (turn) => {
    if (turn.conversation.kind !== 'personal') {
      const s = await flow.sessions.current(turn.conversation.id, turn.now);
      if (!s) return [text(m('map-reviews-none-here'))];
      return [
        text(
          s.review && s.keepUntil
            ? m('map-reviews-here', { label: s.label, date: ukDate(s.review.dueAt), keep: ukDate(s.keepUntil) })
            : m('map-reviews-here-none', { label: s.label }),
        ),
      ];
    }
    const lines: string[] = [];
    const seen = new Set<string>();
    for (const r of await reminders.all()) {
      if (r.kind !== 'review' || seen.has(r.session) || !r.session.startsWith(PREFIX.mapping)) continue;
      seen.add(r.session);
      const s = await readRecord<MappingSession>(deps.store, r.session);
      if (!s || s.facilitator.id !== turn.actor.id || s.review?.reminder !== r.id) continue;
      lines.push(m('map-reviews-mine', { label: s.label, date: ukDate(s.review.dueAt) }));
    }
    if (lines.length === 0) return [text(m('map-reviews-mine-none'))];
    return [text([m('map-reviews-mine-intro'), ...lines.map((l) => `- ${l}`)].join('\n'))];
  });
  /** Reflect's view of the map: is one open, and keep a question in view on it. */
  const pins: MapPins = {
    openMap: async (turn) => {
      const s = await flow.sessions.current(turn.conversation.id, turn.now);
      return s?.status === 'active' ? s.id : undefined;
    },
    pin: async (turn, sid, promptId) => {
      try {
        const { session } = await flow.sessions.update(turn.conversation.id, sid, turn.now, (s) =>
          apply(s, { type: 'pin', promptId }, context(turn)),
        );
        return session.label;
      } catch (err) {
        if (err instanceof SessionNotFound || err instanceof GuidedError) return undefined;
        throw err;
      }
    },
  };
  return { ...flow, pins, reviews: reminders, flagOf };
}
