import { type Stack, say, screenshot, startStack, waitForCard } from './harness';

// Page loads take a few seconds, and Chromium plus the playground take ~10 s to start.
jest.setTimeout(90_000);

describe('help in the Agents Playground (real browser)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('welcomes the person when the personal chat opens', async () => {
    // Opening the playground installs the app: a conversationUpdate with the bot in membersAdded.
    const welcome = await waitForCard(stack.page, 'Welcome to SofS Companion');
    expect(await welcome.isVisible()).toBe(true);
    expect(await welcome.getByRole('button', { name: 'Get started' }).count()).toBe(1);
  });

  it('answers "help" with the help card', async () => {
    await say(stack.page, 'help');
    const card = await waitForCard(stack.page, 'What I can help with', { fresh: true });
    expect(await card.isVisible()).toBe(true);
    expect(await card.textContent()).toContain('@mention me first');

    // The reply went through the playground's connector as a new message with an Adaptive Card.
    const reply = stack.connector.filter((c) => c.kind === 'post').at(-1);
    expect(reply?.activity?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');

    await card.scrollIntoViewIfNeeded();
    await screenshot(stack.page, 'help-card');
  });
});
