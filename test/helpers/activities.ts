/**
 * An activity as Teams sends it, as plain JSON: tests build and read activities without the Teams
 * SDK (test/app drives the bot with no SDK at all).
 */
export interface TestActivity {
  type?: string;
  id?: string;
  name?: string;
  text?: string;
  value?: unknown;
  replyToId?: string;
  attachments?: { contentType: string; content?: unknown }[];
  // biome-ignore lint/suspicious/noExplicitAny: the rest of an activity is free-form JSON
  [key: string]: any;
}

/** Test people and places. Names are made up; nothing here is real data. */
export const USERS = {
  sam: { id: '29:user-sam', name: 'Sam Supervisor' },
  alex: { id: '29:user-alex', name: 'Alex Worker' },
  jo: { id: '29:user-jo', name: 'Jo Health' },
  kim: { id: '29:user-kim', name: 'Kim School' },
} as const;
export type UserKey = keyof typeof USERS;

export const BOT = { id: '28:sofs-bot', name: 'SofS Companion' };
export const TENANT = '99999999-8888-7777-6666-555555555555';

export interface Where {
  conversationId?: string;
  kind?: 'personal' | 'groupChat' | 'channel';
  user?: UserKey;
  serviceUrl?: string;
  tenantId?: string;
}

let counter = 0;
const nextId = () => `act-${Date.now().toString(36)}-${(counter++).toString(36)}`;

function base(where: Where): TestActivity {
  const kind = where.kind ?? 'personal';
  const user = USERS[where.user ?? 'sam'];
  const tenantId = where.tenantId ?? TENANT;
  return {
    id: nextId(),
    channelId: 'msteams',
    serviceUrl: where.serviceUrl ?? 'https://smba.example.test/uk/',
    from: { ...user, aadObjectId: `aad-${user.id}` },
    recipient: { ...BOT },
    conversation: {
      id: where.conversationId ?? (kind === 'personal' ? `a:personal-${user.id}` : '19:group-chat@thread.v2'),
      conversationType: kind,
      tenantId,
      isGroup: kind !== 'personal',
    },
    channelData: { tenant: { id: tenantId } },
    timestamp: new Date(),
    locale: 'en-GB',
  };
}

/** A typed message; in a group chat or channel it @mentions the bot unless `mention: false`. */
export function message(text: string, where: Where & { mention?: boolean } = {}): TestActivity {
  const activity = base(where);
  const kind = where.kind ?? 'personal';
  const mention = where.mention ?? kind !== 'personal';
  if (!mention) return { ...activity, type: 'message', text };
  const tag = `<at>${BOT.name}</at>`;
  return {
    ...activity,
    type: 'message',
    text: `${tag} ${text}`,
    entities: [{ type: 'mention', mentioned: { ...BOT }, text: tag }],
  };
}

/** Teams' notice that the bot (and the user) joined the conversation. */
export function installed(where: Where = {}): TestActivity {
  const activity = base(where);
  return { ...activity, type: 'conversationUpdate', membersAdded: [{ ...BOT }, { ...USERS[where.user ?? 'sam'] }] };
}

/** A Universal Action (Action.Execute) click on a card sent as message `replyToId`. */
export function execute(
  verb: string,
  data: Record<string, unknown>,
  where: Where & { replyToId?: string } = {},
): TestActivity {
  return {
    ...base(where),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: where.replyToId ?? 'card-message-1',
    value: { action: { type: 'Action.Execute', verb, data: { ...data, verb } }, trigger: 'manual' },
  };
}

/** The Action.Submit fallback: a message with no text whose value carries the verb and inputs. */
export function submit(
  verb: string,
  data: Record<string, unknown>,
  where: Where & { replyToId?: string } = {},
): TestActivity {
  return { ...base(where), type: 'message', replyToId: where.replyToId ?? 'card-message-1', value: { ...data, verb } };
}

/** A message-extension search typed in the compose box. */
export function composeQuery(query: string, where: Where = {}, commandId = 'searchGlossary'): TestActivity {
  return {
    ...base(where),
    type: 'invoke',
    name: 'composeExtension/query',
    value: { commandId, parameters: [{ name: 'query', value: query }], queryOptions: { skip: 0, count: 25 } },
  };
}
