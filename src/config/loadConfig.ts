import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MarkwatchError } from '../common/errors.js';
import { failWith, parseJson, readJsonFile, type JsonProblem } from '../common/jsonFile.js';
import { ConfigSchema, type Config } from './schema.js';

export const DEFAULT_CONFIG_FILE = 'markwatch.config.json';

/** A configuration that cannot be used; the message names the file and every bad key. */
export class ConfigError extends MarkwatchError {
  /** The first bad key (`web.port`), when a key is to blame. */
  readonly key: string | undefined;
  constructor(
    message: string,
    readonly file: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('config.invalid', message);
    this.key = problems.find((p) => p.field)?.field;
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

function errorFor(file: string) {
  return (message: string, problems: JsonProblem[]) => new ConfigError(message, file, problems);
}

/** Parses a config object; the file name is only used in messages. */
export function parseConfig(raw: unknown, file: string): Config {
  return parseJson(raw, ConfigSchema, { file }, { error: errorFor(file) });
}

/** MARKWATCH_STORE_URL beats the file's `store`: a postgres:// URL selects PostgreSQL, `sqlite` the default. */
function withStoreUrl(raw: unknown, url: string | undefined): unknown {
  if (!url || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const file = raw as Record<string, unknown>;
  const store =
    typeof file.store === 'object' && file.store !== null ? (file.store as Record<string, unknown>) : {};
  const next =
    url === 'sqlite' ? { ...store, kind: 'sqlite', url: undefined } : { ...store, kind: 'postgres', url };
  return { ...file, store: next };
}

export function loadConfig(options: LoadConfigOptions = {}): Config & { configFile: string | null } {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = options.file ? resolve(cwd, options.file) : resolve(cwd, DEFAULT_CONFIG_FILE);
  let raw: unknown = {};
  let configFile: string | null = null;
  if (existsSync(file)) {
    raw = readJsonFile(file, { error: errorFor(file) });
    configFile = file;
  } else if (options.file) {
    failWith([{ file, field: '', message: 'configuration file not found' }], { error: errorFor(file) });
  }
  const config = parseConfig(withStoreUrl(raw, env.MARKWATCH_STORE_URL), file);
  const dataDir = options.dataDir ?? env.MARKWATCH_DATA_DIR ?? config.dataDir;
  return { ...config, dataDir: resolve(cwd, dataDir), configFile };
}
