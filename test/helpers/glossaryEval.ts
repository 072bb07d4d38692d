import { readFileSync } from 'node:fs';
import { load as parse } from 'js-yaml';
import { BotRouter, normalise } from '../../src/bot/router';
import { registerFeatures } from '../../src/features';
import { GlossarySearch } from '../../src/features/glossary/search';
import { understand } from '../../src/features/glossary/understand';
import { childAge, findGuide, guideForChild } from '../../src/features/guides/match';
import type { TestBot } from './testBot';

/** One labelled question: the term ids a practice lead would accept, best first ([] = out of scope). */
export interface LabelledQuestion {
  q: string;
  expect: string[];
  kind: string;
  who?: string;
}

/** What the bot did with one question, in terms of glossary ids. */
export interface Judged extends LabelledQuestion {
  long: boolean;
  /** Terms whose definition (term, comparison or tool card) was shown. */
  shown: string[];
  /** Terms offered as choices. */
  offered: string[];
  /** The feature that answered. */
  feature: string;
  rightFirst: boolean;
  shownOrOffered: boolean;
  wrong: boolean;
  honestNoMatch: boolean;
  /** Out of scope and told "I don't have that term yet" (rather than offered choices). */
  saidNotYet: boolean;
}

export function readQuestions(file: string): LabelledQuestion[] {
  const raw = parse(readFileSync(file, 'utf8')) as { queries: LabelledQuestion[] };
  return raw.queries.map((q) => ({ ...q, expect: q.expect ?? [] }));
}

/** Features whose answer to a question starts a session: never a right answer to a glossary question. */
const SESSION_FEATURES = new Set(['mapping', 'supervision']);

/**
 * Sends each question through the bot's real routing (commands, intents, near-miss commands, the
 * glossary fallback) and reads the outcome as ids: what the person would see first, and what was offered.
 */
export function judge(bot: TestBot, questions: LabelledQuestion[]): Judged[] {
  const router = new BotRouter();
  registerFeatures(router, bot.deps);
  const { content } = bot.deps;
  const search = new GlossarySearch(content.glossary.terms, content.glossaryWords);
  return questions.map((question) => {
    let shown: string[] = [];
    let offered: string[] = [];
    let saidNotYet = false;
    const route = router.routeMessage(question.q);
    let feature = route?.feature ?? 'none';
    let glossaryText: string | undefined;
    if (route?.feature === 'glossary') {
      const isFallback = route.args === question.q.trim();
      const near = isFallback ? router.nearCommand(question.q) : undefined;
      if (near && search.search(question.q).kind !== 'answer') feature = near.feature;
      else glossaryText = route.args || undefined;
    }
    if (feature === 'guides') {
      const said = normalise(question.q);
      const guide = findGuide(content.guides, said) ?? guideForChild(content.guides, said);
      const term = guide && content.glossary.terms.find((t) => t.guide === guide.id);
      if (term) shown = [term.id];
      const age = childAge(said);
      if (guide?.id === 'three-houses' && age && age.years < 7) shown.push('wizards-and-fairies');
    }
    if (glossaryText) {
      const outcome = understand(search, glossaryText);
      if (outcome.kind === 'answer' || outcome.kind === 'same') shown = [outcome.term.id];
      else if (outcome.kind === 'compare') shown = outcome.terms.map((t) => t.id);
      else if (outcome.kind === 'choices') offered = outcome.terms.map((t) => t.id);
      else {
        // "I don't have that term yet", with the nearest terms as buttons under it.
        saidNotYet = true;
        offered = outcome.suggestions.map((t) => t.id);
      }
    }
    const expect = question.expect;
    const inScope = expect.length > 0;
    const wrong =
      shown.some((id) => !expect.includes(id)) && !(feature === 'guides' && shown.some((id) => expect.includes(id)));
    const rightFirst = inScope && shown.length > 0 && !wrong;
    return {
      ...question,
      long: question.q.trim().split(/\s+/).length >= 9,
      shown,
      offered,
      feature,
      rightFirst,
      shownOrOffered: inScope && [...shown, ...offered].some((id) => expect.includes(id)),
      wrong,
      honestNoMatch: !inScope && shown.length === 0 && !SESSION_FEATURES.has(feature),
      saidNotYet: !inScope && saidNotYet,
    };
  });
}

export interface Figures {
  answerable: number;
  outOfScope: number;
  rightFirst: number;
  shownOrOffered: number;
  wrong: number;
  honestNoMatch: number;
  saidNotYet: number;
}

export function figures(judged: Judged[]): Figures {
  const inScope = judged.filter((j) => j.expect.length > 0);
  const out = judged.filter((j) => j.expect.length === 0);
  return {
    answerable: inScope.length,
    outOfScope: out.length,
    rightFirst: inScope.filter((j) => j.rightFirst).length,
    shownOrOffered: inScope.filter((j) => j.shownOrOffered).length,
    wrong: judged.filter((j) => j.wrong).length,
    honestNoMatch: out.filter((j) => j.honestNoMatch).length,
    saidNotYet: out.filter((j) => j.saidNotYet).length,
  };
}

const pct = (n: number, of: number) => (of === 0 ? '   -  ' : `${((100 * n) / of).toFixed(1).padStart(5)}%`);

/** A table of every figure, for all questions, by length (<9 words, 9 or more) and by kind. */
export function report(title: string, judged: Judged[]): string {
  const rows: [string, Judged[]][] = [
    ['all', judged],
    ['short (<9 words)', judged.filter((j) => !j.long)],
    ['long (>=9 words)', judged.filter((j) => j.long)],
    ...[...new Set(judged.map((j) => j.kind))]
      .sort()
      .map((k): [string, Judged[]] => [`kind ${k}`, judged.filter((j) => j.kind === k)]),
  ];
  const lines = [
    title,
    'group                      n  ans  oos  right-first     shown/offered   wrong          honest-no-match  said-not-yet',
  ];
  for (const [name, js] of rows) {
    const f = figures(js);
    lines.push(
      `${name.padEnd(24)} ${String(js.length).padStart(3)} ${String(f.answerable).padStart(4)} ${String(f.outOfScope).padStart(4)}  ` +
        `${`${f.rightFirst}/${f.answerable}`.padStart(7)} ${pct(f.rightFirst, f.answerable)}  ` +
        `${`${f.shownOrOffered}/${f.answerable}`.padStart(7)} ${pct(f.shownOrOffered, f.answerable)}  ` +
        `${`${f.wrong}/${js.length}`.padStart(7)} ${pct(f.wrong, js.length)}  ` +
        `${`${f.honestNoMatch}/${f.outOfScope}`.padStart(7)} ${pct(f.honestNoMatch, f.outOfScope)}  ` +
        `${`${f.saidNotYet}/${f.outOfScope}`.padStart(7)}`,
    );
  }
  return lines.join('\n');
}

/** Each question that missed a target, for reading (not for tuning on a blind set). */
export function misses(judged: Judged[]): string[] {
  return judged
    .filter((j) => (j.expect.length > 0 && !j.rightFirst) || j.wrong || (j.expect.length === 0 && !j.honestNoMatch))
    .map(
      (j) =>
        `${j.kind}${j.long ? ' long' : ''}: "${j.q}" expect [${j.expect.join(', ')}] -> ${j.feature} shown [${j.shown.join(', ')}] offered [${j.offered.join(', ')}]`,
    );
}
