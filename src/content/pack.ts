import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as JsYaml from 'js-yaml';
import type { z } from 'zod';
import { projectRoot } from '../paths';
import { type ScalesContent, scalesSchema } from './scales';
import {
  type Glossary,
  type GlossaryWords,
  type Guide,
  glossarySchema,
  glossaryWordsSchema,
  guidesSchema,
  type HelpContent,
  helpSchema,
  type MappingContent,
  mappingSchema,
  messagesSchema,
  type PrivacyContent,
  type PromptBank,
  privacySchema,
  promptBankSchema,
  type Signpost,
  type SupervisionContent,
  signpostSchema,
  supervisionSchema,
  type Training,
  trainingSchema,
} from './schema';

/** Everything the bot says that is not layout: glossary, prompts, guides, training links, mapping words, replies. */
export interface ContentPack {
  glossary: Glossary;
  /** Everyday words for the glossary search and comparison differences (glossary-words.yaml). */
  glossaryWords: GlossaryWords;
  /** The safeguarding signpost card (signpost.yaml). */
  signpost: Signpost;
  prompts: PromptBank;
  guides: Guide[];
  training: Training;
  mapping: MappingContent;
  messages: Record<string, string>;
  help: HelpContent;
  supervision: SupervisionContent;
  privacy: PrivacyContent;
  /** The scaling tool's ready-made questions and the builder's questions (scales.yaml). */
  scales: ScalesContent;
}

/** A content file that does not fit its schema; each problem names the file, entry and field. */
export class ContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`The content pack has problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContentError';
  }
}

/** The folder holding the YAML content files. */
export function contentDir(): string {
  return join(projectRoot(), 'src', 'content');
}

/** Reads and checks every content file; throws ContentError listing every problem found. */
export function loadContent(dir: string = contentDir()): ContentPack {
  // Loaded here, not at import: a start that reads the cached pack (packCache.ts) never needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CORE_SCHEMA, load: parseYaml } = require('js-yaml') as typeof JsYaml;
  const problems: string[] = [];
  const load = <S extends z.ZodTypeAny>(file: string, schema: S): z.infer<S> | undefined => {
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(join(dir, file), 'utf8'), { schema: CORE_SCHEMA });
    } catch (err) {
      problems.push(`${file}: cannot be read as YAML (${(err as Error).message.split('\n')[0]})`);
      return undefined;
    }
    const result = schema.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`${file}: ${describePath(raw, issue.path)} ${issue.message}`);
      return undefined;
    }
    return result.data;
  };

  const glossary = load('glossary.yaml', glossarySchema);
  const glossaryWords = load('glossary-words.yaml', glossaryWordsSchema);
  const signpost = load('signpost.yaml', signpostSchema);
  const prompts = load('prompts.yaml', promptBankSchema);
  const guides = load('guides.yaml', guidesSchema)?.guides;
  const training = load('training.yaml', trainingSchema);
  const mapping = load('mapping.yaml', mappingSchema);
  // Replies may be split over messages.yaml and messages.<feature>.yaml; a key may appear once.
  const messageFiles = readdirSync(dir)
    .filter((f) => /^messages(\.[a-z-]+)?\.yaml$/.test(f))
    .sort();
  const messageParts = messageFiles.map((f) => [f, load(f, messagesSchema)] as const);
  let messages: Record<string, string> | undefined = {};
  for (const [file, part] of messageParts) {
    if (!part) {
      messages = undefined;
      continue;
    }
    for (const [key, value] of Object.entries(part)) {
      if (messages && key in messages) problems.push(`${file}: ${key} is already defined in another messages file`);
      if (messages) messages[key] = value;
    }
  }
  const help = load('help.yaml', helpSchema);
  const supervision = load('supervision.yaml', supervisionSchema);
  const privacy = load('privacy.yaml', privacySchema);
  const scales = load('scales.yaml', scalesSchema);

  if (glossary) problems.push(...checkGlossary(glossary, guides));
  if (glossary && glossaryWords) problems.push(...checkGlossaryWords(glossary, glossaryWords));
  if (prompts) problems.push(...checkUnique('prompts.yaml', 'prompts', prompts.prompts, (p) => p.id, 'id'));
  if (prompts) problems.push(...checkUnique('prompts.yaml', 'prompts', prompts.prompts, (p) => p.text, 'text'));
  if (guides) problems.push(...checkUnique('guides.yaml', 'guides', guides, (g) => g.id, 'id'));
  if (guides)
    problems.push(
      ...checkUnique(
        'guides.yaml',
        'guides',
        guides.flatMap((g) => g.aliases.map((a) => ({ id: g.id, a }))),
        (x) => x.a,
        'aliases',
      ),
    );
  if (training) problems.push(...checkUnique('training.yaml', 'links', training.links, (l) => l.id, 'id'));
  if (mapping) {
    const subIds = mapping.questions.flatMap((q) => q.subheadings.map((s) => s.id));
    problems.push(
      ...checkUnique(
        'mapping.yaml',
        'subheadings',
        subIds.map((id) => ({ id })),
        (s) => s.id,
        'id',
      ),
    );
  }

  if (
    problems.length > 0 ||
    !glossary ||
    !glossaryWords ||
    !signpost ||
    !prompts ||
    !guides ||
    !training ||
    !mapping ||
    !messages ||
    !help ||
    !supervision ||
    !privacy ||
    !scales
  ) {
    throw new ContentError(problems);
  }
  return {
    glossary,
    glossaryWords,
    signpost,
    prompts,
    guides,
    training,
    mapping,
    messages,
    help,
    supervision,
    privacy,
    scales,
  };
}

/** Comparisons name real terms, once per pair; a synonym never hides a word that is a term's own alias. */
function checkGlossaryWords(glossary: Glossary, words: GlossaryWords): string[] {
  const file = 'glossary-words.yaml';
  const problems: string[] = [];
  const ids = new Set(glossary.terms.map((t) => t.id));
  const phrases = new Set(glossary.terms.flatMap((t) => [t.term.toLowerCase(), ...t.aliases]));
  const pairs = new Set<string>();
  words.comparisons.forEach((c, i) => {
    for (const id of c.terms)
      if (!ids.has(id)) problems.push(`${file}: comparisons[${i}] "${id}" is not the id of any term`);
    const key = [...c.terms].sort().join(' ');
    if (pairs.has(key)) problems.push(`${file}: comparisons[${i}] repeats the pair ${c.terms.join(' and ')}`);
    pairs.add(key);
  });
  words.synonyms.forEach((s, i) => {
    for (const say of s.say)
      if (phrases.has(say)) problems.push(`${file}: synonyms[${i}] "${say}" is a glossary name or alias already`);
  });
  return problems;
}

function checkGlossary(glossary: Glossary, guides: Guide[] | undefined): string[] {
  const problems: string[] = [];
  const file = 'glossary.yaml';
  const ids = new Set(glossary.terms.map((t) => t.id));
  const categories = new Set(glossary.categories.map((c) => c.id));
  problems.push(...checkUnique(file, 'terms', glossary.terms, (t) => t.id, 'id'));
  problems.push(...checkUnique(file, 'categories', glossary.categories, (c) => c.id, 'id'));
  // A phrase must lead to one term only, or search could answer with the wrong definition.
  const phrases = new Map<string, string>();
  glossary.terms.forEach((term, i) => {
    const where = `terms[${i}] (${term.id})`;
    if (!categories.has(term.category))
      problems.push(`${file}: ${where}.category "${term.category}" is not a listed category`);
    term.related.forEach((rel, j) => {
      if (!ids.has(rel)) problems.push(`${file}: ${where}.related[${j}] "${rel}" is not the id of any term`);
      if (rel === term.id) problems.push(`${file}: ${where}.related[${j}] points at the term itself`);
    });
    if (term.guide && guides && !guides.some((g) => g.id === term.guide))
      problems.push(`${file}: ${where}.guide "${term.guide}" is not the id of any guide in guides.yaml`);
    for (const phrase of [term.term.toLowerCase(), ...term.aliases]) {
      const owner = phrases.get(phrase);
      if (owner && owner !== term.id) problems.push(`${file}: ${where}.aliases "${phrase}" is also used by ${owner}`);
      phrases.set(phrase, term.id);
    }
  });
  return problems;
}

function checkUnique<T>(file: string, list: string, items: T[], key: (item: T) => string, field: string): string[] {
  const seen = new Map<string, number>();
  const problems: string[] = [];
  items.forEach((item, i) => {
    const k = key(item).toLowerCase();
    const first = seen.get(k);
    if (first !== undefined) problems.push(`${file}: ${list}[${i}].${field} "${key(item)}" repeats ${list}[${first}]`);
    else seen.set(k, i);
  });
  return problems;
}

/** Turns a zod path like ['terms', 12, 'related', 1] into "terms[12] (danger-statement).related[1]". */
export function describePath(raw: unknown, path: (string | number)[]): string {
  let out = '';
  let node: unknown = raw;
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
      node = Array.isArray(node) ? node[part] : undefined;
      const entryId = (node as { id?: unknown } | undefined)?.id;
      if (typeof entryId === 'string') out += ` (${entryId})`;
    } else {
      out += out ? `.${part}` : part;
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
  }
  return out || '(top level)';
}

/** A message by key with its placeholders filled: what pure modules get instead of the whole pack. */
export type Wording = (key: string, vars?: Record<string, string | number>) => string;

/** The pack's messages as a Wording. */
export function wording(pack: ContentPack): Wording {
  return (key, vars = {}) => say(pack, key, vars);
}

/** Fills {placeholders} in a message from the pack; a missing key is a programming error caught by tests. */
export function say(pack: ContentPack, key: string, vars: Record<string, string | number> = {}): string {
  const template = pack.messages[key];
  if (template === undefined) throw new Error(`No message "${key}" in messages.yaml`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
