import { StoreBusyError } from '../../src/storage/store';
import { composeQuery, execute, message, USERS } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

describe('glossary questions', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create({ env: { PRACTICE_LEADS: USERS.sam.id } });
  });
  afterEach(() => bot.close());

  const firstCard = async (text: string, where = {}) => {
    const { replies } = await bot.send(message(text, where));
    expect(cardsIn(replies)).toHaveLength(1);
    return cardsIn(replies)[0];
  };

  it('answers a question with typos with the term card', async () => {
    const card = await firstCard("what's a danger statment");
    const text = cardText(card);
    expect(text).toContain('Danger statement');
    expect(text).toMatch(/Source: /);
    expect(text).toContain('Example');
    expect(text).toContain('Was this helpful?');
    const actions = cardActions(card);
    expect(actions.filter((a) => a.verb === 'glossary.show').length).toBeGreaterThanOrEqual(2);
    expect(actions.filter((a) => a.verb === 'glossary.show').length).toBeLessThanOrEqual(4);
    expect(actions.find((a) => a.type === 'Action.OpenUrl')?.url).toMatch(/^https:\/\//);
    expect(actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Yes', 'No']));
  });

  it.each([
    ['3 wizards', 'Three wizards / three fairies'],
    ['what does drift mean', 'Drift'],
    ['CIN?', 'Child in need (CIN)'],
  ])('answers "%s" with %s', async (question, term) => {
    expect(cardText(await firstCard(question))).toContain(term);
  });

  it('answers "glossary <term>" as the Teams command menu suggests', async () => {
    expect(cardText(await firstCard('glossary safety goal'))).toContain('Safety goal');
    expect(cardText(await firstCard('define drift'))).toContain('Drift');
  });

  it('answers in a group chat when @mentioned, with the mention removed', async () => {
    const card = await firstCard('what is a safety goal', { kind: 'groupChat' });
    expect(cardText(card)).toContain('Safety goal');
  });

  it('offers choices when several terms could fit', async () => {
    const card = await firstCard('safety');
    expect(cardText(card)).toContain('Did you mean');
    const choices = cardActions(card).filter((a) => a.verb === 'glossary.show');
    expect(choices.length).toBeGreaterThan(1);
    // Picking one replaces the choices with the term.
    const picked = await bot.send(execute('glossary.show', choices[0]?.data ?? {}));
    expect(cardText(invokeCard(picked))).toContain('Was this helpful?');
  });

  it('says honestly when it does not have a term, and never shows a definition', async () => {
    const card = await firstCard('what is a youth offending team');
    const text = cardText(card);
    expect(text).toContain("I don't have that term yet");
    expect(text).not.toContain('Was this helpful?');
    expect(text).toMatch(/don't type names/);
  });

  it('records unanswered questions without who asked, for practice leads', async () => {
    await bot.send(message('what is a youth offending team', { user: 'alex' }));
    await bot.send(message('What is a Youth Offending Team?', { user: 'jo' }));
    const stored = await bot.deps.store.list('glossary/unanswered/');
    expect(stored).toHaveLength(1);
    const record = (await bot.deps.store.read([stored[0]?.key ?? '']))[stored[0]?.key ?? ''];
    expect(record).toMatchObject({ query: 'youth offending team', count: 2 });
    expect(JSON.stringify(record)).not.toMatch(/user-alex|user-jo|Alex|Jo Health/);
  });

  it('says it noted an unanswered question only when it kept it', async () => {
    const kept = cardText(await firstCard('what is a youth offending team'));
    expect(kept).toContain("I've noted the question");
    expect(await bot.deps.store.list('glossary/unanswered/')).toHaveLength(1);

    // Identifying details: the question is dropped, and the reply says so instead of claiming it was noted.
    const dropped = cardText(await firstCard('what is a youth offending team for Kayden Smith (6)'));
    expect(dropped).toContain("I don't have that term yet");
    expect(dropped).not.toMatch(/noted/);
    expect(dropped).toMatch(/haven't kept the question/);
    expect(await bot.deps.store.list('glossary/unanswered/')).toHaveLength(1);

    // A busy store: the answer still comes, without a claim that the question was kept.
    const create = jest.spyOn(bot.deps.store, 'create').mockRejectedValue(new StoreBusyError());
    try {
      const busy = cardText(await firstCard('what is a frobnitz'));
      expect(busy).toContain("I don't have that term yet");
      expect(busy).not.toMatch(/noted|haven't kept/);
      expect(create).toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
    expect(
      JSON.stringify(await bot.deps.store.read((await bot.deps.store.list('glossary/')).map((e) => e.key))),
    ).not.toContain('frobnitz');
  });

  it('records helpful votes as counts and thanks the person in place', async () => {
    const result = await bot.send(execute('glossary.feedback', { id: 'drift', helpful: false }));
    expect(cardText(invokeCard(result))).toContain('Thanks for telling me');
    expect(cardActions(invokeCard(result)).map((a) => a.title)).not.toContain('Yes');
    await bot.send(execute('glossary.feedback', { id: 'drift', helpful: true }));
    const votes = (await bot.deps.store.read(['glossary/votes/drift']))['glossary/votes/drift'];
    expect(votes).toMatchObject({ termId: 'drift', up: 1, down: 1 });
  });

  it('shows insights to practice leads only', async () => {
    await bot.send(message('what is MARAC', { user: 'alex' }));
    await bot.send(execute('glossary.feedback', { id: 'drift', helpful: false }, { user: 'alex' }));
    const denied = await bot.send(message('glossary insights', { user: 'alex' }));
    expect(denied.replies[0]?.text).toMatch(/only available to practice leads/);
    const card = cardsIn((await bot.send(message('glossary insights', { user: 'sam' }))).replies)[0];
    const text = cardText(card);
    expect(text).toContain('marac');
    expect(text).toContain('Drift');
    expect(text).toContain('0 helpful, 1 not helpful');
    // Counts read as words do: one of each here.
    expect(text).toContain('1 vote on 1 term; 1 unanswered question.');
    await bot.send(execute('glossary.feedback', { id: 'scaling', helpful: true }, { user: 'alex' }));
    const more = cardText(cardsIn((await bot.send(message('glossary insights', { user: 'sam' }))).replies)[0]);
    expect(more).toContain('2 votes on 2 terms;');
  });

  it('refuses a tampered feedback payload kindly and records nothing', async () => {
    const result = await bot.send(execute('glossary.feedback', { id: 'drift', helpful: 'very' }));
    expect(JSON.stringify(result.replies)).toMatch(/couldn't read what that card sent/);
    expect(await bot.deps.store.list('glossary/votes/')).toEqual([]);
  });

  it('says where a related term went when its button posts it as a new message, not a bare "Done."', async () => {
    const card = await firstCard("what's a danger statment");
    const related = cardActions(card).find((a) => a.verb === 'glossary.show' && !a.data?.replace);
    const pressed = await bot.send(execute('glossary.show', related?.data ?? {}));
    expect(cardsIn(pressed.replies)).toHaveLength(1);
    expect(pressed.invoke?.body).toMatchObject({ value: 'Posted below.' });
  });

  it('handles a related-term button for a term that no longer exists', async () => {
    const result = await bot.send(execute('glossary.show', { id: 'no-such-term' }));
    expect(JSON.stringify(result.replies)).toMatch(/couldn't find that term/);
  });
});

describe('browsing the glossary', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('lists the five categories with their counts', async () => {
    const card = cardsIn((await bot.send(message('glossary'))).replies)[0];
    const text = cardText(card);
    for (const title of [
      'The model',
      'Mapping',
      'Practice tools',
      'Supervision and reflection',
      'UK child protection process',
    ]) {
      expect(text).toContain(title);
    }
  });

  it('pages through a category and reaches every term once', async () => {
    const seen: string[] = [];
    let result = await bot.send(execute('glossary.browse', { category: 'mapping', page: 0 }));
    for (let i = 0; i < 10; i++) {
      const card = invokeCard(result);
      seen.push(
        ...cardActions(card)
          .filter((a) => a.verb === 'glossary.show')
          .map((a) => String(a.data.id)),
      );
      const next = cardActions(card).find((a) => a.title === 'Next');
      if (!next) break;
      result = await bot.send(execute('glossary.browse', next.data));
    }
    const mapping = bot.deps.content.glossary.terms.filter((t) => t.category === 'mapping').map((t) => t.id);
    expect(seen.sort()).toEqual([...mapping].sort());
  });

  it('shows the category list again for an unknown category or a bad page', async () => {
    expect(cardText(invokeCard(await bot.send(execute('glossary.browse', { category: 'nope' }))))).toContain(
      'Pick a category',
    );
    expect(cardText(invokeCard(await bot.send(execute('glossary.browse', { category: 'tools', page: -3 }))))).toContain(
      'Pick a category',
    );
  });
});

describe('training', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('gives the training card with every link from the content pack', async () => {
    const card = cardsIn((await bot.send(message('training'))).replies)[0];
    const urls = JSON.stringify(card);
    for (const link of bot.deps.content.training.links) expect(urls).toContain(link.url);
  });

  it.each([
    ['how do I book the half-day briefing', 'Book the half-day briefing'],
    ['is there a video', 'Watch the video briefing'],
  ])('answers "%s" with the training card, leading with the right link', async (question, first) => {
    const card = cardsIn((await bot.send(message(question))).replies)[0];
    const main = cardActions(card).find((a) => a.type === 'Action.OpenUrl');
    expect(main?.title).toBe(first);
  });
});

describe('compose-box search (message extension)', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create();
  });
  afterEach(() => bot.close());

  it('returns matching terms with a preview and a card to insert', async () => {
    const result = await bot.send(composeQuery('danger'));
    const body = result.invoke?.body as {
      composeExtension: { type: string; attachments: { content: unknown; preview: { content: { title: string } } }[] };
    };
    expect(result.invoke?.status).toBe(200);
    expect(body.composeExtension.type).toBe('result');
    const titles = body.composeExtension.attachments.map((a) => a.preview.content.title);
    expect(titles.slice(0, 2).sort()).toEqual(['Danger statement', 'Future danger']);
    // Cards inserted in other chats carry no bot buttons: only links.
    const inserted = body.composeExtension.attachments[0]?.content;
    expect(cardActions(inserted).every((a) => a.type === 'Action.OpenUrl')).toBe(true);
  });

  it('finds terms from the first letters typed', async () => {
    const body = (await bot.send(composeQuery('gen'))).invoke?.body as {
      composeExtension: { attachments: { preview: { content: { title: string } } }[] };
    };
    expect(body.composeExtension.attachments.map((a) => a.preview.content.title)).toContain('Genogram');
  });

  it('suggests starting terms before anything is typed', async () => {
    const body = (await bot.send(composeQuery(''))).invoke?.body as { composeExtension: { attachments: unknown[] } };
    expect(body.composeExtension.attachments.length).toBeGreaterThan(0);
  });
});
