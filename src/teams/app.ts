// First: defers modules botbuilder would load at start-up and this bot does not use.
import './lazyModules';
import {
  type Activity,
  ActivityTypes,
  CallerIdConstants,
  CardFactory,
  type ConversationReference,
  INVOKE_RESPONSE_KEY,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { z } from 'zod';
import { type ActionDelivery, type Bot, type CreateBotOptions, createBot } from '../bot/createBot';
import type { BotRouter } from '../bot/router';
import { type ActionTurn, cardNow, type Reply, type TurnInfo } from '../bot/turn';
import { say } from '../content/pack';
import type { Deps } from '../deps';
import type { Maintenance } from '../features';
import type { ClaimedReminder } from '../guided/reminders';
import { errorSummary } from '../log';
import { mentionsBot, newReference, toActivity, turnInfo } from './activity';
import { Admission, tenantHash } from './admission';
import { BoardEdits } from './boardEdits';
import { reuseConnectorClients } from './connectorReuse';
import { ConversationRateLimiter } from './rateLimit';
import { Application, TeamsAdapter } from './teamsAi';

/** Marks an edit that already has its place within Teams' send limits. */
const ALREADY_PACED = Symbol('alreadyPaced');

/** The message extension's search command id, as declared in the app manifest. */
export const SEARCH_COMMAND_ID = 'searchGlossary';

export interface AppOptions extends CreateBotOptions {
  adapter?: TeamsAdapter;
}

export interface BotApp {
  app: Application;
  adapter: TeamsAdapter;
  bot: Bot;
  router: BotRouter;
  maintenance: Maintenance;
  /** Runs one authenticated turn: tenant check, duplicate check, then the Application. */
  run(context: TurnContext): Promise<void>;
  /** Waits (at most `timeoutMs`) for shared-card edits still held back by Teams' send limits. */
  drain(timeoutMs: number): Promise<void>;
  /**
   * Posts a due reminder to its conversation, proactively, as the bot (its app id in authenticated
   * mode; anonymous to the local connector): throws with Teams' HTTP status when the chat refuses.
   */
  sendReminder(reminder: ClaimedReminder): Promise<void>;
}

/**
 * Binds the SDK-free bot (bot/createBot.ts) to Teams through teams-ai: the only place that knows
 * teams-ai routes. It turns activities into turns, and carries out what the bot answers: posts,
 * in-place edits (falling back to a new post when an edit is refused) and invoke answers, paced
 * within Teams' send limits. An invoke is answered at once: a shared-card edit the limits hold back
 * waits in BoardEdits, where a newer card for the same message replaces it. No policy lives here.
 *
 * The Application gets no turn-state storage: features persist through the Store with explicit
 * eTag retries (see state/records.ts), because teams-ai v1 saves turn state with the eTag it read and
 * fails the whole turn when two people in a group chat act at once.
 */
export function createApp(deps: Deps, options: AppOptions = {}): BotApp {
  const { log } = deps;
  const adapter = options.adapter ?? createAdapter(deps);
  reuseConnectorClients(adapter);
  const bot = createBot(deps, options);

  const app = new QuietApplication({
    adapter,
    botAppId: deps.config.bot.id,
    removeRecipientMention: true,
    // teams-ai keeps one typing timer per Application, shared by concurrent turns: off.
    startTypingTimer: false,
    longRunningMessages: false,
  });

  /** Records that `messageId` shows a live board, and turns the earlier copy into a pointer to it. */
  const boardShown = async (context: TurnContext, board: string | undefined, messageId: string | undefined) => {
    if (!board || !messageId) return;
    const earlier = await bot.boardShown(turnInfo(context, deps.clock()), board, messageId);
    if (!earlier) return;
    try {
      await context.updateActivity({ ...toActivity({ type: 'card', card: earlier.card }), id: earlier.messageId });
    } catch (err) {
      // The old copy may have been deleted: nothing to point from.
      log.warn({ err: errorSummary(err) }, 'an earlier board could not be replaced with a pointer');
    }
  };

  const post = async (context: TurnContext, replies: Reply[]) => {
    for (const reply of replies) {
      const sent = await context.sendActivity(toActivity(reply));
      if (reply.type === 'card') await boardShown(context, reply.board, sent?.id);
    }
  };

  app.conversationUpdate('membersAdded', async (context) => {
    const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id);
    if (!botAdded) return;
    const turn = turnInfo(context, deps.clock());
    await post(context, await bot.welcome(turn.actor.unnamed ? await withMemberName(context, turn) : turn));
  });

  const actionTurn = (context: TurnContext, verb: string, data: unknown, via: 'execute' | 'submit'): ActionTurn => ({
    ...turnInfo(context, deps.clock()),
    verb,
    data: asRecord(data),
    via,
  });

  // Universal Actions: the returned card replaces the clicked one.
  app.adaptiveCards.actionExecute(
    async (context) =>
      context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action',
    async (context, _state, data) => {
      const verb = String((context.activity.value as { action?: { verb?: unknown } }).action?.verb ?? '');
      const delivery = await bot.action(actionTurn(context, verb, data, 'execute'));
      await carryOut(context, delivery);
      if ('text' in delivery.answer) return delivery.answer.text;
      // The binding answers the invoke itself: teams-ai v1 would otherwise edit the shared message
      // to any answer card carrying `refresh`, showing one person's own view to the whole group.
      const invokeResponse = {
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 200,
          body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: delivery.answer.card },
        },
      };
      await context.sendActivity(invokeResponse);
      // Adapters record the answer here; teams-ai checks it before formatting its own.
      context.turnState.set(INVOKE_RESPONSE_KEY, invokeResponse);
      return delivery.answer.card;
    },
  );

  // Action.Submit: the fallback for clients without Universal Actions, and cards sent before them.
  app.adaptiveCards.actionSubmit(
    async (context) =>
      context.activity.type === ActivityTypes.Message &&
      !context.activity.text &&
      typeof (context.activity.value as { verb?: unknown } | undefined)?.verb === 'string',
    async (context, _state, data) => {
      const verb = String((data as { verb: string }).verb);
      await carryOut(context, await bot.action(actionTurn(context, verb, data, 'submit')));
    },
  );

  // The compose-box search (message extension). Teams gives it 5 seconds; the search is in memory.
  app.messageExtensions.query(SEARCH_COMMAND_ID, async (context, _state, query) => {
    const answer = await bot.search({
      ...turnInfo(context, deps.clock()),
      query: String(query.parameters.query ?? '').slice(0, 200),
      skip: query.skip,
      count: query.count,
    });
    if ('message' in answer) return { type: 'message', text: answer.message };
    return {
      type: 'result',
      attachmentLayout: 'list',
      attachments: answer.results.map((r) => ({
        ...CardFactory.adaptiveCard(r.card),
        preview: CardFactory.thumbnailCard(r.title, r.subtitle),
      })),
    };
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const a = context.activity;
    await post(
      context,
      await bot.message({ ...turnInfo(context, deps.clock()), text: a.text ?? '', mentionsBot: mentionsBot(a) }),
    );
  });

  // Last resort: anything that escaped the bot. Never rethrow: the adapter would put the error in the HTTP body.
  app.error(async (context, err) => {
    const ref = newReference();
    log.error(
      { ref, feature: 'unhandled', activityType: context.activity.type, err: errorSummary(err) },
      'turn failed',
    );
    try {
      if (context.activity.type === ActivityTypes.Message)
        await context.sendActivity(say(deps.content, 'error', { ref }));
    } catch (sendErr) {
      log.error({ err: errorSummary(sendErr) }, 'could not send the error reply');
    }
  });

  // Outbound sends wait their turn so a conversation never exceeds Teams' rate limits.
  const limiter = new ConversationRateLimiter();
  const boardEdits = new BoardEdits(limiter, (err) => log.error({ err: errorSummary(err) }, 'card update failed'));
  /** Buffered replies (expectReplies) are not sent through the connector, so they are not paced. */
  const paced = (context: TurnContext) => context.activity.deliveryMode !== 'expectReplies';

  /** Edits the clicked message (or posts the card when it cannot be edited), then posts the replies. */
  async function carryOut(context: TurnContext, delivery: ActionDelivery): Promise<void> {
    if (delivery.updateMessage) {
      const replyToId = context.activity.replyToId;
      // The shared card is rendered only when it is sent: an edit that a newer one replaces never is.
      const update = delivery.updateMessage;
      const cardActivity = () => toActivity({ type: 'card', card: cardNow(update) });
      const conversationId = context.activity.conversation.id;
      if (!replyToId) {
        await boardShown(context, delivery.board, (await context.sendActivity(cardActivity()))?.id);
      } else if (!paced(context)) {
        await editBoard(context, delivery.board, replyToId, cardActivity);
      } else if (
        context.activity.type !== ActivityTypes.Invoke &&
        !boardEdits.busy(conversationId) &&
        limiter.tryTake(conversationId)
      ) {
        // Action.Submit (a message, with no answer to give): the edit is the answer, made in this turn.
        context.turnState.set(ALREADY_PACED, true);
        await editBoard(context, delivery.board, replyToId, cardActivity);
      } else {
        // An invoke is answered now, never after the shared card's edit (a PUT to Teams): the latest
        // card for this message goes out as soon as Teams' limits allow, and a newer one replaces it
        // while it waits. The turn (and its context) will be over by then: the edit runs in a proactive turn.
        const identity = context.turnState.get(adapter.BotIdentityKey);
        const audience = context.turnState.get(adapter.OAuthScopeKey) as string | undefined;
        const reference = TurnContext.getConversationReference(context.activity);
        const board = delivery.board;
        boardEdits.schedule(conversationId, replyToId, () =>
          adapter.continueConversationAsync(identity, reference, audience as string, async (later) => {
            later.turnState.set(ALREADY_PACED, true);
            await editBoard(later, board, replyToId, cardActivity);
          }),
        );
      }
    }
    await post(context, delivery.replies);
  }

  /**
   * Edits the shared board after a change made from message `pressedId`. When that message is an older
   * copy (the board has since been posted again), the live board takes the change and the older copy
   * shows the pointer again: the live board never jumps back up the chat.
   */
  async function editBoard(
    context: TurnContext,
    board: string | undefined,
    pressedId: string,
    cardActivity: () => Partial<Activity>,
  ): Promise<void> {
    const live = board ? await bot.liveBoard(turnInfo(context, deps.clock()), board) : undefined;
    if (!board || !live || live.messageId === pressedId) {
      await boardShown(context, board, await editOrPost(context, cardActivity(), pressedId));
      return;
    }
    await boardShown(context, board, await editOrPost(context, cardActivity(), live.messageId));
    try {
      await context.updateActivity({ ...toActivity({ type: 'card', card: live.pointer }), id: pressedId });
    } catch (err) {
      log.warn({ err: errorSummary(err) }, 'an earlier board could not be replaced with a pointer');
    }
  }

  /** Edits the message, or posts the card when it cannot be edited; resolves to the id of the message shown. */
  async function editOrPost(
    context: TurnContext,
    card: Partial<Activity>,
    messageId: string,
  ): Promise<string | undefined> {
    try {
      await context.updateActivity({ ...card, id: messageId });
      return messageId;
    } catch (err) {
      // The card could not be edited (deleted, too old, or the connector refused): post it instead.
      log.warn({ err: errorSummary(err) }, 'card update failed; sending a new card');
      return (await context.sendActivity(card))?.id;
    }
  }

  adapter.use(async (context, next) => {
    const pace = async () => {
      if (paced(context)) await limiter.take(context.activity.conversation.id);
    };
    context.onSendActivities(async (_ctx, activities, send) => {
      for (const a of activities) if (a.type !== 'invokeResponse') await pace();
      return send();
    });
    context.onUpdateActivity(async (ctx, _activity, update) => {
      // An edit that already has its place within the limits (taken by carryOut or BoardEdits).
      if (ctx.turnState.get(ALREADY_PACED)) ctx.turnState.delete(ALREADY_PACED);
      else await pace();
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

  const sendReminder = async (reminder: ClaimedReminder): Promise<void> => {
    const replies = await bot.reminder(reminder);
    if (replies.length === 0) return;
    const reference = conversationReference(reminder.address);
    // Sends inside are paced like any other (the middleware above runs for proactive turns too). The
    // adapter hands a failed turn to its error handler, so the failure is caught here and rethrown:
    // the scheduler needs Teams' status (a 403 from a chat the bot was removed from) to retry or drop.
    let failure: unknown;
    await adapter.continueConversationAsync(deps.config.bot.id ?? '', reference, async (context) => {
      try {
        await post(context, replies);
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== undefined) throw failure;
  };

  return {
    app,
    adapter,
    bot,
    router: bot.router,
    run,
    sendReminder,
    drain: (timeoutMs) => boardEdits.drain(timeoutMs),
    maintenance: {
      sweep: async (now) => (await bot.maintenance.sweep(now)) + (await admission.sweep(now)),
      prepare: () => bot.maintenance.prepare?.(),
    },
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

/**
 * Some install events carry no name for the person who added the bot: ask Teams for it (the
 * conversation's member look-up), so the welcome can greet them; without it the welcome greets everyone.
 */
async function withMemberName(context: TurnContext, turn: TurnInfo): Promise<TurnInfo> {
  try {
    const member = await TeamsInfo.getMember(context, turn.actor.id);
    const name = member.name?.trim();
    if (!name) return turn;
    const { unnamed: _unnamed, ...actor } = turn.actor;
    return { ...turn, actor: { ...actor, name } };
  } catch {
    return turn;
  }
}

const addressSchema = z
  .object({
    serviceUrl: z.string().url(),
    channelId: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    bot: z.object({ id: z.string() }).passthrough().optional(),
  })
  .passthrough();

/** A stored address read back as a conversation reference; one that is not (a damaged record) is refused as gone. */
function conversationReference(address: unknown): Partial<ConversationReference> {
  const parsed = addressSchema.safeParse(address);
  if (!parsed.success)
    throw Object.assign(new Error('reminder has no usable conversation address'), { statusCode: 404 });
  return parsed.data as unknown as Partial<ConversationReference>;
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
