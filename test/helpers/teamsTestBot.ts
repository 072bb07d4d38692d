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
import { cardsIn, LogCapture, realContent, type TurnResult } from './testBot';

/**
 * The Teams binding (src/teams/app.ts) driven through botbuilder's TestAdapter, with SQLite in a temp folder.
 * Every card the bot sends or edits is checked against what Teams accepts.
 */
export class TeamsTestBot {
  readonly adapter: TestAdapter;
  private readonly app: BotApp;
  readonly logs = new LogCapture();
  /** When true, every in-place edit fails as Teams' connector does for a deleted message. */
  refuseUpdates = false;
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
  ): TeamsTestBot {
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
    const bot = new TeamsTestBot(deps, dir, { register: options.register });
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
        // A connector that refuses edits (the message was deleted, or is too old to edit).
        if (this.refuseUpdates) throw Object.assign(new Error('Forbidden'), { statusCode: 403 });
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

function invokeCards(invoke: TurnResult['invoke']): unknown[] {
  const body = invoke?.body as { type?: string; value?: unknown } | undefined;
  return body?.type === 'application/vnd.microsoft.card.adaptive' ? [body.value] : [];
}
