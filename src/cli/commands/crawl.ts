import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('crawl')
    .description('立即运行一次抓取任务 (run one crawl job now)')
    .allowUnknownOption()
    .action(notYetAvailable('crawl', 6));
}
