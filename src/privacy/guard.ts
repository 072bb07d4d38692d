import { type ContentPack, say } from '../content/pack';
import { describeHits, findIdentifiers, type IdentifierHit, type IdentifierKind } from './identifiers';
import { normaliseText } from './normalise';

/** What a field may hold beyond the usual: `colleagues` lets a colleague's name stand alone ("Alex"). */
export interface GuardOptions {
  override?: boolean;
  allowOverride: boolean;
  /** Names the field is meant to hold: a colleague's name alone is fine in "who will do it". */
  people?: 'none' | 'colleagues';
}

/** The content pack's words for one kind of identifier ("a postcode"). */
export function identifierWords(content: ContentPack): (kind: IdentifierKind) => string {
  return (kind) => say(content, `identifier-kind-${kind}`);
}

/** The identifying details in one (already normalised) text, as the field's options count them. */
export function identifiersIn(text: string, people: GuardOptions['people'] = 'none'): IdentifierHit[] {
  const hits = findIdentifiers(text);
  return people === 'colleagues' ? hits.filter((h) => !(h.kind === 'named-person' && h.how === 'person')) : hits;
}

/**
 * Checks free text before it is stored or posted. Returns the kind message asking the user to rephrase, or
 * undefined when nothing identifying was found (or the user chose "add anyway" where the trust allows it).
 * Give it the normalised text that will be stored (see `guardedText`), so it checks exactly what is kept.
 */
export function identifierWarning(
  content: ContentPack,
  texts: (string | { text: string; people?: GuardOptions['people'] })[],
  options: GuardOptions,
): string | undefined {
  if (options.override && options.allowOverride) return undefined;
  const hits = texts.flatMap((t) =>
    typeof t === 'string'
      ? identifiersIn(normaliseText(t), options.people)
      : identifiersIn(normaliseText(t.text), t.people ?? options.people),
  );
  if (hits.length === 0) return undefined;
  return say(content, options.allowOverride ? 'identifier-found-override' : 'identifier-found', {
    what: describeHits(hits, identifierWords(content)),
  });
}
