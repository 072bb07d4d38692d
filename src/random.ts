import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically random bytes, drawn from a pooled buffer refilled 4 KB at a time. A separate
 * `randomBytes` call per id, nonce and reference showed up in profiles (one system call each).
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function randomPooled(size: number): Buffer {
  if (size > pool.length) throw new RangeError('randomPooled: size too large');
  if (offset + size > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + size));
  offset += size;
  return out;
}
