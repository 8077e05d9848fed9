import type { Command } from 'commander';
import { loadConfig } from '../config/loadConfig.js';

export interface GlobalOptions {
  dataDir?: string;
  config?: string;
}

/** The configuration for a command, with the global --config and --data-dir applied. */
export function configFor(command: Command) {
  const opts = command.optsWithGlobals<GlobalOptions>();
  return loadConfig({ file: opts.config, dataDir: opts.dataDir });
}

/** For commands whose issue has not landed yet: say so plainly and exit 2. */
export function notYetAvailable(name: string) {
  return () => {
    process.stderr.write(`markwatch ${name}: 尚未提供 (not yet available)\n`);
    process.exitCode = 2;
  };
}
