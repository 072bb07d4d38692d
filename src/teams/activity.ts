import { type Activity, CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import { newReference } from '../bot/reference';
import type { ConversationAddress, ConversationKind, Reply, TurnInfo } from '../bot/turn';

/** Reads the SDK-neutral turn facts out of a Teams activity. */
export function turnInfo(context: TurnContext, now: number): TurnInfo {
  const a = context.activity;
  return {
    activityId: a.id ?? `${a.conversation.id}:${a.timestamp ?? now}`,
    conversation: { id: a.conversation.id, kind: conversationKind(a), tenantId: tenantOf(a) },
    actor: actorOf(a.from),
    correlationId: newReference(),
    now,
    address: addressOf(a),
  };
}

/**
 * The conversation reference a proactive message needs (service URL, conversation, bot, channel),
 * without the person who acted: a reminder goes to the chat, and stores no more than it must.
 */
export function addressOf(a: Partial<Activity>): ConversationAddress {
  const { user: _user, activityId: _activityId, ...reference } = TurnContext.getConversationReference(a);
  return reference as unknown as ConversationAddress;
}

function actorOf(from: Partial<Activity['from']>): TurnInfo['actor'] {
  const name = from.name?.trim();
  return {
    id: from.id ?? '',
    name: name || 'A colleague',
    aadObjectId: from.aadObjectId || undefined,
    ...(name ? {} : { unnamed: true as const }),
  };
}

export function conversationKind(a: Partial<Activity>): ConversationKind {
  const type = a.conversation?.conversationType;
  return type === 'groupChat' || type === 'channel' ? type : 'personal';
}

/** The tenant an activity came from: Teams puts it in channelData and, usually, on the conversation. */
export function tenantOf(a: Partial<Activity>): string | undefined {
  const fromChannelData = (a.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData) return fromChannelData;
  return a.conversation?.tenantId || undefined;
}

/** True when the message @mentions the bot; in group chats and channels the bot only answers those. */
export function mentionsBot(a: Partial<Activity>): boolean {
  return (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient?.id,
  );
}

/** Turns a feature's reply into an outgoing activity. Text replies are plain: they may carry user text. */
export function toActivity(reply: Reply): Partial<Activity> {
  if (reply.type === 'card') {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
    // Teams' notifications and chat list show the summary instead of "sent a card".
    if (typeof reply.card.fallbackText === 'string') activity.summary = reply.card.fallbackText;
    return activity;
  }
  if (reply.mention) {
    // An @mention needs Teams' markdown: the text is the bot's own words, with only the name filled in.
    const tag = `<at>${reply.mention.name.replace(/[<>*_[\]`]/g, '')}</at>`;
    const activity = MessageFactory.text(reply.text.replace('{mention}', tag));
    activity.entities = [{ type: 'mention', text: tag, mentioned: { id: reply.mention.id, name: reply.mention.name } }];
    return activity;
  }
  // Teams renders a bot's text through its markdown parser, which drops a single line break, and the
  // Agents Playground shows plain text as one run: copy-as-text read as one paragraph. Send markdown
  // that shows exactly what was written: formatting characters escaped, indent kept, a break per line.
  const activity = MessageFactory.text(asMarkdown(reply.text));
  activity.textFormat = 'markdown';
  return activity;
}

/** Plain text as markdown that renders the same words on the same lines (CommonMark hard breaks). */
export function asMarkdown(plain: string): string {
  return plain
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      const body = line
        .slice(indent)
        // A bullet is shown as one: the playground prints a backslash-escaped "\-" as written.
        .replace(/^[-+*] /, '\u2022 ')
        .replace(/[\\`*_[\]<>~|&]/g, (c) => `\\${c}`)
        // A line that starts like a heading, quote, list or rule stays a line of text.
        .replace(/^[#+=-]/, '\\$&')
        .replace(/^(\d+)([.)])/, '$1\\$2')
        .replace(/ +$/, '');
      // No-break spaces keep the indent without turning the line into a code block or a list.
      return '\u00a0'.repeat(indent) + body;
    })
    .map((line, i, all) => (i < all.length - 1 && line !== '' && all[i + 1] !== '' ? `${line}  ` : line))
    .join('\n');
}

export { newReference };
