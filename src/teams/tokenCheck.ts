/**
 * A cheap look at an inbound Bot Framework token before botbuilder validates it. It decides nothing
 * in the token's favour (botbuilder still checks the signature, expiry with its 5-minute clock skew,
 * audience and service URL); it only refuses, without fetching any signing keys, tokens this bot
 * would never accept: not a JWT, not RS256/384/512, not issued by the Bot Framework channel
 * (emulator and skill tokens name other issuers), for another app, or with no expiry at all or one
 * more than a day away (both of which botbuilder would otherwise accept).
 */

/** The only issuer of tokens Teams sends to a bot (Bot Framework channel service). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';
const ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/** `kid`: the id of the key the token says it is signed with (unchecked), when it names one. */
export type TokenPrecheck = { ok: true; kid?: string } | { ok: false; why: string };

/** Longest remaining lifetime accepted in a token (Bot Framework channel tokens are issued for about an hour). */
export const MAX_LIFETIME_SECONDS = 24 * 60 * 60;

export function precheckToken(
  authHeader: string,
  appId: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): TokenPrecheck {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(authHeader.trim());
  if (!match) return { ok: false, why: 'not-a-bearer-jwt' };
  const header = decodePart(match[1] ?? '');
  const payload = decodePart(match[2] ?? '');
  if (!header || !payload) return { ok: false, why: 'undecodable' };
  if (typeof header.alg !== 'string' || !ALGORITHMS.has(header.alg)) return { ok: false, why: 'algorithm' };
  if (!match[3]) return { ok: false, why: 'unsigned' };
  if (payload.iss !== CHANNEL_ISSUER) return { ok: false, why: 'issuer' };
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audience.includes(appId)) return { ok: false, why: 'audience' };
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return { ok: false, why: 'no-expiry' };
  // Channel tokens live about an hour; one claiming to last longer than a day is not one of them.
  if (payload.exp - nowSeconds > MAX_LIFETIME_SECONDS) return { ok: false, why: 'expiry-too-far' };
  const kid = typeof header.kid === 'string' && header.kid.length <= 200 ? header.kid : undefined;
  return kid === undefined ? { ok: true } : { ok: true, kid };
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
