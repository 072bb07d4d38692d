import type { IncomingMessage } from 'node:http';

/** Why a request body was refused, as the HTTP status to answer with. */
export type BodyRefusal = { ok: false; status: 400 | 413 | 415; reason: string };
export type BodyResult = { ok: true; value: unknown } | BodyRefusal;

/** Deepest nesting of objects and arrays accepted: activities are shallow; deep JSON only costs stack. */
export const MAX_JSON_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks the headers of a request that must carry JSON, before a byte of the body is read: Teams
 * sends plain `application/json` (UTF-8), never compressed, never multipart. Anything else is refused
 * here, so nothing an unauthenticated caller sends is decompressed, spooled to disk or parsed.
 */
export function checkJsonHeaders(req: IncomingMessage, maxBytes: number): BodyRefusal | undefined {
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return { ok: false, status: 415, reason: 'content-encoding' };
  const [type = '', ...params] = String(req.headers['content-type'] ?? '')
    .toLowerCase()
    .split(';')
    .map((s) => s.trim());
  if (type !== 'application/json') return { ok: false, status: 415, reason: 'content-type' };
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length);
  if (charset && charset.replace(/"/g, '') !== 'utf-8') return { ok: false, status: 415, reason: 'charset' };
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) return { ok: false, status: 413, reason: 'too-large' };
  return undefined;
}

/**
 * Reads a JSON body into memory, counting the bytes actually received against `maxBytes` (so a
 * chunked or lying request cannot grow past it), decodes it as strict UTF-8, parses it and refuses
 * nesting deeper than MAX_JSON_DEPTH. Never throws, never touches the disk.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        // Stop buffering; whatever else arrives is discarded (see discardRest).
        finish({ ok: false, status: 413, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(parseJson(Buffer.concat(chunks, size)));
    const onError = () => finish({ ok: false, status: 400, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Parses UTF-8 JSON bytes with the depth limit. */
export function parseJson(bytes: Uint8Array): BodyResult {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, status: 400, reason: 'not-utf8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, reason: 'not-json' };
  }
  if (depthOf(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return { ok: false, status: 400, reason: 'too-deep' };
  return { ok: true, value };
}

/** Nesting depth of a parsed JSON value, counted without recursion and given up on past `limit`. */
export function depthOf(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * After refusing a request without reading all of it: drop what is still arriving, up to a small
 * allowance, then cut the connection, so a refused upload costs a bounded amount of work.
 */
export function discardRest(req: IncomingMessage, allowanceBytes = 64 * 1024): void {
  if (req.readableEnded) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > allowanceBytes) req.socket.destroy();
  });
  req.resume();
}
