import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { workflowDeps } from '../app/workflow.js';
import type { Config } from '../config/schema.js';
import type { Store, WorkflowActor } from '../store/index.js';
import type { WorkflowDeps } from '../workflow/deps.js';
import { parseActor } from './commands/rights.js';
import { configFor, withStore } from './context.js';

/*
 * Workflow commands act as staff (--as staff[:ID] or MARKWATCH_AS); the audit log records that claimed
 * account next to the operating-system user who ran the command.
 */

export interface WorkflowContext {
  store: Store;
  config: Config;
  deps: WorkflowDeps;
  who: WorkflowActor;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? '?'}`;
  }
}

/** The acting staff member, now. */
export function staffActor(command: Command): WorkflowActor {
  const opts = command.optsWithGlobals<{ as?: string }>();
  const actor = parseActor(opts.as ?? process.env.MARKWATCH_AS);
  if (actor.role !== 'staff') {
    throw new Error('--as: 线索与处置仅限执法人员 (only staff act on findings and leads): --as staff[:ID]');
  }
  return { actor: actor.accountId, role: actor.role, osUser: osUser(), at: new Date().toISOString() };
}

export async function withWorkflow<T>(
  command: Command,
  access: 'read' | 'write',
  run: (ctx: WorkflowContext) => Promise<T>,
): Promise<T> {
  const who =
    access === 'write'
      ? staffActor(command)
      : { actor: 'reader', role: 'staff', osUser: osUser(), at: new Date().toISOString() };
  const config = configFor(command);
  return withStore(command, access, (store) =>
    run({ store, config, deps: workflowDeps(store, config), who }),
  );
}

/** Prints `value` as JSON, or `text()` for people. */
export function output(json: boolean | undefined, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

/** A positive integer id from a command argument, or an error naming the argument. */
export function idArg(name: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new Error(`${name}: "${value}" 不是有效编号 (not a valid id)`);
  return Number(value);
}
