import { rmSync } from 'node:fs';
import { type Activity, type ConversationReference, TestAdapter, TurnContext } from 'botbuilder';
import type { Deps } from '../../src/deps';
import type { Store } from '../../src/storage/store';
import { type AppOptions, type BotApp, createApp } from '../../src/teams/app';
import { TeamsAdapter } from '../../src/teams/teamsAi';
import { assertCardsAccepted, type LogCapture, type TurnResult, testDeps } from './testBot';

type Logic = (context: TurnContext) => Promise<void>;

/**
 * The binding's own adapter, whose proactive turns (a shared board's edit made after the invoke was
 * answered, a reminder) run on the TestAdapter, so the test sees what they send and edit.
 */
class ProactiveOnTestAdapter extends TeamsAdapter {
  constructor(private readonly proactive: (reference: Partial<ConversationReference>, logic: Logic) => Promise<void>) {
    super({});
  }

  override async continueConversationAsync(
    _identity: unknown,
    reference: Partial<ConversationReference>,
    audienceOrLogic: string | Logic,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof audienceOrLogic === 'function' ? audienceOrLogic : maybeLogic;
    if (logic) await this.proactive(reference, logic);
  }
}

/**
 * The Teams binding (src/teams/app.ts) driven through botbuilder's TestAdapter, with SQLite in a temp folder.
 * Every card the bot sends or edits is checked against what Teams accepts. A turn's result includes the
 * edits the binding makes just after answering it (a shared board's, in a proactive turn).
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
    this.adapter = new TestAdapter();
    const adapter = new ProactiveOnTestAdapter(async (reference, logic) => {
      const activity = TurnContext.applyConversationReference(
        { type: 'event', name: 'continueConversation' },
        reference,
        true,
      );
      const context = new TurnContext(this.adapter, activity);
      if (this.current) this.record(context, this.current);
      await logic(context);
    });
    this.app = createApp(deps, { ...options, adapter });
  }

  /** The result the turn being sent collects into, proactive turns included. */
  private current?: TurnResult;

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
    this.current = result;
    try {
      await this.adapter.processActivity(activity, async (context: TurnContext) => {
        this.record(context, result);
        await this.app.run(context);
      });
      // Edits the binding makes after answering (never more than Teams' limits hold back in a test).
      await this.app.drain(3000);
    } finally {
      this.current = undefined;
    }
    assertCardsAccepted(result);
    return result;
  }

  private record(context: TurnContext, result: TurnResult): void {
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
  }

  async close(): Promise<void> {
    await this.deps.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
