import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'markwatch.config.json';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Explicit file (from --config); an explicit file that is missing is an error. */
  file?: string;
  /** Directory the default file is looked up in. */
  cwd?: string;
  /** --data-dir, which beats the environment, which beats the file. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

function keyPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** Turns a zod issue into one sentence that names the key and the file. */
function describeIssue(issue: z.core.$ZodIssue, file: string): { message: string; key: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => keyPath([...issue.path, k]));
    return { key: keys[0] ?? '', message: `${file}: unknown key ${keys.map((k) => `"${k}"`).join(', ')}` };
  }
  const key = keyPath(issue.path);
  return { key, message: `${file}: key "${key}": ${issue.message}` };
}

/** Parses a config object; the file name is only used in messages. */
export function parseConfig(raw: unknown, file: string): Config {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const first = result.error.issues[0];
    if (!first) throw new ConfigError(`${file}: invalid configuration`, file);
    const { message, key } = describeIssue(first, file);
    const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
    throw new ConfigError(message + more, file, key);
  }
  return result.data;
}

export function loadConfig(options: LoadConfigOptions = {}): Config & { configFile: string | null } {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.file ? resolve(cwd, options.file) : resolve(cwd, DEFAULT_CONFIG_FILE);
  let raw: unknown = {};
  let configFile: string | null = null;
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new ConfigError(`${file}: not valid JSON: ${(err as Error).message}`, file);
    }
    configFile = file;
  } else if (options.file) {
    throw new ConfigError(`${file}: configuration file not found`, file);
  }
  const config = parseConfig(raw, file);
  const dataDir = options.dataDir ?? env.MARKWATCH_DATA_DIR ?? config.dataDir;
  return { ...config, dataDir: resolve(cwd, dataDir), configFile };
}
