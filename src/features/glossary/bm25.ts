/**
 * A second ranker for the glossary: BM25 over each term's whole entry (name and aliases, the ways people
 * describe it, its summary, detail and example), word stems only. Where the phrase matcher asks "is a name
 * of this term in the question?", this asks "which entry does the question's vocabulary belong to?", which
 * is what a question describing a concept in plain words needs. Built once; a query is a few map lookups.
 */

/** How much a word counts by where in the entry it stands: a name word is worth three of the detail's. */
export const FIELD_WEIGHT = { name: 3, describes: 2, summary: 1, detail: 0.5 } as const;

export type Field = keyof typeof FIELD_WEIGHT;

const K1 = 1.2;
const B = 0.5;

export interface Ranked {
  /** Index of the document (term) in the order given to the constructor. */
  doc: number;
  score: number;
  /** How many distinct query stems the document holds, and which. */
  hits: number;
  matched: string[];
}

export class Bm25 {
  private readonly postings = new Map<string, { doc: number; tf: number }[]>();
  private readonly idf = new Map<string, number>();
  readonly size: number;

  /** docs[i] is one term's words by field, already reduced to the stems the query will use. */
  constructor(docs: { field: Field; stems: string[] }[][]) {
    this.size = docs.length;
    const lengths: number[] = [];
    const tfs: Map<string, number>[] = [];
    for (const fields of docs) {
      const tf = new Map<string, number>();
      let length = 0;
      for (const { field, stems } of fields) {
        for (const s of stems) {
          tf.set(s, (tf.get(s) ?? 0) + FIELD_WEIGHT[field]);
          length += FIELD_WEIGHT[field];
        }
      }
      tfs.push(tf);
      lengths.push(length);
    }
    const average = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length);
    tfs.forEach((tf, doc) => {
      const norm = K1 * (1 - B + (B * (lengths[doc] ?? 0)) / average);
      for (const [s, f] of tf) {
        const list = this.postings.get(s) ?? [];
        list.push({ doc, tf: (f * (K1 + 1)) / (f + norm) });
        this.postings.set(s, list);
      }
    });
    for (const [s, list] of this.postings) {
      this.idf.set(s, Math.log(1 + (this.size - list.length + 0.5) / (list.length + 0.5)));
    }
  }

  /** How rare a stem is across the glossary (0 when no entry has it). */
  weight(stem: string): number {
    return this.idf.get(stem) ?? 0;
  }

  /** Documents sharing a stem with the query, best first. Each distinct stem counts once. */
  rank(stems: string[]): Ranked[] {
    const scores = new Map<number, Ranked>();
    for (const s of new Set(stems)) {
      const idf = this.idf.get(s);
      const list = this.postings.get(s);
      if (!idf || !list) continue;
      for (const { doc, tf } of list) {
        const r = scores.get(doc) ?? { doc, score: 0, hits: 0, matched: [] };
        r.score += idf * tf;
        r.hits++;
        r.matched.push(s);
        scores.set(doc, r);
      }
    }
    return [...scores.values()].sort((a, b) => b.score - a.score);
  }
}
