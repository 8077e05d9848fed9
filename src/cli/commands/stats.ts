import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('stats')
    .description('知识产权执法数据统计表 (quarterly statistics)')
    .allowUnknownOption()
    .action(notYetAvailable('stats'));
}
