import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Activity, TestAdapter, type TurnContext } from 'botbuilder';
import { loadCardTemplates } from '../../src/cards';
import { loadConfig } from '../../src/config';
import { type ContentPack, loadContent } from '../../src/content/pack';
import type { Deps } from '../../src/deps';
import { createLogger } from '../../src/log';
import { AuditTrail } from '../../src/privacy/audit';
import { EncryptedStore, newDataKey, parseDataKey } from '../../src/storage/encrypted';
import { SqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/store';
import { type AppOptions, type BotApp, createApp } from '../../src/teams/app';
import { cardProblems } from './cardCheck';

let content: ContentPack | undefined;
/** The real content pack, loaded once per test file. */
export function realContent(): ContentPack {
  content ??= loadContent();
  return content;
}

/** Collects log lines in memory so tests can assert what was (and was not) logged. */
export class LogCapture {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
  get text(): string {
    return this.lines.join('');
  }
}

export interface TurnResult {
  /** Messages the bot posted. */
  replies: Partial<Activity>[];
  /** Messages the bot edited in place. */
  updates: Partial<Activity>[];
  /** The answer to an invoke (card action, message-extension query). */
  invoke?: { status: number; body?: unknown };
}

/**
 * The real Application driven through botbuilder's TestAdapter, with SQLite in a temp folder.
 * Every card the bot sends or edits is checked against what Teams accepts.
 */
export class TestBot {
  readonly adapter: TestAdapter;
  private readonly app: BotApp;
  readonly logs = new LogCapture();
  private readonly dir: string;

  private constructor(
    readonly deps: Deps,
    dir: string,
    options: AppOptions,
  ) {
    this.dir = dir;
    this.app = createApp(deps, options);
    this.adapter = new TestAdapter();
  }

  static create(
    options: {
      env?: Record<string, string>;
      clock?: () => number;
      store?: Store;
      register?: AppOptions['register'];
    } = {},
  ): TestBot {
    const dir = mkdtempSync(join(tmpdir(), 'sofs-app-'));
    loadCardTemplates();
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'info', NODE_ENV: 'test', ...options.env });
    const logs = new LogCapture();
    const key = parseDataKey(newDataKey());
    const log = createLogger('debug', logs);
    const deps: Deps = {
      config,
      content: realContent(),
      // A fresh folder each time: encrypted exactly as in production.
      store: options.store ?? new EncryptedStore(new SqliteStore(join(dir, 'state.sqlite')), key),
      log,
      clock: options.clock ?? Date.now,
      audit: new AuditTrail(new SqliteStore(join(dir, 'audit.sqlite')), key.key, config.auditRetentionDays, log),
    };
    const bot = new TestBot(deps, dir, { register: options.register });
    (bot as { logs: LogCapture }).logs = logs;
    return bot;
  }

  async send(activity: Partial<Activity>): Promise<TurnResult> {
    const result: TurnResult = { replies: [], updates: [] };
    await this.adapter.processActivity(activity, async (context: TurnContext) => {
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const a of activities) {
          if (a.type === 'invokeResponse') result.invoke = a.value as TurnResult['invoke'];
          else result.replies.push(a);
        }
        return next();
      });
      context.onUpdateActivity(async (_ctx, a, next) => {
        result.updates.push(a);
        return next();
      });
      await this.app.run(context);
    });
    for (const card of [...cardsIn(result.replies), ...cardsIn(result.updates), ...invokeCards(result.invoke)]) {
      const problems = cardProblems(card);
      if (problems.length) throw new Error(`The bot sent a card Teams would not accept:\n${problems.join('\n')}`);
    }
    return result;
  }

  async close(): Promise<void> {
    await this.deps.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function cardsIn(activities: Partial<Activity>[]): unknown[] {
  return activities.flatMap((a) =>
    (a.attachments ?? [])
      .filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((x) => x.content),
  );
}

function invokeCards(invoke: TurnResult['invoke']): unknown[] {
  const body = invoke?.body as { type?: string; value?: unknown } | undefined;
  return body?.type === 'application/vnd.microsoft.card.adaptive' ? [body.value] : [];
}

/** The card in an Action.Execute answer, if it returned one. */
export function invokeCard(result: TurnResult): unknown | undefined {
  return invokeCards(result.invoke)[0];
}
