import { join } from 'node:path';
import type { Config } from '../config';
import { SqliteStore } from './sqlite';
import type { Store } from './store';

/** Opens the configured backend. SQLite in DATA_DIR is the default; Blob is for several instances. */
export async function openStore(config: Config): Promise<Store> {
  switch (config.storage.kind) {
    case 'sqlite':
      return new SqliteStore(join(config.dataDir, 'state.sqlite'));
    case 'blob':
      throw new Error('STORAGE=blob is not available in this build');
  }
}
