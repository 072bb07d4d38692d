import { rmSync } from 'node:fs';
import { type Activity, TestAdapter, type TurnContext } from 'botbuilder';
import type { Deps } from '../../src/deps';
import type { Store } from '../../src/storage/store';
import { type AppOptions, type BotApp, createApp } from '../../src/teams/app';
import { assertCardsAccepted, type LogCapture, type TurnResult, testDeps } from './testBot';

/**
 * The Teams binding (src/teams/app.ts) driven through botbuilder's TestAdapter, with SQLite in a temp folder.
 * Every card the bot sends or edits is checked against what Teams accepts.
 */
export class TeamsTestBot {
  readonly adapter: TestAdapter;
  private readonly app: BotApp;
  /** When true, every in-place edit fails as Teams' connector does for a deleted message. */
  refuseUpdates = false;
  private readonly dir: string;

  private constructor(
    readonly deps: Deps,
    readonly logs: LogCapture,
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
    const { deps, logs, dir } = testDeps(options);
    return new TeamsTestBot(deps, logs, dir, { register: options.register });
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
    assertCardsAccepted(result);
    return result;
  }

  async close(): Promise<void> {
    await this.deps.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
