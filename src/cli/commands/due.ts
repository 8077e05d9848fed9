import type { Command } from 'commander';
import { alertDispatcher, overdueAlerts, raiseAlerts } from '../../app/alerts.js';
import { dueList } from '../../workflow/dueList.js';
import { openDeadlines } from '../../workflow/openDeadlines.js';
import { formatTable } from '../table.js';
import { idArg, output, withWorkflow } from '../workflowContext.js';

/* markwatch due: overdue and due-soon deadlines (takedown windows, the 15 days after a counter-notice). */

export function register(program: Command): void {
  program
    .command('due')
    .description('到期与逾期事项 (overdue and due-soon deadlines)')
    .option('--days <n>', '几天内到期算“即将到期” (due-soon window in days)', '3')
    .option('--alert', '为逾期事项发出提醒 (raise alerts for overdue items)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { days: string; alert?: boolean; json?: boolean }, command: Command) => {
      const days = opts.days === '0' ? 0 : idArg('--days', opts.days);
      await withWorkflow(command, opts.alert ? 'write' : 'read', async ({ deps, store, config }) => {
        const now = deps.now();
        const list = dueList(await openDeadlines(deps), now, { dueSoonDays: days });
        if (opts.alert) await raiseAlerts(alertDispatcher(store, config), overdueAlerts(list, now), now);
        const rows = [...list.overdue, ...list.dueSoon];
        output(opts.json, list, () =>
          rows.length
            ? formatTable(
                ['状态', '事项', '期限', '到期', '剩余', '依据'],
                rows.map((d) => [
                  d.statusLabel,
                  d.subject,
                  d.deadline.label,
                  d.deadline.due,
                  d.remainingText,
                  d.deadline.source,
                ]),
              )
            : '没有逾期或即将到期的事项 (nothing overdue or due soon)',
        );
      });
    });
}
