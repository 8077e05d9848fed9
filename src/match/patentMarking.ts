import type { PatentType } from '../model/index.js';

/*
 * Finds patent markings in listing text: claim words (专利, 发明专利, ZL, patent no.) and the numbers they
 * introduce. Listings write numbers loosely (ZL 2012 2 0687633.0, 201710601862．3, full-width digits, &nbsp;),
 * so the text is folded character by character first — offsets stay those of the original text.
 */

export type ClaimField = 'title' | 'description';

export interface PatentClaim {
  field: ClaimField;
  span: [number, number];
  text: string;
  /** The type the words claim (发明专利 → invention), or null for a bare 专利 / patent. */
  claimedType: PatentType | null;
}

export interface PatentNumberMention {
  field: ClaimField;
  span: [number, number];
  /** Original text of the number, prefix included. */
  text: string;
  /** Folded text, ready for parsePatentNumber. */
  folded: string;
  prefix: 'ZL' | 'CN' | null;
  /** Introduced as an application number (申请号). */
  asApplication: boolean;
  /** The type claimed nearest before the number (same field), or the listing's only claimed type. */
  claimedType: PatentType | null;
  /**
   * Letters written where the number needs digits (`ZL2O1910…`: O for 0, l for 1), as `O→0 at 3` items; such
   * a number is not a valid patent number whatever its digits say.
   */
  lettersForDigits?: string[];
}

export interface PatentMarking {
  claims: PatentClaim[];
  numbers: PatentNumberMention[];
  /** 「专利申请，尚未授权」 (专利标识标注办法 Art. 7) or an equivalent disclosure is present. */
  disclosedAsApplication: boolean;
}

const TYPE_WORDS: [RegExp, PatentType | null][] = [
  [/(?:中国)?发明专利|invention patent/gi, 'invention'],
  [/(?:中国)?实用新型(?:专利)?|utility model(?: patent)?/gi, 'utility'],
  [/(?:中国)?外观(?:设计)?专利|外观设计|design patent/gi, 'design'],
  [/专利号|专利产品|国家专利|专利技术|已申请专利|专利证书|专利|patent(?:ed)?(?: no\.?| number)?/gi, null],
];
const APPLICATION_WORD = /申请号|application no/i;
const DISCLOSURE = /尚未授权|专利申请中|patent pending/i;
/** Anything that may hold a marking; listings without one skip the rest. */
const QUICK = /专利|实用新型|外观设计|patent|ZL|ＺＬ/i;

/** Full-width ASCII → ASCII, dot look-alikes → '.', &nbsp; and odd spaces → ' ', upper case; length kept. */
export function foldForNumbers(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    let f = ch;
    if (c >= 0xff01 && c <= 0xff5e) f = String.fromCodePoint(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0 || c === 0x2002 || c === 0x2003 || c === 0x2009) f = ' ';
    else if (ch === '·' || ch === '・' || ch === '。' || ch === '．') f = '.';
    out += f >= 'a' && f <= 'z' ? f.toUpperCase() : f;
  }
  return out.replace(/&NBSP;/g, '      ');
}

// Number: optional ZL/CN prefix, 8 to 13 digits with single spaces between groups, optional dot + check.
const NUMBER =
  /(?<![A-Z0-9])(?:(ZL|CN)[ ]*[:：]?[ ]*)?(\d(?: ?\d){6,13})(?:[ ]*\.[ ]*([0-9X])|(X))?(?![0-9A-Z])/g;
// The same shape with the letters that pass for digits (O, o for 0; I, l for 1) among the digits: starts with a
// digit, no two letters in a row (a word such as OIL is not a number), at least six real digits.
const LETTERED_NUMBER =
  /(?<![A-Z0-9])(?:(ZL|CN)[ ]*[:：]?[ ]*)?(\d(?: ?(?:\d|[OIL](?![OIL]))){6,13})(?:[ ]*\.[ ]*([0-9X]))?(?![0-9A-Z])/g;
const LETTER_DIGIT: Record<string, string> = { O: '0', I: '1', L: '1' };
const PUBLICATION = /(?<![A-Z0-9])CN ?\d{9} ?[ABCUYS]\d?(?![0-9A-Z])/g;
const CONTEXT_BEFORE = 24;

function findClaims(field: ClaimField, text: string): PatentClaim[] {
  const claims: PatentClaim[] = [];
  const taken: [number, number][] = [];
  for (const [re, claimedType] of TYPE_WORDS) {
    for (const m of text.matchAll(re)) {
      const span: [number, number] = [m.index, m.index + m[0].length];
      if (taken.some((t) => t[0] < span[1] && span[0] < t[1])) continue;
      taken.push(span);
      claims.push({ field, span, text: m[0], claimedType });
    }
  }
  return claims.sort((a, b) => a.span[0] - b.span[0]);
}

function findNumbers(field: ClaimField, text: string, claims: PatentClaim[]): PatentNumberMention[] {
  const folded = foldForNumbers(text);
  const numbers: PatentNumberMention[] = [];
  const push = (start: number, end: number, prefix: 'ZL' | 'CN' | null) => {
    const before = folded.slice(Math.max(0, start - CONTEXT_BEFORE), start);
    const claimBefore = claims.filter((c) => c.span[1] <= start && c.span[1] >= start - CONTEXT_BEFORE);
    const typed = claimBefore.filter((c) => c.claimedType !== null);
    numbers.push({
      field,
      span: [start, end],
      text: text.slice(start, end),
      folded: folded.slice(start, end),
      prefix,
      asApplication: APPLICATION_WORD.test(before),
      claimedType: typed.at(-1)?.claimedType ?? null,
    });
    return claimBefore.length > 0;
  };
  const masked: [number, number][] = [];
  for (const m of folded.matchAll(LETTERED_NUMBER)) {
    const body = m[2] ?? '';
    if (!/[OIL]/.test(body) || body.replace(/\D/g, '').length < 6) continue;
    const start = m.index;
    const end = start + m[0].length;
    const claimNear = claims.some((c) => c.span[1] <= start && c.span[1] >= start - CONTEXT_BEFORE);
    if (m[1] !== 'ZL' && !claimNear) continue;
    const letters: string[] = [];
    for (let k = start; k < end; k++) {
      const digit = LETTER_DIGIT[folded[k]!];
      if (digit !== undefined && k >= start + (m[1]?.length ?? 0))
        letters.push(`${text[k]}→${digit} at ${k - start}`);
    }
    if (letters.length === 0) continue;
    push(start, end, (m[1] as 'ZL' | 'CN' | undefined) ?? null);
    numbers[numbers.length - 1]!.lettersForDigits = letters;
    masked.push([start, end]);
  }
  for (const m of folded.matchAll(PUBLICATION)) {
    const hasContext = claims.some((c) => c.span[1] <= m.index && c.span[1] >= m.index - CONTEXT_BEFORE);
    if (hasContext) push(m.index, m.index + m[0].length, 'CN');
    masked.push([m.index, m.index + m[0].length]);
  }
  for (const m of folded.matchAll(NUMBER)) {
    const start = m.index;
    const end = start + m[0].length;
    if (masked.some((s) => s[0] < end && start < s[1])) continue;
    const prefix = (m[1] as 'ZL' | 'CN' | undefined) ?? null;
    const digits = (m[2] ?? '').replace(/ /g, '');
    const dotted = m[3] !== undefined;
    const claimNear = claims.some((c) => c.span[1] <= start && c.span[1] >= start - CONTEXT_BEFORE);
    // A bare digit run is a patent number only when introduced by a claim (专利号：…) or written with
    // its check character after a dot in a listing that claims a patent; barcodes and phone numbers are not.
    const accepted =
      prefix === 'ZL' ||
      (prefix === 'CN' && digits.length >= 8) ||
      (claimNear && digits.length >= 8) ||
      (dotted && claims.length > 0 && (digits.length === 8 || digits.length === 12));
    if (accepted) push(start, end, prefix);
  }
  return numbers;
}

/** Every patent marking in title and description, or null when the listing claims no patent at all. */
export function findPatentMarking(fields: {
  title: string;
  description?: string | undefined;
}): PatentMarking | null {
  const parts: [ClaimField, string][] = [['title', fields.title]];
  if (fields.description) parts.push(['description', fields.description]);
  if (!parts.some(([, t]) => QUICK.test(t))) return null;
  const claims: PatentClaim[] = [];
  const numbers: PatentNumberMention[] = [];
  for (const [field, text] of parts) {
    const fieldClaims = findClaims(field, text);
    claims.push(...fieldClaims);
    numbers.push(...findNumbers(field, text, fieldClaims));
  }
  if (claims.length === 0 && numbers.length === 0) return null;
  // A number with no type word of its own takes the listing's type claim when there is exactly one.
  const types = new Set(claims.map((c) => c.claimedType).filter((t): t is PatentType => t !== null));
  if (types.size === 1) {
    const only = [...types][0] ?? null;
    for (const n of numbers) n.claimedType ??= only;
  }
  const disclosedAsApplication = parts.some(([, t]) => DISCLOSURE.test(t));
  return { claims, numbers, disclosedAsApplication };
}
