import { findIdentifiers } from '../../privacy/identifiers';
import { normaliseText } from '../../privacy/normalise';
import { keys } from '../../state/keys';
import { isExpired } from '../../state/lifecycle';
import { put, readRecord, sweepByAge, updateRecord } from '../../state/records';
import type { Store } from '../../storage/store';

/** Helpful / not helpful counts for one term. No user identity is kept. */
export interface TermVotes {
  termId: string;
  up: number;
  down: number;
}

/** One question nobody could answer, trimmed, with how often it was asked. */
export interface UnansweredQuery {
  query: string;
  count: number;
  lastAt: number;
}

/** What became of an unanswered question: kept for practice leads, or not kept (and why). */
export type UnansweredOutcome = 'kept' | 'identifying' | 'empty';

/** Longest unanswered question kept, in characters. */
export const MAX_UNANSWERED_CHARS = 80;

/**
 * Records votes and unanswered questions for practice leads, as counts without identities.
 * Unanswered questions pass the identifier guard like every other stored text (one that looks
 * identifying is not kept at all) and are kept `retentionDays` after they were last asked.
 */
export class GlossaryInsights {
  constructor(
    private readonly store: Store,
    private readonly retentionDays: number,
  ) {}

  async vote(termId: string, helpful: boolean): Promise<void> {
    await updateRecord<TermVotes, void>(this.store, keys.glossaryVotes(termId), (current) => {
      const votes = current ?? { termId, up: 0, down: 0 };
      return put(helpful ? { ...votes, up: votes.up + 1 } : { ...votes, down: votes.down + 1 }, undefined);
    });
  }

  /**
   * Keeps `normalQuery` (the search's form of `asked`) unless either looks identifying. Says what happened,
   * so the reply can tell the person truthfully: 'kept', 'identifying' (dropped), or 'empty' (nothing to keep).
   */
  async unanswered(asked: string, normalQuery: string, now: number): Promise<UnansweredOutcome> {
    const query = normalQuery.slice(0, MAX_UNANSWERED_CHARS).trim();
    if (!query) return 'empty';
    if (findIdentifiers(normaliseText(asked)).length > 0 || findIdentifiers(query).length > 0) return 'identifying';
    await updateRecord<UnansweredQuery, void>(this.store, keys.glossaryUnanswered(query), (current) =>
      put({ query, count: (current?.count ?? 0) + 1, lastAt: now }, undefined),
    );
    return 'kept';
  }

  async report(limit = 10): Promise<{ unanswered: UnansweredQuery[]; votes: TermVotes[] }> {
    const now = Date.now();
    const unanswered = (await this.readAll<UnansweredQuery>(keys.glossaryUnansweredPrefix)).filter(
      (u) => !isExpired({ updatedAt: u.lastAt }, now, this.retentionDays),
    );
    const votes = await this.readAll<TermVotes>(keys.glossaryVotesPrefix);
    return {
      unanswered: unanswered.sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit),
      votes,
    };
  }

  /** Deletes unanswered questions not asked again within the retention period. */
  sweep(now: number): Promise<number> {
    return sweepByAge(this.store, keys.glossaryUnansweredPrefix, now, this.retentionDays);
  }

  private async readAll<T>(prefix: string): Promise<T[]> {
    const entries = await this.store.list(prefix);
    const out: T[] = [];
    for (const entry of entries) {
      const value = await readRecord<T>(this.store, entry.key);
      if (value) out.push(value);
    }
    return out;
  }
}
