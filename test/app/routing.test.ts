import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { createBot } from '../../src/bot/createBot';
import { asksAQuestion as asks, type BotRouter, COMPARISON, normalise, ONLY_ASKING } from '../../src/bot/router';
import { testDeps } from '../helpers/testBot';

interface Command {
  feature: string;
  phrases: string[];
  takesArgs: boolean;
  letThrough: 'none' | 'questions' | 'comparisons';
  askedAbout: 'glossary' | 'self';
  handler: unknown;
}

/**
 * The router's command matching as it was before phrases were grouped by first word: every phrase of
 * every command, longest first, with the router's own patterns. The router must give the same route for
 * every message.
 */
function scanEveryPhrase(router: BotRouter, text: string): { handler: unknown; args: '' | 'some' } | undefined {
  const commands = (router as unknown as { commands: Command[] }).commands;
  const said = normalise(text);
  const question = asks(text);
  const phrases = commands
    .flatMap((c) => c.phrases.map((phrase) => ({ c, phrase })))
    .sort((a, b) => b.phrase.length - a.phrase.length);
  for (const { c, phrase } of phrases) {
    if (said === phrase) {
      if (c.letThrough !== 'none' && question) continue;
      if (c.askedAbout === 'glossary' && /\?\s*$/.test(text)) continue;
      return { handler: c.handler, args: '' };
    }
    if (said.startsWith(`${phrase} `) && ONLY_ASKING.test(said.slice(phrase.length + 1))) {
      if (c.askedAbout === 'glossary') continue;
      return { handler: c.handler, args: '' };
    }
    if (c.takesArgs && said.startsWith(`${phrase} `)) {
      const rest = said.slice(phrase.length + 1);
      if (c.letThrough === 'questions' && (question || asks(rest))) continue;
      if (c.letThrough === 'comparisons' && COMPARISON.test(rest)) continue;
      return { handler: c.handler, args: 'some' };
    }
  }
  return undefined;
}

describe('routing a typed message to a command', () => {
  const { deps, dir } = testDeps();
  const bot = createBot(deps);
  afterAll(async () => {
    await deps.store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const commands = (bot.router as unknown as { commands: Command[] }).commands;
  const phrases = commands.flatMap((c) => c.phrases);
  const suffixes = ['', '?', ' case 4', ' Case 4 for Jo', ' meaning', ' tips', ' what is it', ' vs scaling', ' help'];
  const queries = (
    load(readFileSync(join(__dirname, '..', 'fixtures', 'glossary-queries.yaml'), 'utf8')) as {
      queries: { q: string }[];
    }
  ).queries.map((q) => q.q);
  const messages = [
    ...phrases.flatMap((p) => suffixes.flatMap((s) => [`${p}${s}`, `${p.toUpperCase()}${s}!`, `/${p}${s}`])),
    ...queries,
    '',
    '?',
    'what is it',
    'help me with a map',
  ];

  it('finds, for every phrase with arguments, questions and the glossary questions, what a scan of every phrase finds', () => {
    expect(phrases.length).toBeGreaterThan(100);
    const differ = messages.filter((text) => {
      const route = bot.router.routeMessage(text);
      const expected = scanEveryPhrase(bot.router, text);
      if (!expected) return commands.some((c) => c.handler === route?.handler);
      return route?.handler !== expected.handler || (expected.args === '' ? route?.args !== '' : route?.args === '');
    });
    expect(differ).toEqual([]);
    // The messages do reach commands, with and without arguments, and do go past them.
    const routed = messages.map((t) => scanEveryPhrase(bot.router, t));
    expect(routed.filter((r) => r?.args === '').length).toBeGreaterThan(200);
    expect(routed.filter((r) => r?.args === 'some').length).toBeGreaterThan(50);
    expect(routed.filter((r) => r === undefined).length).toBeGreaterThan(100);
  });

  it('keeps the command arguments in their original case', () => {
    const route = bot.router.routeMessage('Map Case 4 for Jo');
    expect(route?.feature).toBe('mapping');
    expect(route?.args).toBe('Case 4 for Jo');
  });

  it('finds a command registered after the first message was routed', async () => {
    const before = bot.router.routeMessage('zebra crossing now');
    expect(commands.some((c) => c.handler === before?.handler)).toBe(false);
    const handler = async () => [];
    bot.router.command('test', ['zebra crossing'], handler, { takesArgs: true });
    expect(bot.router.routeMessage('Zebra  crossing now')).toMatchObject({ feature: 'test', args: 'now' });
  });
});
