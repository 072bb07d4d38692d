import { z } from 'zod';
import { ukDateTime } from '../../bot/dates';
import type { BotRouter } from '../../bot/router';
import type { TurnInfo } from '../../bot/turn';
import { say, wording } from '../../content/pack';
import type { Deps } from '../../deps';
import { actions, type MountedFlow, mountFlow, revision, sessionId, typed } from '../../guided/flow';
import { GuidedError } from '../../guided/kernel';
import { SessionNotFound } from '../../guided/repository';
import { PREFIX } from '../../state/keys';
import type { Capabilities } from '../capabilities';
import type { MapPins } from '../reflect';
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
): MountedFlow<MappingSession> & { pins: MapPins } {
  const { content, config } = deps;
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
    copy: (s, now) => summaryText(s, content.mapping, now, wording(content)),
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
          return kit.change(
            turn,
            data.sid,
            { type: 'score', score: data.score, reason: data.reason },
            { draftReason: data.reason.slice(0, 2000) },
            () => done(kit.isGroup(turn) ? m('map-scored', { name: turn.actor.name }) : ''),
          );
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
    },
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
  return { ...flow, pins };
}
