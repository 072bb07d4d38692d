import { z } from 'zod';
import { type BotRouter, normalise } from '../../bot/router';
import { type ActionOutcome, type ActionTurn, card, type Reply, text } from '../../bot/turn';
import type { AdaptiveCard } from '../../cards';
import { say } from '../../content/pack';
import { BUILDER_KINDS } from '../../content/schema';
import type { Deps } from '../../deps';
import { identifierWarning } from '../../privacy/guard';
import { guardedText, payloadWarning } from '../../privacy/guarded';
import type { Capabilities } from '../capabilities';
import { builderCard, type Notice } from './cards';
import {
  ALL_PARTS,
  checkStatement,
  emptyParts,
  type PartId,
  STATEMENT_PARTS,
  type StatementCheck,
  type StatementKind,
  type StatementParts,
  type StatementProblem,
} from './statement';

/** Free text from a card input: normalised and guarded; the model applies the real limit with a kind message. */
const typed = guardedText();
const kind = z.enum(BUILDER_KINDS);
const partsShape = Object.fromEntries(ALL_PARTS.map((p) => [p, typed])) as Record<PartId, typeof typed>;

/** Every card action's payload, parsed before it reaches the model. */
const startSchema = z.object({ kind, worries: typed, paired: z.boolean().optional().default(false) });
const partsSchema = z.object({ kind, paired: z.boolean().optional().default(false), ...partsShape });
const VERBS = ['builder.start', 'builder.check', 'builder.copy', 'builder.scale'] as const;
type Verb = (typeof VERBS)[number];

/** Typed commands that open a builder. */
const COMMANDS: Record<StatementKind, string[]> = {
  'danger-statement': [
    'build a danger statement',
    'danger statement builder',
    'write a danger statement',
    'build a worry statement',
    'write a worry statement',
  ],
  'safety-goal': [
    'write a safety goal',
    'build a safety goal',
    'safety goal builder',
    'build a success goal',
    'write a success goal',
    'build a wellbeing goal',
  ],
};

const BUILD_VERB =
  /\b(build|building|write|writing|draft|drafting|create|creating|make|making|construct|compose|put together)\b|\bhelp me (with|write|build|draft|do|make|create|put)\b/;
const STATEMENT_WORDS = /\b(danger|worry) statements?\b/;
const GOAL_WORDS = /\b(safety|success|wellbeing|well-being) goals?\b/;
/** "what a harm statement is and when I should write one": a question for the glossary, not a request to build. */
const ASKS_WHAT_IT_IS =
  /\bwhat(?:'s| is| are|s)? (?:an? |the )?[a-z-]+(?: [a-z-]+)? (?:statements?|goals?)(?: is| are| means?)?\b|\bwhat (?:an? |the )?[a-z-]+(?: [a-z-]+)? (?:statements?|goals?) (?:is|are|means?)\b|\b(?:meaning|definition) of\b|\bwhat (?:does|do|did) .{0,60}\b(?:statements?|goals?) means?\b/;

/**
 * Which builder a free-text request is asking for: it must name a statement or goal *and* ask for one
 * to be made ("help me write a danger statement"), so "danger statement" or "what is a safety goal"
 * stay glossary questions. When both are named, the first one mentioned wins.
 */
export function builderRequested(said: string): StatementKind | undefined {
  if (!BUILD_VERB.test(said) || ASKS_WHAT_IT_IS.test(said)) return undefined;
  const statement = said.search(STATEMENT_WORDS);
  const goal = said.search(GOAL_WORDS);
  if (statement < 0 && goal < 0) return undefined;
  if (goal < 0 || (statement >= 0 && statement < goal)) return 'danger-statement';
  return 'safety-goal';
}

/**
 * The danger statement and safety goal builder: a card asks for each part, "Check and assemble"
 * puts them together in plain English and says kindly what is missing or worth another look, and a
 * finished statement can be copied as text, paired with a safety goal, or scaled. Nothing is stored:
 * the parts travel in the card's inputs.
 */
/** The scaling tool's card for a finished statement, handed in by whoever mounts the features. */
export type StatementScaler = (kind: StatementKind, draft: string) => AdaptiveCard;

export function register(router: BotRouter, deps: Deps, caps: Capabilities, scaler?: StatementScaler): void {
  const { content } = deps;
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);
  const partName = (p: PartId) => m(`builder-part-${p}`);

  const problemNotice = (p: StatementProblem, k: StatementKind): Notice => {
    switch (p.code) {
      case 'TooLong':
        return {
          text: m('builder-too-long', { part: partName(p.part), length: p.length, max: p.max }),
          style: 'attention',
        };
      case 'Missing':
        return {
          text: m('builder-missing', { name: m(`builder-name-${k}`), parts: listOf(p.parts.map(partName)) }),
          style: 'attention',
        };
      case 'LooksLikeLabel':
        return { text: m('builder-label'), style: 'warning' };
      case 'TooShort':
        return { text: m('builder-short'), style: 'warning' };
      case 'NoChild':
        return { text: m('builder-no-child'), style: 'warning' };
      case 'NoEvidence':
        return { text: m('builder-no-evidence'), style: 'warning' };
      case 'NoDuration':
        return { text: m('builder-no-duration'), style: 'warning' };
      case 'ServicesOnly':
        return { text: m('builder-services-only'), style: 'warning' };
    }
  };

  /** "a, b and c", with the joining word from the content pack. */
  const listOf = (items: string[]): string =>
    items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${m('builder-list-and')} ${items.at(-1)}`;

  const checkNotices = (k: StatementKind, parts: StatementParts, check: StatementCheck): Notice[] => {
    const nothingTyped = STATEMENT_PARTS[k].every((p) => parts[p].trim() === '');
    if (nothingTyped) return [{ text: m('builder-missing-all', { name: m(`builder-name-${k}`) }), style: 'default' }];
    const lead: Notice[] = check.complete
      ? [{ text: m(check.flags.length ? 'builder-complete-with-flags' : 'builder-complete'), style: 'good' }]
      : [];
    return [...lead, ...check.blocking.map((p) => problemNotice(p, k)), ...check.flags.map((p) => problemNotice(p, k))];
  };

  const cardFor = (
    k: StatementKind,
    parts: StatementParts,
    options: { notices?: Notice[]; paired?: boolean; check?: StatementCheck } = {},
  ): AdaptiveCard =>
    builderCard(k, {
      notices: options.notices ?? [],
      paired: options.paired ?? false,
      parts,
      draft: options.check?.draft ?? '',
      complete: options.check?.complete ?? false,
      offerPair: k === 'danger-statement',
      offerScale: caps.has('scale'),
    });

  /** A fresh builder, optionally with the worries already filled in (from a map, say). */
  const start = (k: StatementKind, worries = '', paired = false): AdaptiveCard => {
    const parts = emptyParts(k === 'danger-statement' ? { worry: worries } : {});
    const tooLong = checkStatement(k, parts, m).blocking.filter((p) => p.code === 'TooLong');
    return cardFor(k, parts, { paired, notices: tooLong.map((p) => problemNotice(p, k)) });
  };

  for (const k of BUILDER_KINDS) router.command('builder', COMMANDS[k], async () => [card(start(k))]);
  router.intent(
    'builder',
    (said) => builderRequested(said) !== undefined,
    async (turn): Promise<Reply[]> => [card(start(builderRequested(normalise(turn.text)) ?? 'danger-statement'))],
  );

  router.action('builder', 'builder', async (turn: ActionTurn): Promise<ActionOutcome> => {
    const verb = turn.verb as Verb;
    if (!VERBS.includes(verb)) return { replies: [text(m('unknown-action'))] };

    if (verb === 'builder.start') {
      const data = startSchema.safeParse(turn.data);
      if (!data.success) return { replies: [text(m('malformed-action')), card(start(guessKind(turn.data)))] };
      return { replies: [card(start(data.data.kind, data.data.worries, data.data.paired))] };
    }

    const data = partsSchema.safeParse(turn.data);
    if (!data.success) {
      // Keep whatever text did arrive, in the card it most likely came from.
      const k = guessKind(turn.data);
      return {
        card: cardFor(k, lenientParts(turn.data), { notices: [{ text: m('malformed-action'), style: 'attention' }] }),
      };
    }
    const k = data.data.kind;
    const parts = emptyParts(data.data);
    // Every part, checked once: the statement can be copied into the chat or scaled.
    const warning = payloadWarning(deps.content, partsSchema, data.data, { allowOverride: false });
    if (warning)
      return {
        card: cardFor(k, parts, { paired: data.data.paired, notices: [{ text: warning, style: 'attention' }] }),
      };
    const check = checkStatement(k, parts, m);
    const again = (): ActionOutcome => ({
      card: cardFor(k, parts, { check, paired: data.data.paired, notices: checkNotices(k, parts, check) }),
    });

    switch (verb) {
      case 'builder.check':
        return again();
      case 'builder.copy': {
        if (!check.complete) return again();
        // Posting puts the text into the chat, where everyone in it can read it: check it first.
        const warning = identifierWarning(deps.content, [check.draft], { allowOverride: false });
        if (warning) {
          return {
            card: cardFor(k, parts, {
              check,
              paired: data.data.paired,
              notices: [{ text: warning, style: 'attention' }],
            }),
          };
        }
        return { replies: [text(m('builder-copy-intro', { name: m(`builder-name-${k}`) })), text(check.draft)] };
      }
      case 'builder.scale':
        if (!check.complete) return again();
        if (!scaler || !caps.has('scale')) return { replies: [text(m('builder-scale-unavailable'))] };
        return { replies: [card(scaler(k, check.draft))] };
    }
  });
}

/** The kind a malformed payload most likely came from: its own `kind` if valid, else the parts it carries. */
function guessKind(data: Record<string, unknown>): StatementKind {
  const parsed = kind.safeParse(data.kind);
  if (parsed.success) return parsed.data;
  return STATEMENT_PARTS['safety-goal'].some((p) => typeof data[p] === 'string' && data[p] !== '')
    ? 'safety-goal'
    : 'danger-statement';
}

/** The text parts of a payload that failed its schema, so a refusal still shows what was typed. */
function lenientParts(data: Record<string, unknown>): StatementParts {
  return emptyParts(
    Object.fromEntries(ALL_PARTS.map((p) => [p, typeof data[p] === 'string' ? (data[p] as string) : ''])),
  );
}
