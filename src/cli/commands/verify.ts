import type { Command } from 'commander';
import { notYetAvailable } from '../context.js';

export function register(program: Command): void {
  program
    .command('verify')
    .description('校验证据包 (verify an evidence package)')
    .allowUnknownOption()
    .action(notYetAvailable('verify'));
}
