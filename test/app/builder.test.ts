import { execute, message, submit } from '../helpers/activities';
import { cardActions, cardNodes, cardText, inputValue, textBlocks, textRuns } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot, type TurnResult } from '../helpers/testBot';

const nodes = cardNodes;
/** Text shown as plain text (TextRuns), where markdown in user text is not rendered. */
const plainRuns = textRuns;
/** Text shown as markdown (TextBlocks). */
const markdownBlocks = textBlocks;

function button(card: unknown, title: string) {
  const action = cardActions(card).find((a) => a.title === title);
  if (!action) throw new Error(`No "${title}" button on card:\n${cardText(card)}`);
  return action;
}

const dangerParts = {
  who: "Children's services and the school",
  children: 'The baby and her brother, aged 7',
  worry: 'When dad drinks he shouts, throws things and has pushed mum while she was holding the baby',
  impact: 'The baby could be hit or dropped, and her brother will keep feeling scared at home',
  because: 'Last week dad pushed mum while she held the baby, and his drinking has grown since he lost his job',
  safety: '',
  disagreement: '',
};
const goalParts = {
  parents: 'Dad only drinks when the children are staying with grandma',
  child: 'The children say home feels calm',
  professionals: 'The school sees them arriving fed and on time',
  duration: 'six months',
};

describe('the danger statement and safety goal builder', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  const typed = async (text: string) => {
    const { replies } = await bot.send(message(text));
    expect(cardsIn(replies)).toHaveLength(1);
    return cardsIn(replies)[0];
  };
  const check = async (data: Record<string, unknown>) => invokeCard(await bot.send(execute('builder.check', data)));

  it('asks for each part of a danger statement, with guidance and a warning about names', async () => {
    const card = await typed('build a danger statement');
    const text = cardText(card);
    expect(text).toContain('Danger statement builder');
    expect(text).toContain('worry statement');
    for (const label of [
      'Who is worried?',
      'What are we worried about?',
      'If nothing changes, what could happen to the child?',
      'Safety the family has already shown (optional)',
      'Where the family or others see it differently (optional)',
    ])
      expect(text).toContain(label);
    expect(text).toMatch(/don't use names or other identifying details/);
    expect(text).toContain('not a label such as "neglect"');
    // The two toggles (guidance, optional parts) come first; the card's own action last.
    expect(cardActions(card).map((a) => a.title)).toEqual(['Show guidance', 'Optional parts', 'Check and assemble']);
  });

  it.each([
    ['build a danger statement', 'Danger statement builder'],
    ['Danger statement builder', 'Danger statement builder'],
    ['write a danger statement', 'Danger statement builder'],
    ['build a worry statement', 'Danger statement builder'],
    ['write a safety goal', 'Safety goal builder'],
    ['build a safety goal', 'Safety goal builder'],
    ['Build a success goal!', 'Safety goal builder'],
    ['help me write a danger statement', 'Danger statement builder'],
    ['can you help me build a safety goal?', 'Safety goal builder'],
  ])('opens from "%s"', async (said, title) => {
    expect(cardText(await typed(said))).toContain(title);
  });

  it.each([
    ['danger statement', 'Danger statement'],
    ['what is a safety goal', 'Safety goal'],
  ])('still answers "%s" from the glossary, offering the builder', async (said, term) => {
    const card = await typed(said);
    expect(cardText(card)).toContain(term);
    expect(cardText(card)).toContain('Was this helpful?');
    expect(cardText(card)).not.toContain('Check and assemble');
    const offer = cardActions(card).find((a) => a.verb === 'builder.start');
    expect(offer?.title).toBe(`Build a ${term.toLowerCase()}`);
    // The glossary card's button posts the builder as a new card, keeping the definition in view.
    const opened = await bot.send(execute('builder.start', offer?.data ?? {}));
    expect(invokeCard(opened)).toBeUndefined();
    expect(cardText(cardsIn(opened.replies)[0])).toContain(`${term} builder`);
  });

  it('assembles the statement in plain English, keeping every box as typed', async () => {
    const card = await check({ kind: 'danger-statement', ...dangerParts });
    expect(cardText(card)).toContain('Here is your draft');
    expect(plainRuns(card)).toContain(
      "Children's services and the school are worried that when dad drinks he shouts, throws things and has pushed " +
        'mum while she was holding the baby. We are worried for the baby and her brother, aged 7. If nothing ' +
        'changes, we are worried that the baby could be hit or dropped, and her brother will keep feeling scared at ' +
        'home. We say this because last week dad pushed mum while she held the baby, and his drinking has grown ' +
        'since he lost his job.',
    );
    for (const [id, value] of Object.entries(dangerParts)) expect(inputValue(card, id)).toBe(value);
    expect(cardActions(card).map((a) => a.title)).toEqual([
      'Show guidance',
      'Optional parts',
      'Copy as text',
      'Scale it',
      'Write the paired safety goal',
      'Check and assemble',
    ]);
  });

  it('says kindly, by name, which parts are still missing, and shows the draft with the gaps marked', async () => {
    const card = await check({ kind: 'danger-statement', who: 'The school', worry: dangerParts.worry });
    const text = cardText(card);
    expect(text).toContain(
      'Nearly there. To finish the danger statement I still need which child or children, what could happen to the ' +
        'child if nothing changes and what has already happened that makes us worried.',
    );
    expect(plainRuns(card).join(' ')).toContain('[what could happen to the child if nothing changes]');
    expect(inputValue(card, 'who')).toBe('The school');
    expect(inputValue(card, 'worry')).toBe(dangerParts.worry);
    // The two toggles (guidance, optional parts) come first; the card's own action last.
    expect(cardActions(card).map((a) => a.title)).toEqual(['Show guidance', 'Optional parts', 'Check and assemble']);
    // The person pressed "Check and assemble" at the foot of the card: the message is there, after
    // every box and the draft, not at the top.
    const all = nodes(card);
    const at = (t: (n: Record<string, unknown>) => boolean) => all.findIndex(t);
    const notice = at((n) => typeof n.text === 'string' && n.text.startsWith('Nearly there'));
    const lastBox = Math.max(...all.flatMap((n, i) => (String(n.type).startsWith('Input.') ? [i] : [])));
    const draft = at((n) => n.text === 'Draft danger statement');
    expect(notice).toBeGreaterThan(lastBox);
    expect(notice).toBeGreaterThan(draft);
    expect(at((n) => n.type === 'Action.Execute' && n.verb === 'builder.check')).toBeGreaterThan(notice);
  });

  it('names several missing parts in one sentence', async () => {
    const card = await check({ kind: 'danger-statement', impact: dangerParts.impact });
    expect(cardText(card)).toContain(
      'I still need who is worried, which child or children, what we are worried about and what has already ' +
        'happened that makes us worried.',
    );
  });

  it('asks for the parts when "Check and assemble" is pressed on an empty card', async () => {
    const card = await check({ kind: 'safety-goal' });
    expect(cardText(card)).toContain('Fill in the parts below');
    expect(plainRuns(card).some((t) => t.startsWith('We will know'))).toBe(false);
  });

  it('flags a worry written as a label, but still lets the statement be used', async () => {
    const card = await check({ kind: 'danger-statement', ...dangerParts, worry: 'Neglect' });
    expect(cardText(card)).toContain('reads like a label');
    expect(plainRuns(card).join(' ')).toContain('are worried about neglect.');
    expect(cardActions(card).map((a) => a.title)).toContain('Copy as text');
  });

  it('flags a very short worry', async () => {
    const card = await check({ kind: 'danger-statement', ...dangerParts, worry: 'Dad shouts loudly' });
    expect(cardText(card)).toContain('is very short');
  });

  it('refuses an over-long part kindly, keeping every word in the box', async () => {
    const long = `The baby ${'could be hurt '.repeat(50)}`.trim();
    expect(long.length).toBeGreaterThan(600);
    const card = await check({ kind: 'danger-statement', ...dangerParts, impact: long });
    expect(cardText(card)).toContain(
      `The part "what could happen to the child if nothing changes" is ${long.length} characters long; the limit is 600.`,
    );
    expect(inputValue(card, 'impact')).toBe(long);
    expect(inputValue(card, 'who')).toBe(dangerParts.who);
    expect(plainRuns(card).some((t) => t.includes('If nothing changes'))).toBe(false);
    // The two toggles (guidance, optional parts) come first; the card's own action last.
    expect(cardActions(card).map((a) => a.title)).toEqual(['Show guidance', 'Optional parts', 'Check and assemble']);
  });

  it('copies the finished statement as plain text', async () => {
    const card = await check({
      kind: 'danger-statement',
      ...dangerParts,
      disagreement: 'Dad says he **never** drinks',
    });
    const copied = await bot.send(execute('builder.copy', { ...button(card, 'Copy as text').data, ...dangerParts }));
    expect(copied.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/Here is the danger statement as plain text/),
      expect.stringMatching(/^Children's services and the school are worried that when dad drinks/),
    ]);
    expect(copied.replies[1]?.text).not.toContain('**never**');
    expect(copied.replies.every((r) => r.textFormat === 'plain')).toBe(true);
  });

  it('will not copy a statement whose boxes were emptied since it was checked', async () => {
    const result = await bot.send(execute('builder.copy', { kind: 'danger-statement', ...dangerParts, who: ' ' }));
    expect(result.replies).toEqual([]);
    expect(cardText(invokeCard(result))).toContain('I still need who is worried');
  });

  it('opens the paired safety goal carrying nothing that was typed', async () => {
    const card = await check({ kind: 'danger-statement', ...dangerParts });
    const pair = button(card, 'Write the paired safety goal');
    expect(pair.data).toEqual({ verb: 'builder.start', kind: 'safety-goal', paired: true });
    const raw = nodes(card).find((n) => n.title === 'Write the paired safety goal');
    expect(raw?.associatedInputs).toBe('none');
    const opened = await bot.send(execute('builder.start', pair.data));
    const goal = cardsIn(opened.replies)[0];
    expect(cardText(goal)).toContain('Safety goal builder');
    expect(cardText(goal)).toContain('This goal answers your danger statement');
    expect(JSON.stringify(goal)).not.toContain('dad drinks');
    // The note stays through "Check and assemble".
    const checked = await check({ ...button(goal, 'Check and assemble').data, ...goalParts });
    expect(cardText(checked)).toContain('This goal answers your danger statement');
    expect(button(checked, 'Copy as text').data).toEqual({ verb: 'builder.copy', kind: 'safety-goal', paired: true });
  });

  it('builds a safety goal with how long the change must last', async () => {
    const card = await check({ kind: 'safety-goal', ...goalParts });
    expect(plainRuns(card)).toContain(
      'We will know things are safe enough for the child when Dad only drinks when the children are staying with ' +
        'grandma. The children say home feels calm. The school sees them arriving fed and on time. All of this will ' +
        'have been happening for six months.',
    );
    expect(cardActions(card).map((a) => a.title)).toEqual([
      'Show guidance',
      'Copy as text',
      'Scale it',
      'Check and assemble',
    ]);
  });

  it('asks for the duration of a goal, and flags one that names no length of time', async () => {
    const missing = await check({ kind: 'safety-goal', ...goalParts, duration: '' });
    expect(cardText(missing)).toContain('I still need how long the change must last');
    const vague = await check({ kind: 'safety-goal', ...goalParts, duration: 'a good while' });
    expect(cardText(vague)).toContain("doesn't yet say how long the change must last");
  });

  it('scales a finished statement: the scaling card asks about it, with its own ends', async () => {
    const card = await check({ kind: 'danger-statement', ...dangerParts });
    const result = await bot.send(execute('builder.scale', { ...button(card, 'Scale it').data, ...dangerParts }));
    const setup = cardsIn(result.replies)[0];
    expect(cardText(setup)).toContain('Scaling question');
    expect(inputValue(setup, 'about')).toMatch(/^Children's services and the school are worried that/);
    expect(inputValue(setup, 'question')).toContain('thinking about this danger statement');
    expect(inputValue(setup, 'zero')).toContain('the harm described');
    const asked = invokeCard(
      await bot.send(
        execute('scale.ask', {
          about: inputValue(setup, 'about'),
          question: inputValue(setup, 'question'),
          zero: inputValue(setup, 'zero'),
          ten: inputValue(setup, 'ten'),
        }),
      ),
    );
    expect(plainRuns(asked).join('\n')).toContain('are worried that when dad drinks');
    expect(cardText(asked)).toContain('Why that number, and not lower?');
  });

  it('fills in the worries when another feature sends them', async () => {
    const result = await bot.send(
      execute('builder.start', { kind: 'danger-statement', worries: 'Mum leaves the children alone at night' }),
    );
    expect(inputValue(cardsIn(result.replies)[0], 'worry')).toBe('Mum leaves the children alone at night');
  });

  it('shows markup and template syntax in what was typed as plain text, and keeps it exactly', async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
    const worry = '<script>alert(1)</script> **dad** shouts at ${night} and [hits](https://x.test) the dog';
    const card = await check({ kind: 'danger-statement', ...dangerParts, worry });
    expect(plainRuns(card).join(' ')).toContain('**dad** shouts at $\u200b{night}');
    expect(markdownBlocks(card).join('\n')).not.toMatch(/script|\*\*dad\*\*/);
    // Sent back as typed (with the invisible mark), it reads back exactly as the person wrote it.
    const again = await bot.send(
      execute('builder.copy', { kind: 'danger-statement', ...dangerParts, worry: inputValue(card, 'worry') }),
    );
    expect(again.replies[1]?.text).toContain(worry);
  });

  it('answers a tampered payload kindly, keeping whatever text arrived', async () => {
    const badKind = await check({ kind: 'nonsense', who: 'The school', worry: dangerParts.worry });
    expect(cardText(badKind)).toMatch(/couldn't read what that card sent/);
    expect(inputValue(badKind, 'who')).toBe('The school');
    const badField = await check({ kind: 'safety-goal', parents: 42, child: 'Calm at home' });
    expect(cardText(badField)).toContain('Safety goal builder');
    expect(inputValue(badField, 'child')).toBe('Calm at home');
    const badStart = await bot.send(execute('builder.start', { kind: 'poem' }));
    expect(badStart.replies[0]?.text).toMatch(/couldn't read what that card sent/);
    expect(cardText(cardsIn(badStart.replies)[0])).toContain('Danger statement builder');
    const unknown = await bot.send(execute('builder.launch', {}));
    expect(unknown.replies[0]?.text).toMatch(/isn't one I recognise/);
  });

  it('still answers with a card Teams accepts when a forged payload carries huge text in every box', async () => {
    const huge = 'é'.repeat(20_000);
    const card = await check({
      kind: 'danger-statement',
      who: huge,
      worry: huge,
      impact: huge,
      safety: huge,
      disagreement: huge,
    });
    expect(cardText(card)).toContain('is 20000 characters long; the limit is 600');
    expect(inputValue(card, 'who')?.length).toBeGreaterThanOrEqual(600);
    const beyond = await check({ kind: 'danger-statement', who: 'w'.repeat(25_000) });
    expect(cardText(beyond)).toMatch(/couldn't read what that card sent/);
  });

  it('works through the Action.Submit fallback, editing the card in place', async () => {
    const result: TurnResult = await bot.send(submit('builder.check', { kind: 'danger-statement', ...dangerParts }));
    expect(result.updates).toHaveLength(1);
    expect(cardText(cardsIn(result.updates)[0])).toContain('Here is your draft');
  });

  it('keeps what people type out of the logs', async () => {
    await check({ kind: 'danger-statement', ...dangerParts, worry: 'Zebra-striped secret behaviour words' });
    await bot.send(
      execute('builder.copy', { kind: 'danger-statement', ...dangerParts, worry: 'Zebra-striped secret' }),
    );
    expect(bot.logs.text).not.toContain('Zebra');
  });
});
