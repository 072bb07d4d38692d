/**
 * Preloaded into a benchmarked process (node --expose-gc -r ./test/bench/gcProbe.cjs ...): on SIGUSR2
 * it reads the resident set as it is (`rssBusy`), runs a full garbage collection, reads it again at once
 * (`rssAtGc`: V8 gives the pages a full GC frees back on background threads, so this reading still holds
 * some of them), waits a second, and prints one JSON line with the resident set at rest, the live heap,
 * the heap V8 holds (its committed total), memory held for Buffers outside the heap, V8's own malloc, and
 * the resident set as the kernel splits it (anonymous: malloc and V8; file-backed: node and its libraries).
 */
const { readFileSync } = require('node:fs');
const v8 = require('node:v8');

function status() {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
    return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), rssShmem: kb('RssShmem') };
  } catch {
    return { rssAnon: 0, rssFile: 0, rssShmem: 0 };
  }
}

process.on('SIGUSR2', () => {
  const rssBusy = process.memoryUsage.rss();
  global.gc?.();
  global.gc?.();
  const rssAtGc = process.memoryUsage.rss();
  setTimeout(() => {
    const m = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    const gcProbe = {
      rss: m.rss,
      rssBusy,
      rssAtGc,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      v8Malloced: heap.malloced_memory,
      ...status(),
    };
    process.stdout.write(`${JSON.stringify({ gcProbe })}\n`);
  }, 1000);
});
