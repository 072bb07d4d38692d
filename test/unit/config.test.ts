import { ConfigError, loadConfig } from '../../src/config';

const BOT = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-8888-7777-6666-555555555555';
const KEY = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs locally and anonymously on loopback with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      host: '127.0.0.1',
      port: 3978,
      dataDir: './data',
      logLevel: 'info',
      storage: { kind: 'sqlite' },
      retentionDays: 30,
      allowedTenants: [],
    });
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ BOT_ID: '', BOT_PASSWORD: '', PORT: '4000' })).toMatchObject({ mode: 'local', port: 4000 });
  });

  it('becomes authenticated, single-tenant and listens on all interfaces once BOT_ID is set', () => {
    const config = loadConfig({ BOT_ID: BOT, BOT_PASSWORD: 's3cret', BOT_TENANT_ID: TENANT, DATA_KEY: KEY });
    expect(config).toMatchObject({ mode: 'authenticated', host: '0.0.0.0', bot: { id: BOT, tenantId: TENANT } });
    expect(config.allowedTenants).toEqual([TENANT]);
  });

  it('requires the password and tenant with a bot id, naming each', () => {
    const problems = problemsOf({ BOT_ID: BOT });
    expect(problems).toEqual([
      expect.stringMatching(/^BOT_PASSWORD is required when BOT_ID is set/),
      expect.stringMatching(/^DATA_KEY is required when BOT_ID is set/),
      expect.stringMatching(/^BOT_TENANT_ID is required when BOT_ID is set/),
    ]);
  });

  it('checks for due reminders every minute by default, or as REMINDER_CHECK_SECONDS says', () => {
    expect(loadConfig({}).reminderCheckMs).toBe(60_000);
    expect(loadConfig({ REMINDER_CHECK_SECONDS: '5' }).reminderCheckMs).toBe(5_000);
    expect(problemsOf({ REMINDER_CHECK_SECONDS: '0' })).toEqual([expect.stringMatching(/^REMINDER_CHECK_SECONDS/)]);
  });

  it('lets the clock run ahead in local mode only, never with a bot id', () => {
    expect(loadConfig({}).localClockAheadMs).toBe(0);
    expect(loadConfig({ LOCAL_CLOCK_AHEAD_DAYS: '15' }).localClockAheadMs).toBe(15 * 24 * 60 * 60 * 1000);
    const problems = problemsOf({
      BOT_ID: BOT,
      BOT_PASSWORD: 's3cret',
      BOT_TENANT_ID: TENANT,
      DATA_KEY: KEY,
      LOCAL_CLOCK_AHEAD_DAYS: '15',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^LOCAL_CLOCK_AHEAD_DAYS is for trying reviews in local mode only/),
    ]);
  });

  it('names a bad port and shows the value given', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT .*\(got "eighty"\)/)]);
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT /)]);
  });

  it('names a bad log level and lists the allowed ones', () => {
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL .*'info'/);
  });

  it('never echoes a secret in its message', () => {
    const problems = problemsOf({ BOT_ID: 'not-a-guid', BOT_PASSWORD: 'hunter2-secret' });
    expect(problems.join('\n')).not.toContain('hunter2-secret');
    expect(problems[0]).toMatch(/^BOT_ID /);
  });

  it('refuses to run anonymously in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^BOT_ID is required when NODE_ENV=production/),
    ]);
  });

  it('reads an explicit tenant allow-list', () => {
    const config = loadConfig({
      BOT_ID: BOT,
      BOT_PASSWORD: 'p',
      BOT_TENANT_ID: TENANT,
      BOT_ALLOWED_TENANTS: `${TENANT}, other-tenant `,
      DATA_KEY: KEY,
    });
    expect(config.allowedTenants).toEqual([TENANT, 'other-tenant']);
  });

  it('needs a connection string, container and key for blob storage', () => {
    const problems = problemsOf({ STORAGE: 'blob' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual(['BLOB_CONNECTION_STRING', 'BLOB_CONTAINER', 'DATA_KEY']);
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y', RETENTION_DAYS: '0' })).toHaveLength(3);
  });
});
