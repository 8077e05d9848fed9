import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('marketplace')
    .description('启动样例电商市场 (start the sample marketplace)')
    .allowUnknownOption()
    .action(notYetAvailable('marketplace', 3));
}
