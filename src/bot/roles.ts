import type { Actor } from './turn';

/** Whether the person is a practice lead (PRACTICE_LEADS lists Teams user ids or Entra object ids). */
export function isPracticeLead(leads: readonly string[], actor: Pick<Actor, 'id' | 'aadObjectId'>): boolean {
  return leads.includes(actor.id) || (actor.aadObjectId !== undefined && leads.includes(actor.aadObjectId));
}
