import './teams/lazyModules';
import type { DestinationStream } from 'pino';
import { newReference } from './bot/reference';
import { FIRST_ANSWER_TEMPLATES, prepareCardTemplates, warmCardTemplates } from './cards';
import { type Config, loadConfig } from './config';
import { loadContentCached } from './content/packCache';
import type { Deps } from './deps';
import { type Delivery, ReminderScheduler } from './guided/reminders';
import { createLogger, errorSummary, type Logger } from './log';
import { AuditTrail, auditFor } from './privacy/audit';
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
  /** This instance's reminder sender: `check()` runs one pass now (the timer runs it every REMINDER_CHECK_SECONDS). */
  reminders: { check(): Promise<Delivery[]> };
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
  const loaded = loadContentCached();
  // Read from the YAML (the first start after an edit or a build): kept as JSON for the next start.
  loaded.save();
  const content = loaded.pack;
  const stores = await openStores(config);
  const store = stores.state;
  const audit = new AuditTrail(stores.audit, stores.key.key, config.auditRetentionDays, log);
  const ahead = config.localClockAheadMs;
  const clock = options.clock ?? (ahead > 0 ? () => Date.now() + ahead : Date.now);
  const deps: Deps = { config, content, store, log, clock, audit };
  const { adapter, maintenance, run, drain, sendReminder } = createApp(deps);
  const reminders = new ReminderChecks(
    new ReminderScheduler({
      store,
      clock: deps.clock,
      send: sendReminder,
      audit: auditFor(audit, 'reminder'),
      log,
    }),
    log,
  );
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
  // The cards a first answer needs are prepared before the port opens; the rest after it, one per
  // turn of the event loop, so the first requests never wait behind all of them.
  prepareCardTemplates(FIRST_ANSWER_TEMPLATES);
  const http = createServer(config, handle, log, newReference);
  let port: number;
  try {
    port = await http.listen();
  } catch (err) {
    await store.close();
    await stores.audit.close();
    throw err;
  }

  // Then the glossary's search index (unless a question built it first), one more turn of the loop later.
  warmCardTemplates()
    .catch((err) => log.error({ err: errorSummary(err) }, 'a card template could not be prepared'))
    .then(() => new Promise((resolve) => setImmediate(resolve)))
    .then(() => maintenance.prepare?.())
    .catch((err) => log.error({ err: errorSummary(err) }, 'the glossary index could not be prepared'));
  // Reminders that fell due while no instance ran go now (marked late), then on every check.
  void reminders.check();
  const checker = setInterval(() => void reminders.check(), config.reminderCheckMs);
  checker.unref();

  if (config.mode === 'local') {
    log.info(
      { host: config.host, port },
      'local anonymous mode: no BOT_ID, so no token checks; listening on loopback (127.0.0.1) only',
    );
    if (ahead > 0) log.warn({ days: ahead / (24 * 60 * 60 * 1000) }, 'the clock runs ahead (LOCAL_CLOCK_AHEAD_DAYS)');
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
    reminders,
    stop: () => {
      stopping ??= (async () => {
        clearInterval(sweeper);
        clearInterval(checker);
        await http.close();
        // Board edits still held back by Teams' send limits go out before storage closes.
        await drain(5_000);
        await reminders.idle();
        await store.close();
        await stores.audit.close();
        log.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * One instance's reminder checks: one pass at a time (a slow pass is not overlapped by the next
 * tick), each outcome logged without content, and a failed pass logged and tried again next tick.
 */
class ReminderChecks {
  private running?: Promise<Delivery[]>;

  constructor(
    private readonly scheduler: ReminderScheduler,
    private readonly log: Logger,
    private readonly instanceId = newReference(),
  ) {}

  check(): Promise<Delivery[]> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no pass is running (for a graceful stop). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async pass(): Promise<Delivery[]> {
    try {
      const out = await this.scheduler.runDue(this.instanceId);
      for (const d of out) {
        if (d.outcome === 'lost') continue;
        const level = d.outcome === 'sent' ? 'info' : 'warn';
        this.log[level]({ ...d }, `reminder ${d.outcome}`);
      }
      return out;
    } catch (err) {
      this.log.error({ err: errorSummary(err) }, 'reminder check failed');
      return [];
    }
  }
}
