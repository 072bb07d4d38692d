import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { BotRouter } from '../../bot/router';
import { type ActionOutcome, card, type Reply, type TurnInfo, text } from '../../bot/turn';
import { type AdaptiveCard, cardTemplate, type NoticeStyle, renderCard } from '../../cards';
import { say } from '../../content/pack';
import { PROMPT_CATEGORIES, type PromptCategory } from '../../content/schema';
import type { Deps } from '../../deps';
import { hashId, PREFIX } from '../../state/keys';
import { put, sweepByAge, updateRecord } from '../../state/records';
import { categoryFrom, pickPrompt, type SeenPrompts } from './picker';

interface ReflectCardData {
  text: string;
  promptId: string;
  category: string;
  categoryTitle: string;
  categoryDescription: string;
  categories: { id: string; title: string; description: string }[];
  mapId: string;
  notice: string;
  noticeStyle: NoticeStyle;
}

const REFLECT = cardTemplate<ReflectCardData>('reflect');
export const REFLECT_PREFIX = PREFIX.reflect;

/** What reflect may do with the chat's map: see whether one is open, and keep a question in view on it. */
export interface MapPins {
  /** The id of the chat's map in progress, if any. */
  openMap(turn: TurnInfo): Promise<string | undefined>;
  /** Pins a prompt to map `sid`; its label, or undefined when that map is gone or closed. */
  pin(turn: TurnInfo, sid: string, promptId: string): Promise<string | undefined>;
}

const nextSchema = z.object({
  category: z.enum(PROMPT_CATEGORIES).optional(),
  pick: z.enum(PROMPT_CATEGORIES).optional(),
});
const pinSchema = z.object({ promptId: z.string().max(80), sid: z.string().max(40) });

/**
 * `reflect`: one critical-inquiry or reflective-supervision question at a time, from the prompt bank,
 * never repeated in a conversation until its category is used up; "use this in our map" keeps it
 * in view on the conversation's mapping session.
 */
export function register(router: BotRouter, deps: Deps, maps: MapPins): { sweep(now: number): Promise<number> } {
  const { content } = deps;
  const bank = content.prompts.prompts;
  const categories = content.prompts.categories;
  const key = (conversationId: string) => `${REFLECT_PREFIX}${hashId(conversationId)}`;
  const random = () => randomInt(0, 1_000_000) / 1_000_000;

  const show = async (turn: TurnInfo, category: PromptCategory, notice = ''): Promise<AdaptiveCard> => {
    const picked = await updateRecord<SeenPrompts, ReturnType<typeof pickPrompt>>(
      deps.store,
      key(turn.conversation.id),
      (current) => {
        const result = pickPrompt(bank, current ?? { seen: {} }, category, random);
        return put(result?.state ?? current ?? { seen: {} }, result);
      },
    );
    if (!picked) throw new Error(`No prompts in category ${category}`);
    const mapId = (await maps.openMap(turn)) ?? '';
    const cat = categories.find((c) => c.id === category);
    return renderCard(REFLECT, {
      text: picked.prompt.text,
      promptId: picked.prompt.id,
      category,
      categoryTitle: cat?.title ?? category,
      categoryDescription: cat?.description ?? '',
      categories: categories.map((c) => ({ id: c.id, title: c.title, description: c.description })),
      mapId,
      notice,
      noticeStyle: notice ? 'attention' : 'default',
    });
  };

  const anyCategory = (): PromptCategory => PROMPT_CATEGORIES[randomInt(0, PROMPT_CATEGORIES.length)] as PromptCategory;

  router.command(
    'reflect',
    [
      'reflect',
      'reflection',
      'reflective question',
      'give me a question',
      'prompt me',
      'critical question',
      'ask me a question',
    ],
    async (turn, args): Promise<Reply[]> => {
      const wanted = args ? categoryFrom(args, categories) : undefined;
      const notice = args && !wanted ? say(content, 'reflect-unknown-category', { category: args.slice(0, 40) }) : '';
      return [card(await show(turn, wanted ?? anyCategory(), notice))];
    },
    { takesArgs: true },
  );

  router.action('reflect', 'reflect', async (turn): Promise<ActionOutcome> => {
    if (turn.verb === 'reflect.next') {
      const data = nextSchema.safeParse(turn.data);
      const category = data.success ? (data.data.pick ?? data.data.category ?? anyCategory()) : anyCategory();
      return { card: await show(turn, category, data.success ? '' : say(content, 'malformed-action')) };
    }
    if (turn.verb === 'reflect.pin') {
      const data = pinSchema.safeParse(turn.data);
      const prompt = data.success ? bank.find((p) => p.id === data.data.promptId) : undefined;
      if (!data.success || !prompt) return { replies: [text(say(content, 'malformed-action'))] };
      const label = await maps.pin(turn, data.data.sid, prompt.id);
      return { replies: [text(label ? say(content, 'reflect-pinned', { label }) : say(content, 'reflect-no-map'))] };
    }
    return { replies: [text(say(content, 'unknown-action'))] };
  });

  return { sweep: (now) => sweepByAge(deps.store, REFLECT_PREFIX, now, deps.config.retentionDays) };
}
