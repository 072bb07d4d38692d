import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningBot, startBot } from '../../src/main';
import type { TestActivity } from './activities';
import { cardProblems } from './cardCheck';
import { ConnectorStub } from './connectorStub';
import { postActivity } from './http';
import { LogCapture } from './testBot';

export interface HttpReply {
  status: number;
  body: unknown;
  /** Activities from an expectReplies answer. */
  activities: TestActivity[];
}

/** The real server on a free loopback port, with SQLite in a temp folder (kept across restarts). */
export class LiveBot {
  readonly logs = new LogCapture();
  bot?: RunningBot;

  constructor(
    readonly env: Record<string, string> = {},
    readonly dataDir = mkdtempSync(join(tmpdir(), 'sofs-e2e-')),
    /** The bot's clock (kept across restarts); the real one by default. */
    readonly clock?: () => number,
  ) {}

  get url(): string {
    if (!this.bot) throw new Error('not started');
    return `http://127.0.0.1:${this.bot.port}`;
  }

  async start(): Promise<this> {
    this.bot = await startBot({
      env: { PORT: '0', DATA_DIR: this.dataDir, LOG_LEVEL: 'info', NODE_ENV: 'test', ...this.env },
      logDestination: this.logs,
      clock: this.clock,
    });
    return this;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    this.bot = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** POSTs an activity; with expectReplies (the default) the replies come back in the body. */
  async post(
    activity: TestActivity,
    options: { expectReplies?: boolean; headers?: Record<string, string> } = {},
  ): Promise<HttpReply> {
    const body = options.expectReplies === false ? activity : { ...activity, deliveryMode: 'expectReplies' };
    return this.raw(JSON.stringify(body), options.headers);
  }

  async raw(body: string | Buffer, headers: Record<string, string> = {}): Promise<HttpReply> {
    const { status, body: parsed } = await postActivity(this.url, body, headers);
    const activities = ((parsed as { activities?: TestActivity[] } | undefined)?.activities ?? []).filter(
      (a) => a.type !== 'invokeResponse',
    );
    for (const a of activities) {
      for (const att of a.attachments ?? []) {
        const problems = att.contentType === 'application/vnd.microsoft.card.adaptive' ? cardProblems(att.content) : [];
        if (problems.length) throw new Error(`Card Teams would not accept:\n${problems.join('\n')}`);
      }
    }
    return { status, body: parsed, activities };
  }

  /** The invoke answer carried inside an expectReplies body. */
  static invokeOf(reply: HttpReply): { status: number; body?: unknown } | undefined {
    const all = (reply.body as { activities?: TestActivity[] } | undefined)?.activities ?? [];
    return all.find((a) => a.type === 'invokeResponse')?.value as { status: number; body?: unknown } | undefined;
  }
}

/** The card in a Universal Action's answer, from an expectReplies response body. */
export function answerCard(body: unknown): unknown {
  return (body as { activities: { type: string; value: { body: { value: unknown } } }[] }).activities.find(
    (a) => a.type === 'invokeResponse',
  )?.value.body.value;
}

/**
 * The card a Universal Action answered with, checked: HTTP 200, an Adaptive Card answer, and a card
 * Teams would accept.
 */
export function answeredCard(reply: HttpReply): unknown {
  expect(reply.status).toBe(200);
  const body = LiveBot.invokeOf(reply)?.body as { type?: string; value?: unknown } | undefined;
  expect(body?.type).toBe('application/vnd.microsoft.card.adaptive');
  expect(cardProblems(body?.value)).toEqual([]);
  return body?.value;
}

/** The real server and a connector stand-in for one describe block: started before its tests, stopped after. */
export function useLiveBot(
  env: Record<string, string> = {},
  clock?: () => number,
): { connector: ConnectorStub; live: LiveBot } {
  const connector = new ConnectorStub();
  const live = new LiveBot(env, undefined, clock);
  beforeAll(async () => {
    await connector.start();
    await live.start();
  });
  afterAll(async () => {
    await live.dispose();
    await connector.stop();
  });
  return { connector, live };
}
