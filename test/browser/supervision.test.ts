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
jest.setTimeout(120_000);

const IDENTIFYING = 'Dad shouted; his NHS number is 943 476 5919';
const NOTE_BOX = 'Add a note for this stage';

describe('reflective supervision in the Agents Playground (real browser)', () => {
  const stack = useWelcomedStack();

  it('warns about an identifying case reference under the box, beside "Start supervision"', async () => {
    await say(stack().page, 'supervise');
    const start = await waitForCard(stack().page, 'Reflective supervision', { fresh: true });
    await fillCardInput(start, 'Case reference (no names)', 'NHS 943 476 5919');
    await clickCardButton(start, 'Start supervision');
    const warned = await waitForCard(stack().page, 'may include an NHS number', { fresh: true });
    await expectBesideButton(warned, 'may include an NHS number', 'Start supervision');
    await fillCardInput(warned, 'Case reference (no names)', 'Case 7');
    await clickCardButton(warned, 'Start supervision');
    await waitForCard(stack().page, 'Case 7 · Reflective supervision', { fresh: true });
  });

  it('shows a refused note between its box and "Add note", keeping what was typed', async () => {
    const card = await waitForCard(stack().page, 'Case 7 · Reflective supervision');
    await fillCardInput(card, NOTE_BOX, IDENTIFYING);
    await clickCardButton(card, 'Add note');
    const warned = await waitForCard(stack().page, 'may include an NHS number', { fresh: true });
    expect(await warned.getByRole('textbox', { name: NOTE_BOX }).inputValue()).toBe(IDENTIFYING);
    await expectBesideButton(warned, 'may include an NHS number', 'Add note');
    await screenshot(stack().page, 'supervision-warning-next-to-button');
    await fillCardInput(warned, NOTE_BOX, '');
  });

  it('shows a refused action next to "Add action", keeping what was typed', async () => {
    let card = await waitForCard(stack().page, 'Case 7 · Reflective supervision');
    for (const [n, next] of ['Next: Reflection', 'Next: Analysis', 'Next: Action planning'].entries()) {
      await clickCardButton(card, next);
      card = await waitForCard(stack().page, `Case 7 · Reflective supervision · Stage ${n + 2} of 4`, { fresh: true });
    }
    await fillCardInput(card, 'Action', 'Book a network meeting');
    await fillCardInput(card, "Who will do it (a role or colleague, not the family's names)", 'Social worker');
    // No date chosen: the model asks for one, next to the button.
    await clickCardButton(card, 'Add action');
    const warned = await waitForCard(stack().page, 'choose a real date', { fresh: true });
    expect(await warned.getByRole('textbox', { name: 'Action' }).inputValue()).toBe('Book a network meeting');
    await expectBesideButton(warned, 'choose a real date', 'Add action');
    await screenshot(stack().page, 'supervision-action-warning');
  });
});
