/*
 * Chinese patent application / patent numbers (ZC 0006-2003) and publication numbers (ZC 0007/0008).
 * Reference: the patent-number rules of the project domain reference (CNIPA application numbers, §1.1–1.3).
 */

export type PatentTypeDigit = '1' | '2' | '3' | '8' | '9';

/** Type digit → the kind of patent. 8 and 9 are PCT national-phase entries. */
export const PATENT_TYPE_BY_DIGIT: Record<PatentTypeDigit, 'invention' | 'utility' | 'design'> = {
  '1': 'invention',
  '2': 'utility',
  '3': 'design',
  '8': 'invention',
  '9': 'utility',
};

/** Publication kind code → the kind of patent (ZC 0007/0008; domain.md §1.2). */
export const PATENT_TYPE_BY_KIND_CODE: Record<
  'A' | 'B' | 'C' | 'U' | 'Y' | 'S',
  'invention' | 'utility' | 'design'
> = {
  A: 'invention',
  B: 'invention',
  C: 'invention',
  U: 'utility',
  Y: 'utility',
  S: 'design',
};

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9];

/** The check character of the 8- or 12-digit body: Σ digit·weight (2..9 cycling) mod 11, 10 written X. */
export function patentCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (WEIGHTS[i % WEIGHTS.length] ?? 0);
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export interface ApplicationNumber {
  kind: 'application';
  /** `ZL` marks a granted patent number; `CN` is an optional country prefix. */
  prefix: 'ZL' | 'CN' | null;
  form: 'new' | 'old';
  /** Four-digit year the application was received (for 8/9: national-phase entry). */
  year: number;
  typeDigit: PatentTypeDigit;
  body: string;
  check: string | null;
  /** Canonical form: body + '.' + check. */
  canonical: string;
  pct: boolean;
}

export interface PublicationNumber {
  kind: 'publication';
  /** 9 digits after CN; no check character exists. */
  digits: string;
  kindCode: 'A' | 'B' | 'C' | 'U' | 'Y' | 'S';
  canonical: string;
}

export type PatentNumberResult =
  { ok: true; value: ApplicationNumber | PublicationNumber } | { ok: false; error: string };

const PUBLICATION = /^CN\s?(\d{9})\s?([ABCUYS])\d?$/;

/** Removes what people put around and inside numbers: ZL/CN prefixes, spaces, &nbsp;, full-width dots. */
function clean(text: string): { prefix: 'ZL' | 'CN' | null; rest: string } {
  let s = text
    .normalize('NFKC')
    .replace(/&nbsp;/gi, ' ')
    .trim()
    .toUpperCase();
  let prefix: 'ZL' | 'CN' | null = null;
  const m = /^(ZL|CN)\s*[:：]?\s*/.exec(s);
  if (m) {
    prefix = m[1] as 'ZL' | 'CN';
    s = s.slice(m[0].length);
  }
  return { prefix, rest: s.replace(/[\s\u00a0]+/g, '').replace(/[．·。]/g, '.') };
}

/**
 * Parses and validates a patent number as written. Each failure says what is wrong. `now` bounds the year of
 * the new form (a number cannot be from the future).
 */
export function parsePatentNumber(text: string, now: Date = new Date()): PatentNumberResult {
  const pub = PUBLICATION.exec(text.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, ' '));
  if (pub) {
    const [, digits = '', kindCode = 'A'] = pub;
    return {
      ok: true,
      value: {
        kind: 'publication',
        digits,
        kindCode: kindCode as PublicationNumber['kindCode'],
        canonical: `CN${digits}${kindCode}`,
      },
    };
  }
  const { prefix, rest } = clean(text);
  const m = /^(\d+)(?:\.?([0-9X]))?$/.exec(rest);
  if (!m && prefix === 'CN' && /^\d+[A-Z]\d?$/.test(rest)) {
    return {
      ok: false,
      error: `"${text}" is not a publication number (expected CN + 9 digits + one of A, B, C, U, Y, S)`,
    };
  }
  if (!m)
    return {
      ok: false,
      error: `"${text}" is not a patent number (expected 8 or 12 digits and a check character)`,
    };
  let body = m[1] ?? '';
  let check = m[2] ?? null;
  // Without a dot the check character may be glued on: 13 or 9 characters in all.
  if (check === null && (body.length === 13 || body.length === 9)) {
    check = body.slice(-1);
    body = body.slice(0, -1);
  }
  if (body.length !== 12 && body.length !== 8) {
    return {
      ok: false,
      error: `"${text}": ${body.length} digits before the check character; expected 12 (from 2003-10-01) or 8 (before)`,
    };
  }
  const form = body.length === 12 ? 'new' : 'old';
  const typeDigit = body[form === 'new' ? 4 : 2] ?? '';
  if (!(typeDigit in PATENT_TYPE_BY_DIGIT)) {
    return { ok: false, error: `"${text}": type digit ${typeDigit} is not one of 1, 2, 3, 8, 9` };
  }
  const yy = Number(body.slice(0, form === 'new' ? 4 : 2));
  const year = form === 'new' ? yy : yy >= 85 ? 1900 + yy : 2000 + yy;
  if (form === 'old' && (year < 1985 || year > 2003)) {
    return { ok: false, error: `"${text}": year ${year} is outside 1985–2003 for the 8-digit form` };
  }
  if (form === 'new' && (year < 2003 || year > now.getUTCFullYear())) {
    return {
      ok: false,
      error: `"${text}": year ${year} is outside 2003–${now.getUTCFullYear()} for the 12-digit form`,
    };
  }
  if (check === null) return { ok: false, error: `"${text}": the check character is missing` };
  const expected = patentCheckChar(body);
  if (check !== expected) {
    return { ok: false, error: `"${text}": check character ${check} is wrong (expected ${expected})` };
  }
  return {
    ok: true,
    value: {
      kind: 'application',
      prefix,
      form,
      year,
      typeDigit: typeDigit as PatentTypeDigit,
      body,
      check,
      canonical: `${body}.${check}`,
      pct: typeDigit === '8' || typeDigit === '9',
    },
  };
}
