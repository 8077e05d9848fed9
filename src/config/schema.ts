import { z } from 'zod';
import { validate as isValidCron } from 'node-cron';
import { CHINA_TIME_ZONE } from '../common/chinaTime.js';
import { SAMPLE_PLATFORMS } from '../model/platforms.js';
import { WorkflowConfigSchema } from './workflowConfig.js';

/** An IANA time zone name that this Node.js knows (node-cron fails on any other at the first tick). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** One crawl job (issue 6): what to sample, when, how much. */
export const CrawlJobSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
    /** node-cron expression (5 or 6 fields), interpreted in `timezone`. */
    cron: z.string().refine((c) => isValidCron(c), { message: 'not a valid cron expression' }),
    timezone: z
      .string()
      .refine(isTimeZone, { message: 'not an IANA time zone (e.g. Asia/Shanghai)' })
      .default(CHINA_TIME_ZONE),
    /** Platforms (site profile ids); empty = every profile. */
    platforms: z.array(z.string().min(1)).default([]),
    /** Pages per platform per run, before the key-period multiplier. */
    budget: z.number().int().min(1).max(1_000_000).default(300),
    /** Pages fetched at once (per-host caps of the site profiles still apply). */
    concurrency: z.number().int().min(1).max(256).default(4),
    /** Fixed search words instead of the watch list's names. */
    queries: z.array(z.string().min(1)).optional(),
    forms: z.array(z.enum(['name', 'alias', 'pinyin', 'spaced', 'category'])).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

export const CrawlConfigSchema = z
  .object({
    userAgent: z.string().min(1).default('markwatch/0.1 (IP enforcement sampling; robots.txt respected)'),
    sitesDir: z.string().default('rules/sites'),
    /**
     * Per-platform overrides of a site profile. The SAMPLE_PLATFORMS default to the sample marketplace at
     * marketplace.host:marketplace.port.
     */
    sites: z
      .record(
        z.string(),
        z
          .object({
            baseUrl: z.url().optional(),
            minDelayMs: z.number().int().nonnegative().optional(),
            concurrency: z.number().int().positive().optional(),
          })
          .strict(),
      )
      .default({}),
    /** Which listings get evidence: the ones with a flagged hit, all captured ones, or none. */
    evidence: z.enum(['hits', 'all', 'none']).default('hits'),
    /** Also write a WARC/1.1 file per run under <dataDir>/warc/. */
    warc: z.boolean().default(false),
    robots: z
      .object({
        respect: z.boolean().default(true),
        cacheTtlMs: z.number().int().nonnegative().default(3_600_000),
      })
      .strict()
      .prefault({}),
    /** Retry budget per page (network, timeout, 5xx, 429). */
    retries: z.number().int().min(0).max(20).default(3),
    /** Session-rotation budget per page (blocked responses); then the page is parked as blocked. */
    sessionRotations: z.number().int().min(0).max(50).default(5),
    backoff: z
      .object({
        baseMs: z.number().int().positive().default(1000),
        maxMs: z.number().int().positive().default(60_000),
      })
      .strict()
      .prefault({}),
    /** Pause of a host after a block or captcha page. */
    blockCooldownMs: z.number().int().nonnegative().default(60_000),
    timeoutMs: z.number().int().positive().default(15_000),
    /** Lease on a frontier row; renewed while the run lives, so only a dead process lets it lapse. */
    leaseMs: z.number().int().min(1000).default(60_000),
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /**
     * How far V8 lets the heap grow past the live data before a full collection (percent; 0 = V8's own
     * choice, which lets a long crawl's heap reach ~4× its live data). Set once per process by the crawler.
     */
    heapGrowthPercent: z.number().int().min(0).max(400).default(50),
    browserPool: z
      .object({
        maxPages: z.number().int().min(1).max(64).default(4),
        recycleContextAfterPages: z.number().int().min(1).default(50),
        recycleBrowserAfterPages: z.number().int().min(1).default(500),
        maxMemoryMb: z.number().int().min(128).default(1024),
      })
      .strict()
      .prefault({}),
    jobs: z
      .array(CrawlJobSchema)
      .default([
        {
          name: 'daily',
          cron: '0 3 * * *',
          timezone: CHINA_TIME_ZONE,
          // The sample marketplace: a real platform is crawled only when a job names it.
          platforms: [...SAMPLE_PLATFORMS],
          budget: 300,
          concurrency: 4,
          enabled: true,
        },
      ])
      .refine((jobs) => new Set(jobs.map((j) => j.name)).size === jobs.length, {
        message: 'job names must be unique',
      }),
  })
  .strict();
export type CrawlConfig = z.infer<typeof CrawlConfigSchema>;
export type CrawlJobConfig = z.infer<typeof CrawlJobSchema>;

/*
 * Alerts (issue 14): what raises an alert, and the channels that carry it. The kinds are here, not in
 * src/workflow, because the configuration validates each channel's `events` against them.
 */
export const ALERT_KINDS = ['high_risk_lead', 'relisting', 'overdue', 'crawl_failed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
/** What a channel may subscribe to: an alert kind as it happens, or the daily digest of them all. */
export const ALERT_EVENTS = [...ALERT_KINDS, 'digest'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

const channelCommon = {
  /** Names the channel in the delivery records; defaults to `<kind>-<n>` (n counts from 1 in the list). */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
    .optional(),
  /** What the channel receives; default: every alert kind as it happens, plus the digest. */
  events: z.array(z.enum(ALERT_EVENTS)).default([...ALERT_EVENTS]),
  timeoutMs: z.number().int().positive().default(10_000),
};

export const WebhookChannelSchema = z
  .object({
    kind: z.literal('webhook'),
    ...channelCommon,
    url: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }),
    /** The HMAC-SHA256 key, inline, or `secretEnv`: the environment variable that holds it (preferred). */
    secret: z.string().min(16, 'at least 16 characters').optional(),
    secretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
  })
  .strict()
  .refine((c) => (c.secret === undefined) !== (c.secretEnv === undefined), {
    message: 'set exactly one of secret and secretEnv',
    path: ['secret'],
  });

export const SmtpChannelSchema = z
  .object({
    kind: z.literal('smtp'),
    ...channelCommon,
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send when the server does not offer STARTTLS (for a password over a plain connection). */
    requireTLS: z.boolean().default(false),
    user: z.string().min(1).optional(),
    /** The environment variable that holds the password (never the password itself in the file). */
    passEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
      .optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  })
  .strict()
  .refine((c) => c.passEnv === undefined || c.user !== undefined, {
    message: 'passEnv needs user',
    path: ['user'],
  });

export const AlertsConfigSchema = z
  .object({
    channels: z
      .array(z.discriminatedUnion('kind', [WebhookChannelSchema, SmtpChannelSchema]))
      .default([])
      .transform((channels) => {
        const seen = new Map<string, number>();
        return channels.map((c) => {
          const n = (seen.get(c.kind) ?? 0) + 1;
          seen.set(c.kind, n);
          return { ...c, id: c.id ?? `${c.kind}-${n}` };
        });
      })
      .refine((channels) => new Set(channels.map((c) => c.id)).size === channels.length, {
        message: 'channel ids must be unique',
      }),
    digest: z
      .object({
        enabled: z.boolean().default(true),
        /** Hour of the day, China time, from which the previous day's digest is sent. */
        hourChina: z.number().int().min(0).max(23).default(8),
      })
      .strict()
      .prefault({}),
    retry: z
      .object({
        /** Attempts per delivery, the first included; then it is recorded as failed. */
        maxAttempts: z.number().int().min(1).max(50).default(5),
        /** Delay before the second attempt; doubled for each further one, up to maxDelayMs. */
        baseDelayMs: z.number().int().positive().default(60_000),
        maxDelayMs: z
          .number()
          .int()
          .positive()
          .default(6 * 3_600_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;
export type AlertChannelConfig = AlertsConfig['channels'][number];
export type WebhookChannelConfig = Extract<AlertChannelConfig, { kind: 'webhook' }>;
export type SmtpChannelConfig = Extract<AlertChannelConfig, { kind: 'smtp' }>;

/**
 * markwatch.config.json. Every object is strict so that a misspelt key is an error, not a silent default.
 * Defaults live here and only here.
 */
export const ConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('./var'),
    /**
     * Where markwatch keeps its records: the embedded SQLite file in `dataDir` (default), or a PostgreSQL
     * server shared by several worker machines (docs/deployment.md). MARKWATCH_STORE_URL=postgres://… beats the
     * file. Evidence files stay under `dataDir` with SQLite; with PostgreSQL they go to `evidenceStore`.
     */
    store: z
      .object({
        kind: z.enum(['sqlite', 'postgres']).default('sqlite'),
        /** postgres://user:password@host:5432/database (kind postgres only). */
        url: z
          .string()
          .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
          .optional(),
        /** Connections per process; a worker needs about its crawl concurrency plus two. */
        poolSize: z.number().int().min(1).max(200).default(10),
      })
      .strict()
      .prefault({})
      .refine((s) => s.kind === 'sqlite' || s.url !== undefined, {
        message: 'store.kind "postgres" needs store.url (or MARKWATCH_STORE_URL)',
        path: ['url'],
      }),
    web: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /**
         * Host names (with or without :port) the web app answers to, besides 127.0.0.1, localhost and [::1]:
         * anything else gets 421 (DNS rebinding). Behind a reverse proxy, list the public name here.
         */
        allowedHosts: z.array(z.string().min(1)).default([]),
        /** Largest proof-of-right file (registration certificate) a rights holder may upload, in bytes. */
        proofMaxBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024),
      })
      .strict()
      .prefault({}),
    marketplace: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8090),
        seed: z.number().int().default(2026),
        listings: z.number().int().min(1).default(1000),
        /** Fault profile (none | polite | flaky | hostile) or JSON settings; see docs/marketplace.md. */
        faults: z.string().min(1).default('none'),
      })
      .strict()
      .prefault({}),
    watchlist: z.string().default('data/demo-watchlist.json'),
    workflow: WorkflowConfigSchema.prefault({}),
    browser: z
      .object({
        executablePath: z.string().default('/usr/bin/chromium'),
        args: z
          .array(z.string())
          .default(['--no-sandbox', '--disable-gpu', '--disable-background-networking']),
      })
      .strict()
      .prefault({}),
    crawl: CrawlConfigSchema.prefault({}),
    alerts: AlertsConfigSchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;

/** Every default, as the schema fills them in for an empty file (the one place other modules read them from). */
export const CONFIG_DEFAULTS: Readonly<Config> = ConfigSchema.parse({});
