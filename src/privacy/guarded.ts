import { z } from 'zod';
import type { ContentPack } from '../content/pack';
import { type GuardOptions, identifierWarning } from './guard';
import { normaliseText } from './normalise';

/** What each guarded text schema allows, found again when a payload is checked. */
const GUARDED = new WeakMap<z.ZodTypeAny, { people: NonNullable<GuardOptions['people']> }>();

/**
 * The one way a card payload declares a free-text field. Parsing normalises the text (see
 * `normaliseText`), so a handler only ever sees, checks and stores the cleaned string; and
 * `payloadWarning` finds every field declared this way, so no text field can skip the guard.
 * `people: 'colleagues'` is for a field meant to name a colleague ("who will do it").
 */
export function guardedText(options: { max?: number; people?: 'colleagues' } = {}) {
  const schema = z
    .string()
    .max(options.max ?? 20_000)
    .optional()
    .default('')
    .transform((s) => normaliseText(s));
  GUARDED.set(schema, { people: options.people ?? 'none' });
  return schema;
}

/** The guarded text fields of an object schema and, for a parsed payload, what each holds. */
export function guardedFields(
  schema: z.ZodTypeAny,
  data: Record<string, unknown>,
): { field: string; text: string; people: 'none' | 'colleagues' }[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).flatMap(([field, fieldSchema]) => {
    const options = GUARDED.get(fieldSchema);
    const value = data[field];
    return options && typeof value === 'string' && value !== '' ? [{ field, text: value, people: options.people }] : [];
  });
}

/**
 * The kind "please rephrase" message when any guarded field of a parsed payload looks identifying,
 * else undefined. Call it once per card action, before anything is stored or posted.
 */
export function payloadWarning(
  content: ContentPack,
  schema: z.ZodTypeAny,
  data: Record<string, unknown>,
  options: GuardOptions,
): string | undefined {
  const texts = guardedFields(schema, data).map((f) => ({ text: f.text, people: f.people }));
  return texts.length ? identifierWarning(content, texts, options) : undefined;
}
