/**
 * The smallest activity the bot will accept, checked by hand (no copy of the activity is made).
 * Anything less is refused with 400 before it reaches the Teams SDK, which otherwise throws (or, in
 * the Teams AI library, crashes on a missing recipient).
 */
export interface IncomingActivity {
  type: string;
  id?: string;
  channelId: string;
  serviceUrl: string;
  from: { id: string; name?: string; [key: string]: unknown };
  recipient: { id: string; [key: string]: unknown };
  conversation: { id: string; [key: string]: unknown };
  text?: string;
  name?: string;
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const optionalStr = (v: unknown, max: number): boolean => v === undefined || str(v, 0, max);
const party = (v: unknown, maxId: number): boolean => isObject(v) && str(v.id, 1, maxId);

/**
 * True when `value` has the fields every activity needs, with sane sizes, and a service URL the bot
 * may send to: http or https only (https only when `httpsOnly`), never `javascript:` or `file:`.
 */
export function isIncomingActivity(value: unknown, httpsOnly: boolean): value is IncomingActivity {
  if (!isObject(value)) return false;
  if (!str(value.type, 1, 64) || !str(value.channelId, 1, 64)) return false;
  if (!optionalStr(value.id, 512) || !optionalStr(value.text, 100_000) || !optionalStr(value.name, 256)) return false;
  if (!party(value.from, 512) || !optionalStr((value.from as { name?: unknown }).name, 512)) return false;
  if (!party(value.recipient, 512) || !party(value.conversation, 1024)) return false;
  return isServiceUrl(value.serviceUrl, httpsOnly);
}

/** A URL the bot may post replies to. */
export function isServiceUrl(value: unknown, httpsOnly: boolean): boolean {
  if (!str(value, 8, 2048)) return false;
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  return url.protocol === 'https:' || (!httpsOnly && url.protocol === 'http:');
}
