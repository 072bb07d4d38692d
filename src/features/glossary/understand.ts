import type { Term } from '../../content/schema';
import { splitComparison } from './compare';
import type { GlossarySearch } from './search';

/** What a glossary question turned out to be: one term, two to compare, choices, or nothing we have. */
export type Understood =
  | { kind: 'answer'; term: Term }
  /** "Is a worry statement the same as a danger statement?": two names for one term. */
  | { kind: 'same'; term: Term; names: [string, string] }
  /** `also`: further terms named in a comparison of three or more ("A, B and C"), named on the card. */
  | { kind: 'compare'; terms: [Term, Term]; also?: Term[] }
  | { kind: 'choices'; terms: Term[] }
  | { kind: 'none'; suggestions: Term[] };

/** Words saying a question compares two things, wherever they stand in it. */
const COMPARING =
  /\b(?:difference|differences|different|differ|differs|same thing|the same as|vs|versus|compared?|comparing|mix(?:ing)? (?:them |the two |these )?up|mixed up|confus(?:e|ed|ing)|tell (?:them|the two|these) apart|which is which|(?:what(?:'s| is)|whats) the point of|why (?:do|would|should) (?:we|i|you) (?:need|have|bother with)|(?:are|is) (?:they|these|those|the two|both) (?:the )?(?:same|different|separate)|which (?:one|do i|do we|should i|should we|would|applies)|any different|two (?:separate|different) (?:things|columns|meetings|plans|documents|orders|questions))\b/;

/**
 * Words saying a question is about another practice model, approach or therapy ("the PACE approach",
 * "systemic family therapy") or about everyday admin (pay, mileage, IT, leave, DBS, benefits).
 */
const ELSEWHERE =
  /\b(?:approach|model|framework|therapy|therapies|therapist|theory|programme|program|intervention|pay|payslip|payday|salary|mileage|expenses|laptop|password|vpn|wifi|printer|hr|annual leave|holiday|holidays|sick leave|sickness|dbs|benefits|universal credit|pension|timesheet|parking)\b/;
/** Nearest terms listed under "I don't have that term yet". */
const MAX_SUGGESTIONS = 3;
/** Most terms offered when one side of a comparison is unclear. */
const MAX_CHOICES = 4;

/**
 * Reads a question the way a person means it: a comparison of two terms (each side looked up on its
 * own, with the search's confidence rule), or a question about one. When one side of a comparison is
 * unclear the answer is choices, never one side's definition alone.
 */
export function understand(search: GlossarySearch, question: string): Understood {
  const splits = splitComparison(question);
  // "The difference between A, B and C": the card compares the first two, in the order asked, and names
  // the others so the person can ask about each (a card of three side by side would be too long to read).
  if (splits.length > 0 || COMPARING.test(question.toLowerCase())) {
    const named = search.namedTerms(question);
    if (named.length >= 3) {
      const [a, b, ...also] = named as [Term, Term, ...Term[]];
      return { kind: 'compare', terms: [a, b], also };
    }
  }
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
  // A longer question that says it compares ("I keep mixing up X and Y", "is X the same thing as Y or are they
  // different") and names exactly two terms, each whole: compare those two.
  if (COMPARING.test(question.toLowerCase())) {
    const named = search.namedTerms(question);
    if (named.length === 2) {
      const [a, b] = named as [Term, Term];
      return { kind: 'compare', terms: [a, b] };
    }
  }
  const outcome = search.search(question);
  // A comparison whose other side we could not find: offer the side we know, not a definition as if asked alone.
  if (offered.length === 1 && outcome.kind === 'answer') return { kind: 'choices', terms: offered };
  // Another model, approach or therapy, or everyday admin, naming none of our terms: a real gap, said plainly,
  // never "did you mean" from a word or two in common.
  if (outcome.kind === 'choices' && ELSEWHERE.test(question.toLowerCase()) && search.namedTerms(question).length === 0)
    return { kind: 'none', suggestions: outcome.terms.slice(0, MAX_SUGGESTIONS) };
  return outcome;
}
