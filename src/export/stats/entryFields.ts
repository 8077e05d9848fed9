import { isCalendarDate } from '../../common/chinaTime.js';
import type { FormSpec } from './formSpec.js';
import { yuanToFen } from './money.js';

/*
 * Reading one officer-entered value (from a CSV cell or a web form field): each reader returns the value or a
 * message saying what was expected, in the house style (Chinese, then English).
 */

export type Read<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (message: string): Read<never> => ({ ok: false, message });

/** YYYY-MM-DD, or YYYY/M/D as spreadsheets write it; '' → null. */
export function readDate(text: string): Read<string | null> {
  const t = text.trim();
  if (t === '') return ok(null);
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  const date = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
  return isCalendarDate(date) ? ok(date) : bad(`"${t}" 不是有效日期，应为 YYYY-MM-DD (not a date)`);
}

/** An amount in yuan with at most 2 decimals, into fen; '' → null. */
export function readYuan(text: string): Read<number | null> {
  const t = text.trim();
  if (t === '') return ok(null);
  const fen = yuanToFen(t);
  return fen === null ? bad(`"${t}" 不是金额（元，最多两位小数）(not an amount in yuan)`) : ok(fen);
}

/** A whole number ≥ 0; '' → `empty`. */
export function readCount<E extends number | null>(text: string, empty: E): Read<number | E> {
  const t = text.trim();
  if (t === '') return ok(empty);
  return /^\d{1,9}$/.test(t) ? ok(Number(t)) : bad(`"${t}" 不是非负整数 (not a whole number)`);
}

const YES = new Set(['是', '1', 'y', 'yes', 'true', '√', '✓']);
const NO = new Set(['否', '0', 'n', 'no', 'false', '']);

export function readFlag(text: string): Read<boolean> {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return ok(true);
  if (NO.has(t)) return ok(false);
  return bad(`"${text.trim()}" 应为 是 或 否 (expected yes or no)`);
}

/** A row of the form by its printed name (with or without 案件) or its code. */
export function readRow(text: string, spec: FormSpec): Read<string> {
  const t = text.trim();
  const row = spec.cases.rows.find((r) => r.code === t || r.nameZh === t || r.nameZh === `${t}案件`);
  if (row) return ok(row.code);
  const names = spec.cases.rows.map((r) => r.nameZh.replace(/案件$/, '')).join('、');
  return bad(`"${t}" 不是统计表的案件类别；应为 ${names} 之一 (not a row of the form)`);
}

/** A markwatch lead id; '' → null. */
export function readLeadId(text: string): Read<number | null> {
  const t = text.trim().replace(/^#/, '');
  if (t === '') return ok(null);
  return /^\d{1,12}$/.test(t) && Number(t) > 0
    ? ok(Number(t))
    : bad(`"${text.trim()}" 不是线索编号 (not a lead id)`);
}

/** Non-empty text without control characters. */
export function readText(text: string, required: boolean, max = 200): Read<string> {
  const t = text.trim();
  if (required && t === '') return bad('不能为空 (required)');
  if (t.length > max) return bad(`超过 ${max} 个字符 (longer than ${max} characters)`);
  if (/[\u0000-\u001f\u007f]/.test(t)) return bad('含控制字符 (contains control characters)');
  return ok(t);
}
