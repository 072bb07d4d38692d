/**
 * Server time of a mapping submit at 150 items, in-process (no HTTP):
 * `npx tsx test/bench/mappingSubmit.ts [runs]`. A personal map and a group map (three people) each
 * get 150 items, then one item is edited `runs` times (default 200) and each `mapping.edit` is timed:
 * - "answer": the bot's delivery as the Teams binding gets it (the clicker's card; a group's shared
 *   board is a function the binding calls only when its paced edit is sent);
 * - "answer + shared board": the same plus rendering the shared board, as TestBot.send does.
 * Prints p50/p99 in ms (wall) and the CPU time's p50 (answer + shared board; threads included). `--profile` is best added as `node --cpu-prof` via tsx's loader. Not a test.
 */
import { cardNow } from '../../src/bot/turn';
import { execute, message, type UserKey } from '../helpers/activities';
import { buttonData } from '../helpers/cardCheck';
import { cardsIn, invokeCard, TestBot } from '../helpers/testBot';

const RUNS = Number(process.argv[2] ?? 200);
const ITEMS = 150;
const PER_ADD = 20;

type Kind = 'personal' | 'groupChat';

async function setUp(bot: TestBot, kind: Kind): Promise<Record<string, unknown>> {
  const where = (user: UserKey) => ({ user, kind });
  const start =
    kind === 'personal' ? undefined : cardsIn((await bot.send(message('map', { kind, user: 'sam' }))).replies)[0];
  const startData = start ? buttonData(start, 'mapping.start') : {};
  let card = invokeCard(await bot.send(execute('mapping.start', { ...startData, label: 'Bench case' }, where('sam'))));
  const add = buttonData(card, 'mapping.add');
  const users: UserKey[] = kind === 'personal' ? ['sam'] : ['sam', 'alex', 'jo'];
  for (let n = 0; n < ITEMS; n += PER_ADD) {
    const lines = Array.from(
      { length: Math.min(PER_ADD, ITEMS - n) },
      (_, i) => `- worry number ${n + i + 1} about the home`,
    );
    const user = users[(n / PER_ADD) % users.length] ?? 'sam';
    card = invokeCard(
      await bot.send(execute('mapping.add', { ...add, subheading: 'past-harm', items: lines.join('\n') }, where(user))),
    );
  }
  return buttonData(card, 'mapping.edit');
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(2));
};

async function measure(kind: Kind): Promise<void> {
  const bot = TestBot.create();
  try {
    let edit = await setUp(bot, kind);
    const answer: number[] = [];
    const withBoard: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS + 20; i++) {
      const activity = execute(
        'mapping.edit',
        { ...edit, itemId: 'i1', editText: `worry number 1, wording ${i}` },
        {
          user: 'sam',
          kind,
        },
      );
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const delivery = await bot.deliveryOf(activity);
      const t1 = performance.now();
      if (delivery.updateMessage) cardNow(delivery.updateMessage);
      const t2 = performance.now();
      const c1 = process.cpuUsage(c0);
      if (!('card' in delivery.answer)) throw new Error('the edit was not answered with a card');
      const text = JSON.stringify(delivery.answer.card);
      if (!text.includes(`wording ${i}`) || !text.includes('worry number 150'))
        throw new Error('the edit was not made');
      // The next edit is made from this card (its revision).
      edit = buttonData(delivery.answer.card, 'mapping.edit');
      if (i < 20) continue; // warm-up
      answer.push(t1 - t0);
      withBoard.push(t2 - t0);
      cpu.push((c1.user + c1.system) / 1000);
    }
    console.log(
      `| ${kind} map, ${ITEMS} items, mapping.edit x${RUNS} | answer p50 ${pct(answer, 0.5)} p99 ${pct(answer, 0.99)} | answer + shared board p50 ${pct(withBoard, 0.5)} p99 ${pct(withBoard, 0.99)} | CPU p50 ${pct(cpu, 0.5)} |`,
    );
  } finally {
    await bot.close();
  }
}

async function main(): Promise<void> {
  await measure('personal');
  await measure('groupChat');
}

void main();
