import type { TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { Config } from '../config';
import type { IncomingActivity } from '../http/activityShape';
import { errorSummary, type Logger } from '../log';
import type { ActivityHandler, HttpAnswer } from '../server';
import { newReference } from './activity';
import { KeysOutage } from './keysOutage';
import type { TeamsAdapter } from './teamsAi';
import { precheckToken } from './tokenCheck';

/** How long a caller is asked to wait when the Bot Framework's signing keys cannot be fetched. */
export const KEYS_RETRY_AFTER_SECONDS = 30;

/**
 * Binds the HTTP server to the Teams adapter: token pre-check, botbuilder's own validation, the
 * turn, and an HTTP answer for every outcome (401 for any token problem, 503 with Retry-After when
 * the signing keys cannot be fetched, 500 with a reference only for anything else). After a failed
 * key download, requests that would need one are answered 503 without another try until the wait
 * it asked for is over (KeysOutage).
 */
export function createActivityHandler(
  config: Config,
  adapter: TeamsAdapter,
  run: (context: TurnContext) => Promise<void>,
  log: Logger,
  outage: KeysOutage = new KeysOutage(KEYS_RETRY_AFTER_SECONDS),
): ActivityHandler {
  const unavailable = (seconds: number): HttpAnswer => ({
    status: 503,
    body: { error: 'unavailable' },
    headers: { 'Retry-After': String(seconds) },
  });
  return async (authHeader: string, activity: IncomingActivity): Promise<HttpAnswer> => {
    let kid: string | undefined;
    if (config.mode === 'authenticated') {
      const check = precheckToken(authHeader, config.bot.id ?? '');
      if (!check.ok) {
        log.warn({ activityType: activity.type, why: check.why }, 'request refused: authentication failed');
        return { status: 401, body: { error: 'unauthorized' } };
      }
      kid = check.kid;
    }
    const admitted = config.mode === 'authenticated' ? await outage.admit(kid) : undefined;
    if (admitted && admitted.wait > 0) return unavailable(admitted.wait);
    let turnStarted = false;
    // A token check that outlasts the timeout (a key download that hangs) is answered 503; its turn is then never run.
    let gaveUp = false;
    const giveUp = () => {
      if (!turnStarted) gaveUp = true;
      return gaveUp;
    };
    try {
      const processing = (adapter as unknown as DirectAdapter).processActivity(
        authHeader,
        activity,
        async (context) => {
          if (gaveUp) return;
          turnStarted = true;
          if (admitted) {
            outage.validated(kid);
            admitted.done();
          }
          await run(context);
        },
      );
      const invokeResponse = await (admitted ? checkWithin(processing, outage.checkTimeoutMs, giveUp) : processing);
      return { status: invokeResponse?.status ?? 200, body: invokeResponse?.body ?? undefined };
    } catch (err) {
      if (!turnStarted && (isKeysUnavailable(err) || err instanceof KeyCheckTimeout)) {
        const refusedMeanwhile = outage.failed();
        log.error(
          { activityType: activity.type, err: errorSummary(err), refusedMeanwhile },
          'signing keys unavailable',
        );
        return unavailable(KEYS_RETRY_AFTER_SECONDS);
      }
      if (!turnStarted && isAuthFailure(err)) {
        log.warn({ activityType: activity.type }, 'request refused: authentication failed');
        return { status: 401, body: { error: 'unauthorized' } };
      }
      const ref = newReference();
      log.error({ ref, activityType: activity.type, err: errorSummary(err) }, 'request failed');
      return { status: 500, body: { error: 'internal', ref } };
    } finally {
      admitted?.done();
    }
  };
}

/** The token check took longer than KeysOutage allows (the signing-key download did not answer). */
class KeyCheckTimeout extends Error {
  override readonly name = 'KeyCheckTimeout';
}

/** `work`, or a KeyCheckTimeout after `ms` when `giveUp()` then says the token check is still going (and abandons it). */
async function checkWithin<T>(work: Promise<T>, ms: number, giveUp: () => boolean): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  // An abandoned check may still fail later, with nobody waiting for it.
  work.catch(() => undefined);
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          if (giveUp()) reject(new KeyCheckTimeout());
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * CloudAdapter's `process()` wants restify's request and response and writes error text into the
 * body; `processActivity` (protected in the typings, public in the code) takes the parsed activity
 * and returns the invoke or expectReplies answer, which this binding turns into HTTP itself.
 */
interface DirectAdapter {
  processActivity(
    authHeader: string,
    activity: IncomingActivity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<{ status: number; body?: unknown } | undefined>;
}

/**
 * Token problems: botbuilder's AuthenticationError with a 4xx status, and the errors jsonwebtoken
 * throws for a bad signature or algorithm ("none", HS256), an expired or not-yet-valid token, which
 * botbuilder passes through and would otherwise surface as a 500.
 */
function isAuthFailure(err: unknown): boolean {
  if (err instanceof AuthenticationError) return (err.statusCode ?? 401) < 500;
  const name = (err as { name?: unknown } | undefined)?.name;
  return (
    name === 'AuthenticationError' ||
    name === 'JsonWebTokenError' ||
    name === 'TokenExpiredError' ||
    name === 'NotBeforeError'
  );
}

/**
 * The signing keys could not be had: botbuilder reports a failed metadata or key download as an
 * AuthenticationError with status 500, and a network failure as the fetch library's own error.
 */
function isKeysUnavailable(err: unknown): boolean {
  if (err instanceof AuthenticationError) return (err.statusCode ?? 0) >= 500;
  const e = err as { name?: unknown; code?: unknown; type?: unknown } | undefined;
  return (
    e?.name === 'FetchError' ||
    e?.type === 'system' ||
    (typeof e?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT)$/.test(e.code))
  );
}
