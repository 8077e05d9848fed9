import type { Command } from 'commander';
import { vi } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';

/** Runs `markwatch --data-dir DIR …args` in-process; what it printed and the exit code it set. */
export async function runCli(
  dir: string,
  ...args: string[]
): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  process.exitCode = undefined;
  try {
    const program = buildProgram();
    const override = (c: Command): void => {
      c.exitOverride();
      c.commands.forEach(override);
    };
    override(program);
    await program.parseAsync(['node', 'markwatch', '--data-dir', dir, ...args]);
    return { out, err, code: Number(process.exitCode ?? 0) };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}
