import type { Term } from '../../content/schema';
import { splitComparison } from './compare';
import type { GlossarySearch } from './search';

/** What a glossary question turned out to be: one term, two to compare, choices, or nothing we have. */
export type Understood =
  | { kind: 'answer'; term: Term }
  /** "Is a worry statement the same as a danger statement?": two names for one term. */
  | { kind: 'same'; term: Term; names: [string, string] }
  | { kind: 'compare'; terms: [Term, Term] }
  | { kind: 'choices'; terms: Term[] }
  | { kind: 'none'; suggestions: Term[] };

/** Most terms offered when one side of a comparison is unclear. */
const MAX_CHOICES = 4;

/**
 * Reads a question the way a person means it: a comparison of two terms (each side looked up on its
 * own, with the search's confidence rule), or a question about one. When one side of a comparison is
 * unclear the answer is choices, never one side's definition alone.
 */
export function understand(search: GlossarySearch, question: string): Understood {
  const splits = splitComparison(question);
  let offered: Term[] = [];
  for (const [a, b] of splits) {
    const left = search.search(a);
    const right = search.search(b);
    if (left.kind === 'answer' && right.kind === 'answer') {
      return left.term.id === right.term.id
        ? { kind: 'same', term: left.term, names: [a, b] }
        : { kind: 'compare', terms: [left.term, right.term] };
    }
    if (offered.length === 0 && (left.kind === 'answer' || right.kind === 'answer')) {
      const sideTerms = (o: typeof left) =>
        o.kind === 'answer' ? [o.term] : o.kind === 'choices' ? o.terms : o.suggestions;
      offered = [...new Map([...sideTerms(left), ...sideTerms(right)].map((t) => [t.id, t])).values()];
    }
  }
  if (offered.length > 1) return { kind: 'choices', terms: offered.slice(0, MAX_CHOICES) };
  const outcome = search.search(question);
  // A comparison whose other side we could not find: offer the side we know, not a definition as if asked alone.
  if (offered.length === 1 && outcome.kind === 'answer') return { kind: 'choices', terms: offered };
  return outcome;
}
