/**
 * Glossary search speed in-process (not a test: figures vary with the machine's load).
 * `npx tsx test/bench/glossarySearch.ts`: every labelled question, uncached, through understand().
 * Prints wall-clock and CPU time per question; the target is p99 under 5 ms.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadContent } from '../../src/content/pack';
import { GlossarySearch } from '../../src/features/glossary/search';
import { understand } from '../../src/features/glossary/understand';

const fixtures = join(__dirname, '..', 'fixtures');
const questions = ['glossary-queries.yaml', 'glossary-kinds.yaml', 'glossary-long.yaml', 'glossary-long2.yaml'].flatMap(
  (file) => {
    try {
      return (load(readFileSync(join(fixtures, file), 'utf8')) as { queries: { q: string }[] }).queries.map((q) => q.q);
    } catch {
      return [];
    }
  },
);
const content = loadContent();
const wall: number[] = [];
const cpu: number[] = [];
for (let pass = 0; pass < 5; pass++) {
  // A fresh index per pass and a changed wording, so nothing comes from the cache.
  const search = new GlossarySearch(content.glossary.terms, content.glossaryWords);
  for (const q of questions) {
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    understand(search, `${q} ${'x'.repeat(pass + 1)}`);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    wall.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
const at = (list: number[], q: number) => [...list].sort((a, b) => a - b)[Math.floor(list.length * q)] ?? 0;
console.log(`glossary search, ${wall.length} uncached questions (${questions.length} x 5 passes)`);
console.log(`wall ms: p50 ${at(wall, 0.5).toFixed(3)}  p99 ${at(wall, 0.99).toFixed(3)}`);
console.log(`cpu  ms: p50 ${at(cpu, 0.5).toFixed(3)}  p99 ${at(cpu, 0.99).toFixed(3)}`);
