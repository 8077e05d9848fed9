import ExcelJS from 'exceljs';
import { inertCell } from '../inertCell.js';
import type { FormCell, StatsForm } from './computeForm.js';
import { activityLines, sourceLines } from './sourceText.js';
import { dateText } from './quarter.js';

/*
 * The form as XLSX, laid out like the template: title, 报送单位 / 统计时间 / 报送时间, block 1, block 2 with a
 * two-line merged header (name over unit), the total row, the printed notes; counts as integers, money with
 * format 0.00 (万元). A second sheet says where each figure came from, a third shows markwatch's online activity.
 * Every text cell goes through inertCell: the unit and the key-market label are typed by people.
 */

const COLS = 12; // row label + 11 columns
const THIN = { style: 'thin' as const };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };

function colLetter(n: number): string {
  return String.fromCharCode(64 + n);
}

function setText(ws: ExcelJS.Worksheet, ref: string, text: string, bold = false): ExcelJS.Cell {
  const c = ws.getCell(ref);
  c.value = inertCell(text);
  if (bold) c.font = { bold: true };
  return c;
}

function setFigure(ws: ExcelJS.Worksheet, row: number, col: number, cell: FormCell): void {
  const c = ws.getCell(row, col);
  c.border = BOX;
  c.alignment = { horizontal: 'right' };
  if (cell.kind === 'blank' || cell.value === null) return;
  if (cell.kind === 'money') {
    c.value = Number(cell.text);
    c.numFmt = '0.00';
  } else {
    c.value = cell.value;
    c.numFmt = '0';
  }
}

function header(ws: ExcelJS.Worksheet, row: number, col: number, text: string): void {
  const c = ws.getCell(row, col);
  c.value = inertCell(text);
  c.font = { bold: true };
  c.border = BOX;
  c.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

function formSheet(wb: ExcelJS.Workbook, form: StatsForm): void {
  const ws = wb.addWorksheet('统计表');
  ws.getColumn(1).width = 34;
  for (let i = 2; i <= COLS; i++) ws.getColumn(i).width = 14;
  const last = colLetter(COLS);

  ws.mergeCells(`A1:${last}1`);
  const title = setText(ws, 'A1', form.title, true);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  ws.mergeCells('A2:D2');
  setText(ws, 'A2', `${form.headerLabels.unit}：${form.unit}`);
  ws.mergeCells('E2:H2');
  setText(ws, 'E2', `${form.headerLabels.period}：${form.period}`);
  ws.mergeCells(`I2:${last}2`);
  setText(ws, 'I2', `${form.headerLabels.submitted}：${dateText(form.submittedOn)}`);

  ws.mergeCells(`A4:${last}4`);
  setText(ws, 'A4', form.actions.title, true);
  form.actions.columns.forEach((col, i) => header(ws, 5, i + 1, `${col.name}（${col.unit}）`));
  form.actions.cells.forEach((cell, i) => setFigure(ws, 6, i + 1, cell));

  ws.mergeCells(`A8:${last}8`);
  setText(ws, 'A8', form.cases.title, true);
  ws.mergeCells('A9:A10');
  header(ws, 9, 1, '案件类别');
  form.cases.columns.forEach((col, i) => {
    header(ws, 9, i + 2, col.name);
    header(ws, 10, i + 2, col.unit);
  });
  form.cases.rows.forEach((row, r) => {
    const at = 11 + r;
    header(ws, at, 1, row.name);
    ws.getCell(at, 1).alignment = { horizontal: 'left' };
    row.cells.forEach((cell, i) => setFigure(ws, at, i + 2, cell));
  });

  let at = 11 + form.cases.rows.length + 1;
  setText(ws, `A${at}`, '说明：', true);
  for (const note of form.notes) {
    at++;
    ws.mergeCells(`A${at}:${last}${at}`);
    setText(ws, `A${at}`, note).alignment = { wrapText: true };
  }
  at++;
  ws.mergeCells(`A${at}:${last}${at}`);
  setText(ws, `A${at}`, `表样：${form.formSource}`);
}

function sourcesSheet(wb: ExcelJS.Workbook, form: StatsForm): void {
  const ws = wb.addWorksheet('数据来源');
  ws.columns = [
    { header: '区块', width: 16 },
    { header: '行', width: 34 },
    { header: '列', width: 28 },
    { header: '数值', width: 10 },
    { header: '来源', width: 28 },
    { header: '明细', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const l of sourceLines(form)) {
    ws.addRow([l.block, l.row, l.column, l.text, l.origin, l.detail].map(inertCell));
  }
}

function activitySheet(wb: ExcelJS.Workbook, form: StatsForm): void {
  const ws = wb.addWorksheet('markwatch监测');
  ws.columns = [
    { header: '项目（不属于统计表）', width: 24 },
    { header: '数量', width: 10 },
    { header: '为何不计入统计表', width: 40 },
  ];
  ws.getRow(1).font = { bold: true };
  const lines = activityLines(form);
  if (lines.length === 0) ws.addRow([inertCell('本报送单位不是 markwatch 配置的执法机关，无自动统计数据')]);
  for (const [name, n, why] of lines) ws.addRow([inertCell(name), n, inertCell(why)]);
}

/** The workbook's bytes. */
export async function statsXlsx(form: StatsForm): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'markwatch';
  // Fixed, so the same form gives the same workbook metadata (exceljs stamps "now" otherwise).
  wb.created = new Date(`${form.submittedOn}T00:00:00+08:00`);
  wb.modified = wb.created;
  formSheet(wb, form);
  sourcesSheet(wb, form);
  activitySheet(wb, form);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
