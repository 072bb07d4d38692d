/**
 * The rules every guided session shares (a map, a supervision conversation, a review), as pure
 * functions: no storage, no SDK. A flow's model says what its commands do to a draft; the kernel
 * makes each command apply once, refuses stale or unpermitted steering, and keeps the revision,
 * participants and timestamps.
 */
import type { Applied } from '../state/lifecycle';

export type { Applied };

/** Someone in the conversation, as Teams names them. */
export interface Person {
  id: string;
  name: string;
}

/** What every guided session stores, whatever its flow. */
export interface GuidedRecord {
  id: string;
  label: string;
  status: 'active' | 'closed';
  /** Bumped by every change. */
  revision: number;
  /**
   * The revision of the last change that moved the session (its step, the reveal, closing): steering
   * buttons carry it, so an old card cannot move the session, while people adding, editing or scoring
   * do not make the lead's "Next" stale. Absent in records from before it: the revision stands in.
   */
  stepRevision?: number;
  participants: Person[];
  createdAt: number;
  updatedAt: number;
  /** Kept until this time instead of the usual retention after its last change (a map with a review). */
  keepUntil?: number;
  /** Ids of the last commands applied (activity ids): a resend is recognised and ignored. */
  applied: string[];
}

/** Who is acting, when, and the activity id that makes the command idempotent. */
export interface GuidedContext {
  actor: Person;
  now: number;
  commandId: string;
}

/** Every way a guided command can be refused; each has one kind message (see guided/flow.ts). */
export type GuidedErrorCode =
  | 'StaleCard'
  | 'SessionClosed'
  | 'NotAllowed'
  | 'TooLong'
  | 'TooMany'
  | 'OutOfRange'
  | 'NotFound'
  | 'Empty'
  | 'WrongStep'
  | 'InvalidSubmission'
  | 'BadDate';

/** What a refusal carries for its message: `lead` is the person who steers; `field`, `max`… the limit hit. */
export interface GuidedErrorDetail {
  lead?: string;
  author?: string;
  field?: string;
  max?: number;
  length?: number;
  left?: number;
  why?: string;
}

/** A refused command. Nothing changed; the handler turns the code into a kind reply. */
export class GuidedError extends Error {
  constructor(
    readonly code: GuidedErrorCode,
    readonly detail: GuidedErrorDetail = {},
  ) {
    super(code);
    this.name = 'GuidedError';
  }
}

/** How many applied command ids a session remembers for duplicate detection. */
export const APPLIED_MEMORY = 200;

/**
 * Applies one command: `change` edits a copy of the session (throwing GuidedError to refuse, which
 * leaves the session untouched). A command id seen before is a no-op; a closed session takes only
 * commands marked `whenClosed` (reopening it).
 */
export function applyOnce<T extends GuidedRecord>(
  session: T,
  ctx: GuidedContext,
  change: (next: T) => void,
  options: { whenClosed?: boolean; moves?: boolean } = {},
): Applied<T> {
  if (session.applied.includes(ctx.commandId)) return { session, changed: false };
  if (session.status === 'closed' && !options.whenClosed) throw new GuidedError('SessionClosed');
  const next = structuredClone(session);
  change(next);
  const known = next.participants.find((p) => p.id === ctx.actor.id);
  // Names can change in Teams; keep the latest.
  if (known) known.name = ctx.actor.name;
  else next.participants.push({ id: ctx.actor.id, name: ctx.actor.name });
  next.revision = session.revision + 1;
  // A contribution (`moves: false`) leaves the steering buttons on everyone's cards current.
  next.stepRevision = options.moves === false ? steeringRevision(session) : next.revision;
  next.updatedAt = ctx.now;
  next.applied = [...session.applied, ctx.commandId].slice(-APPLIED_MEMORY);
  return { session: next, changed: true };
}

/** The revision steering buttons carry: that of the last change that moved the session. */
export function steeringRevision(session: GuidedRecord): number {
  return session.stepRevision ?? session.revision;
}

/** Refuses a steering command from an old card: one drawn before the session last moved. */
export function checkRevision(session: GuidedRecord, revision: number | undefined): void {
  if (revision !== undefined && revision !== steeringRevision(session)) throw new GuidedError('StaleCard');
}

/** Refuses anyone but `lead` (the facilitator or supervisor), naming them. */
export function requireLead(lead: Person, ctx: GuidedContext): void {
  if (ctx.actor.id !== lead.id) throw new GuidedError('NotAllowed', { lead: lead.name });
}

/** Refuses a change to someone else's contribution unless the actor leads the session. */
export function requireAuthorOrLead(author: Person, lead: Person, ctx: GuidedContext): void {
  if (author.id !== ctx.actor.id && ctx.actor.id !== lead.id)
    throw new GuidedError('NotAllowed', { lead: lead.name, author: author.name });
}

/** Cleans and checks one free-text field: empty and over-long text are refused with the field named. */
export function limitedText(clean: (s: string) => string, field: string, value: string, max: number): string {
  const text = clean(value);
  if (!text) throw new GuidedError('Empty', { field });
  if (text.length > max) throw new GuidedError('TooLong', { field, max, length: text.length });
  return text;
}

/**
 * "Forget me" for any session: drops the person from the participants and hands the lead to the
 * longest-standing remaining one; undefined (delete the session) when nobody else is left.
 * `strip` removes their contributions from the copy.
 */
export function forgetParticipant<T extends GuidedRecord>(
  session: T,
  personId: string,
  now: number,
  lead: (s: T) => Person,
  strip: (s: T, lead: Person) => T,
): T | undefined {
  const participants = session.participants.filter((p) => p.id !== personId);
  const current = lead(session);
  const next = current.id === personId ? participants[0] : current;
  if (!next) return undefined;
  return strip({ ...session, participants, revision: session.revision + 1, updatedAt: now }, next);
}
