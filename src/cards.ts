import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as ACDataModule from 'adaptivecards-templating';
import { projectRoot } from './paths';

/** An Adaptive Card as JSON, ready to attach to an activity. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** A card template file in cards/, typed by the data it is expanded with. */
export interface CardTemplate<T> {
  readonly name: string;
  /** Phantom field: ties the data type to the template name at compile time. */
  readonly _data?: T;
}

/** Names a template in cards/ and the shape of data it needs. */
export function cardTemplate<T>(name: string): CardTemplate<T> {
  return { name };
}

/** Largest card Teams accepts in a message-extension result; we hold every card to it. */
export const MAX_CARD_BYTES = 28 * 1024;
/** Highest Adaptive Card schema Teams renders for bot cards. */
export const MAX_CARD_VERSION = 1.5;

/** A card that Teams would reject or show wrongly: a bug in a template or its data. */
export class CardError extends Error {
  constructor(
    readonly template: string,
    readonly reason: 'too-large' | 'bad-version' | 'unexpanded' | 'unknown-template',
  ) {
    super(`Card "${template}" failed its check: ${reason}`);
    this.name = 'CardError';
  }
}

const compiled = new Map<string, ACDataModule.Template>();
let templating: typeof ACDataModule | undefined;

/**
 * adaptivecards-templating (and adaptive-expressions under it) takes ~0.2 s to load: loaded on first
 * use, which start-up triggers before the server listens (see loadCardTemplates in main.ts).
 */
function acdata(): typeof ACDataModule {
  if (!templating) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    templating = require('adaptivecards-templating') as typeof ACDataModule;
    parseEachExpressionOnce(templating.Template);
  }
  return templating;
}

/**
 * Preparing a template parses every `${…}` string with adaptive-expressions' ANTLR parser, the
 * costliest part of start-up; the cards repeat the same strings ("${sid}", "${title}": 622 strings,
 * 318 different). A parsed expression is never changed by evaluating it (one template's are already
 * shared by all its expansions), so each distinct string is parsed once and shared between templates.
 */
function parseEachExpressionOnce(template: typeof ACDataModule.Template): void {
  const statics = template as unknown as { parseInterpolatedString(text: string): unknown };
  const parse = statics.parseInterpolatedString.bind(template);
  const parsed = new Map<string, unknown>();
  statics.parseInterpolatedString = (text: string) => {
    let expression = parsed.get(text);
    if (expression === undefined) {
      expression = parse(text);
      parsed.set(text, expression);
    }
    return expression;
  };
}

function cardsDir(): string {
  return join(projectRoot(), 'cards');
}

/** Parses every template once, so no turn pays for it. */
export function loadCardTemplates(): string[] {
  for (const name of templateNames()) compileTemplate(name);
  return [...compiled.keys()];
}

/** The cards a first message or install is answered with: prepared before the server listens. */
export const FIRST_ANSWER_TEMPLATES = ['welcome', 'help', 'term', 'term-choices', 'notice'] as const;

/**
 * Prepares the other templates after the server listens, one per turn of the event loop, so a
 * request never waits behind more than one (a turn that needs one not yet prepared prepares it).
 * Resolves when all are ready.
 */
export async function warmCardTemplates(): Promise<void> {
  for (const name of templateNames()) {
    if (compiled.has(name)) continue;
    await new Promise((resolve) => setImmediate(resolve));
    compileTemplate(name);
  }
}

function templateNames(): string[] {
  return readdirSync(cardsDir())
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length));
}

/** Prepares the named templates now. */
export function prepareCardTemplates(names: readonly string[]): void {
  for (const name of names) compileTemplate(name);
}

function compileTemplate(name: string): ACDataModule.Template {
  let template = compiled.get(name);
  if (!template) {
    template = new (acdata().Template)(templateJson(name));
    compiled.set(name, template);
  }
  return template;
}

function templateJson(name: string): unknown {
  try {
    return JSON.parse(readFileSync(join(cardsDir(), `${name}.json`), 'utf8'));
  } catch {
    throw new CardError(name, 'unknown-template');
  }
}

/**
 * Expands a template with data and checks what Teams accepts: schema version 1.5 or lower, the
 * 28 KB size limit, and no `${` left unexpanded. Every card the bot sends goes through here.
 */
export function renderCard<T>(template: CardTemplate<T>, data: T): AdaptiveCard {
  // Most cards are the same every time (a term, the help card): expanding a template is the costly
  // part of a turn, so recent results are reused. Cards are never mutated after rendering.
  const key = `${template.name}\u0000${JSON.stringify(data)}`;
  const cached = rendered.get(key);
  if (cached) return cached;
  const card = expandAndCheck(template, key.includes('${') ? neutralise(data) : data);
  // Only small inputs are worth keeping: big ones (a long map) are one-offs and would just use memory.
  if (key.length <= MAX_CACHED_KEY) {
    if (rendered.size >= RENDERED_CACHE) rendered.delete(rendered.keys().next().value as string);
    rendered.set(key, card);
  }
  return card;
}

/** Rendered cards kept for reuse, oldest dropped first. */
const RENDERED_CACHE = 200;
/** Largest card input (as JSON) whose result is kept. */
const MAX_CACHED_KEY = 6 * 1024;
const rendered = new Map<string, AdaptiveCard>();

function expandAndCheck<T>(template: CardTemplate<T>, data: T): AdaptiveCard {
  const card = compileTemplate(template.name).expand({ $root: data }) as AdaptiveCard;
  addSubmitFallbacks(card);
  return checked(template.name, card);
}

/** The checks every card passes (see renderCard), on a card whose actions are prepared. */
function checked(name: string, card: AdaptiveCard): AdaptiveCard {
  if (typeof card.fallbackText !== 'string' || !card.fallbackText.trim()) card.fallbackText = previewOf(card);
  const version = Number.parseFloat(String(card.version));
  if (!(version >= 1 && version <= MAX_CARD_VERSION)) throw new CardError(name, 'bad-version');
  const json = JSON.stringify(card);
  if (json.includes('${')) throw new CardError(name, 'unexpanded');
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_CARD_BYTES) throw new CardError(name, 'too-large');
  sizes.set(card, bytes);
  return card;
}

/** Each rendered card's size as its check measured it (cards are never changed after rendering). */
const sizes = new WeakMap<AdaptiveCard, number>();

/** A card's size in bytes of UTF-8 JSON, as Teams' limit counts it. */
export function cardBytes(card: AdaptiveCard): number {
  return sizes.get(card) ?? Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/**
 * A template with long lists in it (a board's items): `lists` names the data fields whose `$data`
 * parts are expanded one element at a time and kept, so a card that differs from the last one in one
 * item re-evaluates the template for that item only; `opaque` names top-level text fields the template
 * only shows whole (`"${draft}"`) or tests for being empty, so the rest (the skeleton) is kept whatever
 * they hold. See renderSliced.
 */
export interface SlicedTemplate<T> extends CardTemplate<T> {
  readonly lists: readonly string[];
  readonly opaque: readonly string[];
}

/** Names a template in cards/ to be rendered by renderSliced, with its lists and opaque texts. */
export function slicedTemplate<T>(
  name: string,
  lists: readonly string[],
  opaque: readonly string[] = [],
): SlicedTemplate<T> {
  return { name, lists, opaque };
}

/** Where a list's elements go in a skeleton's expansion: `node` names the part, `slot` the list (by its data). */
const SLOT = '\u0000slot';
/** The data field beside a list that names it in the skeleton's data (`_slot_items` beside `items`). */
const slotField = (list: string) => `_slot_${list}`;
/** What an opaque text is in a skeleton's data and expansion (never empty, so emptiness tests agree). */
const OPAQUE = '\u0000opaque:';

interface Sliced {
  /** The template with each list part replaced by a slot marker. */
  skeleton: ACDataModule.Template;
  /** Each list part without its `$data`, expanded with one element as its data. */
  parts: ACDataModule.Template[];
}

const sliced = new Map<string, Sliced>();

/**
 * Cuts a template into its skeleton and its list parts. A part may only read its element: no
 * `$root`, `$index` or `$host` (what it shows is then a function of the element alone, so it can be
 * kept by the element's value); it must sit in an array and not under an action's `data` (which
 * addSubmitFallbacks leaves alone); elsewhere the template may test a list only with `count(list)`
 * (its skeleton's data holds a placeholder of the same length), and an opaque text only as a whole
 * value or with `!= ''` / `== ''`. Anything else is refused here, once.
 */
function sliceTemplate(name: string, lists: readonly string[], opaque: readonly string[]): Sliced {
  const key = `${name}\u0000${lists.join('\u0000')}\u0000\u0000${opaque.join('\u0000')}`;
  const known = sliced.get(key);
  if (known) return known;
  const { Template } = acdata();
  const parts: ACDataModule.Template[] = [];
  const refuse = (why: string) => {
    throw new Error(`Template "${name}" cannot be sliced: ${why}`);
  };
  const check = (text: string) => {
    for (const list of lists)
      if (new RegExp(`\\b${list}\\b`).test(text.replaceAll(`count(${list})`, '')))
        refuse(`"${text}" reads ${list} other than by count()`);
    for (const field of opaque)
      if (
        text !== `\${${field}}` &&
        new RegExp(`\\b${field}\\b`).test(text.replace(new RegExp(`\\b${field}\\s*[!=]=\\s*''`, 'g'), ''))
      )
        refuse(`"${text}" reads ${field} other than whole or by its emptiness`);
  };
  const cut = (node: unknown, inArray: boolean, underData: boolean): unknown => {
    if (Array.isArray(node)) return node.map((child) => cut(child, true, underData));
    if (!node || typeof node !== 'object') {
      if (typeof node === 'string' && node.includes('${')) check(node);
      return node;
    }
    const { $data, ...rest } = node as Record<string, unknown>;
    const list = lists.find((l) => $data === `\${${l}}`);
    if (list) {
      if (!inArray || underData) refuse(`the ${list} part must be in an array, not under an action's data`);
      if (/\$(root|index|host)\b/.test(JSON.stringify(rest))) refuse(`the ${list} part reads more than its element`);
      parts.push(new Template(rest));
      return { type: SLOT, node: String(parts.length - 1), slot: `\${${slotField(list)}}` };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = cut(v, false, underData || k === 'data');
    return out;
  };
  const skeleton = new Template(cut(templateJson(name), false, false));
  const made = { skeleton, parts };
  sliced.set(key, made);
  return made;
}

/**
 * The data with each named list replaced by a placeholder of its length and a field beside it naming
 * it (its index in `found`, where the list is put), and each non-empty opaque text at the top by its
 * token (the text put in `texts`).
 */
function cutData(
  value: unknown,
  lists: readonly string[],
  found: unknown[][],
  opaque?: { fields: readonly string[]; texts: Map<string, string> },
): unknown {
  if (Array.isArray(value)) return value.map((v) => cutData(v, lists, found));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v) && lists.includes(k)) {
      out[k] = v.map(() => 0);
      out[slotField(k)] = String(found.push(v) - 1);
    } else if (opaque && typeof v === 'string' && v !== '' && opaque.fields.includes(k)) {
      out[k] = `${OPAQUE}${k}`;
      opaque.texts.set(`${OPAQUE}${k}`, v);
    } else out[k] = cutData(v, lists, found);
  }
  return out;
}

/**
 * Drops every kept card, board part and skeleton: called when a session is deleted or someone is forgotten,
 * so their text does not stay in this process's memory until the caches happen to drop it.
 */
export function forgetRenderedCards(): void {
  rendered.clear();
  skeletons.clear();
  partsKept.clear();
}

/** True while any kept card, board part or skeleton shows `text` (for tests of forgetting). */
export function keptCardsMention(text: string): boolean {
  const shows = (value: unknown) => JSON.stringify(value).includes(text);
  return (
    [...rendered.values()].some(shows) ||
    [...skeletons.values()].some(shows) ||
    [...partsKept.values()].some((kept) => [...kept.values()].some(shows))
  );
}

/** Expanded skeletons, by template and skeleton data, oldest dropped first. */
const skeletons = new Map<string, AdaptiveCard>();
const SKELETONS_KEPT = 100;
/** Expanded list parts, per template and part by element (null: the part's `$when` dropped it), oldest first. */
const partsKept = new Map<string, Map<string, unknown>>();
const PARTS_KEPT = 2000;

/** The value kept under `key`, made and kept (the oldest dropped past `max`) when there is none yet. */
function kept<V>(cache: Map<string, V>, key: string, max: number, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) return hit as V;
  const value = make();
  if (cache.size >= max) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

class NotSliceable extends Error {}

/**
 * The card renderCard gives for the same template and data, with its lists' parts expanded one element
 * at a time and kept by element (a long board's items), and the rest (the skeleton) kept by its own
 * data. Nothing kept can go stale: every key is the whole of what its part is expanded from. Data the
 * skeleton cannot place (a list that is not an array where the template reads it) gets renderCard.
 */
export function renderSliced<T>(template: SlicedTemplate<T>, data: T): AdaptiveCard {
  const { skeleton, parts } = sliceTemplate(template.name, template.lists, template.opaque);
  const found: unknown[][] = [];
  const texts = new Map<string, string>();
  const skeletonData = cutData(data, template.lists, found, { fields: template.opaque, texts });
  const key = `${template.name}\u0000${JSON.stringify(skeletonData)}`;
  const base = kept(skeletons, key, SKELETONS_KEPT, () => {
    const card = skeleton.expand({
      $root: key.includes('${') ? neutralise(skeletonData) : skeletonData,
    }) as AdaptiveCard;
    addSubmitFallbacks(card);
    return card;
  });
  const part = (index: number, element: unknown): unknown => {
    const partKey = `${template.name}\u0000${index}`;
    let forPart = partsKept.get(partKey);
    if (!forPart) {
      forPart = new Map();
      partsKept.set(partKey, forPart);
    }
    const json = JSON.stringify(element);
    return kept(forPart, json, PARTS_KEPT, () => {
      const expanded = (parts[index] as ACDataModule.Template).expand({
        $root: json.includes('${') ? neutralise(element) : element,
      });
      addSubmitFallbacks(expanded);
      return expanded;
    });
  };
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (const child of node) {
        const slot = child as { type?: unknown; node?: string; slot?: string };
        if (slot?.type !== SLOT) {
          out.push(fill(child));
          continue;
        }
        const list = /^\d+$/.test(String(slot.slot)) ? found[Number(slot.slot)] : undefined;
        if (!list) throw new NotSliceable();
        for (const element of list) {
          const expanded = part(Number(slot.node), element);
          if (expanded !== null) out.push(expanded);
        }
      }
      return out;
    }
    if (typeof node === 'string' && node.startsWith(OPAQUE)) {
      const text = texts.get(node);
      if (text === undefined) throw new NotSliceable();
      return neutralise(text);
    }
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = fill(v);
    return out;
  };
  let card: AdaptiveCard;
  try {
    card = fill(base) as AdaptiveCard;
  } catch (err) {
    if (err instanceof NotSliceable) return renderCard(template, data);
    throw err;
  }
  return checked(template.name, card);
}

/** Longest preview, in characters: a line in Teams' chat list or a notification. */
export const MAX_PREVIEW_CHARS = 120;

/**
 * A card's one-line preview (its `fallbackText`, and the message's `summary`), so Teams' chat list and
 * notifications say what arrived rather than "sent a card": the card's heading, else its first text.
 */
export function previewOf(card: AdaptiveCard): string {
  const blocks: { text: string; heading: boolean }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const child of node) walk(child);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'TextBlock' && typeof n.text === 'string' && n.text.trim() && n.isSubtle !== true)
        blocks.push({ text: n.text, heading: n.style === 'heading' || n.size === 'Large' || n.weight === 'Bolder' });
      for (const [k, v] of Object.entries(n)) if (k !== 'actions' && k !== 'fallback' && typeof v === 'object') walk(v);
    }
  };
  walk(card.body);
  const chosen = blocks.find((b) => b.heading) ?? blocks[0];
  return shorten((chosen?.text ?? 'SofS Companion').replace(/\*\*|__|\[|\]\([^)]*\)/g, ''), MAX_PREVIEW_CHARS);
}

/**
 * User text can contain `${`; a zero-width space after the `$` keeps it from reading as template
 * syntax (and from tripping the unexpanded check) while looking the same.
 */
function neutralise<T>(value: T): T {
  if (typeof value === 'string') return (value.includes('${') ? value.replaceAll('${', '$\u200b{') : value) as T;
  if (Array.isArray(value)) return value.map(neutralise) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = neutralise(v);
    return out as T;
  }
  return value;
}

/**
 * Prepares every action of a card fresh from its template, in place:
 * - An action sends (and validates) the card's inputs only when its template says
 *   `"associatedInputs": "auto"`; every other action gets `"none"`, so navigation (Back, Summary,
 *   Reveal...) is never blocked by a required input it does not use. Adaptive Cards' own default is
 *   "auto", which left the scoring card's buttons dead until a number was picked.
 * - Every Action.Execute gets an Action.Submit fallback carrying the same verb and data, for Teams
 *   clients that predate Universal Actions; both reach the same handler.
 */
function addSubmitFallbacks(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) addSubmitFallbacks(child);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) if (k !== 'data' && v && typeof v === 'object') addSubmitFallbacks(v);
  if ((obj.type === 'Action.Execute' || obj.type === 'Action.Submit') && obj.associatedInputs === undefined)
    obj.associatedInputs = 'none';
  if (obj.type === 'Action.Execute' && obj.fallback === undefined) {
    const fallback: Record<string, unknown> = {
      type: 'Action.Submit',
      title: obj.title,
      data: { ...(obj.data as Record<string, unknown> | undefined), verb: obj.verb },
    };
    for (const k of ['associatedInputs', 'style', 'isEnabled', 'tooltip'])
      if (obj[k] !== undefined) fallback[k] = obj[k];
    obj.fallback = fallback;
  }
}

/**
 * Renders the first level whose card fits Teams' size limit, so long content is condensed step by step
 * rather than refused. The last level must always fit; its failure is a real error.
 */
export function firstThatFits<L>(levels: readonly L[], render: (level: L) => AdaptiveCard): AdaptiveCard {
  for (const [i, level] of levels.entries()) {
    try {
      return render(level);
    } catch (err) {
      if (!(err instanceof CardError && err.reason === 'too-large') || i === levels.length - 1) throw err;
    }
  }
  throw new Error('firstThatFits() needs at least one level');
}

/**
 * The card firstThatFits gives, found with fewer expansions, for levels whose cards only grow towards
 * the first (each level's card holds at least what the next one's does): it starts at `hint` (say, the
 * level that fitted last time) and moves down while a level is too large; then up, towards fuller
 * levels, only while the next fuller one might fit: level i cannot fit when the card that fitted at
 * i + 1 plus `growth(i)` (the fewest bytes level i's card adds to level i + 1's) is over the limit.
 */
export function fullestThatFits<L>(
  levels: readonly L[],
  render: (level: L) => AdaptiveCard,
  hint: number,
  growth: (i: number) => number,
): { card: AdaptiveCard; index: number } {
  if (levels.length === 0) throw new Error('fullestThatFits() needs at least one level');
  const tooLarge = (err: unknown) => err instanceof CardError && err.reason === 'too-large';
  let index = Math.min(Math.max(0, Math.trunc(hint) || 0), levels.length - 1);
  let card: AdaptiveCard | undefined;
  for (; !card; index++) {
    try {
      card = render(levels[index] as L);
    } catch (err) {
      if (!tooLarge(err) || index >= levels.length - 1) throw err;
    }
  }
  index--;
  while (index > 0 && cardBytes(card) + growth(index - 1) <= MAX_CARD_BYTES) {
    try {
      card = render(levels[index - 1] as L);
      index--;
    } catch (err) {
      if (!tooLarge(err)) throw err;
      break;
    }
  }
  return { card, index };
}

/**
 * Text on one line, cut to `max` characters with an ellipsis (Infinity keeps it whole; 0 leaves "…").
 * A cut never splits an emoji or other character written as two UTF-16 units (half of one shows as "�").
 */
export function shorten(text: string, max: number): string {
  if (!Number.isFinite(max)) return text;
  if (max <= 0) return '…';
  // Most texts are one line with single spaces already: tested first, as a copy of every item's text
  // on every board costs more than the test.
  const flat = SPACING_TO_FLATTEN.test(text) ? text.replace(/\s+/g, ' ') : text;
  if (flat.length <= max) return flat;
  const end = isHighSurrogate(flat.charCodeAt(max - 2)) ? max - 2 : max - 1;
  return `${flat.slice(0, end)}…`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** What `shorten` changes: a run of white space, or one white-space character that is not a space. */
const SPACING_TO_FLATTEN = /\s\s|[^\S ]/;

/** Teams refreshes a card for at most this many listed users (Universal Actions' user-specific views). */
export const MAX_REFRESH_USERS = 60;

/**
 * Makes a card user-specific: Teams sends `verb` (an `adaptiveCard/action` invoke) when a listed
 * user sees it, and shows that user the card the bot answers with; everyone else sees this card.
 */
export function withRefresh(
  card: AdaptiveCard,
  verb: string,
  data: Record<string, unknown>,
  userIds: readonly string[],
): AdaptiveCard {
  return {
    ...card,
    refresh: {
      action: { type: 'Action.Execute', verb, data: { verb, ...data } },
      userIds: [...new Set(userIds)].slice(0, MAX_REFRESH_USERS),
    },
  };
}

/**
 * The card with one more button first among its actions, an Action.Execute (with its Action.Submit
 * fallback) that sends no inputs: a shared board's "My controls", which answers with the presser's own view.
 */
export function withActionFirst(
  card: AdaptiveCard,
  title: string,
  verb: string,
  data: Record<string, unknown>,
): AdaptiveCard {
  const sent = { verb, ...data };
  const action = {
    type: 'Action.Execute',
    title,
    verb,
    data: sent,
    associatedInputs: 'none',
    fallback: { type: 'Action.Submit', title, data: sent, associatedInputs: 'none' },
  };
  const actions = Array.isArray(card.actions) ? card.actions : [];
  return { ...card, actions: [action, ...actions] };
}

/** How a notice stands out on a card (an Adaptive Card container style). */
export type NoticeStyle = 'default' | 'good' | 'attention' | 'warning' | 'accent';

/** A short titled message with buttons (confirmations, "which one?", deletions): the `notice` template. */
export interface NoticeCardData {
  title: string;
  text: string;
  style: NoticeStyle;
  footnote: string;
  buttons: {
    title: string;
    verb: string;
    data: Record<string, unknown>;
    style: 'default' | 'positive' | 'destructive';
  }[];
}

export const NOTICE = cardTemplate<NoticeCardData>('notice');
