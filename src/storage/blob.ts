import { ContainerClient, RestError } from '@azure/storage-blob';
import { type Store, StoreConflictError, type StoreEntry, type StoreItem, type StoreItems } from './store';

/**
 * Azure Blob Storage for several bot instances, on the Azure SDK directly: one JSON blob per key,
 * the blob's ETag as the item's eTag (If-Match on write, If-None-Match: * on create), so several
 * instances writing one record never overwrite each other. Blob names are the keys URI-encoded, as
 * the Bot Framework SDK's blob storage named them, so data written before stays readable.
 */
export class BlobStore implements Store {
  private constructor(private readonly container: ContainerClient) {}

  static async open(connectionString: string, containerName: string): Promise<BlobStore> {
    const container = new ContainerClient(connectionString, containerName);
    await container.createIfNotExists();
    return new BlobStore(container);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const blob = await this.container.getBlobClient(blobName(key)).download();
          const chunks: Buffer[] = [];
          for await (const chunk of blob.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
          out[key] = { ...JSON.parse(Buffer.concat(chunks).toString('utf8')), eTag: blob.etag };
        } catch (err) {
          if (!(err instanceof RestError && err.statusCode === 404)) throw err;
        }
      }),
    );
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = item;
        const body = JSON.stringify(value);
        try {
          await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
            conditions: eTag && eTag !== '*' ? { ifMatch: eTag } : {},
            blobHTTPHeaders: { blobContentType: 'application/json' },
          });
        } catch (err) {
          if (err instanceof RestError && err.statusCode === 412) throw new StoreConflictError(key);
          throw err;
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.container.getBlobClient(blobName(key)).deleteIfExists()));
  }

  async create(key: string, item: StoreItem): Promise<boolean> {
    const { eTag: _ignored, ...value } = item;
    const body = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
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
    const encoded = prefix ? blobName(prefix.endsWith('/') ? `${prefix}x` : prefix).replace(/x$/, '') : '';
    for await (const blob of this.container.listBlobsFlat({ prefix: encoded })) {
      out.push({ key: decodeURIComponent(blob.name), updatedAt: blob.properties.lastModified?.getTime() ?? 0 });
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async close(): Promise<void> {}
}

/** A key as a blob name: empty path segments dropped, URI-encoded, at most 1,024 characters. */
export function blobName(key: string): string {
  const joined = key
    .split('/')
    .filter((part, i) => part !== '' || i === 0)
    .join('/');
  return encodeURIComponent(joined).slice(0, 1024);
}
