import {
  chooseOption,
  clickCardButton,
  fillCardInput,
  say,
  screenshot,
  useWelcomedStack,
  waitForCard,
} from './harness';

jest.setTimeout(180_000);

/**
 * Issue 15: a review started from its reminder, in the Agents Playground. The bot's clock is moved
 * two weeks on instead of waited for; the reminder is posted proactively to the playground's
 * connector and pressed there like any card.
 */
const CASE = 'Case 8';
const ITEM = 'The baby was left alone in the bath';
const step = (label: string) => `${CASE} · Signs of Safety map · ${label}`;
const DAY = 24 * 60 * 60 * 1000;

describe('a review started from its reminder in the Agents Playground (real browser)', () => {
  let ahead = 0;
  const stack = useWelcomedStack({ clock: () => Date.now() + ahead, env: { REMINDER_CHECK_SECONDS: '3600' } });

  it('maps and scores once, then sets a review on the summary', async () => {
    const page = stack().page;
    await say(page, `map ${CASE}`);
    let card = await waitForCard(page, step('Question 1 of 4'), { fresh: true });
    await fillCardInput(card, 'Add items, one per line (up to 500 characters each)', ITEM);
    await clickCardButton(card, 'Add to the map');
    card = await waitForCard(page, ITEM, { fresh: true });
    for (const next of ["What's working well?", 'What needs to happen?', 'How worried are we?']) {
      await clickCardButton(card, next === 'How worried are we?' ? `Next: ${next}` : 'Next question');
      card = await waitForCard(page, 'Signs of Safety map', { fresh: true });
      if ((await card.textContent())?.includes('Before we move on')) {
        await clickCardButton(card, `Continue: ${next}`);
        card = await waitForCard(page, 'Signs of Safety map', { fresh: true });
      }
    }
    expect(await card.textContent()).toContain(step('Question 4 of 4'));
    await chooseOption(card, 'Your score, 0 to 10', '3');
    await fillCardInput(card, 'Why that number, and not lower?', 'Mum now stays in the bathroom');
    await clickCardButton(card, 'Submit my score');
    card = await waitForCard(page, 'Mum now stays in the bathroom', { fresh: true });
    await clickCardButton(card, 'See the summary');

    const summary = await waitForCard(page, step('Summary'), { fresh: true });
    await clickCardButton(summary, 'Review date');
    await chooseOption(summary, 'When should we review it?', 'In 2 weeks');
    await clickCardButton(summary, 'Set review');
    const set = await waitForCard(page, 'Review set for', { fresh: true });
    expect(await set.textContent()).toMatch(/The map is kept until \d{1,2} [A-Z][a-z]{2} \d{4}/);
  });

  it('posts the reminder in the chat when the review falls due, and "Start review" opens the review round', async () => {
    const page = stack().page;
    ahead = 15 * DAY;
    const outcomes = await stack().bot.reminders.check();
    expect(outcomes.map((d) => d.outcome)).toEqual(['sent']);

    const reminder = await waitForCard(page, `${CASE} map: review`, { fresh: true });
    expect(await reminder.getByRole('button', { name: 'Snooze a week', exact: true }).count()).toBe(1);
    await screenshot(page, 'review-reminder');
    await clickCardButton(reminder, 'Start review');

    const review = await waitForCard(page, 'Review round 2', { fresh: true });
    const text = (await review.textContent()) ?? '';
    expect(text).toContain(ITEM);
    expect(text).toContain('What are we worried about?');
    await screenshot(page, 'review-round');
  });
});
