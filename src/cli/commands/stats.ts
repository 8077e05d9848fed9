import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { StatsForm } from '../../export/stats/computeForm.js';
import { parseEntryCsv } from '../../export/stats/entryCsv.js';
import { loadFormSpec } from '../../export/stats/formSpec.js';
import { parseQuarter } from '../../export/stats/quarter.js';
import { ORIGIN_LABELS } from '../../export/stats/sourceText.js';
import { statsCsv } from '../../export/stats/statsCsv.js';
import { buildStatsForm, saveEntries } from '../../export/stats/statsService.js';
import { statsXlsx } from '../../export/stats/statsXlsx.js';
import { loadJurisdictionRules } from '../../leads/leadRules.js';
import { configFor, withStore } from '../context.js';
import { formatTable } from '../table.js';
import { output, staffActor } from '../workflowContext.js';

/*
 * `markwatch stats --quarter 2026Q3 [--unit NAME] [--out FILE.xlsx|.csv]`: the quarterly 知识产权执法数据统计表.
 * `markwatch stats import FILE.csv --as staff[:ID]`: officer-entered cases or enforcement actions.
 */

interface StatsOptions {
  quarter?: string;
  unit?: string;
  keyMarketLabel?: string;
  out?: string;
  json?: boolean;
}

function officeUnit(command: Command): string {
  return (configFor(command).workflow.office ?? loadJurisdictionRules().office).name;
}

function formText(form: StatsForm): string {
  const actions = formatTable(
    form.actions.columns.map((c) => `${c.name}(${c.unit})`),
    [form.actions.cells.map((c) => c.text)],
  );
  const cases = formatTable(
    ['案件类别', ...form.cases.columns.map((c) => `${c.name}(${c.unit})`)],
    form.cases.rows.map((r) => [
      r.name,
      ...r.cells.map((c) => (c.origin === 'both' || c.origin === 'observed' ? `${c.text}*` : c.text)),
    ]),
  );
  const observed = ORIGIN_LABELS.observed;
  return [
    `${form.title}  ${form.unit}  ${form.period}`,
    form.actions.title,
    actions,
    form.cases.title,
    cases,
    `* 含 ${observed}（其余为人工录入；--out 文件的“数据来源”写明每个数字的来源）`,
  ].join('\n');
}

async function exportForm(command: Command, opts: StatsOptions): Promise<void> {
  if (!opts.quarter) throw new Error('--quarter: 请指明季度，如 2026Q3 (required, e.g. 2026Q3)');
  const quarter = parseQuarter(opts.quarter);
  const format = opts.out ? extname(opts.out).toLowerCase() : '';
  if (opts.out && format !== '.xlsx' && format !== '.csv') {
    throw new Error(`--out: "${opts.out}" 应以 .xlsx 或 .csv 结尾 (must end in .xlsx or .csv)`);
  }
  const office = officeUnit(command);
  const unit = opts.unit?.trim() || office;
  const form = await withStore(command, 'read', (store) =>
    buildStatsForm(store.stats, {
      quarter,
      unit,
      officeUnit: office,
      keyMarketLabel: opts.keyMarketLabel,
      now: new Date(),
    }),
  );
  if (opts.out) {
    writeFileSync(opts.out, format === '.xlsx' ? await statsXlsx(form) : statsCsv(form));
    process.stdout.write(`已写入 ${opts.out} (written)\n`);
    return;
  }
  output(opts.json, form, () => formText(form));
}

export function register(program: Command): void {
  const stats = program
    .command('stats')
    .description('知识产权执法数据统计表 (quarterly statistics form)')
    .option(
      '--quarter <Q>',
      '季度，如 2026Q3；数据自当年 1 月 1 日起累计 (quarter; cumulative from 1 January)',
    )
    .option('--unit <NAME>', '报送单位 (reporting unit; default: the configured office)')
    .option(
      '--key-market-label <LABEL>',
      '“重点实体市场”列的名称，如 重点实体经济市场 (label of the key-market column)',
    )
    .option('--out <FILE>', '写出 .xlsx 或 .csv (write XLSX or CSV)')
    .option('--json', 'JSON 输出')
    .action(async (opts: StatsOptions, command: Command) => exportForm(command, opts));

  stats
    .command('import')
    .description('导入人工录入的案件或执法行动 CSV (import officer-entered cases or actions)')
    .argument('<FILE>', 'CSV：案件（含“案件编号”列）或执法行动（含“行动编号”列）')
    .option(
      '--unit <NAME>',
      '“报送单位”列为空时使用 (unit for rows without one; default: the configured office)',
    )
    .option('--as <WHO>', 'staff[:ID]')
    .action(async (file: string, opts: { unit?: string }, command: Command) => {
      const who = staffActor(command);
      const unit = opts.unit?.trim() || officeUnit(command);
      const parsed = parseEntryCsv(readFileSync(file, 'utf8'), file, loadFormSpec(), unit);
      const result = await withStore(command, 'write', (store) =>
        saveEntries(store.stats, store.leads, parsed, who, file),
      );
      const what = parsed.kind === 'cases' ? '案件 (cases)' : '执法行动 (actions)';
      process.stdout.write(
        `已导入${what}：新增 ${result.inserted}，更新 ${result.updated} (inserted, updated)\n`,
      );
    });
}
