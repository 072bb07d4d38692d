import { registerFeatures } from '../../src/features';
import { execute, message } from '../helpers/activities';
import { TestBot } from '../helpers/testBot';

const CANARY = 'CANARY-child-name-4b7e';

describe('when a feature fails', () => {
  let bot: TestBot;
  beforeEach(() => {
    bot = TestBot.create({
      register: (router, deps) => {
        router.command(
          'broken',
          ['explode'],
          async () => {
            throw new Error(`database exploded while holding ${CANARY}`);
          },
          { takesArgs: true },
        );
        router.action('broken', 'broken', async () => {
          throw new TypeError('cannot read properties of undefined');
        });
        return registerFeatures(router, deps);
      },
    });
  });
  afterEach(() => bot.close());

  it('replies kindly with a short reference and logs that reference without the user text', async () => {
    const { replies } = await bot.send(message(`explode ${CANARY}`));
    expect(replies).toHaveLength(1);
    const text = String(replies[0]?.text);
    expect(text).toMatch(/^Sorry, something went wrong on my side/);
    const ref = text.match(/reference ([A-Z0-9]{3}-[A-Z0-9]{3})/)?.[1];
    expect(ref).toBeDefined();
    expect(text).not.toMatch(/exploded|Error|at /);
    const logged = bot.logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'turn failed');
    expect(logged).toMatchObject({
      ref,
      feature: 'broken',
      activityType: 'message',
      level: 50,
      err: { type: 'Error' },
    });
    expect(logged.err.stack).toMatch(/errors\.test\.ts/);
    expect(bot.logs.text).not.toContain(CANARY);
  });

  it('answers a failing card action with the kind message, not an HTTP error', async () => {
    const result = await bot.send(execute('broken.go', {}));
    expect(result.invoke?.status).toBe(200);
    expect(JSON.stringify(result.invoke?.body)).toMatch(/Sorry, something went wrong on my side/);
    expect(JSON.stringify(result.invoke?.body)).not.toMatch(/TypeError|undefined/);
  });
});
