import type { NoticeStyle } from '../../cards';
import { type AdaptiveCard, cardTemplate, firstThatFits, renderCard } from '../../cards';
import { type ContentPack, say } from '../../content/pack';
import type { ScalesContent } from '../../content/scales';
import { nextPoint, SCALE_LIMITS, type ScaleDraft, type ScaleRound } from './model';

/** Container styles a notice can take. */
export type { NoticeStyle };
/** A message shown at the top of a card; its text may quote the user, so templates show it as plain text. */
export interface Notice {
  text: string;
  style: NoticeStyle;
}

interface Shown {
  about: string;
  /** Shown under `about` when it had to be shortened to fit the card (the full text stays in the data). */
  aboutNote: string;
}

/** Data for the set-up card: ready-made questions, or the person's own question and ends. */
export interface ScaleSetupCardData {
  notices: Notice[];
  /** What the scale is about, in full: it sits in an input box, so it is never shortened. */
  about: string;
  presets: { id: string; title: string; question: string; zero: string; ten: string; basis: string }[];
  question: string;
  zero: string;
  ten: string;
}

/** The question, its ends and what it is about, exactly as carried in the card's action data. */
export interface ScaleCarried {
  question: string;
  zero: string;
  ten: string;
  about: string;
}

/** Data for the card asking for a number and why. */
export interface ScaleScoreCardData extends Shown {
  notices: Notice[];
  carried: ScaleCarried;
  question: string;
  zero: string;
  ten: string;
  score: string;
  reason: string;
  choices: { title: string; value: string }[];
}

/** Data for the card with the number and reason: asking "one point higher", or (final) showing it all. */
export interface ScaleResultCardData extends Shown {
  notices: Notice[];
  carried: ScaleCarried & { score: string; reason: string; higher: string };
  question: string;
  zero: string;
  ten: string;
  score: number;
  reason: string;
  higher: string;
  higherPrompt: string;
  final: boolean;
}

/** The three scaling cards, one per step: set up, score, result (and the final card). */
export const SCALE_SETUP = cardTemplate<ScaleSetupCardData>('scale-setup');
export const SCALE_SCORE = cardTemplate<ScaleScoreCardData>('scale-score');
export const SCALE_RESULT = cardTemplate<ScaleResultCardData>('scale-result');

/**
 * What each card tries, fullest first, until it fits Teams' limit. `text` and `about` cap what is echoed
 * back into boxes after a refusal (real clients send far less than the first level, so only a forged
 * payload is ever cut); `shown` caps how much of `about` is displayed, while the card's data keeps it all.
 */
const SETUP_LEVELS = [
  { text: 2000, about: SCALE_LIMITS.about + 2000 },
  { text: 600, about: SCALE_LIMITS.about },
  { text: 200, about: 1200 },
];
const ROUND_LEVELS = [
  { text: 2000, shown: Number.POSITIVE_INFINITY },
  { text: 1000, shown: 600 },
  { text: 600, shown: 200 },
];
const CHOICES = Array.from({ length: 11 }, (_, i) => ({ title: String(i), value: String(i) }));

/** Builds the scaling cards from the content pack and the ready-made questions. */
export class ScaleCards {
  constructor(
    private readonly content: ContentPack,
    private readonly scales: ScalesContent,
  ) {}

  /** The ready-made questions, and boxes for the person's own (filled with `d` after a refusal). */
  setup(d: ScaleDraft, notices: Notice[] = []): AdaptiveCard {
    return firstThatFits(SETUP_LEVELS, (level) =>
      renderCard(SCALE_SETUP, {
        notices,
        about: d.about.slice(0, level.about),
        presets: this.scales.presets.map((p) => ({
          id: p.id,
          title: p.title,
          question: p.question,
          zero: p.zero,
          ten: p.ten,
          basis: say(this.content, p.basis === 'trust' ? 'scale-basis-trust' : 'scale-basis-common'),
        })),
        question: d.question.slice(0, level.text),
        zero: d.zero.slice(0, level.text),
        ten: d.ten.slice(0, level.text),
      }),
    );
  }

  /** The question with its ends, a 0-10 choice and "why that number, and not lower?". Needs a checked question. */
  score(d: ScaleDraft, notices: Notice[] = []): AdaptiveCard {
    return firstThatFits(ROUND_LEVELS, (level) =>
      renderCard(SCALE_SCORE, {
        ...this.about(d.about, level.shown),
        notices,
        carried: { question: d.question, zero: d.zero, ten: d.ten, about: d.about },
        question: d.question,
        zero: d.zero,
        ten: d.ten,
        score: d.score.slice(0, 4),
        reason: d.reason.slice(0, level.text),
        choices: CHOICES,
      }),
    );
  }

  /** The number and reason, then either the "one point higher" box or (final) everything with "Copy as text". */
  result(round: ScaleRound, d: ScaleDraft, final: boolean, notices: Notice[] = []): AdaptiveCard {
    const next = nextPoint(round.score);
    return firstThatFits(ROUND_LEVELS, (level) =>
      renderCard(SCALE_RESULT, {
        ...this.about(round.about, level.shown),
        notices,
        carried: {
          question: round.question,
          zero: round.zero,
          ten: round.ten,
          about: round.about,
          score: String(round.score),
          reason: round.reason,
          higher: round.higher,
        },
        question: round.question,
        zero: round.zero,
        ten: round.ten,
        score: round.score,
        reason: round.reason,
        higher: final ? round.higher : d.higher.slice(0, level.text),
        higherPrompt:
          next === undefined
            ? say(this.content, 'scale-keep-prompt')
            : say(this.content, 'scale-higher-prompt', { next }),
        final,
      }),
    );
  }

  /** `about` as displayed: whole, or shortened with a note saying the full text is still kept. */
  private about(about: string, max: number): Shown {
    const shortened = about.length > max;
    return {
      about: shortened ? `${about.slice(0, max - 1)}…` : about,
      aboutNote: shortened ? say(this.content, 'scale-about-shortened') : '',
    };
  }
}
