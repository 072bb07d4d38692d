import type { Prompt, PromptCategory } from '../../content/schema';

/** Which prompts a conversation has already seen, per category. */
export interface SeenPrompts {
  seen: Partial<Record<PromptCategory, string[]>>;
  last?: string;
}

/**
 * Picks the next reflective prompt: never one this conversation has seen in that category until the
 * category is used up, then the category starts again (but not with the prompt just shown).
 * `random` returns [0, 1); tests pass a fixed one.
 */
export function pickPrompt(
  bank: Prompt[],
  state: SeenPrompts,
  category: PromptCategory,
  random: () => number = Math.random,
): { prompt: Prompt; state: SeenPrompts } | undefined {
  // A question that assumes a mapping conversation (revealed scores, several scorers) is kept for the map.
  const inCategory = bank.filter((p) => p.category === category && !p.needs);
  if (inCategory.length === 0) return undefined;
  const seen = new Set(state.seen[category] ?? []);
  let pool = inCategory.filter((p) => !seen.has(p.id));
  let seenNow = [...seen];
  if (pool.length === 0) {
    // Exhausted: start the category again, avoiding an immediate repeat.
    seenNow = [];
    pool = inCategory.length > 1 ? inCategory.filter((p) => p.id !== state.last) : inCategory;
  }
  const prompt = pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))] as Prompt;
  return {
    prompt,
    state: { seen: { ...state.seen, [category]: [...seenNow, prompt.id] }, last: prompt.id },
  };
}

/** Finds a category from what someone typed ("drift", "the child", "support"). */
export function categoryFrom(
  text: string,
  categories: { id: PromptCategory; title: string }[],
): PromptCategory | undefined {
  const t = text.toLowerCase().trim();
  if (!t) return undefined;
  return (
    categories.find((c) => c.id === t)?.id ??
    categories.find((c) => c.title.toLowerCase().includes(t) || t.includes(c.id))?.id
  );
}
