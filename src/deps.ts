import type { Config } from './config';
import type { ContentPack } from './content/pack';
import type { Logger } from './log';
import type { AuditTrail } from './privacy/audit';
import type { Store } from './storage/store';

/** What every feature may use, built once at start-up and passed in (never imported as globals). */
export interface Deps {
  config: Config;
  content: ContentPack;
  store: Store;
  log: Logger;
  /** Current time in ms; tests pass a fake clock to exercise expiry. */
  clock: () => number;
  /** Who created, read, changed or deleted a session, pseudonymously, without content. */
  audit: AuditTrail;
}
