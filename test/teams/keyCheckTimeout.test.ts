import type { TurnContext } from 'botbuilder';
import type { Config } from '../../src/config';
import { createLogger } from '../../src/log';
import { createActivityHandler } from '../../src/teams/http';
import { KeysOutage } from '../../src/teams/keysOutage';
import type { TeamsAdapter } from '../../src/teams/teamsAi';
import { message } from '../helpers/activities';
import { AuthStub } from '../helpers/authStub';
import { LogCapture } from '../helpers/testBot';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SERVICE_URL = 'https://smba.example.test/uk/';

describe('a signing-key download that never answers', () => {
  it('is given up after the timeout: 503 with Retry-After, one log line, the others refused, and the turn never run', async () => {
    // An adapter whose token check hangs, as botbuilder's does when the key endpoint accepts and never answers.
    const late: ((context: TurnContext) => Promise<void>)[] = [];
    let checks = 0;
    const adapter = {
      processActivity: (_auth: string, _activity: unknown, logic: (context: TurnContext) => Promise<void>) => {
        checks++;
        late.push(logic);
        return new Promise(() => undefined);
      },
    } as unknown as TeamsAdapter;
    const logs = new LogCapture();
    let ran = 0;
    const handle = createActivityHandler(
      { mode: 'authenticated', bot: { id: APP_ID } } as Config,
      adapter,
      async () => {
        ran++;
      },
      createLogger('info', logs),
      new KeysOutage(30, Date.now, 32, 200),
    );
    const auth = new AuthStub();
    const send = (i: number) =>
      handle(`Bearer ${auth.token({ appId: APP_ID, serviceUrl: SERVICE_URL }, { kid: `k${i}` })}`, {
        ...message('help', { serviceUrl: SERVICE_URL }),
        id: `a${i}`,
      } as never);
    const started = Date.now();
    const answers = await Promise.all([0, 1, 2, 3, 4].map(send));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answers.map((a) => a.status)).toEqual([503, 503, 503, 503, 503]);
    expect(answers.every((a) => Number(a.headers?.['Retry-After']) >= 1)).toBe(true);
    // One check started; the others waited for it and were refused without one.
    expect(checks).toBe(1);
    expect(logs.lines.filter((l) => l.includes('signing keys unavailable'))).toHaveLength(1);
    // The download answers at last: the request was already answered 503, so its turn is not run.
    await late[0]?.({} as TurnContext);
    expect(ran).toBe(0);
  });
});
