import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { findIdentifiers } from '../../src/privacy/identifiers';

interface LabelledSet {
  identifying: { text: string; kind: string }[];
  harmless: { text: string; trap?: string }[];
}

const loadSet = (name: string) => load(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')) as LabelledSet;

/** Recall on identifying strings and the false-positive rate on harmless ones, printed for the record. */
function measure(name: string) {
  const set = loadSet(name);
  const missed = set.identifying.filter((e) => findIdentifiers(e.text).length === 0);
  const flagged = set.harmless.filter((e) => findIdentifiers(e.text).length > 0);
  const recall = 1 - missed.length / set.identifying.length;
  const falsePositives = flagged.length / set.harmless.length;
  // Figures only: the strings themselves stay out of the output.
  console.log(
    `${name}: recall ${set.identifying.length - missed.length}/${set.identifying.length} (${(100 * recall).toFixed(1)}%), ` +
      `false positives ${flagged.length}/${set.harmless.length} (${(100 * falsePositives).toFixed(1)}%); ` +
      `missed kinds: ${[...new Set(missed.map((e) => e.kind))].join(', ') || 'none'}; ` +
      `flagged traps: ${[...new Set(flagged.map((e) => e.trap ?? '?'))].join(', ') || 'none'}`,
  );
  return { set, recall, falsePositives };
}

describe('identifier guard on labelled sets', () => {
  it('catches every identifying string of its own tuning set and flags no harmless one', () => {
    const { recall, falsePositives } = measure('identifiers-tuning.yaml');
    expect(recall).toBe(1);
    expect(falsePositives).toBe(0);
  });

  it('reaches recall of at least 95% with at most 5% false positives on the blind set it was not tuned on', () => {
    const { set, recall, falsePositives } = measure('identifiers-blind.yaml');
    expect(set.identifying.length).toBeGreaterThan(40);
    expect(set.harmless.length).toBeGreaterThan(20);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falsePositives).toBeLessThanOrEqual(0.05);
  });
});
