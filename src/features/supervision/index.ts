import { z } from 'zod';
import type { BotRouter } from '../../bot/router';
import { say, wording } from '../../content/pack';
import type { Deps } from '../../deps';
import { actions, type MountedFlow, mountFlow, revision, sessionId, typed } from '../../guided/flow';
import { splitParts, TEXT_PART_CHARS } from '../../guided/text';
import { guardedText } from '../../privacy/guarded';
import { PREFIX } from '../../state/keys';
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
export function register(router: BotRouter, deps: Deps): MountedFlow<SupervisionSession> {
  const { content, config } = deps;
  const cards = new SupervisionCards(content, config.retentionDays);
  const m = (key: string) => say(content, key);
  const done = (notice: string): View => ({ notice, noticeStyle: 'good' });
  const actionTyped = (data: { what: string; owner: string; byWhen: string }): View => ({
    draftWhat: data.what.slice(0, 600),
    draftOwner: data.owner.slice(0, 160),
    draftByWhen: data.byWhen,
  });

  return mountFlow<SupervisionSession, SupervisionCommand, View>(router, deps, {
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
        async (kit, turn, data) =>
          kit.change(
            turn,
            data.sid,
            { type: 'addAction', what: data.what, owner: data.owner, byWhen: data.byWhen },
            actionTyped(data),
            () => done(m('sup-action-added')),
          ),
        { kept: actionTyped },
      ),
      removeAction: act(z.object({ sid: sessionId, actionId: z.string().max(20) }), async (kit, turn, data) =>
        kit.change(turn, data.sid, { type: 'removeAction', actionId: data.actionId }, {}, () => done(m('sup-removed'))),
      ),
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
}
