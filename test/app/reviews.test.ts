import type { Reply } from '../../src/bot/turn';
import type { MappingSession } from '../../src/features/mapping/model';
import { type Reminder, ReminderScheduler } from '../../src/guided/reminders';
import { execute, message, USERS, type UserKey } from '../helpers/activities';
import { buttonData, cardActions, cardNodes, cardProblems, cardText, inputValue } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot, type TurnResult } from '../helpers/testBot';

const DAY = 24 * 60 * 60 * 1000;
const GROUP = '19:review-group@thread.v2';

/**
 * Reviews over time, end to end through the bot with no Teams SDK: a facilitator sets a review on
 * the map's summary, the reminder falls due (sent by a scheduler with a sender standing in for the
 * binding's timer), the group reviews last round's items and scores again, and the summary shows the
 * rounds side by side, the history and any drift flag.
 */
describe('reviews over time', () => {
  let bot: TestBot;
  let now: number;
  /** What the stand-in for the binding's timer posted, reminder by reminder. */
  let posted: Reply[][];
  let timer: ReminderScheduler;

  beforeEach(() => {
    now = Date.UTC(2026, 11, 1, 10);
    bot = TestBot.create({ clock: () => now });
    posted = [];
    timer = new ReminderScheduler({
      store: bot.deps.store,
      clock: () => now,
      send: async (r) => {
        posted.push(await bot.reminder(r));
      },
    });
  });
  afterEach(() => bot.close());

  const where = (user: UserKey, kind: 'groupChat' | 'personal' = 'groupChat') => ({
    user,
    kind,
    ...(kind === 'groupChat' ? { conversationId: GROUP } : {}),
  });
  const act = (verb: string, data: Record<string, unknown>, user: UserKey = 'sam', kind?: 'groupChat' | 'personal') =>
    bot.send(execute(verb, data, where(user, kind)));
  const say = (text: string, user: UserKey = 'sam', kind?: 'groupChat' | 'personal') =>
    bot.send(message(text, where(user, kind)));
  const textsOf = (r: TurnResult) => r.replies.map((a) => String(a.text ?? '')).join('\n');

  async function stored(): Promise<MappingSession> {
    const [entry] = await bot.deps.store.list('mapping/');
    return (await bot.deps.store.read([entry?.key ?? '']))[entry?.key ?? ''] as MappingSession;
  }
  async function reminders(): Promise<Reminder[]> {
    return timer.all();
  }
  /** The person's own view of the board, as Teams' refresh asks for it. */
  const viewOf = async (sid: string, user: UserKey = 'sam', kind?: 'groupChat' | 'personal') =>
    invokeCard(await act('mapping.refresh', { sid }, user, kind));

  /** A first round in the group: three people add items and score privately; Sam reveals and closes. */
  async function firstRound(kind: 'groupChat' | 'personal' = 'groupChat', label = 'Case 9'): Promise<string> {
    const started = invokeCard(await act('mapping.start', { label }, 'sam', kind));
    const sid = String(buttonData(started, 'mapping.add').sid);
    const add = (user: UserKey, question: string, subheading: string, items: string) =>
      act('mapping.add', { sid, question, subheading, items }, user, kind);
    await add('sam', 'worries', 'past-harm', 'Dad hit mum in front of the baby');
    await add('alex', 'worries', 'future-danger', 'Baby could be hurt when dad drinks');
    await add('jo', 'worries', 'complicating-factors', 'Mum is isolated from her family');
    await add('alex', 'working', 'existing-strengths', 'Gran visits every day');
    await add('sam', 'needs', 'next-steps', 'Safety plan agreed with gran by Friday');
    await scoreAndClose(sid, kind === 'groupChat' ? [4, 5, 6] : [5], kind);
    return sid;
  }

  /** Everyone scores (Sam, Alex, Jo in turn), Sam reveals (in a group) and closes the map. */
  async function scoreAndClose(sid: string, scores: number[], kind: 'groupChat' | 'personal' = 'groupChat') {
    const view = await viewOf(sid, 'sam', kind);
    await act('mapping.goto', { ...buttonData(view, 'mapping.goto'), to: 'scaling' }, 'sam', kind);
    const people: UserKey[] = ['sam', 'alex', 'jo'];
    for (const [i, score] of scores.entries())
      await act('mapping.score', { sid, score: String(score), reason: 'as we see it' }, people[i], kind);
    if (kind === 'groupChat') {
      const scaling = await viewOf(sid, 'sam', kind);
      await act('mapping.reveal', buttonData(scaling, 'mapping.reveal'), 'sam', kind);
    }
    await say('close', 'sam', kind);
  }

  /** Sam sets the review from the summary card. */
  async function setReview(sid: string, choice: string, date = '', kind?: 'groupChat' | 'personal') {
    return invokeCard(await act('mapping.setReview', { sid, reviewChoice: choice, reviewDate: date }, 'sam', kind));
  }

  /** Moves the clock and lets the timer send whatever fell due. */
  async function at(time: number) {
    now = time;
    return timer.runDue('instance-a');
  }

  describe('setting a review', () => {
    it('offers 2, 4, 6 or 8 weeks or a date to the facilitator only, and says what is kept until when', async () => {
      const sid = await firstRound();
      const sams = await viewOf(sid);
      const choiceSet = cardNodes(sams).find((n) => n.id === 'reviewChoice');
      const choices = ((choiceSet?.choices ?? []) as { title: string }[]).map((c) => c.title);
      expect(choices).toEqual(['In 2 weeks', 'In 4 weeks', 'In 6 weeks', 'In 8 weeks', 'On a date']);
      expect(cardNodes(sams).find((n) => n.id === 'reviewDate')).toMatchObject({ type: 'Input.Date' });
      expect(cardActions(await viewOf(sid, 'alex')).map((a) => a.verb)).not.toContain('mapping.setReview');

      const card = await setReview(sid, '4');
      // 1 Dec 2026 + 4 weeks = 29 Dec 2026, 9am London (GMT); kept 14 days more.
      expect(cardText(card)).toContain('Review set for 29 Dec 2026. The map is kept until 12 Jan 2027.');
      expect(cardText(card)).toContain('(its items, its scores and the history of its rounds) until 12 Jan 2027');
      // The form shows the review that is set (its date), not a default choice as if it were another.
      expect(inputValue(card, 'reviewChoice')).toBe('date');
      expect(inputValue(card, 'reviewDate')).toBe('2026-12-29');
      const [r] = await reminders();
      expect(r).toMatchObject({ kind: 'review', conversation: GROUP, dueAt: Date.UTC(2026, 11, 29, 9) });
      expect(r?.address).toMatchObject({ serviceUrl: expect.any(String), conversation: { id: GROUP } });
      expect((await stored()).keepUntil).toBe(Date.UTC(2026, 11, 29, 9) + 14 * DAY);
      expect(cardProblems(card)).toEqual([]);
    });

    it('takes a date, and refuses a past or too distant one kindly, keeping the card and the choice', async () => {
      const sid = await firstRound();
      const past = await setReview(sid, 'date', '2026-11-20');
      expect(cardText(past)).toContain('Please choose a review date after today.');
      expect(inputValue(past, 'reviewDate')).toBe('2026-11-20');
      expect(inputValue(past, 'reviewChoice')).toBe('date');
      const far = await setReview(sid, 'date', '2027-07-01');
      expect(cardText(far)).toContain('a map is kept at most 180 days after its first round');
      expect(await reminders()).toEqual([]);
      expect((await stored()).keepUntil).toBeUndefined();

      const ok = await setReview(sid, 'date', '2027-01-20');
      expect(cardText(ok)).toContain('Review set for 20 Jan 2027. The map is kept until 3 Feb 2027.');
    });

    it('replaces the reminder when the review changes, and cancels it when cleared', async () => {
      const sid = await firstRound();
      await setReview(sid, '2');
      await setReview(sid, '6');
      expect((await reminders()).map((r) => r.dueAt)).toEqual([Date.UTC(2027, 0, 12, 9)]);
      const cleared = invokeCard(await act('mapping.clearReview', { sid }));
      expect(cardText(cleared)).toContain('Review cleared: no reminder will be sent');
      expect(await reminders()).toEqual([]);
      expect((await stored()).keepUntil).toBeUndefined();
    });

    it('schedules nothing where there is no address to send to, and says so kindly', async () => {
      const sid = await firstRound();
      const activity = execute('mapping.setReview', { sid, reviewChoice: '2' }, where('sam'));
      delete activity.serviceUrl;
      const card = invokeCard(await bot.send(activity));
      expect(cardText(card)).toContain("I can't send reminders from here, so I haven't set a review.");
      expect(await reminders()).toEqual([]);
    });

    it('keeps a map with a review past the usual 30 days, until the review plus the grace, then sweeps it and its reminder', async () => {
      const sid = await firstRound();
      await setReview(sid, '8'); // 26 Jan 2027, kept until 9 Feb 2027
      now += 40 * DAY;
      await bot.sweep(now);
      expect((await stored())?.id).toBe(sid);
      now = Date.UTC(2027, 1, 9, 10);
      expect(await bot.sweep(now)).toBeGreaterThanOrEqual(1);
      expect(await bot.deps.store.list('mapping/')).toEqual([]);
      expect(await reminders()).toEqual([]);
    });
  });

  describe('the reminder', () => {
    it('@mentions the facilitator in the group and offers to start or snooze, on time', async () => {
      const sid = await firstRound();
      await setReview(sid, '2');
      expect(await at(Date.UTC(2026, 11, 15, 9, 1))).toEqual([
        expect.objectContaining({ outcome: 'sent', late: false }),
      ]);
      const [replies] = posted;
      expect(replies?.[0]).toEqual({
        type: 'text',
        text: '{mention}, the Case 9 map is due for review.',
        mention: { id: USERS.sam.id, name: USERS.sam.name },
      });
      const card = replies?.[1]?.type === 'card' ? replies[1].card : undefined;
      expect(cardText(card)).toContain('Case 9 map: review due today');
      expect(cardActions(card).map((a) => a.title)).toEqual(['Start review', 'Snooze a week']);
      expect(card?.fallbackText).toMatch(/Case 9 map: review due today/);
      expect(cardProblems(card)).toEqual([]);
      expect(await reminders()).toEqual([]);
    });

    it('says it is late, with the date it was due, after the bot was down', async () => {
      const sid = await firstRound();
      await setReview(sid, '2');
      await at(Date.UTC(2026, 11, 16, 14));
      const card = posted[0]?.find((r) => r.type === 'card');
      const text = cardText(card?.type === 'card' ? card.card : undefined);
      expect(text).toContain('Case 9 map: review was due 15 Dec 2026');
      expect(text).toContain('Sorry, this reminder is late: the review was due on 15 Dec 2026.');
    });

    it('posts only the card in a personal chat, and nothing once the map has gone', async () => {
      const sid = await firstRound('personal', 'Case 2');
      await setReview(sid, '2', '', 'personal');
      const [due] = await reminders();
      await at(Date.UTC(2026, 11, 15, 9, 1));
      expect(posted[0]?.map((r) => r.type)).toEqual(['card']);
      // The same reminder once the map is deleted: nothing to post.
      await act('mapping.deleteConfirmed', { sid }, 'sam', 'personal');
      const claimed = { ...(due as Reminder), claim: { by: 'x', at: now, until: now + 1 }, late: false };
      expect(await bot.reminder(claimed)).toEqual([]);
    });

    it('snoozes a week: a new reminder seven days on, the map kept until then plus the grace', async () => {
      const sid = await firstRound();
      await setReview(sid, '2');
      await at(Date.UTC(2026, 11, 15, 9, 1));
      const card = posted[0]?.find((r) => r.type === 'card');
      const snooze = buttonData(card?.type === 'card' ? card.card : undefined, 'mapping.snooze');
      const alex = invokeCard(await act('mapping.snooze', snooze, 'alex'));
      expect(cardText(alex)).toContain('Only Sam Supervisor, who is facilitating this map, can do that.');
      const snoozed = invokeCard(await act('mapping.snooze', snooze, 'sam'));
      expect(cardText(snoozed)).toContain("Snoozed: I'll remind you again on 22 Dec 2026.");
      // A week on at the reminder hour (9am London), not at the minute the button was pressed.
      const due = Date.UTC(2026, 11, 22, 9);
      expect((await reminders()).map((r) => r.dueAt)).toEqual([due]);
      expect((await stored()).keepUntil).toBe(due + 14 * DAY);
      // The first reminder's buttons are out of date now: they do nothing, and say so.
      for (const verb of ['mapping.snooze', 'mapping.startReview']) {
        const stale = invokeCard(await act(verb, { ...snooze, verb }, 'sam'));
        expect(cardText(stale)).toContain('This reminder is out of date');
      }
      expect((await reminders()).map((r) => r.dueAt)).toEqual([due]);
      expect((await stored()).round ?? 1).toBe(1);
      await at(due + 60_000);
      expect(posted).toHaveLength(2);
    });
  });

  describe('a review round', () => {
    /** The reminder's "Start the review", pressed by Sam: the map opens at the worries with last round's items. */
    async function startFromReminder(sid: string) {
      await setReview(sid, '2');
      await at(Date.UTC(2026, 11, 15, 9, 1));
      const card = posted[posted.length - 1]?.find((r) => r.type === 'card');
      return invokeCard(
        await act(
          'mapping.startReview',
          buttonData(card?.type === 'card' ? card.card : undefined, 'mapping.startReview'),
        ),
      );
    }

    it('three people mark last round as still true, changed or resolved, add new, rescore privately, and the summary sets the rounds side by side', async () => {
      const sid = await firstRound();
      const opened = await startFromReminder(sid);
      expect(cardText(opened)).toContain('Review round 2 started.');
      expect(cardText(opened)).toContain('What are we worried about?');
      expect(cardText(opened)).toContain('not yet reviewed');
      expect(await reminders()).toEqual([]);
      const s = await stored();
      const id = (text: string) => s.items.find((i) => i.text.startsWith(text))?.id;

      // Alex: his worry still holds. Jo: hers is resolved. Sam rewords his. Alex adds a new one.
      const still = invokeCard(await act('mapping.still', { sid, itemId: id('Baby could be hurt') }, 'alex'));
      expect(cardText(still)).toContain('Alex Worker marked #2 as still true.');
      expect(cardText(still)).toContain('still true');
      await act('mapping.resolve', { sid, itemId: id('Mum is isolated') }, 'jo');
      await act('mapping.edit', { sid, itemId: id('Dad hit mum'), editText: 'Dad hit mum twice in front of the baby' });
      await act(
        'mapping.add',
        {
          sid,
          question: 'worries',
          subheading: 'future-danger',
          items: 'Dad has started drinking again',
        },
        'alex',
      );
      // Kim cannot resolve someone else's item; a new item cannot be marked.
      const refused = invokeCard(await act('mapping.resolve', { sid, itemId: id('Gran visits') }, 'jo'));
      expect(cardText(refused)).toContain('Only the person who added that item, or Sam Supervisor as facilitator');
      const newId = (await stored()).items.find((i) => i.text.startsWith('Dad has started'))?.id;
      expect(cardText(invokeCard(await act('mapping.still', { sid, itemId: newId }, 'alex')))).toContain(
        'Only items from the last round can be marked',
      );

      // Scores are private until revealed: Alex's view shows no one's number.
      const view = await viewOf(sid);
      await act('mapping.goto', { ...buttonData(view, 'mapping.goto'), to: 'scaling' });
      await act('mapping.score', { sid, score: '3', reason: 'relapse noted' }, 'sam');
      await act('mapping.score', { sid, score: '3', reason: 'worse' }, 'alex');
      const jo = invokeCard(await act('mapping.score', { sid, score: '4', reason: 'gran helps' }, 'jo'));
      expect(cardText(jo)).not.toMatch(/Alex Worker: 3|Sam Supervisor: 3/);
      expect((await stored()).history?.rounds).toHaveLength(1);
      await act('mapping.reveal', buttonData(await viewOf(sid), 'mapping.reveal'));
      now += 60_000;
      const summary = cardsIn((await say('close')).replies)[0];
      const text = cardText(summary);
      expect(text).toContain('This round beside round 1');
      expect(text).toContain('Worries: 1 added, 1 changed, 1 resolved, 1 carried over');
      expect(text).toContain('Working well: 0 added, 0 changed, 0 resolved, 1 carried over');
      expect(text).toContain('New: Dad has started drinking again');
      expect(text).toContain('Resolved: Mum is isolated from her family');
      expect(text).toContain('Changed: Dad hit mum twice in front of the baby');
      expect(text).toContain('Round 1, 1 Dec 2026: median 5, spread 2 (3 scores)');
      expect(text).toContain('Round 2, 15 Dec 2026: median 3, spread 1 (3 scores)');
      const chart = cardNodes(summary).find((n) => n.type === 'Chart.Line') as {
        data: { values: { x: string; y: number }[] }[];
        fallback: { text: string };
      };
      expect(chart.data[0]?.values).toEqual([
        { x: '1 · 1 Dec 2026', y: 5 },
        { x: '2 · 15 Dec 2026', y: 3 },
      ]);
      expect(chart.fallback.text).toBe('Median over time: 5 → 3');
      // The score fell with a new worry: no drift flag.
      expect(text).not.toContain('A flag to reflect on');
      // History holds numbers, dates and texts only: no names, no reasons.
      const history = JSON.stringify((await stored()).history);
      expect(history).not.toMatch(/Sam|Alex|Jo |29:user|relapse noted|gran helps/);
    });

    it("a reminder's 'Start the review' pressed again, once its review has started, does nothing and says so", async () => {
      const sid = await firstRound();
      await startFromReminder(sid);
      const card = posted[posted.length - 1]?.find((r) => r.type === 'card');
      const again = invokeCard(
        await act(
          'mapping.startReview',
          buttonData(card?.type === 'card' ? card.card : undefined, 'mapping.startReview'),
        ),
      );
      expect(cardText(again)).toContain('This reminder is out of date');
      expect((await stored()).round).toBe(2);
    });

    it('two reviews with nothing moving: the summary flags drift and offers prompts from the bank', async () => {
      const sid = await firstRound();
      await startFromReminder(sid);
      await scoreAndClose(sid, [5, 5, 6]);
      now = Date.UTC(2026, 11, 20, 10);
      await setReview(sid, '2');
      await at(Date.UTC(2027, 0, 3, 9, 1));
      const card = posted[posted.length - 1]?.find((r) => r.type === 'card');
      await act(
        'mapping.startReview',
        buttonData(card?.type === 'card' ? card.card : undefined, 'mapping.startReview'),
      );
      await scoreAndClose(sid, [5, 4, 5]);
      const summary = cardsIn((await say('summary')).replies)[0];
      const text = cardText(summary);
      expect(text).toContain('A flag to reflect on');
      expect(text).toContain('The median has stayed within one point (5, 5, 5) over two reviews since 1 Dec 2026');
      expect(text).toContain('What would have to happen for this score to move?');
      expect(text).toContain('Round 3, 3 Jan 2027: median 5, spread 1 (3 scores)');
      expect(cardProblems(summary)).toEqual([]);
      // Copy as text carries the history and the flag in words.
      const copyMessages = (await act('mapping.copy', { sid })).replies.filter((r) => r.text);
      // An intro, then the map and its history in one message to paste (outside judge: it was two).
      expect(copyMessages).toHaveLength(2);
      expect(String(copyMessages[1]?.text)).toMatch(/WHAT ARE WE WORRIED ABOUT\?[\s\S]*SCORE HISTORY/);
      const copied = textsOf(await act('mapping.copy', { sid }));
      expect(copied).toContain('SCORE HISTORY\n  Round 1, 1 Dec 2026: median 5, spread 2 (3 scores)');
      expect(copied).toContain('Round 3, 3 Jan 2027: median 5, spread 1 (3 scores)');
      expect(copied).toContain('A FLAG TO REFLECT ON\n  The median has stayed within one point');
    });

    it('a score that rose with the same worries and nothing new working is flagged as possible optimism', async () => {
      const sid = await firstRound();
      await startFromReminder(sid);
      // Gran "will" do more: a promise, not a new strength.
      await act(
        'mapping.add',
        { sid, question: 'working', subheading: 'existing-strengths', items: 'Gran will move in' },
        'alex',
      );
      await scoreAndClose(sid, [7, 7, 8]);
      const text = cardText(cardsIn((await say('summary')).replies)[0]);
      expect(text).toContain('The score rose (5, 7) since 1 Dec 2026, but the worries are the same');
      expect(text).toContain('With scores this high, what evidence of safety over time');
    });

    it('a score that fell with no new worry and nothing lost from what works is flagged as possible pessimism', async () => {
      const sid = await firstRound();
      await startFromReminder(sid);
      await scoreAndClose(sid, [3, 3, 4]);
      const text = cardText(cardsIn((await say('drift flag')).replies)[0]);
      expect(text).toContain('The score fell (5, 3) since 1 Dec 2026, with no new worry recorded');
      expect(text).toContain('What has come to light since we first formed our view');
    });

    it('a big review lists the first few changes under each question and counts the rest, within the card limit', async () => {
      const sid = await firstRound();
      await startFromReminder(sid);
      const items = Array.from({ length: 20 }, (_, i) => `New worry number ${i + 1} ${'x'.repeat(300)}`).join('\n');
      await act('mapping.add', { sid, question: 'worries', subheading: 'future-danger', items }, 'alex');
      await scoreAndClose(sid, [4, 4, 4]);
      const summary = cardsIn((await say('summary')).replies)[0];
      expect(cardText(summary)).toContain('and 14 more');
      expect(cardProblems(summary)).toEqual([]);
    });

    it('starts from a typed "review" too, for the facilitator only, and only once a round is recorded', async () => {
      const started = invokeCard(await act('mapping.start', { label: 'Case 3' }));
      expect(textsOf(await say('review'))).toContain('no finished round to review yet');
      const sid = String(buttonData(started, 'mapping.add').sid);
      await scoreAndClose(sid, [5, 6, 7]);
      expect(textsOf(await say('review', 'alex'))).toContain('Only Sam Supervisor, who facilitates this map');
      const result = await say('review');
      expect(textsOf(result)).toContain('Review round 2 started.');
      expect(cardText(cardsIn(result.replies)[0])).toContain('What are we worried about?');
    });
  });

  describe('listing reviews', () => {
    it('lists the map in this chat with its next review, and in a personal chat the maps the person facilitates', async () => {
      expect(textsOf(await say('reviews'))).toBe('There is no map in this chat.');
      const sid = await firstRound();
      expect(textsOf(await say('reviews'))).toBe('Case 9 map: no review set.');
      await setReview(sid, '2');
      expect(textsOf(await say('reviews', 'alex'))).toBe(
        'Case 9 map: next review 15 Dec 2026 (kept until 29 Dec 2026).',
      );
      expect(textsOf(await say('reviews', 'sam', 'personal'))).toBe(
        'Maps you facilitate with a review coming up:\n- Case 9 map: next review 15 Dec 2026.',
      );
      expect(textsOf(await say('reviews', 'alex', 'personal'))).toBe('You have no maps with a review coming up.');
    });
  });

  describe('erasure', () => {
    it('delete removes the map with its rounds and its reminder, audited', async () => {
      const sid = await firstRound();
      await setReview(sid, '2');
      await act('mapping.deleteConfirmed', { sid });
      expect(await bot.deps.store.list('mapping/')).toEqual([]);
      expect(await reminders()).toEqual([]);
      const trail = await bot.deps.audit.recent(50);
      expect(trail.filter((e) => e.action === 'delete' && e.kind === 'mapping').length).toBeGreaterThanOrEqual(2);
    });

    it("forget me takes the person's items out of every round, including items resolved in a review", async () => {
      const sid = await firstRound();
      await setReview(sid, '2');
      await at(Date.UTC(2026, 11, 15, 9, 1));
      await act('mapping.startReview', { sid });
      const s = await stored();
      // Jo's worry is resolved in the review: it is in round 1's history only.
      await act('mapping.resolve', { sid, itemId: s.items.find((i) => i.author.id === USERS.jo.id)?.id }, 'jo');
      await scoreAndClose(sid, [4, 4, 5]);
      expect(JSON.stringify((await stored()).history)).toContain('Mum is isolated');
      await bot.send(execute('privacy.forgetConfirmed', {}, where('jo')));
      const after = await stored();
      expect(JSON.stringify(after.history)).not.toContain('Mum is isolated');
      expect(JSON.stringify(after)).not.toContain(USERS.jo.id);
      expect(after.history?.rounds).toHaveLength(2);
    });

    it('the privacy card says what a review keeps and until when', async () => {
      const text = cardText(cardsIn((await say('privacy', 'sam', 'personal')).replies)[0]);
      expect(text).toContain('the map is kept until the review date plus 14 days');
      expect(text).toContain('never more than 180 days after its first round');
      expect(text).toContain('the scores (without who gave them)');
    });

    it('a new map over an expired one removes the old reminder too, audited as an expiry', async () => {
      const sid = await firstRound();
      await setReview(sid, '2'); // kept until 29 Dec 2026
      now = Date.UTC(2027, 0, 5, 10);
      const fresh = invokeCard(await act('mapping.start', { label: 'Case 10' }));
      expect(String(buttonData(fresh, 'mapping.add').sid)).not.toBe(sid);
      expect(await reminders()).toEqual([]);
      const trail = await bot.deps.audit.recent(100);
      expect(trail.some((e) => e.action === 'expire' && e.kind === 'mapping')).toBe(true);
    });

    it('forget me in a personal chat deletes the map, its history and its reminder', async () => {
      const sid = await firstRound('personal', 'Case 2');
      await setReview(sid, '2', '', 'personal');
      await bot.send(execute('privacy.forgetConfirmed', {}, where('sam', 'personal')));
      expect(await bot.deps.store.list('mapping/')).toEqual([]);
      expect(await reminders()).toEqual([]);
    });
  });

  describe('supervision', () => {
    /** A supervision conversation in the same group chat, at action planning. */
    async function supervisionAtActions(): Promise<{ sid: string; card: unknown }> {
      let card = invokeCard(await act('supervision.start', { label: 'Case 9' }));
      for (let i = 0; i < 3; i++)
        card = invokeCard(await act('supervision.next', buttonData(card, 'supervision.next')));
      return { sid: String(buttonData(card, 'supervision.addAction').sid), card };
    }
    const addAction = (sid: string, what: string, byWhen: string, user: UserKey = 'alex') =>
      act('supervision.addAction', { sid, what, owner: 'Alex (social worker)', byWhen }, user);

    it('an agreed action with a date gets a reminder that day, @mentioning the supervisor; removing it cancels it', async () => {
      const { sid } = await supervisionAtActions();
      await addAction(sid, 'Arrange a family network meeting', '2026-12-12');
      await addAction(sid, 'Ring the school', '2026-11-20'); // already past: no reminder
      await addAction(sid, 'Check in with gran', '2026-12-20');
      const due = await reminders();
      expect(due.map((r) => [r.kind, r.dueAt])).toEqual([
        ['action', Date.UTC(2026, 11, 12, 9)],
        ['action', Date.UTC(2026, 11, 20, 9)],
      ]);
      await at(Date.UTC(2026, 11, 12, 9, 5));
      const [replies] = posted;
      expect(replies?.[0]).toMatchObject({ type: 'text', mention: { id: USERS.sam.id } });
      const card = replies?.[1]?.type === 'card' ? replies[1].card : undefined;
      expect(cardText(card)).toContain('Action due: Arrange a family network meeting');
      expect(cardText(card)).toContain('Owner: Alex (social worker). Due 12 Dec 2026.');
      expect(cardActions(card).map((a) => a.verb)).toEqual(['supervision.resume']);
      expect(cardProblems(card)).toEqual([]);

      const s = (await bot.deps.store.read([due[1]?.session ?? '']))[due[1]?.session ?? ''] as {
        actions: { id: string; what: string }[];
      };
      const gran = s.actions.find((a) => a.what === 'Check in with gran')?.id;
      await act('supervision.removeAction', { sid, actionId: gran }, 'alex');
      expect(await reminders()).toEqual([]);
    });

    it('an action due today is reminded at 9am if agreed before then, and not once 9am has passed', async () => {
      now = Date.UTC(2026, 11, 1, 7, 30); // 7:30 in London (GMT)
      const { sid } = await supervisionAtActions();
      await addAction(sid, 'Ring the health visitor', '2026-12-01');
      expect((await reminders()).map((r) => r.dueAt)).toEqual([Date.UTC(2026, 11, 1, 9)]);
      now = Date.UTC(2026, 11, 1, 10);
      await addAction(sid, 'Email the school', '2026-12-01');
      expect(await reminders()).toHaveLength(1);
    });

    it('deleting the supervision session cancels its action reminders, and a reminder for a gone session posts nothing', async () => {
      const { sid } = await supervisionAtActions();
      await addAction(sid, 'Arrange a family network meeting', '2026-12-12');
      const [due] = await reminders();
      await act('supervision.deleteConfirmed', { sid }, 'sam');
      expect(await reminders()).toEqual([]);
      const claimed = { ...(due as Reminder), claim: { by: 'x', at: now, until: now + 1 }, late: false };
      expect(await bot.reminder(claimed)).toEqual([]);
    });

    it("brings the map's drift flag into a supervision conversation in the same chat", async () => {
      const { sid: supervisionId } = await supervisionAtActions();
      expect(textsOf(await act('supervision.mapFlag', { sid: supervisionId }))).toBe(
        'There is no map in this chat to take a drift flag from.',
      );
      const sid = await firstRound();
      expect(textsOf(await act('supervision.mapFlag', { sid: supervisionId }))).toBe(
        'The Case 9 map has no drift flag at its latest round.',
      );
      for (const scores of [
        [5, 5, 6],
        [5, 4, 5],
      ]) {
        await act('mapping.startReview', { sid });
        await scoreAndClose(sid, scores);
        now += 14 * DAY;
      }
      const flag = cardsIn((await act('supervision.mapFlag', { sid: supervisionId })).replies)[0];
      expect(cardText(flag)).toContain('Case 9 map: a flag to reflect on');
      expect(cardText(flag)).toContain('The median has stayed within one point (5, 5, 5) over two reviews');
      expect(cardText(flag)).toContain('What would have to happen for this score to move?');
      expect(cardProblems(flag)).toEqual([]);
    });
  });
});
