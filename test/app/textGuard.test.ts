import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execute, message, type Where } from '../helpers/activities';
import { cardActions, cardNodes } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot, type TurnResult } from '../helpers/testBot';

/**
 * Every free-text box on every card is guarded: this walks each Input.Text of each template in cards/,
 * reaches a live card with that box through the real bot, types an NHS number into it (plainly, and
 * with zero-width spaces or no-break spaces inside) and presses every button on the card. Nothing may
 * store or post the number, and at least one button must answer with the "please rephrase" message.
 * A new text box on an existing card is tested automatically; a new card with a text box fails here
 * until it is given a way to be reached below.
 */

const CARDS = join(__dirname, '..', '..', 'cards');

/** The Input.Text ids of every card template (inside shown cards too). */
function templateTextInputs(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(CARDS).filter((f) => f.endsWith('.json'))) {
    const ids = cardNodes(JSON.parse(readFileSync(join(CARDS, file), 'utf8')))
      .filter((n) => n.type === 'Input.Text')
      .map((n) => String(n.id));
    if (ids.length) out.set(file.replace(/\.json$/, ''), ids);
  }
  return out;
}

/** Harmless words for every box, so each button has what it needs apart from the box under test. */
const HARMLESS: Record<string, string> = {
  label: 'Case 1',
  items: 'Worry about drinking at home',
  editText: 'A reworded worry',
  reason: 'Because things are calmer',
  higher: 'More calm evenings',
  note: 'A reflective note about the visit',
  what: 'Arrange a network meeting',
  owner: 'Social worker',
  question: 'How safe is home this week?',
  zero: 'Not safe at all',
  ten: 'Completely safe',
  about: 'Home life',
  who: 'Children’s social care and the school',
  worry: 'that the children will be hurt when the adults argue and throw things late at night',
  impact: 'the children could be injured or frightened',
  safety: 'the adults stop arguing in front of the children',
  disagreement: 'the parents say it only happened once',
  parents: 'keep the children safe when they argue, by one of them leaving the room',
  child: 'feel safe at home and sleep through the night',
  professionals: 'see the children calm and happy at every visit',
  duration: 'for six months',
};

/** The same NHS number as pasted from Word or Outlook, which the guard once let through. */
const NHS: Record<string, string> = {
  'zero-width spaces': 'NHS no 943\u200b476\u200b5919',
  'no-break spaces and en dashes': 'nhs\u00a0943\u2013476\u00a05919',
};
const NHS_STORED = /9\D{0,3}4\D{0,3}3\D{0,3}4\D{0,3}7\D{0,3}6\D{0,3}5\D{0,3}9\D{0,3}1\D{0,3}9/;

/** What every input of a live card would send, with harmless defaults. */
function inputsOf(card: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of cardNodes(card)) {
    const id = String(n.id ?? '');
    if (n.type === 'Input.Text') out[id] = HARMLESS[id] ?? 'Harmless words';
    if (n.type === 'Input.ChoiceSet') {
      const choices = (n.choices as { value: string }[] | undefined) ?? [];
      out[id] = n.value || (id === 'score' ? '5' : choices[0]?.value);
    }
    if (n.type === 'Input.Date') out[id] = '2026-12-12';
  }
  return out;
}

type Reach = (bot: TestBot, where: Where) => Promise<unknown>;

const click = async (bot: TestBot, card: unknown, verb: string, where: Where, extra: Record<string, unknown> = {}) => {
  const action = cardActions(card).find(
    (a) => a.verb === verb && Object.entries(extra).every(([k, v]) => a.data[k] === v),
  );
  if (!action) throw new Error(`no ${verb} button`);
  return invokeCard(await bot.send(execute(verb, { ...inputsOf(card), ...action.data }, where)));
};
const firstCard = async (bot: TestBot, text: string, where: Where) =>
  cardsIn((await bot.send(message(text, where))).replies)[0];

/** How to reach a live card made from each template that has a text box (the later steps of a card after "|"). */
const REACH: Record<string, Reach> = {
  'map-start': (bot, where) => firstCard(bot, 'map', where),
  'map-question': async (bot, where) => {
    const start = await firstCard(bot, 'map', where);
    const board = await click(bot, start, 'mapping.start', where);
    return click(bot, board, 'mapping.add', where);
  },
  'map-scaling': async (bot, where) => {
    const board = await click(bot, await firstCard(bot, 'map', where), 'mapping.start', where);
    return click(bot, board, 'mapping.goto', where, { to: 'scaling' });
  },
  // In a personal chat the score shows at once, with "one point higher" asked below it.
  'map-scaling|scored': async (bot, where) => {
    const board = await click(bot, await firstCard(bot, 'map', where), 'mapping.start', where);
    return click(bot, await click(bot, board, 'mapping.goto', where, { to: 'scaling' }), 'mapping.score', where);
  },
  'supervise-start': (bot, where) => firstCard(bot, 'supervise', where),
  'supervise-stage': async (bot, where) => {
    let stage = await click(bot, await firstCard(bot, 'supervise', where), 'supervision.start', where);
    // The action stage (what, who, by when) is the fourth.
    for (let i = 0; i < 3; i++) stage = await click(bot, stage, 'supervision.next', where);
    return stage;
  },
  'scale-setup': (bot, where) => firstCard(bot, 'scale', where),
  'scale-score': async (bot, where) => click(bot, await firstCard(bot, 'scale', where), 'scale.ask', where, {}),
  'scale-result': async (bot, where) => {
    const score = await click(bot, await firstCard(bot, 'scale', where), 'scale.ask', where);
    return click(bot, score, 'scale.score', where);
  },
  'builder-danger-statement': async (bot, where) =>
    click(bot, await firstCard(bot, 'build a danger statement', where), 'builder.check', where),
  'builder-safety-goal': async (bot, where) =>
    click(bot, await firstCard(bot, 'write a safety goal', where), 'builder.check', where),
};

/** Everything the bot posted or edited into the chat in a turn (not the private answer to the click). */
const posted = (result: TurnResult) => JSON.stringify([result.replies, result.updates]);

describe('every text box on every card goes through the identifier guard', () => {
  let bot: TestBot;
  let conversation = 0;
  const fresh = (): Where => ({ conversationId: `a:guard-${conversation++}`, kind: 'personal' });
  beforeAll(() => {
    bot = TestBot.create({ clock: () => Date.UTC(2026, 10, 29, 10) });
  });
  afterAll(() => bot.close());

  const templates = templateTextInputs();

  it('knows how to reach every card template that has a text box', () => {
    expect([...templates.keys()].sort()).toEqual([...new Set(Object.keys(REACH).map((k) => k.split('|')[0]))].sort());
  });

  const cases = [...templates].flatMap(([template, ids]) =>
    ids.flatMap((id) => Object.keys(NHS).map((how) => [template, id, how])),
  );
  it.each(cases)(
    '%s: an NHS number typed in "%s" with %s is refused and neither stored nor posted',
    async (template, id, how) => {
      const nhs = NHS[how as string];
      const hasBox = (card: unknown) => cardNodes(card).some((n) => n.type === 'Input.Text' && n.id === id);
      let reach: Reach | undefined;
      let live: unknown;
      for (const [, way] of Object.entries(REACH).filter(([k]) => k.split('|')[0] === template)) {
        live = await way(bot, fresh());
        if (hasBox(live)) {
          reach = way;
          break;
        }
      }
      if (!reach) throw new Error(`no way to reach a ${template} card showing "${id}"`);
      const verbs = [
        ...new Set(cardActions(live).flatMap((a) => (a.type === 'Action.Execute' && a.verb ? [a.verb] : []))),
      ];
      expect(verbs.length).toBeGreaterThan(0);
      const warning = bot.deps.content.messages['identifier-found']?.split('{what}')[0] ?? '';
      let refused = 0;
      const buttons = (card: unknown) => cardActions(card).filter((a) => a.type === 'Action.Execute' && a.verb);
      for (let k = 0; k < buttons(live).length; k++) {
        const where = fresh();
        const card = await reach(bot, where);
        const action = buttons(card)[k];
        if (!action) throw new Error(`the card changed between visits`);
        const result = await bot.send(
          execute(String(action.verb), { ...inputsOf(card), ...action.data, [id as string]: nhs }, where),
        );
        expect(posted(result)).not.toMatch(NHS_STORED);
        if (JSON.stringify(result).includes(warning)) refused++;
      }
      expect(refused).toBeGreaterThan(0);
      const keys = (await bot.deps.store.list('')).map((e) => e.key);
      const stored = JSON.stringify(await bot.deps.store.read(keys));
      expect(stored).not.toMatch(NHS_STORED);
    },
  );

  it('stores exactly the string the guard checked: pasted spaces and invisible characters are gone from both', async () => {
    const where = fresh();
    const board = await click(bot, await firstCard(bot, 'map', where), 'mapping.start', where);
    const action = cardActions(board).find((a) => a.verb === 'mapping.add');
    await bot.send(
      execute(
        'mapping.add',
        { ...inputsOf(board), ...action?.data, items: 'Worry\u00a0about\u200b dad\u2019s drink\u00ading \u2013 late' },
        where,
      ),
    );
    let stage = await click(bot, await firstCard(bot, 'supervise', where), 'supervision.start', where);
    for (let i = 0; i < 3; i++) stage = await click(bot, stage, 'supervision.next', where);
    const add = cardActions(stage).find((a) => a.verb === 'supervision.addAction');
    await bot.send(
      execute('supervision.addAction', { ...inputsOf(stage), ...add?.data, owner: 'Social\u202fworker\u2060' }, where),
    );
    const keys = (await bot.deps.store.list('')).map((e) => e.key);
    const stored = JSON.stringify(await bot.deps.store.read(keys));
    expect(stored).toContain('"Worry about dad’s drinking - late"');
    expect(stored).toContain('"Social worker"');
    expect(stored).not.toMatch(/[\u00a0\u00ad\u200b\u2013\u202f\u2060]/);
  });
});
