import type { IncomingMessage } from 'node:http';
import restify from 'restify';
import type { Config } from './config';
import { type IncomingActivity, isIncomingActivity } from './http/activityShape';
import { checkJsonHeaders, discardRest, readJsonBody } from './http/body';
import { toJson } from './http/json';
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
  server: restify.Server;
  /** Resolves once listening; gives the bound port. */
  listen(): Promise<number>;
  /** Stops accepting requests and waits (up to `graceMs`) for turns in flight. */
  close(graceMs?: number): Promise<void>;
}

/** Host names a local-mode bot answers to: anything else may be a DNS-rebinding page. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Longest time a request may take to arrive in full (slow senders are cut off). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * restify with POST /api/messages and GET /healthz. The body is read by the bot's own JSON-only
 * reader (restify's body parsers decompress without limits, crash on bad gzip and spool multipart
 * uploads to disk before any authentication); error bodies reveal nothing; restify logs through
 * the bot's redacted logger.
 */
export function createServer(config: Config, handle: ActivityHandler, log: Logger, reference: () => string): BotServer {
  const server = restify.createServer({
    name: 'sofs-companion',
    handleUncaughtExceptions: false,
    // restify's typings still describe bunyan; it logs through pino since v9.
    log: log.child({ component: 'http' }) as never,
  });
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  let inFlight = 0;
  let draining = false;
  const idleWaiters: (() => void)[] = [];

  if (config.mode === 'local') {
    server.pre((req, res, next) => {
      if (!LOOPBACK_HOSTS.has(hostName(req.headers.host))) {
        refuse(req, res, 403, 'forbidden');
        return next(false);
      }
      return next();
    });
  }

  // restify's own errors (404, 405) get a fixed body: never a parser's message.
  server.on(
    'restifyError',
    (
      _req: restify.Request,
      _res: restify.Response,
      err: { statusCode?: number; toJSON?: () => unknown },
      next: () => void,
    ) => {
      const status = err.statusCode ?? 500;
      err.toJSON = () => ({ error: statusWord(status) });
      next();
    },
  );

  server.get('/healthz', (_req, res, next) => {
    res.send(draining ? 503 : 200, { status: draining ? 'draining' : 'ok' });
    next();
  });

  server.post('/api/messages', async (req, res) => {
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
        res.send(400, { error: 'bad-request' });
        return;
      }
      const answer = await handle(String(req.headers.authorization ?? ''), body.value);
      if (answer.headers) for (const [k, v] of Object.entries(answer.headers)) res.header(k, v);
      sendJson(res, answer.status, answer.body ?? undefined);
    } catch (err) {
      // The handler classifies everything it knows; this is the last resort.
      const ref = reference();
      log.error({ ref, err: errorSummary(err) }, 'request failed');
      res.send(500, { error: 'internal', ref });
    } finally {
      inFlight--;
      if (inFlight === 0) for (const wake of idleWaiters.splice(0)) wake();
    }
  });

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
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
        server.server.closeIdleConnections?.();
        setTimeout(() => {
          server.server.closeAllConnections?.();
          resolve();
        }, 1000).unref();
      });
    },
  };
}

/**
 * Sends a JSON answer as restify's JSON formatter would (the same bytes, Content-Type and
 * Content-Length), serialised here (reusing the JSON of kept cards, see http/json.ts) and sent raw.
 */
function sendJson(res: restify.Response, status: number, body: unknown): void {
  const json = body === undefined ? undefined : toJson(body);
  if (json === undefined) {
    res.send(status);
    return;
  }
  res.sendRaw(status, json, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(json)),
  });
}

/** Answers with a fixed error body and closes the connection, dropping any body not yet read. */
function refuse(req: IncomingMessage, res: restify.Response, status: number, word: string): void {
  res.header('Connection', 'close');
  res.send(status, { error: word });
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
