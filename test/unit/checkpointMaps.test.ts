import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { PromptTrigger } from '../../src/content/schema';
import { detectTriggers } from '../../src/features/mapping/inquiry';
import {
  apply,
  type MappingSession,
  type QuestionId,
  type SubheadingId,
  startSession,
} from '../../src/features/mapping/model';

/**
 * Maps written by someone who never saw the trigger rules (test/fixtures/checkpoint-maps.yaml, copied
 * unchanged): each names the triggers that must fire at its checkpoint and the ones that must stay quiet.
 */
interface BlindMap {
  name: string;
  setting: 'personal' | 'group';
  after: QuestionId | 'scaling';
  items?: { sub: SubheadingId; text: string }[];
  scores?: { person: string; score: number; reason?: string }[];
  fires?: PromptTrigger[];
  silent?: PromptTrigger[];
}

const maps = (
  yaml.load(readFileSync(join(__dirname, '../fixtures/checkpoint-maps.yaml'), 'utf8')) as { maps: BlindMap[] }
).maps;

const questionOf = (sub: SubheadingId): QuestionId =>
  sub.startsWith('existing') ? 'working' : sub === 'safety-goals' || sub === 'next-steps' ? 'needs' : 'worries';

function sessionFor(map: BlindMap): MappingSession {
  const facilitator = { id: 'facilitator', name: 'Facilitator' };
  let s = startSession({ id: 's', label: 'Case', setting: map.setting, facilitator, now: 0, commandId: 'start' });
  (map.items ?? []).forEach((item, i) => {
    const command = { type: 'addItems', question: questionOf(item.sub), subheading: item.sub, texts: [item.text] };
    s = apply(s, command as never, { actor: facilitator, now: 1, commandId: `add${i}` }).session;
  });
  const scores = (map.scores ?? []).map((x) => ({
    person: { id: x.person, name: x.person },
    score: x.score,
    reason: x.reason ?? '',
    at: 2,
  }));
  return { ...s, scores, revealed: scores.length > 0 };
}

/** One row per expectation: the map, the trigger, and whether it must fire. */
const expectations = maps.flatMap((map) => [
  ...(map.fires ?? []).map((trigger) => ({ map, trigger, fires: true })),
  ...(map.silent ?? []).map((trigger) => ({ map, trigger, fires: false })),
]);

describe('blind checkpoint maps', () => {
  it('has maps with expectations to check', () => {
    expect(maps.length).toBeGreaterThan(0);
    expect(expectations.length).toBeGreaterThan(maps.length);
  });

  it.each(expectations.map((e) => [e.map.name, e.fires ? 'fires' : 'stays quiet on', e.trigger, e] as const))(
    '%s: %s %s',
    (_name, _verb, trigger, { map, fires }) => {
      const found = detectTriggers(sessionFor(map), map.after);
      if (fires) expect(found).toContain(trigger);
      else expect(found).not.toContain(trigger);
    },
  );
});
