import { createHash } from 'node:crypto';

/**
 * Storage keys. Conversation and user ids are hashed: keys stay short and uniform for every backend,
 * and a key listing reveals no Teams ids.
 */
export function hashId(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 32);
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
