import { ActivityTypes, CallerIdConstants, CardFactory, type TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { BotRouter } from '../bot/router';
import type { ActionOutcome, TurnInfo } from '../bot/turn';
import { say } from '../content/pack';
import type { Deps } from '../deps';
import { type Maintenance, registerFeatures } from '../features';
import { errorSummary } from '../log';
import { isBusy } from '../storage/store';
import { cleanIncomingText, mentionsBot, toActivity, turnInfo } from './activity';
import { Admission, tenantHash } from './admission';
import { ConversationRateLimiter } from './rateLimit';
import { Application, TeamsAdapter } from './teamsAi';

/** The message extension's search command id, as declared in the app manifest. */
export const SEARCH_COMMAND_ID = 'searchGlossary';

/** Longest message the bot reads; longer ones get a kind reply instead of being processed. */
export const MAX_MESSAGE_CHARS = 4000;

export interface AppOptions {
  adapter?: TeamsAdapter;
  /** Mounts features on the router; the real set by default. */
  register?: (router: BotRouter, deps: Deps) => Maintenance | undefined;
}

export interface BotApp {
  app: Application;
  adapter: TeamsAdapter;
  router: BotRouter;
  maintenance: Maintenance;
  /** Runs one authenticated turn: tenant check, duplicate check, then the Application. */
  run(context: TurnContext): Promise<void>;
}

/**
 * Builds the teams-ai Application: the only place that knows about teams-ai routes. Every feature
 * registers on the SDK-neutral BotRouter; this file binds the router to Teams activities.
 *
 * The Application gets no turn-state storage: features persist through the Store with explicit
 * eTag retries (see state/records.ts), because teams-ai v1 saves turn state with the eTag it read and
 * fails the whole turn when two people in a group chat act at once.
 */
export function createApp(deps: Deps, options: AppOptions = {}): BotApp {
  const { log, content } = deps;
  const adapter = options.adapter ?? createAdapter(deps);
  const router = new BotRouter();
  const maintenance = (options.register ?? registerFeatures)(router, deps) ?? { sweep: async () => 0 };

  const app = new QuietApplication({
    adapter,
    botAppId: deps.config.bot.id,
    removeRecipientMention: true,
    // teams-ai keeps one typing timer per Application, shared by concurrent turns: off.
    startTypingTimer: false,
    longRunningMessages: false,
  });

  const fail = (context: TurnContext, info: TurnInfo | undefined, feature: string, err: unknown): string => {
    const ref = info?.correlationId ?? 'unknown';
    if (isBusy(err)) {
      log.warn({ ref, feature, activityType: context.activity.type }, 'storage busy: the user was asked to retry');
      return say(content, 'store-busy');
    }
    log.error({ ref, feature, activityType: context.activity.type, err: errorSummary(err) }, 'turn failed');
    return say(content, 'error', { ref });
  };

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
    const handler = router.welcomeHandler;
    if (!botAdded || !handler) return;
    const info = turnInfo(context, deps.clock());
    try {
      for (const reply of await handler(info)) await context.sendActivity(toActivity(reply));
    } catch (err) {
      await context.sendActivity(fail(context, info, 'welcome', err));
    }
  });

  // Universal Actions: the returned card replaces the clicked one.
  app.adaptiveCards.actionExecute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context, _state, data) => {
      const info = turnInfo(context, deps.clock());
      const verb = String((context.activity.value as { action?: { verb?: unknown } }).action?.verb ?? '');
      const route = router.routeAction(verb);
      if (!route) return unknownAction(context, info);
      try {
        const outcome = await route.handler({ ...info, verb, data: asRecord(data), via: 'execute' });
        await deliver(context, outcome);
        return outcome.card ?? say(content, 'action-done');
      } catch (err) {
        return fail(context, info, route.feature, err);
      }
    },
  );

  // Action.Submit: the fallback for clients without Universal Actions, and cards sent before them.
  app.adaptiveCards.actionSubmit(
    async (context) =>
      context.activity.type === ActivityTypes.Message &&
      !context.activity.text &&
      typeof (context.activity.value as { verb?: unknown } | undefined)?.verb === 'string',
    async (context, _state, data) => {
      const info = turnInfo(context, deps.clock());
      const verb = String((data as { verb: string }).verb);
      const route = router.routeAction(verb);
      if (!route) {
        await context.sendActivity(toActivity({ type: 'text', text: await unknownAction(context, info) }));
        return;
      }
      try {
        const outcome = await route.handler({ ...info, verb, data: asRecord(data), via: 'submit' });
        const personal = info.conversation.kind === 'personal';
        if (outcome.card && (personal || outcome.shared || outcome.public)) {
          if (context.activity.replyToId) await updateCard(context, context.activity.replyToId, outcome);
          else await context.sendActivity(toActivity({ type: 'card', card: outcome.card }));
        } else if (outcome.card) {
          // A card for the clicker alone (perhaps holding what they typed): Action.Submit cannot show
          // it to one person in a group, so the group sees only the short notice.
          await context.sendActivity(
            toActivity({
              type: 'text',
              text: `${info.actor.name}: ${outcome.notice ?? say(content, 'submit-private')}`,
            }),
          );
        }
        for (const reply of outcome.replies ?? []) await context.sendActivity(toActivity(reply));
      } catch (err) {
        await context.sendActivity(fail(context, info, route.feature, err));
      }
    },
  );

  // The compose-box search (message extension). Teams gives it 5 seconds; the search is in memory.
  app.messageExtensions.query(SEARCH_COMMAND_ID, async (context, _state, query) => {
    const info = turnInfo(context, deps.clock());
    const handler = router.searchHandler;
    const text = String(query.parameters.query ?? '').slice(0, 200);
    if (!handler) return { type: 'result', attachmentLayout: 'list', attachments: [] };
    try {
      const results = await handler({ ...info, query: text, skip: query.skip, count: query.count });
      return {
        type: 'result',
        attachmentLayout: 'list',
        attachments: results.map((r) => ({
          ...CardFactory.adaptiveCard(r.card),
          preview: CardFactory.thumbnailCard(r.title, r.subtitle),
        })),
      };
    } catch (err) {
      return { type: 'message', text: fail(context, info, 'search', err) };
    }
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const a = context.activity;
    const info = turnInfo(context, deps.clock());
    // In group chats and channels, only messages that @mention the bot are for it.
    if (info.conversation.kind !== 'personal' && !mentionsBot(a)) return;
    const text = cleanIncomingText(a.text);
    if (!text) return;
    if (text.length > MAX_MESSAGE_CHARS) {
      await context.sendActivity(say(content, 'message-too-long', { max: MAX_MESSAGE_CHARS }));
      return;
    }
    const route = router.routeMessage(text);
    if (!route) return;
    try {
      const replies = await route.handler({ ...info, text }, route.args);
      for (const reply of replies) await context.sendActivity(toActivity(reply));
    } catch (err) {
      await context.sendActivity(fail(context, info, route.feature, err));
    }
  });

  // Last resort: anything that escaped a handler. Never rethrow: the adapter would put the error in the HTTP body.
  app.error(async (context, err) => {
    const message = fail(context, undefined, 'unhandled', err);
    try {
      if (context.activity.type === ActivityTypes.Message) await context.sendActivity(message);
    } catch (sendErr) {
      log.error({ err: errorSummary(sendErr) }, 'could not send the error reply');
    }
  });

  async function deliver(context: TurnContext, outcome: ActionOutcome): Promise<void> {
    // The invoke response replaces the card for the person who clicked; in a group, edit the
    // message too so everyone sees the same board.
    if (
      outcome.card &&
      outcome.shared &&
      context.activity.replyToId &&
      context.activity.conversation.conversationType !== 'personal'
    ) {
      await updateCard(context, context.activity.replyToId, outcome);
    }
    for (const reply of outcome.replies ?? []) await context.sendActivity(toActivity(reply));
  }

  async function updateCard(context: TurnContext, activityId: string, outcome: ActionOutcome): Promise<void> {
    if (!outcome.card) return;
    try {
      await context.updateActivity({ ...toActivity({ type: 'card', card: outcome.card }), id: activityId });
    } catch (err) {
      // The card could not be edited (deleted, too old, or the connector refused): post it instead.
      log.warn({ err: errorSummary(err) }, 'card update failed; sending a new card');
      await context.sendActivity(toActivity({ type: 'card', card: outcome.card }));
    }
  }

  async function unknownAction(context: TurnContext, info: TurnInfo): Promise<string> {
    log.warn({ ref: info.correlationId, activityType: context.activity.type }, 'unknown card action');
    return say(content, 'unknown-action');
  }

  // Outbound sends wait their turn so a conversation never exceeds Teams' rate limits.
  const limiter = new ConversationRateLimiter();
  adapter.use(async (context, next) => {
    const pace = async () => {
      if (context.activity.deliveryMode !== 'expectReplies') await limiter.take(context.activity.conversation.id);
    };
    context.onSendActivities(async (_ctx, activities, send) => {
      for (const a of activities) if (a.type !== 'invokeResponse') await pace();
      return send();
    });
    context.onUpdateActivity(async (_ctx, _activity, update) => {
      await pace();
      return update();
    });
    await next();
  });

  const admission = new Admission(deps.config, deps.store);
  const run = async (context: TurnContext): Promise<void> => {
    const a = context.activity;
    if (!admission.tenantAllowed(a)) {
      // No reply and no storage: only a note that it happened, with the tenant hashed.
      log.warn(
        { activityType: a.type, tenant: tenantHash(a) },
        'activity from a tenant that is not allowed was ignored',
      );
      if (a.type === ActivityTypes.Invoke)
        await context.sendActivity({ type: 'invokeResponse', value: { status: 403 } });
      return;
    }
    if (!(await admission.firstDelivery(a))) {
      log.info({ activityType: a.type }, 'duplicate delivery ignored');
      return;
    }
    await app.run(context);
  };

  return {
    app,
    adapter,
    router,
    run,
    maintenance: { sweep: async (now) => (await maintenance.sweep(now)) + (await admission.sweep(now)) },
  };
}

/**
 * teams-ai 1.7.4 starts its typing timer on every message whatever the `startTypingTimer` option says,
 * and keeps one timer per Application, shared by concurrent turns: a slow turn then sends a stray
 * "typing" activity, sometimes into another turn. The bot answers fast, so it sends none.
 */
class QuietApplication extends Application {
  override startTypingTimer(): void {}
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Local mode: anonymous (no tokens), loopback only. Authenticated: single-tenant Bot Framework auth. */
export function createAdapter(deps: Pick<Deps, 'config'>): TeamsAdapter {
  const { config } = deps;
  if (config.mode === 'local') return new TeamsAdapter({});
  const auth = {
    MicrosoftAppId: config.bot.id,
    MicrosoftAppPassword: config.bot.password,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: config.bot.tenantId,
  };
  if (!config.openIdMetadataUrl) return new TeamsAdapter(auth);
  // Overriding one endpoint makes botbuilder use only the values given, so give the public-cloud rest.
  return new TeamsAdapter({
    ...auth,
    ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${config.bot.tenantId}`,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  });
}
