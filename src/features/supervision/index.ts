import { z } from 'zod';
import { ukCalendarDate } from '../../bot/dates';
import type { BotRouter } from '../../bot/router';
import { type ActionTurn, card, type Reply, type TurnInfo } from '../../bot/turn';
import { NOTICE, renderCard } from '../../cards';
import { say, wording } from '../../content/pack';
import type { Deps } from '../../deps';
import { actions, type MountedFlow, mountFlow, revision, sessionId, typed } from '../../guided/flow';
import { GuidedError } from '../../guided/kernel';
import { type ClaimedReminder, ReminderScheduler } from '../../guided/reminders';
import { splitParts, TEXT_PART_CHARS } from '../../guided/text';
import { auditFor } from '../../privacy/audit';
import { guardedText } from '../../privacy/guarded';
import { PREFIX } from '../../state/keys';
import { isExpired } from '../../state/lifecycle';
import { readRecord } from '../../state/records';
import { DEFAULT_REVIEW_LIMITS, localDay, reminderTimeOn, reviewDueAt } from '../reviews/schedule';
import { SupervisionCards, type View } from './cards';
import {
  applySupervision,
  forgetSupervisionPerson,
  type SupervisionCommand,
  type SupervisionSession,
  startSupervision,
  supervisionText,
} from './model';

export const SUPERVISION_PREFIX = PREFIX.supervision;

const act = actions<SupervisionSession, SupervisionCommand, View>();
const stage = z.enum(['experience', 'reflection', 'analysis', 'action']);

/**
 * `supervise`: a guided reflective-supervision conversation about one case (experience, reflection,
 * analysis, action planning) with notes per stage and an action summary. The kit (guided/flow.ts)
 * gives start, resume, copy, steering, close, delete and every refusal; this file holds only
 * supervision's own verbs.
 */
export function register(
  router: BotRouter,
  deps: Deps,
  /** The drift flag of the map in the same chat, as messages to post (from the mapping feature). */
  mapFlag: (turn: TurnInfo) => Promise<Reply[]> = async () => [],
): MountedFlow<SupervisionSession> {
  const { content, config } = deps;
  const cards = new SupervisionCards(content, config.retentionDays);
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);
  const reminders = new ReminderScheduler({
    store: deps.store,
    clock: deps.clock,
    audit: auditFor(deps.audit, 'supervision'),
  });
  const reminderId = (s: { id: string }, actionId: string) => `action:${s.id}:${actionId}`;

  /** An agreed action with a date gets a reminder in this chat at 9am (London) that day; none once that hour has passed. */
  const remindAction = async (turn: ActionTurn, s: SupervisionSession | undefined) => {
    const action = s?.actions[s.actions.length - 1];
    if (!s || !action || !turn.address) return;
    let dueAt: number;
    const today = localDay(turn.now, DEFAULT_REVIEW_LIMITS.timeZone);
    if (action.byWhen === today) {
      // Due today: reminded at the reminder hour if it is still to come (agreed at 8am, reminded at 9).
      dueAt = reminderTimeOn(today);
      if (dueAt <= turn.now) return;
    } else {
      try {
        dueAt = reviewDueAt({ date: action.byWhen }, turn.now, turn.now, {
          ...DEFAULT_REVIEW_LIMITS,
          maxDays: 3 * 366,
        });
      } catch (err) {
        if (err instanceof GuidedError) return;
        throw err;
      }
    }
    await reminders.schedule({
      id: reminderId(s, action.id),
      kind: 'action',
      session: flow.sessions.key(turn.conversation.id),
      conversation: turn.conversation.id,
      address: turn.address,
      dueAt,
    });
  };

  router.reminder('action', async (reminder: ClaimedReminder): Promise<Reply[]> => {
    const s = await readRecord<SupervisionSession>(deps.store, reminder.session);
    if (!s || isExpired(s, deps.clock(), config.retentionDays)) return [];
    const action = s.actions.find((a) => reminder.id === reminderId(s, a.id));
    if (!action) return [];
    const vars = { label: s.label, what: action.what, owner: action.owner, date: ukCalendarDate(action.byWhen) };
    const reminderCard = renderCard(NOTICE, {
      title: m('sup-reminder-title', vars),
      text: m(reminder.late ? 'sup-reminder-text-late' : 'sup-reminder-text', vars),
      style: reminder.late ? 'warning' : 'accent',
      footnote: '',
      buttons: [
        {
          title: m('sup-reminder-open'),
          verb: 'supervision.resume',
          data: { verb: 'supervision.resume', sid: s.id },
          style: 'positive',
        },
      ],
    });
    // With others in the session the supervisor is @mentioned (the owner is free text, perhaps no one in the chat).
    const group = s.participants.length > 1;
    return [
      ...(group
        ? [
            {
              type: 'text' as const,
              text: m('sup-reminder-mention'),
              mention: { id: s.supervisor.id, name: s.supervisor.name },
            },
          ]
        : []),
      card(reminderCard),
    ];
  });
  const done = (notice: string): View => ({ notice, noticeStyle: 'good' });
  const actionTyped = (data: { what: string; owner: string; byWhen: string }): View => ({
    draftWhat: data.what.slice(0, 600),
    draftOwner: data.owner.slice(0, 160),
    draftByWhen: data.byWhen,
  });

  const flow = mountFlow<SupervisionSession, SupervisionCommand, View>(router, deps, {
    kind: 'supervision',
    words: 'sup',
    command: 'supervise',
    phrases: [
      'supervise',
      'supervision',
      'start supervision',
      'supervision session',
      'reflective supervision session',
      'new supervision',
    ],
    keywords: ['supervision', 'supervise', 'sup'],
    prefix: SUPERVISION_PREFIX,
    lead: (s) => s.supervisor,
    create: (turn, id, label) =>
      startSupervision({
        id,
        label,
        supervisor: { id: turn.actor.id, name: turn.actor.name },
        prompts: cards.choosePrompts(Math.floor(turn.now / 1000)),
        now: turn.now,
        commandId: turn.activityId,
      }),
    apply: (s, command, turn) =>
      applySupervision(s, command, {
        actor: { id: turn.actor.id, name: turn.actor.name },
        now: turn.now,
        commandId: turn.activityId,
      }),
    forget: forgetSupervisionPerson,
    onRemoved: async (key, actorId) => {
      await reminders.cancel(key, actorId);
    },
    commands: {
      close: (rev) => ({ type: 'close', revision: rev }),
      reopen: () => ({ type: 'reopen' }),
      steer: {
        next: (rev) => ({ type: 'next', revision: rev }),
        back: (rev) => ({ type: 'back', revision: rev }),
      },
    },
    board: (s, viewer, view) => cards.board(s, viewer, view),
    summary: (s, viewer, view) => cards.summary(s, viewer, view),
    start: (_isGroup, view) => cards.start(view.notice, view.draft),
    stepName: (s) => cards.stepName(s),
    statusVars: (s) => ({
      notes: say(content, s.notes.length === 1 ? 'sup-one-note' : 'sup-notes', { count: s.notes.length }),
      actions: say(content, s.actions.length === 1 ? 'sup-one-action' : 'sup-actions', { count: s.actions.length }),
    }),
    copy: (s, now) => splitParts(supervisionText(s, cards.stageTitles, now, wording(content)), TEXT_PART_CHARS),
    allowOverride: false,
    actions: {
      addNote: act(
        z.object({ sid: sessionId, stage, note: typed }),
        async (kit, turn, data) =>
          kit.change(
            turn,
            data.sid,
            { type: 'addNote', stage: data.stage, text: data.note },
            { draftNote: data.note.slice(0, 3000) },
            () => done(m('sup-note-added')),
          ),
        { kept: (data) => ({ draftNote: data.note.slice(0, 3000) }) },
      ),
      removeNote: act(z.object({ sid: sessionId, noteId: z.string().max(20) }), async (kit, turn, data) =>
        kit.change(turn, data.sid, { type: 'removeNote', noteId: data.noteId }, {}, () => done(m('sup-removed'))),
      ),
      addAction: act(
        z.object({
          sid: sessionId,
          what: typed,
          owner: guardedText({ people: 'colleagues' }),
          byWhen: z.string().max(40).optional().default(''),
        }),
        async (kit, turn, data) => {
          let added: SupervisionSession | undefined;
          const outcome = await kit.change(
            turn,
            data.sid,
            { type: 'addAction', what: data.what, owner: data.owner, byWhen: data.byWhen },
            actionTyped(data),
            (s) => {
              added = s;
              return done(m('sup-action-added'));
            },
          );
          await remindAction(turn, added);
          return outcome;
        },
        { kept: actionTyped },
      ),
      removeAction: act(z.object({ sid: sessionId, actionId: z.string().max(20) }), async (kit, turn, data) => {
        let removed = false;
        const outcome = await kit.change(turn, data.sid, { type: 'removeAction', actionId: data.actionId }, {}, () => {
          removed = true;
          return done(m('sup-removed'));
        });
        if (removed)
          await reminders.cancel(
            flow.sessions.key(turn.conversation.id),
            turn.actor.id,
            (r) => r.id === reminderId({ id: data.sid }, data.actionId),
          );
        return outcome;
      }),
      // The map in this chat: its drift flag and prompts, brought into the supervision conversation.
      mapFlag: act(z.object({ sid: sessionId }), async (_kit, turn) => ({ replies: await mapFlag(turn) })),
      goto: act(
        z.object({
          sid: sessionId,
          rev: revision,
          to: z.enum(['experience', 'reflection', 'analysis', 'action', 'summary']),
        }),
        async (kit, turn, data) => kit.change(turn, data.sid, { type: 'goto', to: data.to, revision: data.rev }, {}),
      ),
    },
  });
  return flow;
}
