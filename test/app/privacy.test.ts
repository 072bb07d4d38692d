import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keptCardsMention } from '../../src/cards';
import { execute, message } from '../helpers/activities';
import { buttonData, cardActions, cardText } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

describe('privacy', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create({ env: { PRACTICE_LEADS: '29:user-sam' } });
  });
  afterEach(() => bot.close());

  it('says plainly what is stored, for how long, and how to delete it', async () => {
    const text = cardText(cardsIn((await bot.send(message('privacy'))).replies)[0]);
    expect(text).toContain('What is stored');
    expect(text).toContain('deleted 30 days after their last change');
    expect(text).toContain('Type "delete"');
    expect(text).toContain('forget me');
    const welcome = cardText(
      cardsIn(
        (
          await bot.send({
            ...message('x'),
            type: 'conversationUpdate',
            text: undefined,
            membersAdded: [{ id: '28:sofs-bot', name: 'SofS Companion' }],
          })
        ).replies,
      )[0],
    );
    expect(welcome).toContain('deleted 30 days after its last change');
  });

  it('asks to rephrase an item that looks identifying, storing nothing', async () => {
    let card = invokeCard(await bot.send(execute('mapping.start', { label: 'Case 3' })));
    card = invokeCard(
      await bot.send(
        execute('mapping.add', {
          ...buttonData(card, 'mapping.add'),
          subheading: 'past-harm',
          items: 'Kayden (6) was left alone at NN1 5AA',
        }),
      ),
    );
    expect(cardText(card)).toMatch(/may include someone's name and a postcode/);
    expect(JSON.stringify(card)).toContain('Kayden (6) was left alone at NN1 5AA');
    expect(cardActions(card).map((a) => a.title)).not.toContain('Add anyway');
    const read = await bot.deps.store.read((await bot.deps.store.list('mapping/')).map((e) => e.key));
    expect(JSON.stringify(read)).not.toContain('Kayden');
  });

  it('refuses an identifying case reference', async () => {
    const card = invokeCard(await bot.send(execute('mapping.start', { label: 'Mrs Smith family' })));
    expect(cardText(card)).toMatch(/may include someone's name/);
    expect(await bot.deps.store.list('mapping/')).toEqual([]);
  });

  it('does not keep an unanswered question that contains identifying details', async () => {
    await bot.send(message('what is a care plan for Kayden (6)'));
    await bot.send(message('what is MARAC'));
    const stored = await bot.deps.store.read((await bot.deps.store.list('glossary/unanswered/')).map((e) => e.key));
    expect(Object.values(stored).map((v) => (v as { query: string }).query)).toEqual(['marac']);
  });

  it('forgets everything from a personal chat after confirmation, kept cards in memory too', async () => {
    const map = invokeCard(await bot.send(execute('mapping.start', { label: 'Case 3' })));
    await bot.send(
      execute('mapping.add', { ...buttonData(map, 'mapping.add'), subheading: 'past-harm', items: 'worry kept-7f3a' }),
    );
    expect(keptCardsMention('worry kept-7f3a')).toBe(true);
    await bot.send(execute('supervision.start', { label: 'Case 4' }));
    await bot.send(message('reflect'));
    const confirm = cardsIn((await bot.send(message('forget me'))).replies)[0];
    expect(cardText(confirm)).toContain('Forget me?');
    const done = invokeCard(
      await bot.send(execute('privacy.forgetConfirmed', buttonData(confirm, 'privacy.forgetConfirmed'))),
    );
    expect(cardText(done)).toContain('Your items, notes and actions are gone from this chat');
    for (const prefix of ['mapping/', 'supervision/', 'reflect/'])
      expect(await bot.deps.store.list(prefix)).toEqual([]);
    expect(keptCardsMention('worry kept-7f3a')).toBe(false);
  });

  it('in a group, forgets only what that person added', async () => {
    const group = { kind: 'groupChat' as const };
    let card = invokeCard(await bot.send(execute('mapping.start', { label: 'Case 5' }, { ...group, user: 'sam' })));
    card = invokeCard(
      await bot.send(
        execute(
          'mapping.add',
          { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'from sam' },
          { ...group, user: 'sam' },
        ),
      ),
    );
    await bot.send(
      execute(
        'mapping.add',
        { ...buttonData(card, 'mapping.add'), subheading: 'past-harm', items: 'from alex' },
        { ...group, user: 'alex' },
      ),
    );
    await bot.send(execute('privacy.forgetConfirmed', {}, { ...group, user: 'alex' }));
    const summary = cardText(cardsIn((await bot.send(message('summary', { ...group, user: 'sam' }))).replies)[0]);
    expect(summary).toContain('from sam');
    expect(summary).not.toContain('from alex');
  });

  it('audits session access with pseudonyms and no content, readable by practice leads', async () => {
    let card = invokeCard(await bot.send(execute('mapping.start', { label: 'Case 6' })));
    card = invokeCard(
      await bot.send(
        execute('mapping.add', {
          ...buttonData(card, 'mapping.add'),
          subheading: 'past-harm',
          items: 'AUDIT-CANARY item',
        }),
      ),
    );
    await bot.send(message('summary'));
    await bot.send(execute('mapping.deleteConfirmed', { sid: buttonData(card, 'mapping.add').sid }));
    const entries = await bot.deps.audit.recent(10);
    expect(entries.map((e) => e.action).reverse()).toEqual(['create', 'update', 'read', 'delete']);
    for (const e of entries) {
      expect(e).toMatchObject({ kind: 'mapping', session: buttonData(card, 'mapping.add').sid });
      expect(e.actor).toBe(bot.deps.audit.pseudonym('29:user-sam'));
      expect(e.actor).not.toContain('sam');
    }
    expect(readFileSync(join(bot.deps.config.dataDir, 'audit.sqlite')).includes('AUDIT-CANARY')).toBe(false);
    const trail = cardText(cardsIn((await bot.send(message('audit'))).replies)[0]);
    expect(trail).toContain('delete');
    expect((await bot.send(message('audit', { user: 'alex' }))).replies[0]?.text).toMatch(
      /only available to practice leads/,
    );
  });
});
