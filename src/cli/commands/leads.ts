import type { Command } from 'commander';
import { LEAD_STATUSES, reasonLabel, type LeadStatus } from '../../model/index.js';
import { withStore } from '../context.js';
import { formatTable } from '../table.js';

export function register(program: Command): void {
  const leads = program.command('leads').description('线索：列出与处理 (leads)');
  leads
    .command('list')
    .description('列出线索 (list leads)')
    .option('--status <status>', `按状态筛选: ${LEAD_STATUSES.join(', ')}`)
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { status?: string; json?: boolean }, command: Command) => {
      if (opts.status && !(LEAD_STATUSES as readonly string[]).includes(opts.status)) {
        throw new Error(
          `--status: unknown status "${opts.status}" (expected one of ${LEAD_STATUSES.join(', ')})`,
        );
      }
      await withStore(command, 'read', async (store) => {
        const rows = await store.leads.list({ status: opts.status as LeadStatus | undefined });
        if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
        else
          process.stdout.write(
            formatTable(
              ['编号', '平台', '商品', '权利', '理由', '分值', '状态'],
              rows.map((l) => [
                l.id,
                l.platform,
                l.title,
                l.rightId ?? '—',
                reasonLabel(l.reason),
                l.score.toFixed(2),
                l.status,
              ]),
            ) + '\n',
          );
      });
    });
}
