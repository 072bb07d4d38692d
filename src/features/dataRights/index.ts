import { ukDateTime } from '../../bot/dates';
import { isPracticeLead } from '../../bot/roles';
import type { BotRouter } from '../../bot/router';
import { type ActionOutcome, card, type TurnInfo, text } from '../../bot/turn';
import { type AdaptiveCard, cardTemplate, NOTICE, renderCard } from '../../cards';
import { say } from '../../content/pack';
import type { Deps } from '../../deps';
import type { SessionProvider } from '../../guided/commands';
import { hashId } from '../../state/keys';

interface PrivacyCardData {
  intro: string;
  warning: string;
  sections: { title: string; text: string }[];
}

const PRIVACY = cardTemplate<PrivacyCardData>('privacy');
const AUDIT = cardTemplate<{ intro: string; entries: { when: string; what: string }[] }>('audit');
/** Audit entries shown at once. */
const AUDIT_SHOWN = 25;

/**
 * `privacy`: what is stored, for how long, and how to delete it. `forget me`: deletes what this person
 * added in this chat (everything, in a personal chat), after a confirmation.
 */
export function register(
  router: BotRouter,
  deps: Deps,
  providers: SessionProvider[],
  conversationPrefixes: string[],
): void {
  const { content, config } = deps;
  const m = (key: string, vars: Record<string, string | number> = {}) => say(content, key, vars);
  const fill = (t: string) =>
    t
      .replaceAll('{days}', String(config.retentionDays))
      .replaceAll('{auditDays}', String(config.auditRetentionDays))
      .replaceAll('{graceDays}', String(config.reviewGraceDays))
      .replaceAll('{maxDays}', String(config.reviewMaxDays));

  const privacyCard = (): AdaptiveCard =>
    renderCard(PRIVACY, {
      intro: fill(content.privacy.intro),
      warning: fill(content.privacy.warning),
      sections: content.privacy.sections.map((s) => ({ title: s.title, text: fill(s.text) })),
    });

  const confirmCard = (turn: TurnInfo): AdaptiveCard =>
    renderCard(NOTICE, {
      title: m('forget-title'),
      text: m(turn.conversation.kind === 'personal' ? 'forget-personal' : 'forget-group'),
      style: 'warning',
      footnote: '',
      buttons: [
        {
          title: m('forget-confirm'),
          verb: 'privacy.forgetConfirmed',
          data: { verb: 'privacy.forgetConfirmed' },
          style: 'destructive',
        },
        {
          title: m('forget-cancel'),
          verb: 'privacy.forgetCancel',
          data: { verb: 'privacy.forgetCancel' },
          style: 'default',
        },
      ],
    });

  const forget = async (turn: TurnInfo): Promise<boolean> => {
    let anything = false;
    for (const provider of providers) anything = (await provider.forget(turn)) !== 'none' || anything;
    if (turn.conversation.kind === 'personal') {
      const keys = conversationPrefixes.map((prefix) => `${prefix}${hashId(turn.conversation.id)}`);
      const existing = Object.keys(await deps.store.read(keys));
      if (existing.length > 0) {
        await deps.store.delete(existing);
        anything = true;
      }
    }
    return anything;
  };

  router.command(
    'privacy',
    ['privacy', 'my data', 'data protection', 'what do you store', 'gdpr'],
    async () => [card(privacyCard())],
    {
      askedAbout: 'self',
    },
  );
  router.command(
    'privacy',
    ['forget me', 'delete my data', 'forget my data', 'remove my data'],
    async (turn) => [card(confirmCard(turn))],
    {
      askedAbout: 'self',
    },
  );

  router.command(
    'privacy',
    ['audit', 'audit trail', 'audit log'],
    async (turn) => {
      // The trust-wide trail is never posted where others can read it.
      if (turn.conversation.kind !== 'personal') return [text(m('audit-personal-only'))];
      if (!isPracticeLead(config.practiceLeads, turn.actor)) return [text(m('audit-denied'))];
      const entries = await deps.audit.recent(AUDIT_SHOWN);
      return [
        card(
          renderCard(AUDIT, {
            intro: m('audit-intro', { count: AUDIT_SHOWN, days: config.auditRetentionDays }),
            entries: entries.map((e) => ({
              when: ukDateTime(e.at),
              what: `${e.action} · ${e.kind} ${e.session} · by ${e.actor}`,
            })),
          }),
        ),
      ];
    },
    { askedAbout: 'self' },
  );

  router.action('privacy', 'privacy', async (turn): Promise<ActionOutcome> => {
    switch (turn.verb) {
      case 'privacy.forget':
        return { replies: [card(confirmCard(turn))] };
      case 'privacy.forgetConfirmed': {
        const removed = await forget(turn);
        return {
          card: renderCard(NOTICE, {
            title: m('forget-title'),
            text: m(removed ? 'forget-done' : 'forget-nothing'),
            style: 'good',
            footnote: '',
            buttons: [],
          }),
        };
      }
      case 'privacy.forgetCancel':
        return {
          card: renderCard(NOTICE, {
            title: m('forget-title'),
            text: m('forget-kept'),
            style: 'default',
            footnote: '',
            buttons: [],
          }),
        };
      default:
        return { replies: [text(m('unknown-action'))] };
    }
  });
}
