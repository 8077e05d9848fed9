import type { Command } from 'commander';
import { errorClassLabel, runStatusLabel } from '../../model/index.js';
import type { FailedRow } from '../../store/index.js';
import { withStore } from '../context.js';
import { formatTable } from '../table.js';

export function classLabel(errorClass: string): string {
  const label = errorClassLabel(errorClass);
  return label !== errorClass ? `${label} ${errorClass}` : errorClass;
}

/** The failed rows as a table, grouped by class (as stored: class, then row). */
export function formatFailures(rows: FailedRow[]): string {
  if (rows.length === 0) return '没有失败的页面 (no failed pages)\n';
  const byClass = new Map<string, number>();
  for (const r of rows) byClass.set(r.errorClass, (byClass.get(r.errorClass) ?? 0) + 1);
  const head = [...byClass].map(([c, n]) => `${classLabel(c)}: ${n}`).join(' · ');
  const table = formatTable(
    ['运行 run', '任务 job', '类别 class', '状态 state', '尝试 attempts', '页面 url', '最后错误 last error'],
    rows.map((r) => [
      r.runPk,
      r.job,
      classLabel(r.errorClass),
      r.state,
      r.requests,
      r.url,
      (r.lastError ?? '').slice(0, 120),
    ]),
  );
  return `失败页面 ${rows.length} (failed pages; the job's next run retries them first): ${head}\n${table}\n`;
}

export function register(program: Command): void {
  const runs = program.command('runs').description('运行记录 (recorded runs)');
  runs
    .command('show')
    .description('显示一次运行及其失败页面 (show a run, its statistics and its failed pages)')
    .argument('<run>', '运行编号 (run id)')
    .option('--json', '以 JSON 输出 (print as JSON)')
    .action(async (runText: string, opts: { json?: boolean }, command: Command) => {
      const id = Number(runText);
      if (!Number.isInteger(id) || id < 1) {
        throw new Error(`runs show: expected a run id (a positive integer), got "${runText}"`);
      }
      await withStore(command, 'read', async (store) => {
        const run = await store.runs.get(id);
        if (!run) {
          process.stderr.write(`markwatch runs show: 没有运行 ${id} (no run ${id})\n`);
          process.exitCode = 1;
          return;
        }
        const failures = run.kind.startsWith('crawl:') ? await store.frontier.failures({ runPk: id }) : [];
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ...run, failures })}\n`);
          return;
        }
        process.stdout.write(
          `运行 run ${run.id} · ${run.kind} · ${runStatusLabel(run.status)} ${run.status} · ` +
            `${run.startedAt} → ${run.finishedAt ?? '…'}\n${JSON.stringify(run.stats, null, 2)}\n` +
            formatFailures(failures),
        );
      });
    });
}
