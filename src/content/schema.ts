import { z } from 'zod';

/**
 * The content pack's shape. Practice leads edit the YAML files beside this one; the bot checks
 * them against these schemas at start-up (and tests do too), naming the entry and field at fault.
 */

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens (for example danger-statement)');
const httpsUrl = z.string().url('must be a full web address').startsWith('https://', 'must start with https://');
const link = z.object({ title: text(80), url: httpsUrl }).strict();
const source = z.object({ name: text(160), url: httpsUrl.optional() }).strict();
const lowerPhrase = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80)
  .refine((s) => s === s.toLowerCase(), 'must be lower case');

export const GLOSSARY_CATEGORIES = ['model', 'mapping', 'tools', 'supervision', 'uk-process'] as const;
export const GUIDE_IDS = [
  'three-houses',
  'words-and-pictures',
  'safety-house',
  'family-network-meeting',
  'safety-planning',
  'safety-circles',
] as const;
export const BUILDER_KINDS = ['danger-statement', 'safety-goal'] as const;

export const termSchema = z
  .object({
    id,
    term: text(80),
    aliases: z.array(lowerPhrase).min(1).max(12),
    /** How people describe the term without naming it ("the bit of the map about what is going well"). */
    describes: z.array(lowerPhrase).max(12).optional(),
    category: z.enum(GLOSSARY_CATEGORIES),
    summary: text(300),
    detail: text(900),
    example: text(400),
    related: z.array(id).min(2, 'needs at least 2 related terms').max(4, 'may list at most 4 related terms'),
    source,
    learnMore: link,
    guide: z.enum(GUIDE_IDS).optional(),
    builder: z.enum(BUILDER_KINDS).optional(),
  })
  .strict();
export type Term = z.infer<typeof termSchema>;

const categorySchema = z.object({ id, title: text(60), description: text(200) }).strict();

export const glossarySchema = z
  .object({
    categories: z.array(categorySchema).min(1),
    terms: z.array(termSchema).min(1),
  })
  .strict();
export type Glossary = z.infer<typeof glossarySchema>;

/** glossary-words.yaml: everyday words for the search, and what sets two terms apart for the comparison card. */
export const glossaryWordsSchema = z
  .object({
    synonyms: z.array(z.object({ say: z.array(lowerPhrase).min(1).max(30), means: lowerPhrase }).strict()).max(300),
    comparisons: z
      .array(
        z
          .object({
            terms: z.tuple([id, id]).refine(([a, b]) => a !== b, 'must name two different terms'),
            difference: text(400),
          })
          .strict(),
      )
      .max(300),
  })
  .strict();
export type GlossaryWords = z.infer<typeof glossaryWordsSchema>;

/** Optional text the trust fills in: '' until confirmed, never a guessed number. */
const unsetOr = (schema: z.ZodString) => z.union([z.literal(''), schema]);

/** signpost.yaml: the safeguarding signpost card's words, numbers and links (numbers empty until the trust sets them). */
export const signpostSchema = z
  .object({
    title: text(80),
    dangerNow: text(200),
    frontDoor: z
      .object({
        name: text(80),
        phone: unsetOr(
          z
            .string()
            .trim()
            .regex(/^[0-9+() ]{3,20}$/, 'must be a phone number as it should be shown'),
        ),
        url: unsetOr(httpsUrl),
        outOfHours: unsetOr(
          z
            .string()
            .trim()
            .regex(/^[0-9+() ]{3,20}$/, 'must be a phone number as it should be shown'),
        ),
      })
      .strict(),
    frontDoorIntro: text(200),
    notSetYet: text(300),
    dsl: text(300),
    dontWait: text(200),
    partnershipLinks: z.array(link).min(1).max(3),
  })
  .strict();
export type Signpost = z.infer<typeof signpostSchema>;

export const PROMPT_CATEGORIES = [
  'experience',
  'reflection',
  'analysis',
  'drift',
  'pessimism',
  'child',
  'scaling',
  'planning',
  'support',
] as const;
export type PromptCategory = (typeof PROMPT_CATEGORIES)[number];
export const MAPPING_STAGES = ['worries', 'working', 'needs', 'scaling'] as const;
export const SUPERVISION_STAGES = ['experience', 'reflection', 'analysis', 'action'] as const;
export type SupervisionStage = (typeof SUPERVISION_STAGES)[number];
/** Situations a checkpoint spots in a map, most pressing first (features/mapping/inquiry.ts). */
export const PROMPT_TRIGGERS = [
  'unsafe-now',
  'label-worries',
  'harm-vs-complicating',
  'no-worries-detail',
  'no-child-view',
  'nothing-working-well',
  'strengths-not-safety',
  'no-goals',
  'goal-is-service',
  'steps-no-owner-date',
  'score-doesnt-fit',
  'no-reasons',
  'score-spread',
  'one-point-higher',
  'all-high',
  'all-low',
  'high-score',
] as const;
export type PromptTrigger = (typeof PROMPT_TRIGGERS)[number];
/** What a prompt assumes about the conversation; a checkpoint never offers it when one does not hold. */
export const PROMPT_PREMISES = ['group', 'personal', 'scored', 'several-scorers', 'scores-revealed'] as const;
export type PromptPremise = (typeof PROMPT_PREMISES)[number];

export const promptSchema = z
  .object({
    id,
    text: text(220),
    category: z.enum(PROMPT_CATEGORIES),
    stages: z.array(z.enum([...MAPPING_STAGES, ...SUPERVISION_STAGES])).min(1),
    triggers: z.array(z.enum(PROMPT_TRIGGERS)).min(1).optional(),
    needs: z.array(z.enum(PROMPT_PREMISES)).min(1).optional(),
    /** Situations for which this is the first question to ask (the most direct one), before any other. */
    leads: z.array(z.enum(PROMPT_TRIGGERS)).min(1).optional(),
  })
  .strict();
export type Prompt = z.infer<typeof promptSchema>;

export const promptBankSchema = z
  .object({
    categories: z.array(categorySchema.extend({ id: z.enum(PROMPT_CATEGORIES) })).min(1),
    prompts: z.array(promptSchema).min(1),
  })
  .strict();
export type PromptBank = z.infer<typeof promptBankSchema>;

export const guideSchema = z
  .object({
    id: z.enum(GUIDE_IDS),
    title: text(80),
    aliases: z.array(lowerPhrase).min(1).max(12),
    summary: text(300),
    whenToUse: text(400),
    steps: z.array(text(250)).min(3).max(8),
    tips: z.array(text(250)).min(2).max(6),
    learnMore: link,
    source,
  })
  .strict();
export type Guide = z.infer<typeof guideSchema>;

export const guidesSchema = z.object({ guides: z.array(guideSchema).min(1) }).strict();

export const trainingSchema = z
  .object({
    intro: text(300),
    links: z
      .array(
        z
          .object({
            id,
            title: text(80),
            description: text(240),
            url: httpsUrl,
            /** Phrases that, in a question, point to this link ("book", "video"). */
            keywords: z.array(lowerPhrase).min(1),
          })
          .strict(),
      )
      .min(1),
    /** Phrases that make a free-text question a training question. */
    triggers: z.array(lowerPhrase).min(1),
  })
  .strict();
export type Training = z.infer<typeof trainingSchema>;

export const subheadingSchema = z.object({ id, title: text(60), hint: text(240) }).strict();

export const mappingSchema = z
  .object({
    privacyReminder: text(300),
    questions: z
      .array(
        z
          .object({
            id: z.enum(['worries', 'working', 'needs']),
            title: text(80),
            intro: text(300),
            prompts: z.array(text(200)).min(1).max(6),
            subheadings: z.array(subheadingSchema).min(1).max(4),
          })
          .strict(),
      )
      .length(3),
    scaling: z
      .object({
        title: text(80),
        question: text(300),
        zero: text(160),
        ten: text(160),
        whyPrompt: text(160),
        higherPrompt: text(160),
      })
      .strict(),
  })
  .strict();
export type MappingContent = z.infer<typeof mappingSchema>;

/** Short replies for the moments a card cannot say it: kept here so wording stays out of code. */
export const messagesSchema = z.record(id, text(400));

export const helpSchema = z
  .object({
    title: text(80),
    intro: text(300),
    footer: text(300),
    /** One sentence for the welcome card on what is stored and for how long. */
    privacySummary: text(300),
    commands: z
      .array(
        z
          .object({
            command: lowerPhrase,
            title: text(60),
            description: text(200),
            button: text(24),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type HelpContent = z.infer<typeof helpSchema>;

export const supervisionSchema = z
  .object({
    privacyReminder: text(300),
    promptsPerStage: z.number().int().min(1).max(5),
    stages: z
      .array(z.object({ id: z.enum(SUPERVISION_STAGES), title: text(60), intro: text(300) }).strict())
      .length(SUPERVISION_STAGES.length),
  })
  .strict()
  .refine(
    (s) => s.stages.every((stage, i) => stage.id === SUPERVISION_STAGES[i]),
    'stages must be experience, reflection, analysis, action, in that order',
  );
export type SupervisionContent = z.infer<typeof supervisionSchema>;

export const privacySchema = z
  .object({
    intro: text(400),
    warning: text(400),
    sections: z.array(z.object({ title: text(60), text: text(600) }).strict()).min(1),
  })
  .strict();
export type PrivacyContent = z.infer<typeof privacySchema>;
