import { z } from 'zod';

/** Longest question, in characters: a question has to be read out and remembered. */
export const QUESTION_MAX_CHARS = 200;
/** Longest description of what 0 or 10 means. */
export const ANCHOR_MAX_CHARS = 160;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** A question with the meaning of both ends of its scale. */
const anchoredQuestionSchema = z
  .object({ question: text(QUESTION_MAX_CHARS), zero: text(ANCHOR_MAX_CHARS), ten: text(ANCHOR_MAX_CHARS) })
  .strict();

/** One ready-made question: an id, a short title, the question and its ends, and where its wording comes from. */
export const scalePresetSchema = anchoredQuestionSchema
  .extend({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens (for example safety)'),
    title: text(40),
    /** "trust": worded from the trust's own guidance; "common": commonly used, deliberately unattributed. */
    basis: z.enum(['trust', 'common']),
  })
  .strict();
/** A ready-made scaling question as checked at start-up. */
export type ScalePreset = z.infer<typeof scalePresetSchema>;
/** A question with what 0 and 10 mean. */
export type AnchoredQuestion = z.infer<typeof anchoredQuestionSchema>;

/**
 * The shape of src/content/scales.yaml: the ready-made scaling questions, and the question offered
 * for a danger statement or safety goal built with the builder. Kept apart from the content pack's
 * schema file so the scaling tool's rules sit together; loaded with the rest by pack.ts.
 */
export const scalesSchema = z
  .object({
    presets: z
      .array(scalePresetSchema)
      .min(2, 'needs at least 2 ready-made questions')
      .max(6, 'may list at most 6 ready-made questions')
      .superRefine((presets, ctx) => {
        const seen = new Set<string>();
        presets.forEach((p, i) => {
          if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `"${p.id}" is used twice` });
          seen.add(p.id);
        });
        if (!seen.has('safety')) ctx.addIssue({ code: 'custom', message: 'must include the "safety" question' });
      }),
    statements: z
      .object({ 'danger-statement': anchoredQuestionSchema, 'safety-goal': anchoredQuestionSchema })
      .strict(),
  })
  .strict();
/** The checked contents of scales.yaml. */
export type ScalesContent = z.infer<typeof scalesSchema>;
