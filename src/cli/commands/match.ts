import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('match')
    .description('用监测名单比对商品 JSONL (match listings against a watch list)')
    .allowUnknownOption()
    .action(notYetAvailable('match', 5));
}
