import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Config } from './config';
import { type IncomingActivity, isIncomingActivity } from './http/activityShape';
import { checkJsonHeaders, discardRest, readJsonBody } from './http/body';
import type { Logger } from './log';
import { errorSummary } from './log';

/** What the bot answers one HTTP request with. */
export interface HttpAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What the HTTP layer needs from the bot: run one checked activity, given its auth header. */
export type ActivityHandler = (authHeader: string, activity: IncomingActivity) => Promise<HttpAnswer>;

export interface BotServer {
  server: Server;
  /** Resolves once listening; gives the bound port. */
  listen(): Promise<number>;
  /** Stops accepting requests and waits (up to `graceMs`) for turns in flight. */
  close(graceMs?: number): Promise<void>;
}

/** Host names a local-mode bot answers to: anything else may be a DNS-rebinding page. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Longest time a request may take to arrive in full (slow senders are cut off). */
const REQUEST_TIMEOUT_MS = 30_000;

/** The two routes and the one method each answers. */
const ROUTES: Record<string, string> = { '/api/messages': 'POST', '/healthz': 'GET' };

/**
 * Node's own HTTP server with POST /api/messages and GET /healthz, and nothing else (no framework:
 * restify cost ~0.3 s of every cold start and a fifth of a turn's CPU in its body parsing and
 * formatting). The body is read by the bot's own JSON-only reader (limits, encodings, depth; nothing
 * decompressed or spooled to disk); error bodies are fixed words that reveal nothing.
 */
export function createServer(config: Config, handle: ActivityHandler, log: Logger, reference: () => string): BotServer {
  let inFlight = 0;
  let draining = false;
  const idleWaiters: (() => void)[] = [];

  const messages = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (draining) {
      refuse(req, res, 503, 'unavailable');
      return;
    }
    const early = checkJsonHeaders(req, config.maxBodyBytes);
    if (early) {
      refuse(req, res, early.status, statusWord(early.status));
      return;
    }
    inFlight++;
    try {
      const body = await readJsonBody(req, config.maxBodyBytes);
      if (!body.ok) {
        refuse(req, res, body.status, statusWord(body.status));
        return;
      }
      if (!isIncomingActivity(body.value, config.mode === 'authenticated')) {
        send(res, 400, { error: 'bad-request' });
        return;
      }
      const answer = await handle(String(req.headers.authorization ?? ''), body.value);
      send(res, answer.status, answer.body, answer.headers);
    } catch (err) {
      // The handler classifies everything it knows; this is the last resort.
      const ref = reference();
      log.error({ ref, err: errorSummary(err) }, 'request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal', ref });
    } finally {
      inFlight--;
      if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
    }
  };

  const server = createHttpServer((req, res) => {
    if (config.mode === 'local' && !LOOPBACK_HOSTS.has(hostName(req.headers.host))) {
      refuse(req, res, 403, 'forbidden');
      return;
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const method = ROUTES[path];
    if (!method) {
      refuse(req, res, 404, 'not-found');
    } else if (req.method !== method) {
      res.setHeader('Allow', method);
      refuse(req, res, 405, 'method-not-allowed');
    } else if (path === '/healthz') {
      send(res, draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
    } else {
      void messages(req, res);
    }
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.on('error', (err) => log.error({ err: errorSummary(err) }, 'http server error'));

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : config.port);
        });
      }),
    close: async (graceMs = 10_000) => {
      draining = true;
      const idle = inFlight === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r));
      await Promise.race([idle, new Promise((r) => setTimeout(r, graceMs).unref())]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; nothing is in flight now.
        server.closeIdleConnections();
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 1000).unref();
      });
    },
  };
}

/** Sends a JSON answer (or none, when there is no body). */
function send(res: ServerResponse, status: number, body?: unknown, headers?: Record<string, string>): void {
  if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (body === undefined || body === null) {
    res.writeHead(status, { 'Content-Length': 0 });
    res.end();
    return;
  }
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

/** Answers with a fixed error body and closes the connection, dropping any body not yet read. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, word: string): void {
  res.setHeader('Connection', 'close');
  send(res, status, { error: word });
  discardRest(req);
}

/** The host part of a Host header ("127.0.0.1:3978" -> "127.0.0.1", "[::1]:3978" -> "[::1]"). */
function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? '';
}

function statusWord(status: number): string {
  switch (status) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'error';
  }
}
