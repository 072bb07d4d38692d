import { clickCardButton, say, screenshot, useWelcomedStack, waitForCard } from './harness';

// Page loads take a few seconds, and Chromium plus the playground take ~10 s to start.
jest.setTimeout(90_000);

// Words from the glossary entries (src/content/glossary.yaml) that only their own cards show.
const DANGER_SUMMARY = 'What worries us most: who is worried, about which child';
const SAFETY_GOAL_SUMMARY = 'What we need to see, and for how long';

describe('glossary in the Agents Playground (real browser)', () => {
  const stack = useWelcomedStack();

  it('answers a question with a typo with the term card', async () => {
    await say(stack().page, "what's a danger statment");
    const card = await waitForCard(stack().page, DANGER_SUMMARY, { fresh: true });
    expect(await card.isVisible()).toBe(true);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Danger statement');
    expect(text).toContain('what could happen if nothing changes, and what has happened that makes us say so');
    expect(text).toContain('Was this helpful?');
    expect(await card.getByRole('button', { name: 'Yes', exact: true }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'No', exact: true }).count()).toBe(1);
    // Its related terms are buttons.
    for (const related of ['Safety goal', 'Future danger', 'Scaling']) {
      expect(await card.getByRole('button', { name: related, exact: true }).count()).toBe(1);
    }
    await card.scrollIntoViewIfNeeded();
    await screenshot(stack().page, 'glossary-typo-answer');
  });

  it('shows a related term when its button is pressed', async () => {
    const danger = await waitForCard(stack().page, DANGER_SUMMARY);
    await clickCardButton(danger, 'Safety goal');
    const card = await waitForCard(stack().page, SAFETY_GOAL_SUMMARY, { fresh: true });
    expect(await card.isVisible()).toBe(true);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Safety goal');
    expect(text).toContain('Was this helpful?');
    // It relates back to the danger statement.
    expect(await card.getByRole('button', { name: 'Danger statement', exact: true }).count()).toBe(1);

    await card.scrollIntoViewIfNeeded();
    await screenshot(stack().page, 'glossary-term');
  });
});

describe('a comparison question in the Agents Playground (real browser)', () => {
  const stack = useWelcomedStack();

  it('shows both terms side by side with what sets them apart, each opening its full card', async () => {
    await say(stack().page, "what's the difference between a danger statement and a safety goal?");
    const card = await waitForCard(stack().page, 'What sets them apart', { fresh: true });
    expect(await card.isVisible()).toBe(true);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Danger statement and Safety goal');
    expect(text).toContain(DANGER_SUMMARY);
    expect(text).toContain(SAFETY_GOAL_SUMMARY);
    expect(text).toContain('One names the problem, the other the destination.');
    expect(await card.getByRole('button', { name: 'Danger statement', exact: true }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Safety goal', exact: true }).count()).toBe(1);
    await card.scrollIntoViewIfNeeded();
    await screenshot(stack().page, 'glossary-comparison');

    await clickCardButton(card, 'Safety goal');
    const full = await waitForCard(stack().page, SAFETY_GOAL_SUMMARY, { fresh: true });
    expect((await full.textContent()) ?? '').toContain('Was this helpful?');
  });
});
