import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionDelivery, type Bot, type CreateBotOptions, createBot } from '../../src/bot/createBot';
import { newReference } from '../../src/bot/reference';
import { type ConversationKind, cardNow, type Reply, type TurnInfo } from '../../src/bot/turn';
import { loadCardTemplates } from '../../src/cards';
import { loadConfig } from '../../src/config';
import { type ContentPack, loadContent } from '../../src/content/pack';
import type { Deps } from '../../src/deps';
import type { ClaimedReminder } from '../../src/guided/reminders';
import { createLogger } from '../../src/log';
import { AuditTrail } from '../../src/privacy/audit';
import { EncryptedStore, newDataKey, parseDataKey } from '../../src/storage/encrypted';
import { SqliteStore } from '../../src/storage/sqlite';
import type { Store } from '../../src/storage/store';
import { BOT, type TestActivity } from './activities';
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
  replies: TestActivity[];
  /** Messages the bot edited in place. */
  updates: TestActivity[];
  /** The answer to an invoke (card action, message-extension query). */
  invoke?: { status: number; body?: unknown };
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/** Real deps on SQLite in a fresh temp folder, encrypted exactly as in production. */
export function testDeps(options: { env?: Record<string, string>; clock?: () => number; store?: Store } = {}): {
  deps: Deps;
  logs: LogCapture;
  dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'sofs-app-'));
  loadCardTemplates();
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'info', NODE_ENV: 'test', ...options.env });
  const logs = new LogCapture();
  const key = parseDataKey(newDataKey());
  const log = createLogger('debug', logs);
  const deps: Deps = {
    config,
    content: realContent(),
    store: options.store ?? new EncryptedStore(new SqliteStore(join(dir, 'state.sqlite')), key),
    log,
    clock: options.clock ?? Date.now,
    audit: new AuditTrail(new SqliteStore(join(dir, 'audit.sqlite')), key.key, config.auditRetentionDays, log),
  };
  return { deps, logs, dir };
}

/**
 * The bot itself (bot/createBot.ts) with no Teams SDK at all, driven by plain activity-shaped JSON:
 * each activity becomes the turn the Teams binding would make of it, and the bot's answers come back
 * as the posts, in-place edits and invoke answers the binding would carry out. Every card is checked
 * against what Teams accepts. The binding itself is tested through the SDK in test/teams/.
 */
export class TestBot {
  private constructor(
    readonly deps: Deps,
    readonly logs: LogCapture,
    private readonly bot: Bot,
    private readonly dir: string,
  ) {}

  static create(
    options: { env?: Record<string, string>; clock?: () => number; store?: Store } & CreateBotOptions = {},
  ): TestBot {
    const { deps, logs, dir } = testDeps(options);
    return new TestBot(deps, logs, createBot(deps, { register: options.register }), dir);
  }

  /** A Universal Action's delivery as the bot returns it, before the binding carries it out (nothing rendered lazily yet). */
  deliveryOf(activity: TestActivity): Promise<ActionDelivery> {
    const action = (activity.value as { action?: { verb?: unknown; data?: unknown } }).action ?? {};
    const data = (action.data && typeof action.data === 'object' ? action.data : {}) as Record<string, unknown>;
    return this.bot.action({
      ...turnOf(activity, this.deps.clock()),
      verb: String(action.verb ?? ''),
      data,
      via: 'execute',
    });
  }

  /** What the bot posts for a reminder that fell due (what the binding's timer sends through Teams). */
  reminder(claimed: ClaimedReminder): Promise<Reply[]> {
    return this.bot.reminder(claimed);
  }

  /** What start-up does once the server listens (the glossary's search index). */
  prepare(): void {
    this.bot.maintenance.prepare?.();
  }

  /** The bot's retention sweep, as the hourly timer in production runs it. */
  sweep(now: number): Promise<number> {
    return this.bot.maintenance.sweep(now);
  }

  async send(activity: TestActivity): Promise<TurnResult> {
    const result: TurnResult = { replies: [], updates: [] };
    const info = turnOf(activity, this.deps.clock());
    const post = (replies: Reply[]) => result.replies.push(...replies.map(asActivity));

    if (
      activity.type === 'message' &&
      !activity.text &&
      typeof (activity.value as { verb?: unknown })?.verb === 'string'
    ) {
      const data = activity.value as Record<string, unknown>;
      const delivery = await this.bot.action({ ...info, verb: String(data.verb), data, via: 'submit' });
      if (delivery.updateMessage) {
        if (activity.replyToId)
          result.updates.push({
            ...asActivity({ type: 'card', card: cardNow(delivery.updateMessage) }),
            id: activity.replyToId,
          });
        else post([{ type: 'card', card: cardNow(delivery.updateMessage) }]);
      }
      post(delivery.replies);
    } else if (activity.type === 'message') {
      post(await this.bot.message({ ...info, text: withoutMention(activity), mentionsBot: mentions(activity) }));
    } else if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
      const action = (activity.value as { action?: { verb?: unknown; data?: unknown } }).action ?? {};
      const data = (action.data && typeof action.data === 'object' ? action.data : {}) as Record<string, unknown>;
      const delivery = await this.bot.action({ ...info, verb: String(action.verb ?? ''), data, via: 'execute' });
      if (delivery.updateMessage && activity.replyToId)
        result.updates.push({
          ...asActivity({ type: 'card', card: cardNow(delivery.updateMessage) }),
          id: activity.replyToId,
        });
      post(delivery.replies);
      result.invoke = {
        status: 200,
        body:
          'card' in delivery.answer
            ? { statusCode: 200, type: CARD, value: delivery.answer.card }
            : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: delivery.answer.text },
      };
    } else if (activity.type === 'invoke' && activity.name === 'composeExtension/query') {
      const value = activity.value as {
        parameters?: { name: string; value: string }[];
        queryOptions?: { skip?: number; count?: number };
      };
      const answer = await this.bot.search({
        ...info,
        query: String(value.parameters?.find((p) => p.name === 'query')?.value ?? '').slice(0, 200),
        skip: value.queryOptions?.skip ?? 0,
        count: value.queryOptions?.count ?? 25,
      });
      result.invoke = {
        status: 200,
        body: {
          composeExtension:
            'message' in answer
              ? { type: 'message', text: answer.message }
              : {
                  type: 'result',
                  attachmentLayout: 'list',
                  attachments: answer.results.map((r) => ({
                    contentType: CARD,
                    content: r.card,
                    preview: {
                      contentType: 'application/vnd.microsoft.card.thumbnail',
                      content: { title: r.title, text: r.subtitle },
                    },
                  })),
                },
        },
      };
    } else if (activity.type === 'conversationUpdate') {
      const added = (activity.membersAdded as { id: string }[] | undefined) ?? [];
      if (added.some((m) => m.id === (activity.recipient as { id?: string } | undefined)?.id))
        post(await this.bot.welcome(info));
    }

    assertCardsAccepted(result);
    return result;
  }

  async close(): Promise<void> {
    await this.deps.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The turn the Teams binding makes of an activity (see src/teams/activity.ts). */
function turnOf(a: TestActivity, now: number): TurnInfo {
  const conversation = (a.conversation ?? {}) as { id?: string; conversationType?: string; tenantId?: string };
  const from = (a.from ?? {}) as { id?: string; name?: string; aadObjectId?: string };
  const type = conversation.conversationType;
  const kind: ConversationKind = type === 'groupChat' || type === 'channel' ? type : 'personal';
  return {
    activityId: String(a.id ?? `${conversation.id}:${now}`),
    conversation: {
      id: String(conversation.id ?? ''),
      kind,
      tenantId: (a.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? conversation.tenantId,
    },
    actor: { id: String(from.id ?? ''), name: from.name?.trim() || 'A colleague', aadObjectId: from.aadObjectId },
    correlationId: newReference(),
    now,
    // As the binding fills it (the conversation reference without the person); an activity without a
    // service URL stands for plain code with nowhere to send a reminder.
    ...(typeof a.serviceUrl === 'string'
      ? {
          address: {
            serviceUrl: a.serviceUrl,
            channelId: a.channelId,
            conversation: { id: conversation.id, conversationType: type, tenantId: conversation.tenantId },
            bot: a.recipient,
          },
        }
      : {}),
  };
}

function mentions(a: TestActivity): boolean {
  return ((a.entities as { type?: string; mentioned?: { id?: string } }[] | undefined) ?? []).some(
    (e) => e.type === 'mention' && e.mentioned?.id === BOT.id,
  );
}

/** The text with the bot's @mention removed, as Teams AI does before the bot sees it. */
function withoutMention(a: TestActivity): string {
  return String(a.text ?? '')
    .replace(new RegExp(`<at>${BOT.name}</at>`, 'g'), '')
    .trim();
}

function asActivity(reply: Reply): TestActivity {
  return reply.type === 'card'
    ? { type: 'message', attachments: [{ contentType: CARD, content: reply.card }] }
    : { type: 'message', text: reply.text, textFormat: 'plain' };
}

export function cardsIn(activities: TestActivity[]): unknown[] {
  return activities.flatMap((a) =>
    ((a.attachments as { contentType?: string; content?: unknown }[] | undefined) ?? [])
      .filter((x) => x.contentType === CARD)
      .map((x) => x.content),
  );
}

/** Throws when any card a turn posted, edited or answered with is one Teams would not accept. */
export function assertCardsAccepted(result: TurnResult): void {
  for (const card of [...cardsIn(result.replies), ...cardsIn(result.updates), ...invokeCards(result.invoke)]) {
    const problems = cardProblems(card);
    if (problems.length) throw new Error(`The bot sent a card Teams would not accept:\n${problems.join('\n')}`);
  }
}

function invokeCards(invoke: TurnResult['invoke']): unknown[] {
  const body = invoke?.body as { type?: string; value?: unknown } | undefined;
  return body?.type === CARD ? [body.value] : [];
}

/** The card in an Action.Execute answer, if it returned one. */
export function invokeCard(result: TurnResult): unknown | undefined {
  return invokeCards(result.invoke)[0];
}
