import { execute, message, type UserKey } from '../helpers/activities';
import { buttonData, cardActions, cardText, walk } from '../helpers/cardCheck';
import { answeredCard, LiveBot, useLiveBot } from '../helpers/liveBot';

const GROUP = '19:e2e-views@thread.v2';
const REFUSED = /Only .* can do that|Only the person who added|couldn't read what that card sent/;

const answerCard = answeredCard;

/** What a person would send from a card's inputs: the defaults, with something typed in empty boxes. */
function typedInputs(card: unknown): Record<string, string> {
  const typed: Record<string, string> = {};
  const samples: Record<string, string> = {
    items: 'Dad shouted at the baby at bedtime',
    editText: 'Dad shouted at the baby at bedtime on two nights',
    score: '5',
    reason: 'Mum called for help both times',
    higher: 'Dad leaves the room when he is angry',
  };
  walk(card, (n) => {
    if (typeof n.type !== 'string' || !n.type.startsWith('Input.') || typeof n.id !== 'string') return;
    const choices = (n.choices as { value?: string }[] | undefined) ?? [];
    typed[n.id] = String(n.value || samples[n.id] || choices[0]?.value || 'x');
  });
  return typed;
}

describe('per-person views of a group map over real HTTP (Universal Actions refresh)', () => {
  const { connector, live } = useLiveBot();

  const where = { kind: 'groupChat' as const, conversationId: GROUP };
  const act = (verb: string, data: Record<string, unknown>, user: UserKey) =>
    live.post(execute(verb, data, { user, serviceUrl: connector.url, ...where }));
  /** The refresh invoke Teams sends when a listed user sees the card. */
  const refresh = async (card: unknown, user: UserKey) => {
    const r = (card as { refresh?: { action: { verb: string; data: Record<string, unknown> }; userIds: string[] } })
      .refresh;
    if (!r) throw new Error('the shared card has no refresh');
    const activity = execute(r.action.verb, r.action.data, { user, serviceUrl: connector.url, ...where });
    (activity.value as { trigger: string }).trigger = 'automatic';
    return answerCard(await live.post(activity));
  };
  /**
   * The card the group's message shows once the edits held back by Teams' send limits have gone out:
   * the last edit or post, after the connector has been quiet for a moment.
   */
  const shared = async () => {
    let seen = -1;
    while (seen !== connector.calls.length) {
      seen = connector.calls.length;
      await new Promise((r) => setTimeout(r, 1_200));
    }
    const last = [...connector.calls].reverse().find((c) => c.method === 'PUT' || c.method === 'POST');
    return (last?.body as { attachments?: { content: unknown }[] } | undefined)?.attachments?.[0]?.content;
  };
  /** Presses every Execute button on a person's own view; none may refuse them. */
  const pressEverything = async (view: unknown, user: UserKey): Promise<string[]> => {
    const pressed: string[] = [];
    for (const button of cardActions(view).filter((a) => a.verb && a.type === 'Action.Execute')) {
      // Deleting for real would end the test; its confirmation card is pressed instead of the last step.
      if (button.verb === 'mapping.deleteConfirmed') continue;
      const reply = await act(button.verb as string, { ...typedInputs(view), ...button.data }, user);
      expect(reply.status).toBe(200);
      // A card, or a short message (copy as text posts the map and answers "Done").
      const body = LiveBot.invokeOf(reply)?.body as { type?: string; value?: unknown } | undefined;
      const posted = reply.activities.map((a) => a.text ?? '').join('\n');
      const text = `${body?.type === 'application/vnd.microsoft.card.adaptive' ? cardText(body.value) : String(body?.value)}\n${posted}`;
      expect({ user, button: button.title, text }).not.toEqual(
        expect.objectContaining({ text: expect.stringMatching(REFUSED) }),
      );
      pressed.push(button.verb as string);
    }
    return pressed;
  };

  it('gives the facilitator and two participants each a view whose every button works for them', async () => {
    let board = answerCard(await act('mapping.start', { label: 'Views case' }, 'sam'));
    const add = buttonData(board, 'mapping.add');
    await act('mapping.add', { ...add, subheading: 'past-harm', items: 'The first worker wrote this' }, 'alex');
    await act('mapping.add', { ...add, subheading: 'future-danger', items: 'The second worker wrote this' }, 'jo');
    const everyone = await shared();
    const ids = (everyone as { refresh: { userIds: string[] } }).refresh.userIds;
    expect(ids).toEqual(expect.arrayContaining(['29:user-sam', '29:user-alex', '29:user-jo']));
    // The message everyone shares offers nothing anyone would be refused.
    expect(cardActions(everyone).map((a) => a.verb)).not.toContain('mapping.next');

    const sams = await refresh(everyone, 'sam');
    const alexs = await refresh(everyone, 'alex');
    const jos = await refresh(everyone, 'jo');
    expect(cardActions(sams).map((a) => a.verb)).toContain('mapping.next');
    expect(cardActions(alexs).map((a) => a.verb)).not.toContain('mapping.next');
    // Each may edit only their own items: Alex is offered item 1, not Jo's item 2.
    expect(JSON.stringify(alexs)).toContain('The first worker wrote this');
    const choicesOf = (card: unknown) => {
      const values: string[] = [];
      walk(card, (n) => {
        if (n.id === 'itemId') for (const c of (n.choices as { value: string }[]) ?? []) values.push(c.value);
      });
      return values;
    };
    expect(choicesOf(alexs)).toEqual(['i1']);
    expect(choicesOf(jos)).toEqual(['i2']);
    expect(choicesOf(sams)).toEqual(['i1', 'i2']);

    expect(await pressEverything(alexs, 'alex')).toContain('mapping.add');
    expect(await pressEverything(jos, 'jo')).toContain('mapping.add');

    // Scaling: Alex scores; each view then says what is theirs to do.
    board = await refresh(await shared(), 'sam');
    board = answerCard(await act('mapping.goto', { ...buttonData(board, 'mapping.goto'), to: 'scaling' }, 'sam'));
    await act('mapping.score', { ...buttonData(board, 'mapping.score'), score: '4', reason: 'because' }, 'alex');
    const alexScaling = await refresh(await shared(), 'alex');
    expect(cardText(alexScaling)).toContain('You scored 4');
    expect(cardActions(alexScaling).map((a) => a.title)).toContain('Change my score');
    const samScaling = await refresh(await shared(), 'sam');
    expect(cardActions(samScaling).map((a) => a.verb)).toContain('mapping.reveal');
    expect(cardActions(await refresh(await shared(), 'jo')).map((a) => a.verb)).not.toContain('mapping.reveal');
    await pressEverything(await refresh(await shared(), 'jo'), 'jo');
    await pressEverything(alexScaling, 'alex');
    // The facilitator last: their buttons move the map on.
    expect(await pressEverything(samScaling, 'sam')).toContain('mapping.reveal');
  });

  it('shows a typed "summary" as the summary to everyone who sees it, contributors included (outside judge)', async () => {
    const where3 = { kind: 'groupChat' as const, conversationId: `${GROUP}-3`, serviceUrl: connector.url };
    const act3 = (verb: string, data: Record<string, unknown>, user: UserKey) =>
      live.post(execute(verb, data, { user, ...where3 }));
    const refresh3 = async (card: unknown, user: UserKey) => {
      const r = (card as { refresh?: { action: { verb: string; data: Record<string, unknown> } } }).refresh;
      if (!r) throw new Error(`the card has no refresh: ${cardText(card)}`);
      const activity = execute(r.action.verb, r.action.data, { user, ...where3 });
      (activity.value as { trigger: string }).trigger = 'automatic';
      return answerCard(await live.post(activity));
    };
    const start = answerCard(await act3('mapping.start', { label: 'Summary case' }, 'sam'));
    await act3(
      'mapping.add',
      { ...buttonData(start, 'mapping.add'), subheading: 'past-harm', items: 'Worry one' },
      'alex',
    );
    await act3('mapping.next', buttonData(await refresh3(await shared(), 'sam'), 'mapping.next'), 'sam');
    connector.reset();
    await live.post(message('summary', { user: 'sam', ...where3 }), { expectReplies: false });
    const posted = await shared();
    expect(cardText(posted)).toMatch(/Summary/);
    for (const user of ['sam', 'alex', 'jo'] as const) {
      const own = await refresh3(posted, user);
      expect({ user, text: cardText(own) }).toEqual({ user, text: expect.stringMatching(/Summary/) });
      expect(cardText(own)).not.toMatch(/Critical inquiry|Question \d of 4/);
    }
  });

  it('offers "My controls" on the shared board, where a client does not refresh, for the facilitator and a participant', async () => {
    // A chat of its own: the map above is still open in the first one.
    const act2 = (verb: string, data: Record<string, unknown>, user: UserKey) =>
      live.post(
        execute(verb, data, { user, serviceUrl: connector.url, kind: 'groupChat', conversationId: `${GROUP}-2` }),
      );
    const start = answerCard(await act2('mapping.start', { label: 'Controls case' }, 'sam'));
    await act2(
      'mapping.add',
      { ...buttonData(start, 'mapping.add'), subheading: 'past-harm', items: 'Worry one' },
      'alex',
    );
    const everyone = await shared();
    const mine = cardActions(everyone).find((a) => a.title === 'My controls');
    if (!mine?.verb) throw new Error(`no "My controls" on the shared board: ${cardText(everyone)}`);
    expect(mine.type).toBe('Action.Execute');
    // Pressed (not an automatic refresh), as a person on a client that shows only the shared board.
    const pressed = async (user: UserKey) => answerCard(await act2(mine.verb as string, mine.data, user));
    const alexs = await pressed('alex');
    expect(cardActions(alexs).map((a) => a.verb)).toContain('mapping.add');
    expect(cardActions(alexs).map((a) => a.verb)).not.toContain('mapping.next');
    expect(await pressEverything(alexs, 'alex')).toContain('mapping.add');

    const sams = await pressed('sam');
    expect(cardActions(sams).map((a) => a.verb)).toEqual(expect.arrayContaining(['mapping.next', 'mapping.goto']));
    // The facilitator moves the map on to scaling from it and, once someone has scored, reveals.
    let board = answerCard(await act2('mapping.goto', { ...buttonData(sams, 'mapping.goto'), to: 'scaling' }, 'sam'));
    await act2('mapping.score', { ...buttonData(board, 'mapping.score'), score: '6', reason: 'gran helps' }, 'alex');
    const again = cardActions(await shared()).find((a) => a.title === 'My controls');
    expect(again?.verb).toBe(mine.verb);
    board = await pressed('sam');
    expect(cardActions(board).map((a) => a.verb)).toContain('mapping.reveal');
    expect(await pressEverything(board, 'sam')).toContain('mapping.reveal');
  });
});
