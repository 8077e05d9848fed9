import { stringify } from 'csv-stringify/sync';
import { inertRow } from '../inertCell.js';
import type { StatsForm } from './computeForm.js';
import { dateText } from './quarter.js';
import { activityLines, sourceLines } from './sourceText.js';

/*
 * The form as one CSV: the header lines, block 1, block 2 (name and unit in the header), the notes, then where
 * each figure came from. UTF-8 with a BOM so that Excel reads the Chinese. Every cell through inertRow.
 */

type Cell = string | number;

export function statsCsv(form: StatsForm): string {
  const rows: Cell[][] = [
    [form.title],
    [`${form.headerLabels.unit}：${form.unit}`],
    [`${form.headerLabels.period}：${form.period}`],
    [`${form.headerLabels.submitted}：${dateText(form.submittedOn)}`],
    [],
    [form.actions.title],
    form.actions.columns.map((c) => `${c.name}（${c.unit}）`),
    form.actions.cells.map((c) => c.text),
    [],
    [form.cases.title],
    ['案件类别', ...form.cases.columns.map((c) => `${c.name}（${c.unit}）`)],
    ...form.cases.rows.map((r) => [r.name, ...r.cells.map((c) => c.text)]),
    [],
    ['说明'],
    ...form.notes.map((n) => [n]),
    [`表样：${form.formSource}`],
    [],
    ['数据来源'],
    ['区块', '行', '列', '数值', '来源', '明细'],
    ...sourceLines(form).map((l) => [l.block, l.row, l.column, l.text, l.origin, l.detail]),
  ];
  const activity = activityLines(form);
  if (activity.length > 0) {
    rows.push([], ['markwatch 线上监测（不属于统计表）'], ['项目', '数量', '为何不计入统计表'], ...activity);
  }
  return `\uFEFF${stringify(
    rows.map((r) => inertRow(r)),
    { record_delimiter: '\r\n' },
  )}`;
}
