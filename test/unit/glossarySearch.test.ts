import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parse } from 'js-yaml';
import { GlossarySearch, normaliseQuery } from '../../src/features/glossary/search';
import { realContent } from '../helpers/testBot';

interface LabelledQuery {
  q: string;
  expect: string | null;
  kind: string;
}

const queries = (
  parse(readFileSync(join(__dirname, '..', 'fixtures', 'glossary-queries.yaml'), 'utf8')) as {
    queries: LabelledQuery[];
  }
).queries;
const search = new GlossarySearch(realContent().glossary.terms, realContent().glossaryWords);

describe('glossary search against the labelled query set', () => {
  it('has a large, varied labelled set', () => {
    expect(queries.length).toBeGreaterThanOrEqual(100);
    expect(queries.filter((q) => q.expect === null).length).toBeGreaterThanOrEqual(10);
  });

  it('answers at least 95% of answerable queries with the right term first', () => {
    const answerable = queries.filter((q) => q.expect !== null);
    const misses = answerable
      .map((q) => ({ q, outcome: search.search(q.q) }))
      .filter(({ q, outcome }) => !(outcome.kind === 'answer' && outcome.term.id === q.expect))
      .map(
        ({ q, outcome }) =>
          `${q.kind}: "${q.q}" expected ${q.expect}, got ${outcome.kind === 'answer' ? outcome.term.id : `${outcome.kind} [${(outcome.kind === 'choices' ? outcome.terms : outcome.suggestions).map((t) => t.id).join(', ')}]`}`,
      );
    const accuracy = 1 - misses.length / answerable.length;
    console.log(`tuning top-1 ${(accuracy * 100).toFixed(1)}%\n${misses.join('\n')}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('never gives a definition for a query the glossary does not cover', () => {
    const wrong = queries
      .filter((q) => q.expect === null)
      .map((q) => ({ q: q.q, outcome: search.search(q.q) }))
      .filter(({ outcome }) => outcome.kind === 'answer')
      .map(({ q, outcome }) => `"${q}" answered with ${outcome.kind === 'answer' ? outcome.term.id : ''}`);
    expect(wrong).toEqual([]);
  });
});

describe('normaliseQuery', () => {
  it.each([
    ["what's a danger statment?", 'danger statment'],
    ['What does drift mean?', 'drift'],
    ['3 houses', 'three houses'],
    ['Tell me about the three houses', 'three houses'],
    ['a care plan', 'care plan'],
    ['CIN?', 'cin'],
    ['define: safety goal', 'safety goal'],
  ])('turns "%s" into "%s"', (input, output) => {
    expect(normaliseQuery(input)).toBe(output);
  });
});

describe('search decisions', () => {
  it('answers an exact alias straight away', () => {
    expect(search.search('worry statement')).toMatchObject({ kind: 'answer', term: { id: 'danger-statement' } });
  });

  it('answers nothing for an empty or meaningless question', () => {
    expect(search.search('   ').kind).toBe('none');
    expect(search.search('what is the').kind).toBe('none');
  });

  it('offers choices when a word fits several terms', () => {
    const outcome = search.search('safety');
    expect(outcome.kind).toBe('choices');
    if (outcome.kind === 'choices') expect(outcome.terms.length).toBeGreaterThan(1);
  });
});
