import { z } from 'zod';
import { type BotRouter, normalise } from '../../bot/router';
import { type ActionOutcome, type ActionTurn, card, type MessageTurn, type Reply, text } from '../../bot/turn';
import { type AdaptiveCard, cardTemplate, renderCard } from '../../cards';
import { say } from '../../content/pack';
import type { Guide } from '../../content/schema';
import type { Deps } from '../../deps';
import type { Capabilities } from '../capabilities';
import { asksHowTo, childAge, findGuide, guideForChild } from './match';

/** Steps always shown on a guide's card. */
const FIRST_STEPS = 4;

/** Data for one guide's card. */
export interface GuideCardData {
  title: string;
  summary: string;
  /** A note for this asker (a young child with Three Houses); '' for none. */
  note: string;
  whenToUse: string;
  /** The first steps, always shown; the rest behind a "Steps 5 to 8" toggle, so the card stays short. */
  steps: { no: number; text: string }[];
  moreSteps: { no: number; text: string }[];
  /** The toggle's words ("Steps 5 to 8"); '' when every step is shown. */
  moreStepsLabel: string;
  tips: { text: string }[];
  learnMore: { title: string; url: string };
  source: string;
  /** The glossary term explaining this tool, when the glossary can show it; '' for none. */
  glossaryId: string;
}

/** Data for the list of guides. */
export interface GuidesCardData {
  notice: string;
  guides: { id: string; title: string; summary: string }[];
}

/** The card for one guide, and the list of all guides. */
export const GUIDE = cardTemplate<GuideCardData>('guide');
export const GUIDES = cardTemplate<GuidesCardData>('guides');

/** Children younger than this are pointed to the Three Houses tip for younger children. */
const THREE_HOUSES_MIN_AGE = 7;
/** Longest tool name echoed back when there is no guide for it. */
const ECHO_CHARS = 60;

const showSchema = z.object({ id: z.string().max(80), replace: z.boolean().optional() });
const listSchema = z.object({ replace: z.boolean().optional() });

/**
 * Practice-tool guides: `tools` lists the guides in src/content/guides.yaml; `guide <name>`, a button,
 * or a how-to question ("how do I do three houses with a 6 year old") shows one, step by step.
 * Questions that are not how-tos ("what is three houses") stay with the glossary.
 */
export function register(router: BotRouter, deps: Deps, caps: Capabilities): void {
  const { content } = deps;
  const guides = content.guides;
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);

  const listCard = (notice = ''): AdaptiveCard =>
    renderCard(GUIDES, {
      notice,
      guides: guides.map((g) => ({ id: g.id, title: g.title, summary: g.summary })),
    });

  /** Steps 1 to 4 on the card; any after them behind a toggle (a guide of 8 steps was ~800 px tall at 450 px). */
  const stepsShown = (all: string[]) => {
    const numbered = all.map((text, i) => ({ no: i + 1, text }));
    const first = numbered.slice(0, FIRST_STEPS);
    const more = numbered.slice(FIRST_STEPS);
    return {
      steps: first,
      moreSteps: more,
      moreStepsLabel: more.length ? say(content, 'guide-more-steps', { from: FIRST_STEPS + 1, to: all.length }) : '',
    };
  };

  /** The guide's card; `question` (what the person typed) can add a note for a young child. */
  const guideCard = (guide: Guide, question = ''): AdaptiveCard => {
    const term = content.glossary.terms.find((t) => t.guide === guide.id);
    return renderCard(GUIDE, {
      title: guide.title,
      summary: guide.summary,
      note: youngChildNote(guide, question),
      whenToUse: guide.whenToUse,
      ...stepsShown(guide.steps),
      tips: guide.tips.map((tip) => ({ text: tip })),
      learnMore: guide.learnMore,
      source: guide.source.name,
      glossaryId: term && caps.has('glossary') ? term.id : '',
    });
  };

  /** Only what the guide itself says: its tip for younger children, when the child is under 7. */
  const youngChildNote = (guide: Guide, question: string): string => {
    if (guide.id !== 'three-houses') return '';
    const age = childAge(normalise(question));
    const tip = guide.tips.find((t) => /wizard|fair(y|ies)/i.test(t));
    if (!age || age.years >= THREE_HOUSES_MIN_AGE || !tip) return '';
    const said =
      age.months !== undefined
        ? m('guide-age-months', { months: age.months })
        : m('guide-age-years', { years: age.years });
    return m('guide-young-child', { age: said, tip });
  };

  /** `tools`, or `guide three houses`: the list, that guide, or the list saying honestly there is no such guide. */
  const byName = async (_turn: MessageTurn, args: string): Promise<Reply[]> => {
    if (!args.trim()) return [card(listCard())];
    const guide = findGuide(guides, normalise(args));
    if (guide) return [card(guideCard(guide, args))];
    const name = args.trim().replace(/\s+/g, ' ').slice(0, ECHO_CHARS);
    return [card(listCard(m('guide-not-found', { name })))];
  };

  router.command('guides', ['tools', 'practice tools', 'guides', 'guide', 'tool'], byName, {
    takesArgs: true,
    letComparisonsThrough: true,
    askedAbout: 'self',
  });
  router.intent(
    'guides',
    // A how-to, or a tool asked about for a child of a given age ("3 houses for a 5 year old?").
    // Or a need described for a young child without naming a tool ("how do I get a 4 year old's views").
    (said) =>
      ((asksHowTo(said) || childAge(said) !== undefined) && findGuide(guides, said) !== undefined) ||
      guideForChild(guides, said) !== undefined,
    async (turn) => {
      const said = normalise(turn.text);
      const guide = findGuide(guides, said) ?? guideForChild(guides, said);
      return guide ? [card(guideCard(guide, turn.text))] : [card(listCard())];
    },
  );

  router.action('guides', 'guides', async (turn: ActionTurn): Promise<ActionOutcome> => {
    switch (turn.verb) {
      case 'guides.show': {
        const data = showSchema.safeParse(turn.data);
        if (!data.success) return { replies: [text(m('malformed-action')), card(listCard())] };
        const guide = guides.find((g) => g.id === data.data.id);
        if (!guide) return { replies: [card(listCard(m('guide-unknown')))] };
        return data.data.replace ? { card: guideCard(guide) } : { replies: [card(guideCard(guide))] };
      }
      case 'guides.list': {
        const data = listSchema.safeParse(turn.data);
        const replace = data.success && data.data.replace === true;
        return replace ? { card: listCard() } : { replies: [card(listCard())] };
      }
      default:
        return { replies: [text(m('unknown-action'))] };
    }
  });
}
