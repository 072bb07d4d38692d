import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import { z } from 'zod';
import { contentDir, describePath } from '../../content/pack';

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
 * schema so the scaling tool owns its own content.
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

/**
 * Reads and checks scales.yaml. A bad file stops start-up with an Error naming the file, the entry and
 * the field at fault (for example `scales.yaml: presets[1] (confidence).zero must be at most 160 characters`).
 */
export function loadScales(dir: string = contentDir()): ScalesContent {
  const file = 'scales.yaml';
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(join(dir, file), 'utf8'), { schema: CORE_SCHEMA });
  } catch (err) {
    throw new Error(`${file}: cannot be read as YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const result = scalesSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${file}: ${describePath(raw, issue.path)} ${issue.message}`);
    throw new Error(`The scaling questions have problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return result.data;
}
