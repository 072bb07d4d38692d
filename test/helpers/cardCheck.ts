import { MAX_CARD_BYTES } from '../../src/cards';

// The package's main entry needs a DOM; this bundle parses in plain Node (DESIGN.md section 4).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

/**
 * Everything Teams would object to in a card, as readable problems (empty = fine): parser errors and
 * warnings from the official Adaptive Cards library, version above 1.5, size over 28 KB, text left
 * unexpanded, inputs without labels, and empty TextBlocks or FactSets the parser lets through.
 */
export function cardProblems(card: unknown): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(card);
  const c = card as { type?: string; version?: string };
  if (c.type !== 'AdaptiveCard') problems.push('type is not AdaptiveCard');
  const version = Number.parseFloat(String(c.version));
  if (!(version >= 1 && version <= 1.5)) problems.push(`version ${c.version} is not 1.0-1.5`);
  if (Buffer.byteLength(json, 'utf8') > MAX_CARD_BYTES) problems.push(`card is ${Buffer.byteLength(json)} bytes`);
  if (json.includes('${')) problems.push('unexpanded ${ in card');

  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const message: string = context.getEventAt(i).message;
    // Teams' own chart elements (Teams-only, recent clients) are unknown to the library: allowed only
    // with a fallback, which is checked below and is what other hosts render.
    if (/^Unknown element type "Chart\.[A-Za-z.]+"\. Fallback will be used if present\.$/.test(message)) continue;
    problems.push(`parser: ${message}`);
  }
  for (const event of parsed.validateProperties().validationEvents) problems.push(`validation: ${event.message}`);
  for (const input of parsed.getAllInputs()) {
    if (!input.label || !String(input.label).trim()) problems.push(`input "${input.id}" has no label`);
  }
  walk(
    card,
    (node) => {
      if (node.type === 'TextBlock' && !String(node.text ?? '').trim()) problems.push('empty TextBlock');
      if (node.type === 'FactSet' && (!Array.isArray(node.facts) || node.facts.length === 0))
        problems.push('empty FactSet');
      if (node.type === 'RichTextBlock' && (!Array.isArray(node.inlines) || node.inlines.length === 0))
        problems.push('empty RichTextBlock');
      if (String(node.type).startsWith('Chart.')) {
        const fallback = node.fallback as { type?: string; text?: unknown } | undefined;
        if (!fallback?.type || (fallback.type === 'TextBlock' && !String(fallback.text ?? '').trim()))
          problems.push(`${node.type} without a fallback other hosts can show`);
        if (!Array.isArray(node.data) || node.data.length === 0) problems.push(`${node.type} without data`);
      }
      if (node.type === 'Action.Execute' && !(node.fallback as { type?: string } | undefined)?.type)
        problems.push(`Action.Execute "${node.title}" has no Action.Submit fallback`);
    },
    ['data', 'refresh'],
  );
  // A user-specific view: Teams refreshes the card for at most 60 listed users, with an Execute action.
  const refresh = (card as { refresh?: { action?: { type?: string; verb?: unknown }; userIds?: unknown } }).refresh;
  if (refresh) {
    if (refresh.action?.type !== 'Action.Execute' || typeof refresh.action.verb !== 'string')
      problems.push('refresh without an Action.Execute verb');
    if (!Array.isArray(refresh.userIds) || refresh.userIds.length === 0 || refresh.userIds.length > 60)
      problems.push('refresh userIds missing or over 60');
  }
  return problems;
}

/**
 * The one card-tree walker for tests: visits every element and action of a card (not the data
 * they send). `visit` returns 'skip' to leave an element's children out; `skipKeys` leaves out
 * branches such as an action's `fallback`.
 */
export function walk(
  node: unknown,
  visit: (n: Record<string, unknown>) => unknown,
  skipKeys: readonly string[] = ['data'],
): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit, skipKeys);
  } else if (node && typeof node === 'object') {
    if (visit(node as Record<string, unknown>) === 'skip') return;
    for (const [k, v] of Object.entries(node)) if (!skipKeys.includes(k)) walk(v, visit, skipKeys);
  }
}

/** All text a person can read on a card, joined, for assertions about what it says. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  walk(card, (n) => {
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (typeof n[key] === 'string' && !(key === 'value' && n.type?.toString().startsWith('Input')))
        out.push(n[key] as string);
    }
  });
  return out.join('\n');
}

/** The actions on a card (buttons), flattened, with their verb and data. */
export function cardActions(
  card: unknown,
): { title: string; verb?: string; data: Record<string, unknown>; type: string; url?: string }[] {
  const out: { title: string; verb?: string; data: Record<string, unknown>; type: string; url?: string }[] = [];
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && n.type !== 'Action.ShowCard') {
      out.push({
        title: String(n.title ?? ''),
        verb: typeof n.verb === 'string' ? n.verb : undefined,
        data: (n.data as Record<string, unknown>) ?? {},
        type: n.type,
        url: typeof n.url === 'string' ? n.url : undefined,
      });
    }
  });
  // Fallbacks repeat their Execute action; keep one entry per button.
  return out.filter(
    (a) => a.type !== 'Action.Submit' || !out.some((b) => b.type === 'Action.Execute' && b.title === a.title),
  );
}

/** The data a card's button with this verb would send; fails the test, showing the card, if there is none. */
export function buttonData(card: unknown, verb: string): Record<string, unknown> {
  const action = cardActions(card).find((a) => a.verb === verb);
  if (!action) throw new Error(`No ${verb} button on card:\n${cardText(card)}`);
  return action.data;
}

/** Every element of a card, depth first (action data and fallbacks left out). */
export function cardNodes(card: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(visit);
    else if (n && typeof n === 'object') {
      out.push(n as Record<string, unknown>);
      for (const [k, v] of Object.entries(n)) if (k !== 'data' && k !== 'fallback') visit(v);
    }
  };
  visit(card);
  return out;
}

/** The input with this id on a card. */
export function cardInput(card: unknown, id: string): Record<string, unknown> | undefined {
  return cardNodes(card).find((n) => String(n.type).startsWith('Input.') && n.id === id);
}

/** What an input box on the card holds. */
export function inputValue(card: unknown, id: string): string | undefined {
  const found = cardInput(card, id);
  return found ? String(found.value ?? '') : undefined;
}

/** Texts shown as plain text (TextRuns), where markdown in user text is not rendered. */
export function textRuns(card: unknown): string[] {
  return cardNodes(card)
    .filter((n) => n.type === 'TextRun')
    .map((n) => String(n.text));
}

/** Texts shown as markdown (TextBlocks). */
export function textBlocks(card: unknown): string[] {
  return cardNodes(card)
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text));
}
