import { type SessionAudit, SessionRepository } from '../../state/sessions';
import type { Store } from '../../storage/store';
import type { MappingSession } from './model';

export { SessionNotFound } from '../../state/sessions';

export const MAPPING_PREFIX = 'mapping/';

/** Mapping sessions, one per conversation. */
export class MappingSessions extends SessionRepository<MappingSession> {
  constructor(store: Store, retentionDays: number, audit?: SessionAudit) {
    super(store, MAPPING_PREFIX, retentionDays, audit);
  }
}
