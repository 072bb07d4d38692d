import { ContainerClient as Client, type ContainerClient, RestError } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import type { Store, StoreEntry, StoreItem, StoreItems } from './store';

/**
 * Azure Blob Storage for several bot instances: botbuilder's BlobsStorage (which sends If-Match for
 * eTags) for read/write/delete, plus an atomic create (If-None-Match: *) and a listing for the sweeper,
 * naming blobs exactly as BlobsStorage does.
 */
export class BlobStore implements Store {
  private constructor(
    private readonly storage: BlobsStorage,
    private readonly container: ContainerClient,
  ) {}

  static async open(connectionString: string, containerName: string): Promise<BlobStore> {
    const container = new Client(connectionString, containerName);
    await container.createIfNotExists();
    return new BlobStore(new BlobsStorage(connectionString, containerName), container);
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.storage.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    return this.storage.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    return this.storage.delete(keys);
  }

  async create(key: string, item: StoreItem): Promise<boolean> {
    const { eTag: _ignored, ...value } = item;
    const body = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return true;
    } catch (err) {
      if (err instanceof RestError && (err.statusCode === 409 || err.statusCode === 412)) return false;
      throw err;
    }
  }

  async list(prefix: string): Promise<StoreEntry[]> {
    const out: StoreEntry[] = [];
    const encoded = prefix ? sanitizeBlobKey(prefix.endsWith('/') ? `${prefix}x` : prefix).replace(/x$/, '') : '';
    for await (const blob of this.container.listBlobsFlat({ prefix: encoded })) {
      out.push({ key: decodeURIComponent(blob.name), updatedAt: blob.properties.lastModified?.getTime() ?? 0 });
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async close(): Promise<void> {}
}
