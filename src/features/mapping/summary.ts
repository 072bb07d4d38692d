import { ukDate } from '../../bot/dates';
import type { Wording } from '../../content/pack';
import type { MappingContent } from '../../content/schema';
import { splitParts, TEXT_PART_CHARS } from '../../guided/text';
import {
  type MapItem,
  type MappingSession,
  QUESTIONS,
  type QuestionId,
  SUBHEADINGS,
  type SubheadingId,
  scoreStats,
} from './model';

/** Bytes of card JSON a page of the summary may use for its items, leaving room for the rest. */
export const SUMMARY_ITEM_BUDGET = 16 * 1024;

/** Approximate card bytes one item costs on a summary page (its text, author, and the JSON around it). */
export function itemCost(item: MapItem): number {
  return Buffer.byteLength(item.text, 'utf8') + Buffer.byteLength(item.author.name, 'utf8') + 260;
}

/**
 * Splits the map into summary pages that each fit the card budget, keeping the three columns'
 * order. Nothing is dropped or shortened: a long map simply has more pages.
 */
export function summaryPages(session: MappingSession, budget = SUMMARY_ITEM_BUDGET): MapItem[][] {
  const ordered = orderedItems(session);
  const pages: MapItem[][] = [];
  let current: MapItem[] = [];
  let used = 0;
  for (const item of ordered) {
    const cost = itemCost(item);
    if (current.length > 0 && used + cost > budget) {
      pages.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += cost;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}

/** Items in column order (worries, working well, needs), then sub-heading order, then as added. */
export function orderedItems(session: MappingSession): MapItem[] {
  const rank = (item: MapItem) => {
    const q = QUESTIONS.indexOf(item.question);
    const sub = (SUBHEADINGS[item.question] as readonly SubheadingId[]).indexOf(item.subheading);
    return q * 10 + sub;
  };
  return session.items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i)
    .map(({ item }) => item);
}

/** The titles for each question and sub-heading, from the content pack. */
export function titles(content: MappingContent): {
  questions: Record<QuestionId, string>;
  subheadings: Record<string, string>;
} {
  const questions = Object.fromEntries(content.questions.map((q) => [q.id, q.title])) as Record<QuestionId, string>;
  const subheadings = Object.fromEntries(content.questions.flatMap((q) => q.subheadings.map((s) => [s.id, s.title])));
  return { questions, subheadings };
}

/**
 * The whole map as plain text, for pasting into the case record, split into parts small enough for
 * one Teams message each. Only what the group already saw in the chat is included.
 */
export function summaryText(session: MappingSession, content: MappingContent, now: number, say: Wording): string[] {
  const { questions, subheadings } = titles(content);
  const lines: string[] = [];
  lines.push(say('map-copy-title', { label: session.label }));
  lines.push(say('map-copy-byline', { lead: session.facilitator.name, date: ukDate(now) }));
  lines.push('');
  for (const q of QUESTIONS) {
    lines.push(questions[q].toUpperCase());
    for (const sub of SUBHEADINGS[q]) {
      const items = session.items.filter((i) => i.subheading === sub);
      lines.push(`  ${subheadings[sub] ?? sub}:`);
      if (items.length === 0) lines.push(`    ${say('map-copy-nothing')}`);
      for (const item of items) lines.push(`    - ${item.text.replace(/\n/g, '\n      ')}`);
    }
    lines.push('');
  }
  lines.push(say('map-copy-scale', { title: content.scaling.title.toUpperCase() }));
  lines.push(`  ${content.scaling.zero}`);
  lines.push(`  ${content.scaling.ten}`);
  if (!session.revealed || session.scores.length === 0) {
    lines.push(
      `  ${session.scores.length ? say('map-copy-hidden', { count: session.scores.length }) : say('map-copy-no-scores')}`,
    );
  } else {
    for (const s of session.scores) {
      const who = { name: s.person.name, score: s.score, reason: s.reason };
      lines.push(`  - ${say(s.reason ? 'map-copy-score-reason' : 'map-copy-score', who)}`);
      if (s.higher) lines.push(`    ${say('map-copy-higher', { text: s.higher })}`);
    }
    const stats = scoreStats(session.scores);
    if (stats && stats.count > 1)
      lines.push(
        `  ${say('map-copy-stats', { median: stats.median, spread: stats.spread, min: stats.min, max: stats.max })}`,
      );
  }
  return splitParts(lines.join('\n'), TEXT_PART_CHARS);
}
