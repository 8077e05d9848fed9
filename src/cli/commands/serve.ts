import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('serve')
    .description('运行定时任务与网页服务 (run the scheduler and the web app)')
    .allowUnknownOption()
    .action(notYetAvailable('serve', 6));
}
