import type { MappingSession } from '../../src/features/mapping/model';
import { historyFrom, type RoundHistory } from '../../src/features/reviews/rounds';

/** One round of a reviewed map as test material states it: its date, the scores, and the items per question. */
export interface RoundSpec {
  date: string;
  scores: number[];
  worries: string[];
  working: string[];
  needs: string[];
  revealed?: boolean;
}

const SUBHEADING = { worries: 'past-harm', working: 'existing-strengths', needs: 'next-steps' } as const;

/** A closed group map as it stood at one round (items keyed by their words, as a rebuilt map would be). */
export function roundSnapshot(round: RoundSpec, mapId = 'm1'): MappingSession {
  const person = { id: 'u1', name: 'Sam' };
  const at = Date.parse(round.date);
  const items = (['worries', 'working', 'needs'] as const).flatMap((question) =>
    (round[question] ?? []).map((text, i) => ({
      id: `${question}-${i}-${text}`,
      question,
      subheading: SUBHEADING[question],
      text,
      author: person,
      createdAt: at,
    })),
  );
  return {
    v: 1,
    id: mapId,
    label: 'Case',
    setting: 'group',
    facilitator: person,
    participants: [person],
    status: 'closed',
    step: { kind: 'summary' },
    revision: 1,
    items,
    scores: round.scores.map((score, i) => ({ person: { id: `p${i}`, name: `P${i}` }, score, reason: '', at })),
    revealed: round.revealed ?? true,
    usedPrompts: [],
    scalingPrompts: [],
    pinned: [],
    nextItem: 1,
    createdAt: at,
    updatedAt: at,
    applied: [],
  };
}

/** The history of a map reviewed over these rounds. */
export function historyOf(rounds: RoundSpec[], mapId = 'm1'): RoundHistory {
  return historyFrom(rounds.map((r) => ({ session: roundSnapshot(r, mapId), at: Date.parse(r.date) })));
}
