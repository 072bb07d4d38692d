/**
 * Defers modules botbuilder, botframework-connector and teams-ai load at start-up but this bot never uses, or
 * uses only later: axios (skills, OpenAI), @azure/identity (managed identity), htmlparser2 (the speak
 * middleware), fs-extra (transcript files), @azure/msal-node (tokens, authenticated mode only, on the
 * first reply), and jsonwebtoken, node-fetch and cross-fetch (checking a caller's token and fetching the
 * signing keys: authenticated mode only, on its first request). Each is answered with a stand-in that
 * loads the real module when first touched.
 * Imported first by the Teams binding, before botbuilder. See README, Performance.
 */
import Module from 'node:module';

type Loader = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Loader };

/**
 * A stand-in for a module that loads it on first use (property read, call, `in`, key listing). It
 * says "not an ES module" without loading, so TypeScript's `__importDefault` wraps it rather than
 * loading it; only CommonJS modules, or ones required directly, may be deferred this way.
 */
export function lazy(load: () => object): object {
  let real: object | undefined;
  const target = () => {
    real ??= load();
    return real as Record<PropertyKey, unknown>;
  };
  return new Proxy(() => undefined, {
    get: (_t, key) => (key === '__esModule' && !real ? undefined : target()[key]),
    has: (_t, key) => key in target(),
    apply: (_t, thisArg, args) => Reflect.apply(target() as unknown as (...a: unknown[]) => unknown, thisArg, args),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_t, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(target(), key);
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
  });
}

/**
 * Requests deferred, each with the files it is deferred for when required from. restify's index loads
 * all its plugins (qs, http-signature and sshpk, formidable, ...) and its server loads spdy (HTTP/2
 * over TLS); this bot uses neither. teams-ai loads yaml and json-colorizer for prompts and debug
 * colouring it never runs here.
 */
const BOT_LIBS = /node_modules\/(botbuilder|botbuilder-core|botframework-connector|@microsoft\/teams-ai)\/lib\//;
const DEFERRED = new Map<string, RegExp>([
  ['axios', BOT_LIBS],
  ['@azure/identity', BOT_LIBS],
  ['htmlparser2', BOT_LIBS],
  ['fs-extra', BOT_LIBS],
  ['@azure/msal-node', BOT_LIBS],
  ['jsonwebtoken', BOT_LIBS],
  ['node-fetch', BOT_LIBS],
  ['cross-fetch', BOT_LIBS],
  ['yaml', /node_modules\/@microsoft\/teams-ai\/lib\//],
  ['json-colorizer', /node_modules\/@microsoft\/teams-ai\/lib\//],
  ['spdy', /node_modules\/restify\/lib\/server\.js$/],
]);
/** Deferred namespaces: each property read at load (`require('./plugins').pre`) is itself deferred. */
const DEFERRED_NAMESPACES = new Map<string, RegExp>([['./plugins', /node_modules\/restify\/lib\/index\.js$/]]);

/** A stand-in whose properties are stand-ins: `ns.pre` is read at load, its contents only when used. */
function lazyNamespace(load: () => object): object {
  let real: Record<PropertyKey, unknown> | undefined;
  const target = () => {
    real ??= load() as Record<PropertyKey, unknown>;
    return real;
  };
  const whole = lazy(target) as Record<PropertyKey, unknown>;
  // Its own target is a bare object: the get trap must not check a target that would load the module.
  return new Proxy(
    {},
    {
      get: (_t, key) => (real || key === '__esModule' ? whole[key] : lazy(() => target()[key] as object)),
      has: (_t, key) => key in whole,
      ownKeys: () => Reflect.ownKeys(whole),
      getOwnPropertyDescriptor: (_t, key) => Object.getOwnPropertyDescriptor(whole, key),
    },
  );
}

const original = moduleWithLoad._load;
moduleWithLoad._load = function load(request, parent, isMain) {
  const from = parent?.filename ?? '';
  if (DEFERRED.get(request)?.test(from)) return lazy(() => original.call(this, request, parent, isMain) as object);
  if (DEFERRED_NAMESPACES.get(request)?.test(from))
    return lazyNamespace(() => original.call(this, request, parent, isMain) as object);
  return original.call(this, request, parent, isMain);
};
