/**
 * JSON for answers, made faster for parts that never change: an object marked with `sealJson` (a
 * kept card, shared by every turn that shows it) has its JSON made once, and `toJson` splices that
 * text in wherever the object appears. The result is byte for byte what JSON.stringify gives.
 */

/** Sealed objects and their JSON. Held weakly: a card dropped from its cache takes its text with it. */
const sealed = new WeakMap<object, string>();

/**
 * Marks an object that will never be changed again (the caller's promise) and makes its JSON now.
 * Returns the object.
 */
export function sealJson<T extends object>(value: T): T {
  if (!sealed.has(value)) sealed.set(value, JSON.stringify(value));
  return value;
}

/**
 * Envelope levels walked in JavaScript to find sealed objects (an answer's activities, their
 * attachments or invoke values, a message-extension result's attachments): below that, inside an
 * unsealed card, and for anything that is not a plain object or array, JSON.stringify does the rest.
 */
const MAX_WALK_DEPTH = 9;

/** JSON.stringify(value) for a JSON answer body, reusing the JSON of sealed objects. */
export function toJson(value: unknown): string | undefined {
  // One pass over the envelope finds the objects that hold a sealed one; with none, and that is
  // most answers, JSON.stringify does it all.
  const holding = new Set<object>();
  if (typeof value !== 'object' || value === null || !findSealed(value, 0, holding)) return JSON.stringify(value);
  return build(value, holding);
}

/** True when `value` is or holds a sealed object (within the walked levels); adds each holder to `holding`. */
function findSealed(value: object, depth: number, holding: Set<object>): boolean {
  if (sealed.has(value)) return true;
  if (depth >= MAX_WALK_DEPTH || !walkable(value)) return false;
  let found = false;
  if (Array.isArray(value)) {
    for (const child of value)
      if (typeof child === 'object' && child !== null && findSealed(child, depth + 1, holding)) found = true;
  } else {
    for (const k of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[k];
      if (typeof child === 'object' && child !== null && findSealed(child, depth + 1, holding)) found = true;
    }
  }
  if (found) holding.add(value);
  return found;
}

/** The JSON of a value, built key by key only where `holding` says a sealed object is inside. */
function build(value: unknown, holding: Set<object>): string | undefined {
  if (typeof value !== 'object' || value === null || !holding.has(value)) {
    const known = typeof value === 'object' && value !== null ? sealed.get(value) : undefined;
    if (known !== undefined) return known;
    // Not walked (nothing sealed inside, or not walkable: a toJSON, a class instance): as it is.
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) parts.push(build(value[i], holding) ?? 'null');
    return `[${parts.join(',')}]`;
  }
  const parts: string[] = [];
  for (const k of Object.keys(value)) {
    const json = build((value as Record<string, unknown>)[k], holding);
    if (json !== undefined) parts.push(`${JSON.stringify(k)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * A plain object or array that JSON.stringify would walk key by key. Not one with a toJSON, a boxed
 * primitive or class instance (left to JSON.stringify's own rules), nor an unsealed card (a card
 * holds no sealed object inside it).
 */
function walkable(value: object): boolean {
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const v = value as { toJSON?: unknown; type?: unknown };
  return typeof v.toJSON !== 'function' && v.type !== 'AdaptiveCard';
}
