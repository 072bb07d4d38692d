import type { Locator } from 'playwright-core';
import {
  chooseOption,
  clickCardButton,
  fillCardInput,
  openChat,
  say,
  screenshot,
  tenant,
  useWelcomedStack,
  waitForCard,
} from './harness';

// Page loads take a few seconds, and Chromium plus the playground take ~10 s to start; the walk
// through the map is a dozen round trips.
jest.setTimeout(120_000);

const CASE = 'Case 4';
const ITEM = 'The baby could be dropped or hit if dad keeps drinking';
const REASON = 'Gran visits every day and mum calls her when dad drinks';
/** The subtle first line of every map card: "Case 4 · Signs of Safety map · <step>". */
const step = (label: string) => `${CASE} · Signs of Safety map · ${label}`;

describe('a mapping conversation in the Agents Playground (real browser)', () => {
  const stack = useWelcomedStack();

  it('starts a map from its case reference', async () => {
    await say(stack().page, 'map');
    const start = await waitForCard(stack().page, 'Start a mapping conversation', { fresh: true });
    expect(await start.textContent()).toContain('Do not enter names, dates of birth');
    await fillCardInput(start, 'Case reference (no names)', CASE);
    await clickCardButton(start, 'Start mapping');

    // Action.Execute: the start card is replaced in place by the first question.
    const card = await waitForCard(stack().page, step('Question 1 of 4'), { fresh: true });
    expect((await card.textContent()) ?? '').toContain('What are we worried about?');
    // The question's prompts are folded away until "Show prompts" is pressed (the card stays short).
    expect((await card.textContent()) ?? '').not.toContain('first, the worst and the last');
    await card.getByRole('button', { name: 'Show prompts', exact: true }).click();
    await card.getByText('first, the worst and the last').waitFor();
    expect(
      await stack().page.locator('.ac-adaptiveCard').filter({ hasText: 'Start a mapping conversation' }).count(),
    ).toBe(0);
  });

  it('adds a worry under the chosen sub-heading and shows it on the card', async () => {
    const card = await waitForCard(stack().page, step('Question 1 of 4'));
    // Not the first sub-heading, so the drop-down really has to change.
    await chooseOption(card, 'Add under', 'Future danger');
    await fillCardInput(card, 'Add items, one per line (up to 500 characters each)', ITEM);
    await clickCardButton(card, 'Add to the map');

    const after = await waitForCard(stack().page, ITEM, { fresh: true });
    const text = (await after.textContent()) ?? '';
    expect(text).toContain('What are we worried about?');
    expect(text).toContain('Past harm (0)');
    expect(text).toContain('Future danger (1)');
    expect(text).toContain(`${tenant.currentUser.name} added 1 item to Future danger.`);
    // The box is emptied for the next item.
    expect(
      await after.getByRole('textbox', { name: 'Add items, one per line (up to 500 characters each)' }).inputValue(),
    ).toBe('');
  });

  it('shows a warning about what was typed next to the box and the button, keeping the text', async () => {
    const page = stack().page;
    const card = await waitForCard(page, step('Question 1 of 4'));
    const typed = 'Dad shouted; his NHS number is 943 476 5919';
    await fillCardInput(card, 'Add items, one per line (up to 500 characters each)', typed);
    await clickCardButton(card, 'Add to the map');
    const warned = await waitForCard(page, 'may include an NHS number', { fresh: true });
    const box = warned.getByRole('textbox', { name: 'Add items, one per line (up to 500 characters each)' });
    expect(await box.inputValue()).toBe(typed);
    // The person is looking at the button they pressed: the warning is on screen with it, just above it.
    const button = warned.getByRole('button', { name: 'Add to the map', exact: true });
    await button.scrollIntoViewIfNeeded();
    const warning = warned.getByText('may include an NHS number');
    const viewport = page.viewportSize() ?? { width: 0, height: 0 };
    const [w, b] = [await warning.boundingBox(), await button.boundingBox()];
    if (!w || !b) throw new Error('warning or button not drawn');
    expect(w.y).toBeGreaterThanOrEqual(0);
    expect(w.y + w.height).toBeLessThanOrEqual(viewport.height);
    expect(b.y - (w.y + w.height)).toBeLessThan(250);
    expect(b.y).toBeGreaterThan(w.y);
    await screenshot(page, 'mapping-warning-next-to-button');
    // Nothing was stored: clear the box for the next steps.
    await fillCardInput(warned, 'Add items, one per line (up to 500 characters each)', '');
  });

  it('moves on through the critical-inquiry checkpoint and the other questions to scaling', async () => {
    let card = await waitForCard(stack().page, ITEM);
    await clickCardButton(card, 'Next question');
    card = await waitForCard(stack().page, 'Before we move on', { fresh: true });
    expect(await card.textContent()).toContain(step('Critical inquiry'));
    await clickCardButton(card, "Continue: What's working well?");

    card = await waitForCard(stack().page, step('Question 2 of 4'), { fresh: true });
    expect(await card.textContent()).toContain("What's working well?");
    await clickCardButton(card, 'Next question');
    // A checkpoint follows a question only when it has prompts to offer.
    card = await waitForCard(stack().page, 'Signs of Safety map', { fresh: true });
    if ((await card.textContent())?.includes('Before we move on')) {
      await clickCardButton(card, 'Continue: What needs to happen?');
      card = await waitForCard(stack().page, step('Question 3 of 4'), { fresh: true });
    }
    expect(await card.textContent()).toContain(step('Question 3 of 4'));
    expect(await card.textContent()).toContain('What needs to happen?');
    await clickCardButton(card, 'Next: How worried are we?');
    card = await waitForCard(stack().page, 'Signs of Safety map', { fresh: true });
    if ((await card.textContent())?.includes('Before we move on')) {
      await clickCardButton(card, 'Continue: How worried are we?');
      card = await waitForCard(stack().page, step('Question 4 of 4'), { fresh: true });
    }
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(step('Question 4 of 4'));
    expect(text).toContain('How worried are we?');
    expect(text).toContain('the child is not safe and their needs are not being met at all');
  });

  it('lets navigation through with no score picked: "See the summary", then "Back to the map"', async () => {
    let card = await waitForCard(stack().page, step('Question 4 of 4'));
    // Nothing chosen in the required 0-10 score: navigation must not be held up by it.
    expect(await card.getByRole('radio', { checked: true }).count()).toBe(0);
    await clickCardButton(card, 'See the summary');
    const summary = await waitForCard(stack().page, step('Summary'), { fresh: true });
    expect(await summary.textContent()).toContain('How worried are we?');
    await clickCardButton(summary, 'Back to the map');
    card = await waitForCard(stack().page, step('Question 4 of 4'), { fresh: true });
    expect(await card.textContent()).not.toContain('Choose a number from 0 to 10.');
    await clickCardButton(card, 'Back');
    card = await waitForCard(stack().page, step('Question 3 of 4'), { fresh: true });
    await clickCardButton(card, 'Next: How worried are we?');
    card = await waitForCard(stack().page, 'Signs of Safety map', { fresh: true });
    if ((await card.textContent())?.includes('Before we move on')) {
      await clickCardButton(card, 'Continue: How worried are we?');
      card = await waitForCard(stack().page, step('Question 4 of 4'), { fresh: true });
    }
    expect(await card.textContent()).toContain(step('Question 4 of 4'));
  });

  it('takes a score with a reason, then shows the summary with the item and the score', async () => {
    let card = await waitForCard(stack().page, step('Question 4 of 4'));
    await chooseOption(card, 'Your score, 0 to 10', '4');
    await fillCardInput(card, 'Why that number, and not lower?', REASON);
    await clickCardButton(card, 'Submit my score');

    card = await waitForCard(stack().page, REASON, { fresh: true });
    expect(await card.textContent()).toContain(`${tenant.currentUser.name}: 4`);
    expect(await card.textContent()).toContain('What would one point higher look like?');
    await clickCardButton(card, 'See the summary');

    const summary = await waitForCard(stack().page, step('Summary'), { fresh: true });
    // Each question is folded under its heading (the card stays short): open the worries.
    await summary.getByText('What are we worried about?', { exact: false }).first().click();
    const text = (await summary.textContent()) ?? '';
    // The item sits under its sub-heading: between "Future danger" and "Complicating factors".
    expect(text).toMatch(new RegExp(`Future danger\\s*•\\s*${ITEM}\\s*Complicating factors`));
    expect(text).toContain('How worried are we?');
    expect(text).toContain(`${tenant.currentUser.name}: 4`);
    expect(text).toContain(REASON);
    expect(await summary.getByRole('button', { name: 'Copy as text', exact: true }).count()).toBe(1);

    await summary.scrollIntoViewIfNeeded();
    await screenshot(stack().page, 'mapping-summary');
  });
});

describe('a group map in the Agents Playground, which never refreshes a card (real browser)', () => {
  const stack = useWelcomedStack();
  const GROUP_CASE = 'Case 8';
  const at = (label: string) => `${GROUP_CASE} · Signs of Safety map · ${label}`;

  /**
   * The facilitator's own controls: the playground shows the group's shared board after every change
   * (it never asks for a person's own view), so "My controls" is pressed whenever that is what is shown.
   */
  async function myControls(): Promise<Locator> {
    const page = stack().page;
    // Let the group's edit of the message (sent after the answer) land first.
    await page.waitForTimeout(1_500);
    const card = await waitForCard(page, `${GROUP_CASE} · Signs of Safety map`);
    if ((await card.getByRole('button', { name: 'My controls', exact: true }).count()) === 0) return card;
    await clickCardButton(card, 'My controls');
    return waitForCard(page, `${GROUP_CASE} · Signs of Safety map`, { fresh: true });
  }

  it('lets the facilitator steer and reveal from the shared board through "My controls"', async () => {
    const page = stack().page;
    await openChat(page, 'group');
    await say(page, 'map');
    const start = await waitForCard(page, 'Start a mapping conversation', { fresh: true });
    await fillCardInput(start, 'Case reference (no names)', GROUP_CASE);
    await clickCardButton(start, 'Start mapping');
    await waitForCard(page, at('Question 1 of 4'), { fresh: true });
    await stack().actAs('Priya', GROUP_CASE, 'Add to the map', { items: 'Dad drinks at weekends' });

    // What the playground shows now is the group's board: nothing on it that anyone would be refused.
    const shared = await waitForCard(page, 'Dad drinks at weekends', { fresh: true });
    expect(await shared.getByRole('button', { name: 'Next question', exact: true }).count()).toBe(0);
    expect(await shared.getByRole('button', { name: 'My controls', exact: true }).count()).toBe(1);

    let card = await myControls();
    for (let i = 0; i < 8 && !((await card.textContent()) ?? '').includes(at('Question 4 of 4')); i++) {
      const onward = card.getByRole('button', { name: /^(Next|Continue)(: | question$)/ });
      expect(await onward.count()).toBe(1);
      const title = (await onward.textContent())?.trim() ?? '';
      await clickCardButton(card, title);
      card = await myControls();
    }
    expect(await card.textContent()).toContain(at('Question 4 of 4'));

    const score = { score: '6', reason: 'Gran is there every day' };
    await stack().actAs('Priya', at('Question 4 of 4'), 'Submit my score', score);
    await stack().actAs('Tom', at('Question 4 of 4'), 'Submit my score', { ...score, score: '8' });
    card = await myControls();
    await clickCardButton(card, 'Reveal scores');
    const revealed = await waitForCard(page, 'Median 7', { fresh: true });
    expect(await revealed.textContent()).toContain('Gran is there every day');
    await screenshot(page, 'mapping-group-revealed-via-my-controls');
  });
});
