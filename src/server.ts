import type { TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import restify from 'restify';
import { z } from 'zod';
import type { Config } from './config';
import type { Logger } from './log';
import { errorSummary } from './log';
import { newReference } from './teams/activity';

/** What the HTTP layer needs from the bot: run one activity, given its auth header. */
export interface ActivityProcessor {
  processActivity(
    authHeader: string,
    activity: never,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ status: number; body?: unknown } | undefined>;
}

/**
 * The smallest activity the bot will accept. Anything less is refused with 400 before it reaches
 * botbuilder, which otherwise throws (or, in teams-ai, crashes on a missing recipient).
 */
const activityShape = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    from: z.object({ id: z.string().min(1).max(512), name: z.string().max(512).optional() }).passthrough(),
    recipient: z.object({ id: z.string().min(1).max(512) }).passthrough(),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    text: z.string().max(100_000).optional(),
    name: z.string().max(256).optional(),
  })
  .passthrough();

export interface BotServer {
  server: restify.Server;
  /** Resolves once listening; gives the bound port. */
  listen(): Promise<number>;
  /** Stops accepting requests and waits (up to `graceMs`) for turns in flight. */
  close(graceMs?: number): Promise<void>;
}

/** restify with POST /api/messages and GET /healthz, body limits, and error bodies that reveal nothing. */
export function createServer(
  config: Config,
  processor: ActivityProcessor,
  logic: (context: TurnContext) => Promise<void>,
  log: Logger,
): BotServer {
  const server = restify.createServer({ name: 'sofs-companion', handleUncaughtExceptions: false });
  let inFlight = 0;
  let draining = false;
  const idleWaiters: (() => void)[] = [];

  server.use(restify.plugins.bodyParser({ maxBodySize: config.maxBodyBytes, mapParams: false, rejectUnknown: true }));

  // restify's own errors (bad JSON, body too large, 404, 405) get a fixed body: never the parser's message.
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
      res.send(503, { error: 'unavailable' });
      return;
    }
    if (!req.is('json')) {
      res.send(415, { error: 'unsupported-media-type' });
      return;
    }
    const parsed = activityShape.safeParse(req.body);
    if (!parsed.success) {
      res.send(400, { error: 'bad-request' });
      return;
    }
    inFlight++;
    try {
      const auth = String(req.headers.authorization ?? '');
      const invokeResponse = await processor.processActivity(auth, parsed.data as never, logic);
      res.send(invokeResponse?.status ?? 200, invokeResponse?.body ?? undefined);
    } catch (err) {
      if (isAuthFailure(err)) {
        log.warn({ activityType: parsed.data.type }, 'request refused: authentication failed');
        res.send(401, { error: 'unauthorized' });
      } else {
        const ref = newReference();
        log.error({ ref, activityType: parsed.data.type, err: errorSummary(err) }, 'request failed');
        res.send(500, { error: 'internal', ref });
      }
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

function statusWord(status: number): string {
  switch (status) {
    case 400:
      return 'bad-request';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 413:
      return 'payload-too-large';
    case 415:
      return 'unsupported-media-type';
    default:
      return status >= 500 ? 'internal' : 'error';
  }
}

/**
 * Token problems: botbuilder's AuthenticationError, and the errors jsonwebtoken throws for a bad
 * signature or algorithm ("none", HS256), an expired or not-yet-valid token, which botbuilder passes
 * through and would otherwise surface as a 500.
 */
function isAuthFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) return true;
  const name = (err as { name?: unknown } | undefined)?.name;
  return (
    name === 'AuthenticationError' ||
    name === 'JsonWebTokenError' ||
    name === 'TokenExpiredError' ||
    name === 'NotBeforeError'
  );
}
