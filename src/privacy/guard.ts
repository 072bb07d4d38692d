import { type ContentPack, say } from '../content/pack';
import { describeHits, findIdentifiers } from './identifiers';

/**
 * Checks free text before it is stored. Returns the kind message asking the user to rephrase, or
 * undefined when nothing identifying was found (or the user chose "add anyway" where the trust allows it).
 */
export function identifierWarning(
  content: ContentPack,
  texts: string[],
  options: { override?: boolean; allowOverride: boolean },
): string | undefined {
  if (options.override && options.allowOverride) return undefined;
  const hits = texts.flatMap((t) => findIdentifiers(t));
  if (hits.length === 0) return undefined;
  return say(content, options.allowOverride ? 'identifier-found-override' : 'identifier-found', {
    what: describeHits(hits),
  });
}
