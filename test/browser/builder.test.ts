import {
  clickCardButton,
  expectBesideButton,
  fillCardInput,
  say,
  screenshot,
  useWelcomedStack,
  waitForCard,
} from './harness';

// Page loads take a few seconds, and Chromium plus the playground take ~10 s to start.
jest.setTimeout(90_000);

const WHO = "Children's services and the school";
const WORRY = 'When dad drinks he shouts, throws things and has pushed mum while she was holding the baby';
const CHILDREN = 'the baby, aged 8 months, and her brother, aged 7';
const IMPACT = 'The baby could be hit or dropped, and her brother will keep feeling scared at home';
const BECAUSE = 'last month the baby was bruised when she fell from the sofa during an argument';
/** The sentences the draft must hold, one for each part typed. */
const DRAFT = [
  "Children's services and the school are worried that when dad drinks he shouts, throws things and has pushed mum while she was holding the baby.",
  `We are worried for ${CHILDREN}.`,
  'If nothing changes, we are worried that the baby could be hit or dropped, and her brother will keep feeling scared at home.',
  `We say this because ${BECAUSE}.`,
];

const LABELS = {
  who: 'Who is worried?',
  children: 'Which child or children?',
  worry: 'What are we worried about?',
  impact: 'If nothing changes, what could happen to the child?',
  because: 'What has already happened that makes us worried?',
};

describe('the danger statement builder in the Agents Playground (real browser)', () => {
  const stack = useWelcomedStack();

  it('opens the builder with a box for each part', async () => {
    await say(stack().page, 'build a danger statement');
    const card = await waitForCard(stack().page, 'Danger statement builder', { fresh: true });
    expect(await card.textContent()).toContain("don't use names or other identifying details");
    for (const label of Object.values(LABELS)) {
      expect(await card.getByRole('textbox', { name: label }).count()).toBe(1);
    }
    expect(await card.getByRole('button', { name: 'Check and assemble', exact: true }).count()).toBe(1);
  });

  it('names the part still missing, keeping what was typed', async () => {
    const card = await waitForCard(stack().page, 'Danger statement builder');
    await fillCardInput(card, LABELS.who, WHO);
    await fillCardInput(card, LABELS.worry, WORRY);
    await clickCardButton(card, 'Check and assemble');

    // Action.Execute: the builder is replaced in place by the checked one.
    const checked = await waitForCard(stack().page, 'Nearly there', { fresh: true });
    expect(await checked.textContent()).toContain(
      'Nearly there. To finish the danger statement I still need which child or children, what could happen to the child if nothing changes and what has already happened that makes us worried.',
    );
    expect(await checked.textContent()).toContain('[what could happen to the child if nothing changes]');
    expect(await checked.getByRole('textbox', { name: LABELS.who }).inputValue()).toBe(WHO);
    expect(await checked.getByRole('textbox', { name: LABELS.worry }).inputValue()).toBe(WORRY);
    expect(await checked.getByRole('textbox', { name: LABELS.impact }).inputValue()).toBe('');
    expect(await checked.getByRole('button', { name: 'Copy as text', exact: true }).count()).toBe(0);
    // The person is looking at the button they pressed, at the foot of the card: the message is there.
    await expectBesideButton(checked, 'Nearly there', 'Check and assemble');
    await screenshot(stack().page, 'danger-statement-missing-part');
  });

  it('assembles the draft statement once every part is there', async () => {
    const card = await waitForCard(stack().page, 'Nearly there');
    await fillCardInput(card, LABELS.children, CHILDREN);
    await fillCardInput(card, LABELS.impact, IMPACT);
    await fillCardInput(card, LABELS.because, BECAUSE);
    await clickCardButton(card, 'Check and assemble');

    const done = await waitForCard(stack().page, 'Here is your draft', { fresh: true });
    const text = (await done.textContent()) ?? '';
    expect(text).toContain('Draft danger statement');
    for (const sentence of DRAFT) expect(text.replace(/\s+/g, ' ')).toContain(sentence);
    expect(text).not.toContain('Nearly there');
    for (const title of ['Copy as text', 'Write the paired safety goal', 'Scale it']) {
      expect(await done.getByRole('button', { name: title, exact: true }).count()).toBe(1);
    }
    expect(await done.getByRole('textbox', { name: LABELS.impact }).inputValue()).toBe(IMPACT);

    await done.getByText('Draft danger statement').scrollIntoViewIfNeeded();
    await screenshot(stack().page, 'danger-statement');
  });
});
