/**
 * `npm run rotate-key`: after setting a new DATA_KEY with the old one as DATA_KEY_PREVIOUS, re-encrypts
 * every stored record with the new key, so DATA_KEY_PREVIOUS can then be removed.
 */
import { loadConfig } from '../config';
import { openStores } from '../storage';
import type { EncryptedStore } from '../storage/encrypted';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.previousDataKey) {
    console.error('Set the old key as DATA_KEY_PREVIOUS and the new one as DATA_KEY, then run this again.');
    process.exit(1);
  }
  const stores = await openStores(config);
  try {
    const count = await (stores.state as EncryptedStore).rotateAll();
    console.log(`Re-encrypted ${count} records with the new key. You can now remove DATA_KEY_PREVIOUS.`);
  } finally {
    await stores.state.close();
    await stores.audit.close();
  }
}

main().catch((err) => {
  console.error(`Key rotation failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
