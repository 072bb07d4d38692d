import { z } from 'zod';

/** Log levels pino understands; `silent` is for tests. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const idList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * Every setting the bot reads, in one schema. Values come from the process environment
 * (with committed local defaults in env/.env.local); nothing else in src/ reads process.env.
 */
const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    BOT_ID: optionalText.pipe(z.string().uuid().optional()),
    BOT_PASSWORD: optionalText,
    BOT_TENANT_ID: optionalText.pipe(z.string().uuid().optional()),
    BOT_ALLOWED_TENANTS: idList,
    STORAGE: z.enum(['sqlite', 'blob']).default('sqlite'),
    BLOB_CONNECTION_STRING: optionalText,
    BLOB_CONTAINER: optionalText.pipe(
      z
        .string()
        .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid Azure container name')
        .optional(),
    ),
    DATA_KEY: optionalText,
    DATA_KEY_PREVIOUS: optionalText,
    RETENTION_DAYS: positiveInt(30, 3650),
    AUDIT_RETENTION_DAYS: positiveInt(365, 3650),
    REVIEW_GRACE_DAYS: positiveInt(14, 365),
    REVIEW_MAX_DAYS: positiveInt(180, 3650),
    PRACTICE_LEADS: idList,
    ALLOW_STORE_ANYWAY: flag,
    MAX_BODY_KB: positiveInt(256, 4096),
    /** How often an instance looks for reminders that have fallen due. */
    REMINDER_CHECK_SECONDS: positiveInt(60, 3600),
    /** Local mode only: run the bot's clock this many days ahead, to try a review without waiting for it. */
    LOCAL_CLOCK_AHEAD_DAYS: z.coerce.number().int().min(0).max(400).default(0),
    /** Advanced: where inbound tokens' signing keys are published (tests, sovereign clouds). */
    BOT_OPENID_METADATA_URL: optionalText.pipe(z.string().url().optional()),
  })
  .superRefine((env, ctx) => {
    if (env.BOT_ID) {
      if (!env.BOT_PASSWORD) {
        ctx.addIssue({
          code: 'custom',
          path: ['BOT_PASSWORD'],
          message: 'is required when BOT_ID is set (the app registration client secret)',
        });
      }
      if (!env.DATA_KEY) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATA_KEY'],
          message: 'is required when BOT_ID is set (32 random bytes, base64: the key that encrypts stored data)',
        });
      }
      if (!env.BOT_TENANT_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['BOT_TENANT_ID'],
          message: 'is required when BOT_ID is set (the bot is single-tenant)',
        });
      }
      if (env.LOCAL_CLOCK_AHEAD_DAYS > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['LOCAL_CLOCK_AHEAD_DAYS'],
          message: 'is for trying reviews in local mode only: with BOT_ID set the bot uses the real clock',
        });
      }
    } else if (env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        path: ['BOT_ID'],
        message: 'is required when NODE_ENV=production: the bot will not run anonymously in production',
      });
    }
    if (env.STORAGE === 'blob') {
      if (!env.BLOB_CONNECTION_STRING) {
        ctx.addIssue({ code: 'custom', path: ['BLOB_CONNECTION_STRING'], message: 'is required when STORAGE=blob' });
      }
      if (!env.BLOB_CONTAINER) {
        ctx.addIssue({ code: 'custom', path: ['BLOB_CONTAINER'], message: 'is required when STORAGE=blob' });
      }
      if (!env.DATA_KEY && !env.BOT_ID) {
        ctx.addIssue({
          code: 'custom',
          path: ['DATA_KEY'],
          message: 'is required when STORAGE=blob (instances must share one encryption key)',
        });
      }
    }
  });

/** The bot's settings, typed and checked. */
export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  /** 127.0.0.1 in local anonymous mode; all interfaces when authenticated. */
  host: string;
  dataDir: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** `local` = anonymous on loopback, no token checks; `authenticated` = single-tenant Bot Framework auth. */
  mode: 'local' | 'authenticated';
  bot: { id?: string; password?: string; tenantId?: string };
  /** Tenants whose activities are served; empty means every tenant (local mode only). */
  allowedTenants: string[];
  storage: { kind: 'sqlite' } | { kind: 'blob'; connectionString: string; container: string };
  dataKey?: string;
  previousDataKey?: string;
  retentionDays: number;
  auditRetentionDays: number;
  /** A map with a review is kept until the review plus this many days… */
  reviewGraceDays: number;
  /** …and never longer than this many days after its first round. */
  reviewMaxDays: number;
  practiceLeads: string[];
  allowStoreAnyway: boolean;
  maxBodyBytes: number;
  /** How often this instance looks for due reminders (ms). */
  reminderCheckMs: number;
  /** Local mode only: how far ahead of the real clock the bot's clock runs (ms); 0 in production. */
  localClockAheadMs: number;
  /** Override for the Bot Framework OpenID metadata document (default: Microsoft's public cloud). */
  openIdMetadataUrl?: string;
}

/** A configuration problem, reported with the variable's name and what it must be. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into a Config, or throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || 'environment';
        const value = env[name];
        const shown = value === undefined || /PASSWORD|KEY|CONNECTION/.test(name) ? '' : ` (got "${value}")`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const mode = e.BOT_ID ? 'authenticated' : 'local';
  const allowedTenants =
    e.BOT_ALLOWED_TENANTS.length > 0 ? e.BOT_ALLOWED_TENANTS : e.BOT_TENANT_ID ? [e.BOT_TENANT_ID] : [];
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: mode === 'local' ? '127.0.0.1' : '0.0.0.0',
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    mode,
    bot: { id: e.BOT_ID, password: e.BOT_PASSWORD, tenantId: e.BOT_TENANT_ID },
    allowedTenants,
    storage:
      e.STORAGE === 'blob'
        ? { kind: 'blob', connectionString: e.BLOB_CONNECTION_STRING ?? '', container: e.BLOB_CONTAINER ?? '' }
        : { kind: 'sqlite' },
    dataKey: e.DATA_KEY,
    previousDataKey: e.DATA_KEY_PREVIOUS,
    retentionDays: e.RETENTION_DAYS,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    reviewGraceDays: e.REVIEW_GRACE_DAYS,
    reviewMaxDays: e.REVIEW_MAX_DAYS,
    practiceLeads: e.PRACTICE_LEADS,
    allowStoreAnyway: e.ALLOW_STORE_ANYWAY,
    maxBodyBytes: e.MAX_BODY_KB * 1024,
    reminderCheckMs: e.REMINDER_CHECK_SECONDS * 1000,
    localClockAheadMs: e.LOCAL_CLOCK_AHEAD_DAYS * 24 * 60 * 60 * 1000,
    openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
  };
}
