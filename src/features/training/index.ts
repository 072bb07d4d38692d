import type { BotRouter } from '../../bot/router';
import { card, type Reply } from '../../bot/turn';
import { cardTemplate, renderCard } from '../../cards';
import type { Deps } from '../../deps';

interface TrainingCardData {
  intro: string;
  links: { title: string; description: string; url: string; style: 'emphasis' | 'default' }[];
  primary: { title: string; url: string };
}

const TRAINING = cardTemplate<TrainingCardData>('training');

/**
 * The training card: video briefing, booking the half-day briefing, toolkit and resources, from the
 * content pack. A question that mentions one of them ("how do I book…") puts that link first.
 */
export function register(router: BotRouter, deps: Deps, namesTerm: (said: string) => boolean = () => false): void {
  const { training } = deps.content;

  const trainingCard = (question = ''): Reply => {
    const q = ` ${question.toLowerCase()} `;
    const score = (keywords: string[]) => keywords.filter((k) => q.includes(k)).length;
    const ranked = training.links
      .map((link, i) => ({ link, i, score: score(link.keywords) }))
      .sort((a, b) => b.score - a.score || a.i - b.i);
    const best = ranked[0];
    const highlighted = best && best.score > 0 ? best.link.id : undefined;
    return card(
      renderCard(TRAINING, {
        intro: training.intro,
        links: ranked.map(({ link }) => ({
          title: link.title,
          description: link.description,
          url: link.url,
          style: link.id === highlighted ? 'emphasis' : 'default',
        })),
        // The button repeats the link the question asked for; with no such link, the list is enough.
        primary: highlighted && best ? { title: best.link.title, url: best.link.url } : { title: '', url: '' },
      }),
    );
  };

  router.command(
    'training',
    ['training', 'train', 'resources', 'courses', 'course', 'briefing', 'book', 'booking', 'video'],
    async (turn) => [trainingCard(turn.text)],
    { askedAbout: 'self' },
  );
  // One pattern for every trigger, compiled once (not one RegExp per trigger per message).
  const triggers = new RegExp(`(^|[^a-z])(${training.triggers.map(escapeRegExp).join('|')})([^a-z]|$)`);
  router.intent(
    'training',
    (said) =>
      training.triggers.length > 0 &&
      triggers.test(said) &&
      !ASKS_WHAT_IT_MEANS.test(said) &&
      // "a strategy meeting before the training session, what is it": a term named in the question beats a
      // training word, unless the question asks for training itself ("book onto the safety planning course").
      (ASKS_FOR_TRAINING.test(said) || !namesTerm(said)),
    async (turn) => [trainingCard(turn.text)],
  );
}

/**
 * "What does it mean when they say the family is in training", "we were told in training ..., what does
 * judgement mean": a question about what something is goes to the glossary, not the training card.
 */
const ASKS_WHAT_IT_MEANS = /\bwhat (?:does|do|did|would) .{0,80}\bmeans?\b|\b(?:meaning|definition) of\b/;

/** A request for training itself: booking, a course, a video, training on or about something. */
const ASKS_FOR_TRAINING =
  /\b(?:book|booking|booked|sign up|signing up|enrol|enroll|register|course|courses|video|videos|webinar|e-?learning|briefing|resources|training (?:on|in|for|about|dates?|sessions? (?:on|in|for|about))|(?:any|is there|are there|get|find|access|attend|do|need) (?:some |any |the |more )?training)\b/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
