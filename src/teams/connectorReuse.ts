import type {
  AuthenticateRequestResult,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
} from 'botframework-connector';
import type { TeamsAdapter } from './teamsAi';

/** Service URL and app id pairs whose connector client is kept (Teams uses a handful per region). */
const MAX_CLIENTS = 64;

interface Authentication {
  authenticateRequest(activity: unknown, authHeader: string): Promise<AuthenticateRequestResult>;
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory;
}

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient, with its whole HTTP and auth pipeline, for
 * every turn, even when replies are buffered (`expectReplies`) and it is never used: measured at about
 * a fifth of a glossary turn's CPU and much of its garbage. The client holds nothing per turn (its
 * credentials cache tokens per app id and audience), so one is kept per app id, service URL and
 * audience, and every turn's connector factory hands that one out.
 */
export function reuseConnectorClients(adapter: TeamsAdapter): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication?: Authentication }).botFrameworkAuthentication;
  if (!auth) return;
  const clients = new Map<string, Promise<ConnectorClient>>();

  const reusing = (factory: ConnectorFactory): ConnectorFactory => {
    const appId = String((factory as { appId?: unknown }).appId ?? '');
    const create = factory.create.bind(factory);
    return Object.assign(Object.create(factory) as ConnectorFactory, {
      create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
        const key = `${appId}\n${serviceUrl}\n${audience ?? ''}`;
        let client = clients.get(key);
        if (!client) {
          if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
          client = create(serviceUrl, audience);
          // A failed creation (say, a credentials error) is not kept.
          client.catch(() => clients.delete(key));
          clients.set(key, client);
        }
        return client;
      },
    });
  };

  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    const result = await authenticateRequest(activity, authHeader);
    return result.connectorFactory ? { ...result, connectorFactory: reusing(result.connectorFactory) } : result;
  };
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity) => reusing(createConnectorFactory(identity));
}
