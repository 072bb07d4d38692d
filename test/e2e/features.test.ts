import { composeQuery, execute, message, USERS } from '../helpers/activities';
import { cardActions, cardText } from '../helpers/cardCheck';
import { type HttpReply, LiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

/** Everything a person would read in a reply: text messages, posted cards and the card an action returned. */
function readable(reply: HttpReply): string {
  const invoke = LiveBot.invokeOf(reply)?.body as { type?: string; value?: unknown } | undefined;
  return [
    ...reply.activities.map((a) => String(a.text ?? '')),
    ...cardsIn(reply.activities).map(cardText),
    invoke?.type === 'application/vnd.microsoft.card.adaptive' ? cardText(invoke.value) : String(invoke?.value ?? ''),
  ].join('\n');
}
const answered = (reply: HttpReply) => (LiveBot.invokeOf(reply)?.body as { value?: unknown } | undefined)?.value;
const button = (card: unknown, verb: string) => cardActions(card).find((a) => a.verb === verb)?.data ?? {};

describe('glossary and training over real HTTP', () => {
  const live = new LiveBot({ PRACTICE_LEADS: USERS.sam.id });
  beforeAll(() => live.start());
  afterAll(() => live.dispose());

  it('answers a question with the term card', async () => {
    const reply = await live.post(message("what's a danger statment"));
    expect(readable(reply)).toMatch(/Danger statement[\s\S]*Was this helpful\?/);
  });

  it('offers choices, then the chosen term in place', async () => {
    const choices = cardsIn((await live.post(message('safety'))).activities)[0];
    expect(cardText(choices)).toContain('Did you mean');
    const picked = await live.post(execute('glossary.show', button(choices, 'glossary.show')));
    expect(readable(picked)).toContain('Was this helpful?');
  });

  it('admits when it has no term, and a practice lead sees the question in insights', async () => {
    expect(readable(await live.post(message('what is a youth offending team')))).toContain(
      "I don't have that term yet",
    );
    expect(readable(await live.post(message('glossary insights')))).toContain('youth offending team');
  });

  it('browses a category and pages on', async () => {
    const mapping = await live.post(execute('glossary.browse', { category: 'mapping', page: 0 }));
    expect(readable(mapping)).toContain('Page 1 of');
    expect(
      readable(await live.post(execute('glossary.browse', button(answered(mapping), 'glossary.browse')))),
    ).toContain('Page 2 of');
  });

  it('records feedback and thanks in place', async () => {
    expect(readable(await live.post(execute('glossary.feedback', { id: 'drift', helpful: true })))).toContain(
      'glad it helped',
    );
  });

  it('gives the training card for a booking question', async () => {
    expect(readable(await live.post(message('how do I book the half-day briefing')))).toContain(
      'Book the half-day briefing',
    );
  });

  it('answers the compose-box search within Teams limits', async () => {
    const started = performance.now();
    const reply = await live.post(composeQuery('genogr'));
    expect(performance.now() - started).toBeLessThan(5000);
    const body = LiveBot.invokeOf(reply)?.body as {
      composeExtension: { attachments: { preview: { content: { title: string } } }[] };
    };
    expect(body.composeExtension.attachments.map((a) => a.preview.content.title)).toContain('Genogram');
  });
});

describe('reflection, supervision, builder, scaling and guides over real HTTP', () => {
  const live = new LiveBot();
  beforeAll(() => live.start());
  afterAll(() => live.dispose());
  const where = { conversationId: 'a:tools-e2e' };

  it('reflect gives a question and another of the same kind', async () => {
    const first = cardsIn((await live.post(message('reflect child', where))).activities)[0];
    expect(cardText(first)).toContain('The child at the centre');
    const another = await live.post(execute('reflect.next', button(first, 'reflect.next'), where));
    expect(readable(another)).toContain('The child at the centre');
    expect(readable(await live.post(execute('reflect.next', { category: 42 }, where)))).toMatch(
      /couldn't read what that card sent/,
    );
  });

  it('supervise runs from a note to the action summary, and refuses an old card', async () => {
    const start = answered(await live.post(execute('supervision.start', { label: 'Case 9' }, where)));
    const add = button(start, 'supervision.addNote');
    expect(
      readable(await live.post(execute('supervision.addNote', { ...add, note: 'Saw the home twice' }, where))),
    ).toContain('Note added.');
    // A note does not make the supervisor's Next stale; a card drawn before the session moved is.
    const moved = answered(await live.post(execute('supervision.next', button(start, 'supervision.next'), where)));
    expect(cardText(moved)).not.toMatch(/had moved on/);
    const stale = await live.post(execute('supervision.next', button(start, 'supervision.next'), where));
    expect(readable(stale)).toMatch(/had moved on since that card was sent/);
    const summary = await live.post(message('summary supervision', where));
    expect(readable(summary)).toContain('Saw the home twice');
  });

  it('builds a danger statement, naming a missing part', async () => {
    const builder = cardsIn((await live.post(message('build a danger statement', where))).activities)[0];
    const check = button(builder, 'builder.check');
    const missing = await live.post(
      execute('builder.check', { ...check, who: 'Children’s services', behaviour: '', impact: '' }, where),
    );
    expect(readable(missing)).toMatch(/missing|still needs|add/i);
    expect(readable(await live.post(execute('builder.check', { kind: 42 }, where)))).toMatch(
      /couldn't read what that card sent/,
    );
  });

  it('scales a question, refusing an out-of-range number', async () => {
    const setup = cardsIn((await live.post(message('scale', where))).activities)[0];
    const asked = answered(await live.post(execute('scale.ask', button(setup, 'scale.ask'), where)));
    expect(cardText(asked)).toContain('Why that number, and not lower?');
    const refused = await live.post(
      execute('scale.score', { ...button(asked, 'scale.score'), score: '12', reason: 'kept reason' }, where),
    );
    expect(readable(refused)).toContain('Please choose a whole number from 0 to 10.');
    const scored = await live.post(
      execute('scale.score', { ...button(asked, 'scale.score'), score: '6', reason: 'kept reason' }, where),
    );
    expect(readable(scored)).toContain('6 out of 10');
  });

  it('shows a practice-tool guide from a how-to question', async () => {
    expect(readable(await live.post(message('how do I do three houses with a 6 year old', where)))).toContain(
      'Three Houses',
    );
  });
});
