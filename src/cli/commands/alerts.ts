import type { Command } from 'commander';
import { alertDispatcher, raiseAlerts } from '../../app/alerts.js';
import { formatTable } from '../table.js';
import { idArg, output, withWorkflow } from '../workflowContext.js';

/* markwatch alerts list|send: the alerts raised and their deliveries; send delivers what is due now. */

export function register(program: Command): void {
  const alerts = program.command('alerts').description('提醒：高风险线索、重新上架、逾期、抓取失败 (alerts)');
  alerts
    .command('list')
    .description('列出提醒及投递状态 (list alerts and their deliveries)')
    .option('--limit <n>', '最多条数', '50')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { limit: string; json?: boolean }, command: Command) => {
      const limit = idArg('--limit', opts.limit);
      await withWorkflow(command, 'read', async ({ store }) => {
        const rows = await store.alerts.list({ limit });
        output(opts.json, rows, () =>
          rows.length
            ? formatTable(
                ['时间', '类型', '标题', '投递'],
                rows.map((a) => [
                  a.createdAt,
                  a.kind,
                  a.subject,
                  a.deliveries.map((d) => `${d.channelId}:${d.status}(${d.attempts})`).join(' ') ||
                    '（未配置渠道）',
                ]),
              )
            : '没有提醒 (no alerts)',
        );
      });
    });
  alerts
    .command('send')
    .description('投递到期的提醒与每日汇总，失败的稍后重试 (deliver due alerts and the daily digest)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withWorkflow(command, 'write', async ({ store, config, deps }) => {
        const report = await raiseAlerts(alertDispatcher(store, config), [], deps.now());
        output(
          opts.json,
          report,
          () => `投递 ${report.delivered} · 待重试 ${report.retrying} · 失败 ${report.failed}`,
        );
      });
    });
}
