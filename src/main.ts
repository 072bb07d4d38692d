import type { DestinationStream } from 'pino';
import { newReference } from './bot/reference';
import { loadCardTemplates } from './cards';
import { type Config, loadConfig } from './config';
import { loadContent } from './content/pack';
import type { Deps } from './deps';
import { createLogger, errorSummary, type Logger } from './log';
import { AuditTrail } from './privacy/audit';
import { createServer } from './server';
import { openStores } from './storage';
import { createApp } from './teams/app';
import { createActivityHandler } from './teams/http';

/** How often expired sessions and records are deleted. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

export interface RunningBot {
  port: number;
  config: Config;
  deps: Deps;
  /** Graceful stop: no new requests, finish turns in flight, close storage. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Where logs go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  clock?: () => number;
}

/** Wires config -> content -> storage -> app -> server, and starts listening. */
export async function startBot(options: StartOptions = {}): Promise<RunningBot> {
  const config = loadConfig(options.env ?? process.env);
  const log: Logger = createLogger(config.logLevel, options.logDestination);
  const content = loadContent();
  const stores = await openStores(config);
  const store = stores.state;
  const audit = new AuditTrail(stores.audit, stores.key.key, config.auditRetentionDays, log);
  const deps: Deps = { config, content, store, log, clock: options.clock ?? Date.now, audit };
  const { adapter, maintenance, run, drain } = createApp(deps);
  const handle = createActivityHandler(config, adapter, run, log);
  const sweep = async () => {
    try {
      const removed = (await maintenance.sweep(deps.clock())) + (await audit.sweep(deps.clock()));
      if (removed > 0) log.info({ removed }, 'retention sweep deleted expired records');
    } catch (err) {
      log.error({ err: errorSummary(err) }, 'retention sweep failed');
    }
  };
  await sweep();
  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();
  // Card templates compile once, before the port opens: compiling after it would block the event
  // loop with the first requests already waiting.
  loadCardTemplates();
  const http = createServer(config, handle, log, newReference);
  let port: number;
  try {
    port = await http.listen();
  } catch (err) {
    await store.close();
    await stores.audit.close();
    throw err;
  }

  if (config.mode === 'local') {
    log.info(
      { host: config.host, port },
      'local anonymous mode: no BOT_ID, so no token checks; listening on loopback (127.0.0.1) only',
    );
  } else {
    log.info(
      { host: config.host, port, tenants: config.allowedTenants.length },
      'authenticated mode: single-tenant, every request needs a valid Bot Framework token',
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    port,
    config,
    deps,
    stop: () => {
      stopping ??= (async () => {
        clearInterval(sweeper);
        await http.close();
        // Board edits still held back by Teams' send limits go out before storage closes.
        await drain(5_000);
        await store.close();
        await stores.audit.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}
