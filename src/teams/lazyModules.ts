/**
 * Defers modules botbuilder, botframework-connector and teams-ai load at start-up but this bot never uses, or
 * uses only later: axios (skills, OpenAI), @azure/identity (managed identity), htmlparser2 (the speak
 * middleware), fs-extra (transcript files), and @azure/msal-node (tokens, authenticated mode only, on
 * the first reply). Each is answered with a stand-in that loads the real module when first touched.
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

/** Requests deferred, and the packages they are deferred for when required from. */
const DEFERRED = new Set(['axios', '@azure/identity', 'htmlparser2', 'fs-extra', '@azure/msal-node']);
const FROM = /node_modules\/(botbuilder|botbuilder-core|botframework-connector|@microsoft\/teams-ai)\/lib\//;

const original = moduleWithLoad._load;
moduleWithLoad._load = function load(request, parent, isMain) {
  if (DEFERRED.has(request) && FROM.test(parent?.filename ?? '')) {
    return lazy(() => original.call(this, request, parent, isMain) as object);
  }
  return original.call(this, request, parent, isMain);
};
