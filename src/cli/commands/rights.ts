import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('rights')
    .description('权利登记：导入、导出、审核 (rights registry)')
    .allowUnknownOption()
    .action(notYetAvailable('rights', 4));
}
