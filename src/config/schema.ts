import { z } from 'zod';

/**
 * markwatch.config.json. Every object is strict so that a misspelt key is an error, not a silent default.
 * Defaults live here and only here.
 */
export const ConfigSchema = z
  .object({
    dataDir: z.string().min(1).default('./var'),
    web: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
      })
      .strict()
      .prefault({}),
    marketplace: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8090),
        seed: z.number().int().default(2026),
        listings: z.number().int().min(1).default(1000),
      })
      .strict()
      .prefault({}),
    watchlist: z.string().default('data/demo-watchlist.json'),
    browser: z
      .object({
        executablePath: z.string().default('/usr/bin/chromium'),
        args: z
          .array(z.string())
          .default(['--no-sandbox', '--disable-gpu', '--disable-background-networking']),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
