import { randomPooled } from '../random';

/** A short, readable reference (for example "K7Q-2F9") to quote when reporting a problem. */
export function newReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomPooled(6);
  let ref = '';
  for (let i = 0; i < 6; i++) ref += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return `${ref.slice(0, 3)}-${ref.slice(3)}`;
}
