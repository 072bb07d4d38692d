import { categoryFrom, pickPrompt, type SeenPrompts } from '../../src/features/reflect/picker';
import { realContent } from '../helpers/testBot';

const bank = realContent().prompts.prompts;
const categories = realContent().prompts.categories;

describe('picking reflective questions', () => {
  it('never repeats a question in a category until the category is used up', () => {
    // Reflection has no map and no scores: a question that rests on them (`needs`) is never picked.
    const inDrift = bank.filter((p) => p.category === 'drift' && !p.needs);
    let state: SeenPrompts = { seen: {} };
    const shown: string[] = [];
    for (let i = 0; i < inDrift.length; i++) {
      const picked = pickPrompt(bank, state, 'drift');
      if (!picked) throw new Error('nothing picked');
      expect(picked.prompt.category).toBe('drift');
      shown.push(picked.prompt.id);
      state = picked.state;
    }
    expect(new Set(shown).size).toBe(inDrift.length);
  });

  it('starts a used-up category again without repeating the last question', () => {
    const inChild = bank.filter((p) => p.category === 'child');
    const last = inChild[0]?.id ?? '';
    const state: SeenPrompts = { seen: { child: inChild.map((p) => p.id) }, last };
    for (let i = 0; i < 20; i++) {
      const picked = pickPrompt(bank, state, 'child', () => i / 20);
      expect(picked?.prompt.id).not.toBe(last);
      expect(picked?.state.seen.child).toEqual([picked?.prompt.id]);
    }
  });

  it('keeps categories separate', () => {
    const first = pickPrompt(bank, { seen: {} }, 'support', () => 0);
    const second = pickPrompt(bank, first?.state ?? { seen: {} }, 'analysis', () => 0);
    expect(second?.state.seen).toEqual({ support: [first?.prompt.id], analysis: [second?.prompt.id] });
  });

  it('finds a category from what someone typed', () => {
    expect(categoryFrom('drift', categories)).toBe('drift');
    expect(categoryFrom('the child', categories)).toBe('child');
    expect(categoryFrom('Guarding against pessimism', categories)).toBe('pessimism');
    expect(categoryFrom('lunch', categories)).toBeUndefined();
  });
});
