import type {
  AuthenticateRequestResult,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import type { TeamsAdapter } from './teamsAi';

/** Service URL and app id pairs whose connector client is kept (Teams uses a handful per region). */
const MAX_CLIENTS = 64;

/** What botbuilder's ConnectorFactoryImpl is built from (its fields, untyped in its typings). */
interface FactorySettings {
  appId?: string;
  toChannelFromBotOAuthScope?: string;
  loginEndpoint?: string;
  validateAuthority?: boolean;
  credentialFactory?: unknown;
}

interface Authentication {
  authenticateRequest(activity: unknown, authHeader: string): Promise<AuthenticateRequestResult>;
  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory;
  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient>;
}

/**
 * botbuilder's CloudAdapter builds a new ConnectorClient, with its whole HTTP and auth pipeline, for
 * every turn, even when replies are buffered (`expectReplies`) and it is never used, and a new
 * UserTokenClient (for sign-in, which this bot never uses) too: measured at about a fifth of a glossary
 * turn's CPU and much of its garbage. Neither holds anything per turn (their credentials cache tokens
 * per app id and audience), so one connector client is kept per app id, service URL and audience, and
 * one token client per app id.
 */
export function reuseConnectorClients(adapter: TeamsAdapter): void {
  const auth = (adapter as unknown as { botFrameworkAuthentication?: Authentication }).botFrameworkAuthentication;
  if (!auth) return;
  const clients = new Map<string, Promise<ConnectorClient>>();
  /** The reusing stand-in for each kind of factory botbuilder makes (one per turn, all alike for one bot). */
  const standIns = new Map<string, ConnectorFactory>();

  const reusing = (factory: ConnectorFactory): ConnectorFactory => {
    const f = factory as ConnectorFactory & FactorySettings;
    // botbuilder's factory holds only its settings (and the adapter's client options, the same for every
    // turn), so factories with the same settings are interchangeable: one stand-in serves them all.
    const kind = `${f.appId ?? ''}\n${f.toChannelFromBotOAuthScope ?? ''}\n${f.loginEndpoint ?? ''}\n${f.validateAuthority ?? ''}`;
    // (A stand-in inherits the fields of the factory it was made from.)
    const kept = standIns.get(kind) as (ConnectorFactory & FactorySettings) | undefined;
    if (kept && kept.credentialFactory === f.credentialFactory) return kept;
    const standIn = wrap(factory);
    if (standIns.size >= MAX_CLIENTS) standIns.delete(standIns.keys().next().value as string);
    standIns.set(kind, standIn);
    return standIn;
  };

  const wrap = (factory: ConnectorFactory): ConnectorFactory => {
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

  const tokenClients = new Map<string, Promise<UserTokenClient>>();
  const createUserTokenClient = auth.createUserTokenClient.bind(auth);
  auth.createUserTokenClient = (identity) => {
    // The app id botbuilder builds the client for: the audience claim, else the appid claim.
    const appId = identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
    let client = tokenClients.get(appId);
    if (!client) {
      if (tokenClients.size >= MAX_CLIENTS) tokenClients.delete(tokenClients.keys().next().value as string);
      client = createUserTokenClient(identity);
      client.catch(() => tokenClients.delete(appId));
      tokenClients.set(appId, client);
    }
    return client;
  };
}
