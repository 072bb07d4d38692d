/**
 * Preloaded into a benchmarked process (node --expose-gc -r ./test/bench/gcProbe.cjs ...): on SIGUSR2
 * it runs a full garbage collection and prints one JSON line with the resident set, the live heap and the
 * heap V8 holds (its committed total).
 */
process.on('SIGUSR2', () => {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  process.stdout.write(
    `${JSON.stringify({ gcProbe: { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal } })}\n`,
  );
});
