import { execute, message, USERS } from '../helpers/activities';
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

describe('the glossary understanding people over real HTTP', () => {
  const live = new LiveBot({ PRACTICE_LEADS: USERS.sam.id });
  beforeAll(() => live.start());
  afterAll(() => live.dispose());

  it('answers a comparison with both terms side by side, each opening its full card', async () => {
    const reply = await live.post(message('CIN vs CP?'));
    const [card] = cardsIn(reply.activities);
    expect(cardText(card)).toMatch(/Child in need and Child protection plan[\s\S]*What sets them apart/);
    const opens = cardActions(card).filter((a) => a.verb === 'glossary.show');
    expect(opens.map((a) => a.data.id)).toEqual(['child-in-need', 'child-protection-plan']);
    expect(readable(await live.post(execute('glossary.show', opens[0]?.data ?? {})))).toMatch(
      /Child in need \(CIN\)[\s\S]*Was this helpful\?/,
    );
  });

  it('answers "who do I tell" with the signpost: 999, then the manager or DSL, and no guessed number', async () => {
    const text = readable(await live.post(message("I'm worried about a child - who do I tell?")));
    expect(text).toContain('call 999');
    expect(text).toMatch(/Talk to your manager, or your setting's designated safeguarding lead/);
    expect(text).not.toMatch(/\b0\d{3,4}\s?\d{3}/);
  });

  it('answers small talk briefly and keeps it out of the unanswered questions', async () => {
    expect(readable(await live.post(message('thanks!')))).toMatch(/welcome/);
    expect(readable(await live.post(message('hello')))).toMatch(/Hello!/);
    expect(readable(await live.post(message('glossary insights')))).not.toMatch(/\bthanks\b|\bhello\b/);
  });

  it('takes "hepl" as help and "supervision tips" as a glossary question, starting nothing', async () => {
    expect(readable(await live.post(message('hepl')))).toContain('What I can help with');
    const tips = readable(await live.post(message('supervision tips')));
    expect(tips).toContain('Reflective supervision');
    expect(tips).not.toMatch(/supervision session|Case reference/i);
    expect(readable(await live.post(message('map meaning')))).toMatch(/Mapping[\s\S]*Was this helpful\?/);
  });

  it('answers "scale meaning" with the scaling term, "tools meaning" with the tools, and "mpa" as map', async () => {
    const scale = readable(await live.post(message('scale meaning')));
    expect(scale).toContain('Scaling (safety scale)');
    expect(scale).not.toContain('Ready-made questions');
    const tools = readable(await live.post(message('tools meaning')));
    expect(tools).toContain('Practice tools');
    expect(tools).not.toContain("I don't have a guide");
    expect(readable(await live.post(message('mpa')))).toContain('Start a mapping conversation');
  });

  it('gets the signpost to a disclosure in plain words, and keeps junk and requests to write records out of insights', async () => {
    const told = readable(await live.post(message('a lad in my group told me his step-dad punched him last night')));
    expect(told).toContain('call 999');
    expect(readable(await live.post(message('asdfghjkl')))).toMatch(/couldn't read that as a question/);
    expect(readable(await live.post(message('🙂🙂🙂')))).toMatch(/couldn't read that as a question/);
    const work = readable(await live.post(message('can you write my assessment for this family')));
    expect(work).toMatch(/can't write or complete records/);
    expect(work).not.toContain('Was this helpful?');
    // "reflect meaning" asks what a word means: it starts no reflective question.
    expect(readable(await live.post(message('reflect meaning')))).not.toContain('Reflective question ·');
    const insights = readable(await live.post(message('glossary insights')));
    expect(insights).not.toMatch(/asdfghjkl|🙂|write my assessment|step-dad/);
  });
});
