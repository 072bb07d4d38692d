import type { NoticeStyle } from '../../cards';
import { type AdaptiveCard, CardError, cardTemplate, renderCard } from '../../cards';
import type { StatementKind, StatementParts } from './statement';

/** Container styles a notice can take. */
export type { NoticeStyle };
/** A message shown above the boxes; templates show it as plain text. */
export interface Notice {
  text: string;
  style: NoticeStyle;
}

/** Data for both builder cards: the parts as typed (kept through every refusal) and the draft. */
export interface BuilderCardData {
  notices: Notice[];
  /** Opened from a danger statement's "Write the paired safety goal". */
  paired: boolean;
  parts: StatementParts;
  /** The assembled statement ('' until there is one); user text, so templates show it as plain text. */
  draft: string;
  /** Every required part is there and none is too long: copying and scaling are offered. */
  complete: boolean;
  offerPair: boolean;
  offerScale: boolean;
}

/** One template per kind: the parts asked for differ, the data does not. */
export const BUILDER_CARDS: Record<StatementKind, ReturnType<typeof cardTemplate<BuilderCardData>>> = {
  'danger-statement': cardTemplate<BuilderCardData>('builder-danger-statement'),
  'safety-goal': cardTemplate<BuilderCardData>('builder-safety-goal'),
};

/** Most of each part echoed back, tried in turn until the card fits: real clients send at most 600. */
const KEEP_CHARS = [2000, 1000, 600];

/**
 * The builder card for a kind of statement. Every part the person typed is shown back in its box;
 * only a tampered payload far beyond the limits can be cut, and then only as much as the card needs.
 */
export function builderCard(kind: StatementKind, data: BuilderCardData): AdaptiveCard {
  for (const [i, max] of KEEP_CHARS.entries()) {
    const parts = Object.fromEntries(
      Object.entries(data.parts).map(([k, v]) => [k, v.slice(0, max)]),
    ) as StatementParts;
    try {
      return renderCard(BUILDER_CARDS[kind], { ...data, parts });
    } catch (err) {
      if (!(err instanceof CardError && err.reason === 'too-large') || i === KEEP_CHARS.length - 1) throw err;
    }
  }
  throw new Error('unreachable: the last attempt rethrows');
}
