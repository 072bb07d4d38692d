import type { TurnContext } from 'botbuilder';
import { reuseConnectorClients } from '../../src/teams/connectorReuse';
import { TeamsAdapter } from '../../src/teams/teamsAi';
import { message } from '../helpers/activities';

/** botbuilder's CloudAdapter, as the bot runs it: one connector client per service URL, not per turn. */
describe('connector clients', () => {
  const clientsOf = async (adapter: TeamsAdapter, serviceUrls: string[]) => {
    const seen: unknown[] = [];
    for (const serviceUrl of serviceUrls) {
      await (
        adapter as unknown as {
          processActivity(h: string, a: unknown, logic: (c: TurnContext) => Promise<void>): Promise<unknown>;
        }
      ).processActivity('', { ...message('help', { serviceUrl }), deliveryMode: 'expectReplies' }, async (context) => {
        seen.push(context.turnState.get(adapter.ConnectorClientKey), context.turnState.get(adapter.UserTokenClientKey));
      });
    }
    return seen;
  };
  const urls = ['https://smba.example.test/uk/', 'https://smba.example.test/uk/', 'https://smba.example.test/emea/'];

  it('are built once per service URL (the sign-in client once per app id) and reused by later turns', async () => {
    const adapter = new TeamsAdapter({});
    reuseConnectorClients(adapter);
    const [first, firstToken, second, secondToken, other, otherToken] = await clientsOf(adapter, urls);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    // The sign-in client depends on the app id only.
    expect(firstToken).toBeDefined();
    expect(secondToken).toBe(firstToken);
    expect(otherToken).toBe(firstToken);
  });

  it("come from one kept factory per bot: proactive sends (which use the turn's factory) reuse the clients too", async () => {
    const adapter = new TeamsAdapter({});
    reuseConnectorClients(adapter);
    const factories: { create(url: string, audience?: string): Promise<unknown> }[] = [];
    const clients: unknown[] = [];
    let audience: string | undefined;
    for (const serviceUrl of urls.slice(0, 2))
      await (
        adapter as unknown as {
          processActivity(h: string, a: unknown, logic: (c: TurnContext) => Promise<void>): Promise<unknown>;
        }
      ).processActivity('', { ...message('help', { serviceUrl }), deliveryMode: 'expectReplies' }, async (context) => {
        factories.push(context.turnState.get(adapter.ConnectorFactoryKey));
        clients.push(context.turnState.get(adapter.ConnectorClientKey));
        audience = context.turnState.get(adapter.OAuthScopeKey);
      });
    expect(factories[0]).toBeDefined();
    expect(factories[1]).toBe(factories[0]);
    expect(await factories[1]?.create(urls[0] as string, audience)).toBe(clients[0]);
    expect(await factories[1]?.create(urls[2] as string, audience)).not.toBe(clients[0]);
  });

  it('are built for every turn without it (what botbuilder does by itself)', async () => {
    const [first, firstToken, second, secondToken] = await clientsOf(new TeamsAdapter({}), urls);
    expect(second).not.toBe(first);
    expect(secondToken).not.toBe(firstToken);
  });
});
