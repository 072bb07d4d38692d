import crypto from 'node:crypto';

/** Node's one-shot hash (20.12 and later, and 22): half the cost of a Hash object for a short id. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/** SHA-256 of a string, base64url. */
export function sha256(text: string): string {
  return oneShot ? oneShot('sha256', text, 'base64url') : crypto.createHash('sha256').update(text).digest('base64url');
}

/**
 * Storage keys. Conversation and user ids are hashed: keys stay short and uniform for every backend,
 * and a key listing reveals no Teams ids.
 */
export function hashId(id: string): string {
  return sha256(id).slice(0, 32);
}

/**
 * Every record family's key prefix, in one place: the sweeper, erasure and a store listing all
 * agree on what lives where.
 */
export const PREFIX = {
  mapping: 'mapping/',
  supervision: 'supervision/',
  reflect: 'reflect/',
  audit: 'audit/',
  dedupe: 'dedupe/',
  boards: 'boards/',
  glossary: 'glossary/',
  reminders: 'reminders/',
} as const;

export const keys = {
  glossaryVotes: (termId: string) => `glossary/votes/${termId}`,
  glossaryVotesPrefix: 'glossary/votes/',
  glossaryUnanswered: (normalQuery: string) => `glossary/unanswered/${hashId(normalQuery)}`,
  glossaryUnansweredPrefix: 'glossary/unanswered/',
} as const;
