import { chinaTimestamp } from '../../common/chinaTime.js';
import type { CellOrigin, FormCell, StatsForm } from './computeForm.js';
import type { Source } from './formCases.js';

/* How the form says where each figure came from (issue 16): observed by markwatch, entered by whom and when. */

export const ORIGIN_LABELS: Record<CellOrigin, string> = {
  observed: 'markwatch 自动统计',
  entered: '人工录入',
  both: 'markwatch 自动统计＋人工录入',
  none: '无数据',
};

export function sourceText(s: Source): string {
  return s.kind === 'observed'
    ? `线索#${s.leadId} 移送公安（${s.actor}，${chinaTimestamp(s.at)}）`
    : `${s.caseNo}（${s.by} 录入，${chinaTimestamp(s.at)}）`;
}

/** Up to `max` sources spelt out, the rest counted. */
export function sourcesText(cell: FormCell, max = 20): string {
  const listed = cell.sources.slice(0, max).map(sourceText);
  const rest = cell.sources.length - listed.length;
  if (rest > 0) listed.push(`另 ${rest} 条`);
  return listed.join('；');
}

export interface SourceLine {
  block: string;
  row: string;
  column: string;
  text: string;
  origin: string;
  detail: string;
}

/** One line per non-blank cell: block, row, column, figure, origin, detail. */
export function sourceLines(form: StatsForm): SourceLine[] {
  const lines: SourceLine[] = form.actions.columns.map((col, i) => {
    const cell = form.actions.cells[i]!;
    return {
      block: form.actions.title,
      row: '',
      column: `${col.name}（${col.unit}）`,
      text: cell.text,
      origin: ORIGIN_LABELS[cell.origin],
      detail: sourcesText(cell),
    };
  });
  for (const row of form.cases.rows) {
    row.cells.forEach((cell, i) => {
      if (cell.kind === 'blank') return;
      const col = form.cases.columns[i]!;
      lines.push({
        block: form.cases.title,
        row: row.name,
        column: `${col.name}（${col.unit}）`,
        text: cell.text,
        origin: ORIGIN_LABELS[cell.origin],
        detail: sourcesText(cell),
      });
    });
  }
  return lines;
}

/** markwatch's online activity beside the form (not in it), with why each is not a form figure. */
export function activityLines(form: StatsForm): Array<[string, number, string]> {
  const a = form.activity;
  if (!a) return [];
  return [
    ['新增线索', a.leadsOpened, '线索不是案件；立案由执法人员录入'],
    ['发出通知', a.noticesSent, '通知—删除是平台措施，不是案件'],
    ['链接已删除', a.listingsTakenDown, '平台删除，不是行政处罚'],
    ['线索通报（转出）', a.leadsTransferred, '移交他地管辖，不计入本单位'],
    ['移送公安', a.leadsReferred, '已计入“移送司法机关案件”列'],
  ];
}
