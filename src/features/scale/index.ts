import { z } from 'zod';
import type { BotRouter } from '../../bot/router';
import { type ActionOutcome, type ActionTurn, card, type Reply, text } from '../../bot/turn';
import type { AdaptiveCard } from '../../cards';
import { type ContentPack, say } from '../../content/pack';
import type { Deps } from '../../deps';
import { identifierWarning } from '../../privacy/guard';
import { guardedText, payloadWarning } from '../../privacy/guarded';
import { type Notice, ScaleCards } from './cards';
import {
  checkRound,
  draft,
  findPreset,
  fromPreset,
  type ScaleDraft,
  type ScaleProblem,
  type ScaleRound,
  type ScaleStep,
  scaleText,
} from './model';

/** Free text from a card: normalised and guarded; the model applies the real limits with a kind message. */
const typed = guardedText();
const scoreValue = z
  .union([z.string().max(20), z.number()])
  .optional()
  .transform((v) => (v === undefined ? '' : String(v)));
const question = { question: typed, zero: typed, ten: typed, about: typed };

/** Every card action's payload, parsed before it reaches the model. */
const actionSchemas = {
  'scale.start': z.object({}),
  'scale.ask': z.object({ preset: z.string().max(40).optional(), ...question }),
  'scale.score': z.object({ ...question, score: scoreValue, reason: typed }),
  'scale.higher': z.object({ ...question, score: scoreValue, reason: typed, higher: typed }),
  'scale.copy': z.object({ ...question, score: scoreValue, reason: typed, higher: typed }),
} as const;
type Verb = keyof typeof actionSchemas;

/** The step each verb submits, so a refusal shows the card the person was looking at. */
const STEP_OF: Record<Exclude<Verb, 'scale.start'>, ScaleStep> = {
  'scale.ask': 'setup',
  'scale.score': 'score',
  'scale.higher': 'higher',
  'scale.copy': 'higher',
};

/**
 * The scaling tool: `scale` sets up a 0-10 question (ready-made or the person's own, with what 0 and
 * 10 mean), then asks for a number and why, then what one point higher would look like, and offers
 * the whole round as text. Stateless: the round travels in the card, and every step re-checks it.
 */
export function register(router: BotRouter, deps: Deps): void {
  const { content } = deps;
  const scales = content.scales;
  const cards = new ScaleCards(content, scales);
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);

  const explain = (p: ScaleProblem): Notice => {
    switch (p.code) {
      case 'Missing':
        return {
          text:
            p.field === 'question'
              ? m('scale-missing-question')
              : m('scale-missing-anchor', { anchor: p.field === 'zero' ? 0 : 10 }),
          style: 'attention',
        };
      case 'TooLong':
        return {
          text: m('scale-too-long', { field: m(`scale-field-${p.field}`), length: p.length, max: p.max }),
          style: 'attention',
        };
      case 'OutOfRange':
        return { text: m('scale-out-of-range'), style: 'attention' };
    }
  };

  /** The card for the latest step up to `wanted` that the draft can reach, with the person's text kept. */
  const refusalCard = (d: ScaleDraft, wanted: ScaleStep, notices: Notice[]): AdaptiveCard => {
    if (wanted === 'setup' || !checkRound(d, 'setup').ok) return cards.setup(d, notices);
    const scored = checkRound(d, 'score');
    if (wanted === 'score' || !scored.ok) return cards.score(d, notices);
    return cards.result(scored.round, d, false, notices);
  };

  /** Checks every step up to `step`; on a problem, the card where it can be put right. */
  const advance = (d: ScaleDraft, step: ScaleStep, ok: (round: ScaleRound) => ActionOutcome): ActionOutcome => {
    const check = checkRound(d, step);
    return check.ok ? ok(check.round) : { card: refusalCard(d, check.step, check.problems.map(explain)) };
  };

  /** `scale` alone sets up a question; `scale confidence` asks a ready-made one; other words start your own. */
  const setupCard = (args: string): Reply => {
    const preset = args ? findPreset(scales.presets, args) : undefined;
    if (preset) return card(cards.score(fromPreset(preset)));
    return card(cards.setup(draft({ question: args.trim() })));
  };

  router.command(
    'scale',
    ['scale', 'scaling question', 'new scale', 'scale it'],
    async (_turn, args) => [setupCard(args)],
    // "scale?" and "scale vs scaling" are questions for the glossary; "scale how worried are we…" is a scale.
    // "scale meaning" asks what scaling is: the glossary's card.
    { takesArgs: true, letComparisonsThrough: true, askedAbout: 'glossary' },
  );

  router.action('scale', 'scale', async (turn: ActionTurn): Promise<ActionOutcome> => {
    const verb = turn.verb as Verb;
    const schema = actionSchemas[verb];
    if (!schema) return { replies: [text(m('unknown-action'))] };
    if (verb === 'scale.start') return { replies: [card(cards.setup(draft()))] };
    const parsed = schema.safeParse(turn.data);
    if (!parsed.success) {
      const notice: Notice = { text: m('malformed-action'), style: 'attention' };
      return { card: refusalCard(lenientDraft(turn.data), STEP_OF[verb], [notice]) };
    }
    const data = parsed.data as Partial<ScaleDraft> & { preset?: string };
    const d = draft(data);
    // Every guarded text field, checked once: the round is shown back and may be posted as text.
    const warning = payloadWarning(deps.content, schema, data, { allowOverride: false });
    if (warning) return { card: refusalCard(d, STEP_OF[verb], [{ text: warning, style: 'attention' }]) };

    switch (verb) {
      case 'scale.ask': {
        if (data.preset) {
          const preset = scales.presets.find((p) => p.id === data.preset);
          if (!preset) return { card: cards.setup(d, [{ text: m('scale-unknown-preset'), style: 'attention' }]) };
          const asked = fromPreset(preset, d.about);
          return advance(asked, 'setup', () => ({ card: cards.score(asked) }));
        }
        return advance(d, 'setup', () => ({ card: cards.score(d) }));
      }
      case 'scale.score':
        return advance(d, 'score', (round) => ({ card: cards.result(round, d, false) }));
      case 'scale.higher':
        return advance(d, 'higher', (round) => ({ card: cards.result(round, d, true) }));
      case 'scale.copy':
        return advance(d, 'higher', (round) => {
          // Posting puts the text into the chat, where everyone in it can read it: check it first.
          const warning = identifierWarning(deps.content, [scaleText(round, m)], { allowOverride: false });
          return { replies: [text(warning ?? m('scale-copy-intro')), ...(warning ? [] : [text(scaleText(round, m))])] };
        });
    }
  });
}

/** The text fields of a payload that failed its schema, so a refusal can still show what was typed. */
function lenientDraft(data: Record<string, unknown>): ScaleDraft {
  const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  return draft({
    question: s(data.question),
    zero: s(data.zero),
    ten: s(data.ten),
    about: s(data.about),
    score: s(data.score),
    reason: s(data.reason),
    higher: s(data.higher),
  });
}

/** A scaling card set up for a finished danger statement or safety goal (the builder's "Scale it"). */
export function statementScaler(
  content: ContentPack,
): (kind: keyof ContentPack['scales']['statements'], draft: string) => AdaptiveCard {
  const cards = new ScaleCards(content, content.scales);
  return (kind, draft) => cards.setup(fromPreset(content.scales.statements[kind], draft));
}
