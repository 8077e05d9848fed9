import type { z } from 'zod';
import {
  RightSchema,
  type AuthorizedSeller,
  type PatentRight,
  type PatentType,
  type Right,
} from '../model/index.js';
import { isValidRegionCode } from '../reference/regions.js';
import { chinaDate, isCalendarDate } from '../common/chinaTime.js';
import { creditCodeError } from './creditCode.js';
import { parsePatentNumber, PATENT_TYPE_BY_DIGIT, PATENT_TYPE_BY_KIND_CODE } from './patentNumber.js';
import { patentTerm } from './patentTerm.js';

/*
 * The exact rules every right must pass before the registry stores it. Pure: no I/O beyond the bundled
 * reference data. Each failure names the field (a path like `authorizedSellers[0].creditCode`) and says what
 * is wrong. Duplicates against the store are checked by the registry, duplicates inside one batch here.
 */

export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; right: Right } | { ok: false; errors: FieldError[] };

export interface ValidateOptions {
  /** Today is taken from this instant (China date); default: now. */
  now?: Date;
}

/** `a.b[0].c` from a zod path. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return {
        field: fieldPath(issue.path) || '(right)',
        message: `未知字段 (unknown field) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    return { field: fieldPath(issue.path) || '(right)', message: issue.message };
  });
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/;
/** CN trademark registration numbers: digits; international (Madrid) registrations recorded with a G prefix. */
const REGISTRATION_NO = /^G?[1-9]\d{0,8}$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Registration number as compared for duplicates: no spaces, no 第…号, upper case. */
export function normaliseRegistrationNo(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u00a0]+/g, '')
    .replace(/^第/, '')
    .replace(/号$/, '')
    .toUpperCase();
}

const TYPE_ZH: Record<PatentType, string> = { invention: '发明', utility: '实用新型', design: '外观设计' };

function checkDateRange(from: string, to: string, errors: FieldError[]): void {
  if (!isCalendarDate(from))
    errors.push({ field: 'validFrom', message: `日期不存在 (no such date: ${from})` });
  if (!isCalendarDate(to)) errors.push({ field: 'validTo', message: `日期不存在 (no such date: ${to})` });
  if (from > to) {
    errors.push({
      field: 'validTo',
      message: `有效期止 ${to} 早于有效期起 ${from} (validTo is before validFrom)`,
    });
  }
}

function checkSellers(sellers: AuthorizedSeller[], errors: FieldError[]): void {
  sellers.forEach((s, i) => {
    if (s.creditCode === undefined) return;
    const problem = creditCodeError(s.creditCode);
    if (problem) errors.push({ field: `authorizedSellers[${i}].creditCode`, message: problem });
  });
}

function checkPatent(right: PatentRight, today: string, now: Date, errors: FieldError[]): void {
  const parsed = parsePatentNumber(right.number, now);
  if (!parsed.ok) {
    errors.push({ field: 'number', message: `专利号无效 (invalid patent number): ${parsed.error}` });
    return;
  }
  const n = parsed.value;
  const numberType =
    n.kind === 'application' ? PATENT_TYPE_BY_DIGIT[n.typeDigit] : PATENT_TYPE_BY_KIND_CODE[n.kindCode];
  if (numberType && numberType !== right.patentType) {
    const why = n.kind === 'application' ? `type digit ${n.typeDigit}` : `kind code ${n.kindCode}`;
    errors.push({
      field: 'patentType',
      message: `号码表明是${TYPE_ZH[numberType]}专利，与 patentType "${right.patentType}" 不符 (the number's ${why} means ${numberType})`,
    });
  }
  if (n.kind === 'application' && n.prefix === 'ZL' && right.status === 'pending') {
    errors.push({
      field: 'number',
      message: 'ZL 前缀只用于已授权专利，申请中的专利不得使用 (ZL marks a granted patent; status is pending)',
    });
  }
  if (n.kind === 'publication' && n.kindCode === 'A' && right.status === 'valid') {
    errors.push({
      field: 'status',
      message: `${n.canonical} 是发明专利申请公布号，尚未授权，status 不能为 valid (an A publication is an unexamined application)`,
    });
  }
  if (!isCalendarDate(right.filingDate)) {
    errors.push({ field: 'filingDate', message: `日期不存在 (no such date: ${right.filingDate})` });
    return;
  }
  if (right.filingDate > today) {
    errors.push({
      field: 'filingDate',
      message: `申请日 ${right.filingDate} 在未来 (filing date is in the future)`,
    });
  }
  if (n.kind === 'application') {
    // The number's year is the year the application was received (PCT: national-phase entry), never earlier
    // than the filing date (PCT: international filing date). Divisional applications can be later.
    const filingYear = Number(right.filingDate.slice(0, 4));
    if (filingYear > n.year) {
      errors.push({
        field: 'filingDate',
        message: `申请日 ${right.filingDate} 晚于申请号年份 ${n.year} (filing date after the year in the number)`,
      });
    }
    if (n.form === 'old' && right.filingDate >= '2003-10-01') {
      errors.push({
        field: 'filingDate',
        message: `8 位申请号只用于 2003-10-01 之前的申请 (the 8-digit form ended 2003-09-30; filing date ${right.filingDate})`,
      });
    }
  }
  if (right.status === 'valid' && right.filingDate <= today) {
    const term = patentTerm(right.patentType, right.filingDate);
    if (term.lastDay < today) {
      errors.push({
        field: 'status',
        message: `专利权期限已于 ${term.lastDay} 届满 (${TYPE_ZH[right.patentType]} ${term.years} 年，自申请日 ${right.filingDate} 起)，status 不能为 valid (term ended)`,
      });
    }
  }
}

/** Checks one right; on success returns it with defaults filled in. */
export function validateRight(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const now = options.now ?? new Date();
  const today = chinaDate(now);
  const parsed = RightSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const right = parsed.data;
  const errors: FieldError[] = [];
  if (!ID.test(right.id)) {
    errors.push({
      field: 'id',
      message: `编号 "${right.id}" 只能含字母、数字和 . _ : -，且不超过 80 个字符 (id: letters, digits, . _ : - only)`,
    });
  }
  if (right.kind !== 'patent') {
    if (right.name.trim() === '') errors.push({ field: 'name', message: '名称为空 (name is blank)' });
    const seen = new Set<string>([right.name]);
    right.aliases.forEach((a, i) => {
      if (seen.has(a))
        errors.push({ field: `aliases[${i}]`, message: `重复的别名 "${a}" (duplicate alias)` });
      seen.add(a);
    });
    checkSellers(right.authorizedSellers, errors);
  }
  switch (right.kind) {
    case 'trademark': {
      if (!REGISTRATION_NO.test(normaliseRegistrationNo(right.registrationNo))) {
        errors.push({
          field: 'registrationNo',
          message: `注册号 "${right.registrationNo}" 格式不对：应为 1–9 位数字，国际注册可带 G 前缀 (expected digits, optional G)`,
        });
      }
      const classes = new Set<number>();
      right.niceClasses.forEach((c, i) => {
        if (classes.has(c))
          errors.push({ field: `niceClasses[${i}]`, message: `类别 ${c} 重复 (duplicate Nice class)` });
        classes.add(c);
      });
      if (right.ownerCreditCode !== undefined) {
        const problem = creditCodeError(right.ownerCreditCode);
        if (problem) errors.push({ field: 'ownerCreditCode', message: problem });
      }
      checkDateRange(right.validFrom, right.validTo, errors);
      if (right.referencePrice && !CURRENCY.test(right.referencePrice.currency)) {
        errors.push({
          field: 'referencePrice.currency',
          message: `币种 "${right.referencePrice.currency}" 应为 ISO 4217 三个大写字母 (e.g. CNY)`,
        });
      }
      break;
    }
    case 'gi': {
      const codes = new Set<string>();
      right.protectedArea.regionCodes.forEach((code, i) => {
        const field = `protectedArea.regionCodes[${i}]`;
        if (!isValidRegionCode(code)) {
          errors.push({
            field,
            message: `区划代码 ${code} 不在 GB/T 2260 行政区划中 (not a GB/T 2260 region code)`,
          });
        } else if (codes.has(code)) {
          errors.push({ field, message: `区划代码 ${code} 重复 (duplicate region code)` });
        }
        codes.add(code);
      });
      break;
    }
    case 'special':
      checkDateRange(right.validFrom, right.validTo, errors);
      break;
    case 'patent':
      checkPatent(right, today, now, errors);
      break;
  }
  return errors.length ? { ok: false, errors } : { ok: true, right };
}

/**
 * The number that must not be live twice, normalised: trademark registration number, patent number (without
 * ZL/CN and check character), special-mark announcement number (A000021 form), GI name. Null when none.
 */
export function duplicateKey(right: Right, now: Date = new Date()): string | null {
  switch (right.kind) {
    case 'trademark':
      return `trademark:${normaliseRegistrationNo(right.registrationNo)}`;
    case 'patent': {
      const parsed = parsePatentNumber(right.number, now);
      if (!parsed.ok) return null;
      return `patent:${parsed.value.kind === 'application' ? parsed.value.body : parsed.value.canonical}`;
    }
    case 'special': {
      const no = normaliseRegistrationNo(right.announcementNo);
      return /^[A-Z]\d{6}$/.test(no) ? `special:${no}` : null;
    }
    case 'gi':
      return `gi:${right.name.normalize('NFKC').replace(/\s+/g, '')}`;
  }
}

/** What a duplicate key is called in messages. */
export function duplicateKeyLabel(key: string): string {
  const [kind, value] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  const label: Record<string, string> = {
    trademark: '注册号 (registration number)',
    patent: '专利号 (patent number)',
    special: '公告号 (announcement number)',
    gi: '地理标志名称 (GI name)',
  };
  return `${label[kind] ?? kind} ${value}`;
}

/** The field a duplicate key comes from. */
export function duplicateKeyField(right: Right): string {
  return { trademark: 'registrationNo', patent: 'number', special: 'announcementNo', gi: 'name' }[right.kind];
}

/**
 * Last protected day of a right (inclusive, China date), or null when it has none: trademark and special
 * marks `validTo`; patents the statutory term from the filing date; GIs have no end.
 */
export function lastProtectedDay(right: Right): string | null {
  switch (right.kind) {
    case 'trademark':
    case 'special':
      return right.validTo;
    case 'patent':
      return isCalendarDate(right.filingDate) ? patentTerm(right.patentType, right.filingDate).lastDay : null;
    case 'gi':
      return null;
  }
}
