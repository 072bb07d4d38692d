import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import { type DataKey, DataKeyError, EncryptedStore, newDataKey, parseDataKey } from './encrypted';
import { SqliteStore } from './sqlite';
import type { Store } from './store';

/** The stores the bot runs on: conversation state (encrypted) and the audit trail (kept apart). */
export interface Stores {
  state: Store;
  audit: Store;
  /** The current data key, also used to pseudonymise user ids in the audit trail. */
  key: DataKey;
}

/** Bookkeeping records with no content, stored unencrypted: ids of activities already handled. */
export const PLAIN_PREFIXES = ['dedupe/'];

/** Name of the key file local mode creates when DATA_KEY is not set. */
export const KEY_FILE = 'data.key';

/**
 * Opens the configured backend and wraps it in AES-256-GCM encryption. SQLite in DATA_DIR is the
 * default; Blob is for several instances. Throws DataKeyError when the key is missing or wrong.
 */
export async function openStores(config: Config): Promise<Stores> {
  const key = resolveKey(config);
  const previous = config.previousDataKey ? [parseDataKey(config.previousDataKey, 'DATA_KEY_PREVIOUS')] : [];
  const { state: raw, audit } = await openBackend(config);
  const state = new EncryptedStore(raw, key, previous, PLAIN_PREFIXES);
  try {
    await state.verifyKey();
  } catch (err) {
    await state.close();
    await audit.close();
    throw err;
  }
  return { state, audit, key };
}

async function openBackend(config: Config): Promise<{ state: Store; audit: Store }> {
  switch (config.storage.kind) {
    case 'sqlite':
      return {
        state: new SqliteStore(join(config.dataDir, 'state.sqlite')),
        audit: new SqliteStore(join(config.dataDir, 'audit.sqlite')),
      };
    case 'blob': {
      // Loaded only when used: the Azure SDK is large and local runs never need it.
      const { BlobStore } = await import('./blob');
      const { connectionString, container } = config.storage;
      return {
        state: await BlobStore.open(connectionString, container),
        audit: await BlobStore.open(connectionString, `${container}-audit`),
      };
    }
  }
}

/** DATA_KEY if set; in local mode, a key file in DATA_DIR created on first run (owner-only). */
function resolveKey(config: Config): DataKey {
  if (config.dataKey) return parseDataKey(config.dataKey);
  if (config.mode !== 'local') throw new DataKeyError('DATA_KEY is required outside local mode');
  const file = join(config.dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, `${newDataKey()}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return parseDataKey(readFileSync(file, 'utf8'), `${file}`);
}
