import MiniSearch, { type SearchResult } from 'minisearch';
import type { Term } from '../../content/schema';

/** How sure the search is: answer with the term, offer choices, or admit it does not know. */
export type SearchOutcome =
  | { kind: 'answer'; term: Term }
  | { kind: 'choices'; terms: Term[] }
  | { kind: 'none'; suggestions: Term[] };

interface PhraseDoc {
  id: number;
  termId: string;
  phrase: string;
  /** The display name counts a little more than an alias. */
  primary: boolean;
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

const ORDINALS: Record<string, string> = { '1st': 'first', '2nd': 'second', '3rd': 'third', '4th': 'fourth' };

/** Words that carry no meaning in a glossary question; removed from both the index and the query. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'is',
  'are',
  'was',
  'what',
  'whats',
  'does',
  'do',
  'mean',
  'means',
  'meaning',
  'define',
  'definition',
  'explain',
  'tell',
  'me',
  'about',
  'please',
  'term',
  'word',
  'by',
  'in',
  'sofs',
  'i',
  'you',
  'we',
  'it',
  'this',
  'that',
  'to',
  'and',
  'or',
  'for',
  'on',
  'with',
  'our',
  'my',
  'difference',
  'between',
  'versus',
  'vs',
]);

/** Question wrappers stripped before searching ("what does X mean?" -> "X"). */
const WRAPPERS: RegExp[] = [
  /^(?:can you |could you |please )?(?:tell me about|explain|define|describe)\s+/,
  /^what(?:'s| is| are| was| does| do)?\s+(?:the\s+)?(?:meaning of|definition of)\s+/,
  /^what(?:'s| is| are)\s+(?:an?\s+|the\s+)?/,
  /^what does\s+/,
  /^(?:meaning|definition) of\s+/,
  /^who (?:is|are)\s+(?:an?\s+|the\s+)?/,
  /\s+(?:mean|means|stand for|stands for)$/,
  /\s+(?:in signs of safety|in sofs)$/,
];

/**
 * Lower case, straight apostrophes, digits 0-10 as words ("3 houses" = "three houses"), punctuation
 * as spaces. The same on both sides, so the index and the question meet in the middle.
 */
export function normaliseQuery(text: string): string {
  let q = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b`]/g, "'")
    .replace(/[?!.,;:"()[\]]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (const wrapper of WRAPPERS) q = q.replace(wrapper, '').trim();
  q = q.replace(/^(?:a|an|the)\s+/, '');
  return q
    .replace(/'s\b/g, 's')
    .replace(/'/g, '')
    .replace(/(\d)\s*x\s*(?=\d)/g, '$1x')
    .replace(/\b(10|[0-9])\b/g, (d) => NUMBER_WORDS[Number(d)] ?? d)
    .replace(/\b(1st|2nd|3rd|4th)\b/g, (o) => ORDINALS[o] ?? o)
    .replace(/[-/&+]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function tokens(text: string): string[] {
  return text.split(' ').filter((t) => t.length > 0 && !STOP_WORDS.has(t));
}

/** Edits allowed per word: none for short words (CIN, s47), one for 4-letter words, two beyond (a swap is two). */
function editsFor(word: string): number {
  if (word.length <= 3) return 0;
  if (word.length === 4) return 1;
  return 2;
}

/** "Child in need (CIN)" -> ["Child in need", "CIN"]: the name and its bracketed short form are both ways in. */
function namePhrases(name: string): string[] {
  const match = name.match(/^(.*?)\s*\(([^)]+)\)\s*$/);
  return match ? [match[1] ?? name, match[2] ?? ''].filter(Boolean) : [name];
}

/** One term's best phrase match: its score, share of query words used, and share of the phrase matched. */
interface Candidate {
  term: Term;
  score: number;
  /** Share of the query's words this phrase matched. */
  queryCoverage: number;
  /** Share of the phrase's words found in the query: 1 means the whole phrase is there. */
  phraseCoverage: number;
  phraseWords: number;
}

/** Recent search outcomes kept, oldest dropped first. */
const RECENT_QUERIES = 500;

export interface SearchOptions {
  /** Most choices to offer in "did you mean". */
  maxChoices?: number;
}

/**
 * Glossary search over each term's name and aliases (never its definition text, so a word that
 * happens to appear in a definition cannot pull in the wrong answer). Exact phrase hits win; then
 * MiniSearch with typo tolerance and prefixes; then a confidence rule decides answer, choices or none.
 */
export class GlossarySearch {
  private readonly index: MiniSearch<PhraseDoc>;
  private readonly byId = new Map<string, Term>();
  private readonly exact = new Map<string, string>();
  private readonly phrases: string[] = [];
  private readonly recent = new Map<string, SearchOutcome>();

  constructor(readonly terms: Term[]) {
    this.index = new MiniSearch<PhraseDoc>({
      fields: ['phrase'],
      storeFields: ['termId', 'primary'],
      processTerm: (term) => {
        const t = term.toLowerCase();
        return STOP_WORDS.has(t) ? null : t;
      },
      tokenize: (text) => text.split(' '),
    });
    const docs: PhraseDoc[] = [];
    for (const term of terms) {
      this.byId.set(term.id, term);
      const names = namePhrases(term.term);
      for (const [i, phrase] of [...names, ...term.aliases].entries()) {
        const normal = normaliseQuery(phrase);
        this.phrases.push(normal);
        docs.push({ id: docs.length, termId: term.id, phrase: normal, primary: i === 0 });
        this.exact.set(normal, term.id);
        const compact = tokens(normal).join(' ');
        if (compact && !this.exact.has(compact)) this.exact.set(compact, term.id);
      }
    }
    this.index.addAll(docs);
  }

  get(id: string): Term | undefined {
    return this.byId.get(id);
  }

  /** Ranks terms for a query, best first, keeping each term's best-matching phrase. */
  rank(query: string): Candidate[] {
    const words = tokens(normaliseQuery(query));
    if (words.length === 0) return [];
    const results: SearchResult[] = this.index.search(words.join(' '), {
      fuzzy: (term) => editsFor(term),
      prefix: (term) => term.length >= 4,
      combineWith: 'OR',
      weights: { fuzzy: 0.6, prefix: 0.5 },
      boostDocument: (_id, _term, stored) => (stored?.primary ? 1.15 : 1),
    });
    const best = new Map<string, Candidate>();
    const matchedWords = new Map<string, Set<string>>();
    for (const r of results) {
      const seen = matchedWords.get(r.termId as string) ?? new Set<string>();
      for (const w of r.queryTerms) seen.add(w);
      matchedWords.set(r.termId as string, seen);
      const term = this.byId.get(r.termId as string) as Term;
      const phraseWords = tokens(String(this.phrases[r.id] ?? '')).length || 1;
      const queryCoverage = r.queryTerms.length / words.length;
      const phraseCoverage = Math.min(1, new Set(r.terms).size / phraseWords);
      // Prefer phrases found whole in the query: "safety plan" beats "safety plan review meeting".
      const score = r.score * (0.5 + 0.5 * queryCoverage) * (0.4 + 0.6 * phraseCoverage);
      const prior = best.get(term.id);
      if (!prior || score > prior.score) best.set(term.id, { term, score, queryCoverage, phraseCoverage, phraseWords });
    }
    // A term's coverage counts words matched by any of its phrases ("LAC and CLA" both mean one term).
    for (const candidate of best.values()) {
      candidate.queryCoverage = (matchedWords.get(candidate.term.id)?.size ?? 0) / words.length;
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }

  /** Search-as-you-type for the compose box: prefixes from two letters, typos, best terms first. */
  suggest(query: string, limit: number): Term[] {
    const words = tokens(normaliseQuery(query));
    if (words.length === 0) return [];
    const seen = new Set<string>();
    const out: Term[] = [];
    const results = this.index.search(words.join(' '), {
      fuzzy: (term) => editsFor(term),
      prefix: (term) => term.length >= 2,
      combineWith: 'OR',
      weights: { fuzzy: 0.6, prefix: 0.8 },
    });
    for (const r of results) {
      const id = r.termId as string;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(this.byId.get(id) as Term);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Decides what to tell the person. An answer needs a whole phrase of one term in the question
   * (typos allowed) and no rival of the same strength; near misses become choices; weak matches
   * become "I don't have that" with suggestions. A wrong definition is worse than a question back.
   */
  search(query: string, options: SearchOptions = {}): SearchOutcome {
    // People ask the same few questions again and again: remember recent answers (pure function of the query).
    const cacheKey = `${options.maxChoices ?? 4}\u0000${normaliseQuery(query)}`;
    const cached = this.recent.get(cacheKey);
    if (cached) return cached;
    const outcome = this.decide(query, options);
    if (this.recent.size >= RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value as string);
    this.recent.set(cacheKey, outcome);
    return outcome;
  }

  private decide(query: string, options: SearchOptions): SearchOutcome {
    const maxChoices = options.maxChoices ?? 4;
    const normal = normaliseQuery(query);
    const exactId = this.exact.get(normal) ?? this.exact.get(tokens(normal).join(' '));
    if (exactId) return { kind: 'answer', term: this.byId.get(exactId) as Term };

    const ranked = this.rank(query);
    const top = ranked[0];
    if (!top || top.queryCoverage < 0.5) return { kind: 'none', suggestions: ranked.slice(0, 3).map((c) => c.term) };

    // The query is, word for word, one phrase: answer unless another term fits as well.
    const whole = ranked.filter((c) => c.phraseCoverage === 1 && c.queryCoverage === 1);
    if (whole.length === 1 || (whole.length > 1 && (whole[0]?.score ?? 0) >= (whole[1]?.score ?? 0) * 1.3)) {
      return { kind: 'answer', term: (whole[0] as Candidate).term };
    }
    // The query contains whole phrases plus other words: answer if they all belong to one term, or
    // one is more specific (longer) than the rest.
    const contained = ranked
      .filter((c) => c.phraseCoverage === 1 && c.queryCoverage >= 0.5)
      .sort((a, b) => b.phraseWords - a.phraseWords);
    const [longest, runnerUp] = contained;
    if (whole.length === 0 && longest && (!runnerUp || longest.phraseWords > runnerUp.phraseWords)) {
      if (longest.phraseWords >= 2 || longest.queryCoverage === 1) return { kind: 'answer', term: longest.term };
    }
    const choices = ranked.filter((c) => c.queryCoverage >= 0.5 && c.score >= top.score * 0.45).slice(0, maxChoices);
    // Only one plausible term, matching most of the question and most of its own phrase.
    if (choices.length === 1 && top.queryCoverage >= 2 / 3 && top.phraseCoverage >= 0.6) {
      return { kind: 'answer', term: top.term };
    }
    return { kind: 'choices', terms: choices.map((c) => c.term) };
  }
}
