import { z } from 'zod';
import { chinaDate, isCalendarDate } from '../common/chinaTime.js';
import { MarkwatchError } from '../common/errors.js';
import { type JsonProblem, parseJsonFile } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';

/*
 * The 公示 list: handled notices and their results, with personal data redacted (domain.md §3; EC Law Art. 44).
 * Company and shop names stay; natural persons' names are masked (张**); phone numbers, 18-digit 身份证
 * numbers, e-mail addresses, WeChat/QQ handles and street addresses are masked wherever they appear, even
 * when hidden with full-width digits, separators or zero-width characters. The notifier's contact is never
 * published. Pure: the caller reads the notices and writes the rows.
 */

export const PUBLICITY_RULES_FILE = packagePath('rules', 'workflow', 'publicity-redaction.json');

export const PublicityRulesSchema = z.strictObject({
  source: z.string().min(1),
  effectiveDate: z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD'),
  notes: z.array(z.string()),
  organisationMarkers: z.array(z.string().min(1)).min(1),
});
export type PublicityRules = z.infer<typeof PublicityRulesSchema>;

export class PublicityError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('workflow.publicity', message);
  }
}

export function loadPublicityRules(file: string = PUBLICITY_RULES_FILE): PublicityRules {
  return parseJsonFile(file, PublicityRulesSchema, {
    error: (message, problems) => new PublicityError(message, problems),
  });
}

let defaultRules: PublicityRules | null = null;
function rulesOrDefault(rules?: PublicityRules): PublicityRules {
  if (rules) return rules;
  defaultRules ??= loadPublicityRules();
  return defaultRules;
}

export const PUBLICITY_OUTCOMES = [
  'taken_down',
  'rejected',
  'counter_noticed',
  'complaint_filed',
  'restored',
] as const;
export type PublicityOutcome = (typeof PUBLICITY_OUTCOMES)[number];

export const PUBLICITY_OUTCOME_LABELS: Record<PublicityOutcome, string> = {
  taken_down: '已删除（下架）',
  rejected: '平台未采取措施',
  counter_noticed: '经营者已提交不侵权声明',
  complaint_filed: '权利人已投诉或起诉',
  restored: '已恢复（期满未投诉或起诉）',
};

/** A handled notice as the workflow stores it (personal data included). */
export interface HandledNotice {
  noticeId: string;
  platform: string;
  sellerName: string;
  sellerId: string;
  notifierName: string;
  /** Phone or e-mail of the notifier: never published. */
  notifierContact?: string;
  listingTitle: string;
  listingUrl: string;
  right: { name: string; registrationNumber?: string };
  outcome: PublicityOutcome;
  /** ISO instants. */
  noticeSentAt: string;
  outcomeAt: string;
}

/** One public row of the 公示 list. */
export interface PublicityRow {
  noticeId: string;
  platform: string;
  seller: string;
  sellerId: string;
  notifier: string;
  listingTitle: string;
  listingUrl: string;
  right: string;
  outcome: PublicityOutcome;
  outcomeLabel: string;
  /** China dates. */
  noticeDate: string;
  outcomeDate: string;
}

const D = '[0-9０-９]';
const SEP = '[\\s\\-－.·]?';
/** Characters that hide a number from a pattern or reorder what a reader sees. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/g;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]+/g;

const ID_CARD = new RegExp(
  `(?<![0-9０-９A-Za-z])${D}{6}${SEP}${D}{8}${SEP}${D}{3}[0-9０-９XxＸｘ](?![0-9０-９A-Za-z])`,
  'g',
);
const MOBILE = new RegExp(
  `(?<![0-9０-９])(?:[+＋]?(?:86|８６)${SEP})?[1１][3-9３-９](?:${SEP}${D}){9}(?![0-9０-９])`,
  'g',
);
const LANDLINE = new RegExp(
  `(?<![0-9０-９])[(（]?[0０]${D}{2,3}[)）]?${SEP}${D}{3,4}${SEP}${D}{4}(?![0-9０-９])`,
  'g',
);
// The look-behind starts a match only at the start of a run, so a long run without '@' is not rescanned.
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9-]+(?:[.．][A-Za-z0-9-]+)*[.．][A-Za-z]{2,}/g;
// Chat handles after their label. The short Latin labels (vx, wx) need a separator, so a model number such as
// "VX1000" is left alone.
const HANDLE =
  /(?<![A-Za-z])(微信号?|威信|薇信|[vV]信|扣扣|[qQ]{2}号?|weixin|wechat|WeChat|(?:[vV][xX]|[wW][xX])(?=[\s:：]))([\s:：]*)([A-Za-z0-9_-]{5,30})/g;
const ADDRESS =
  /[\p{Script=Han}A-Za-z0-9]{0,20}?(?:路|街|大道|巷|弄|胡同|村|里)[0-9０-９一二三四五六七八九十百零〇-]+(?:号|弄|巷)(?:[0-9０-９A-Za-z一二三四五六七八九十-]*(?:号楼|栋|幢|座|楼|单元|层|室|号))*/gu;

const toAscii = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
const digitsOf = (s: string) => toAscii(s).replace(/[^0-9Xx]/g, '');

function maskMobile(match: string): string {
  const digits = digitsOf(match).slice(-11);
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

function maskAddress(match: string): string {
  const street = match.search(/(?:路|街|大道|巷|弄|胡同|村|里)[0-9０-９一二三四五六七八九十百零〇-]/u);
  let keep = -1;
  for (let i = 0; i < street; i += 1) if ('省市区县旗'.includes(match[i] ?? '')) keep = i;
  return `${match.slice(0, keep + 1)}***`;
}

/** Free text with every phone, ID number, e-mail, chat handle and street address masked. */
export function scrubPersonalData(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .replace(ID_CARD, (m) => {
      const d = digitsOf(m);
      return `${d.slice(0, 2)}${'*'.repeat(14)}${d.slice(-2)}`;
    })
    .replace(HANDLE, (_m, label: string, sep: string) => `${label}${sep}***`)
    .replace(EMAIL, (m) => `${m[0] ?? ''}***@${m.split(/[@＠]/)[1] ?? ''}`)
    .replace(MOBILE, maskMobile)
    .replace(LANDLINE, (m) => {
      const d = digitsOf(m);
      return `${d.slice(0, 3)}****${d.slice(-2)}`;
    })
    .replace(ADDRESS, maskAddress);
}

/** A natural person's name masked to its first character: 张三丰 → 张**, John Smith → J*** S****. */
export function maskPersonName(name: string): string {
  const clean = name.replace(INVISIBLE, '').replace(CONTROL, ' ').trim();
  if (/^[A-Za-z][A-Za-z .'-]*$/.test(clean)) {
    return clean.replace(/[A-Za-z]+/g, (word) => `${word[0]}${'*'.repeat(word.length - 1)}`);
  }
  const chars = [...clean];
  return chars.map((c, i) => (i === 0 || c === '·' || c === ' ' ? c : '*')).join('');
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A marker as a pattern: Latin markers match whole words only ("Inc" must not match "Vincent"). */
function markerPattern(marker: string): RegExp {
  const body = escapeRegExp(marker);
  return /^[A-Za-z]/.test(marker) ? new RegExp(`(?<![A-Za-z])${body}(?![A-Za-z])`, 'i') : new RegExp(body);
}

/** True when the name reads as a company, shop or other organisation (rules `organisationMarkers`). */
export function isOrganisationName(name: string, rules?: PublicityRules): boolean {
  const clean = name.replace(INVISIBLE, '');
  return rulesOrDefault(rules).organisationMarkers.some((m) => markerPattern(m).test(clean));
}

/** A party's public name: an organisation's scrubbed, a person's masked. */
export function publicPartyName(name: string, rules?: PublicityRules): string {
  return isOrganisationName(name, rules) ? scrubPersonalData(name).trim() : maskPersonName(name);
}

/** A seller id as published: a person's masked in the middle (li**01), an organisation's scrubbed. */
export function publicSellerId(id: string, person: boolean): string {
  const clean = scrubPersonalData(id).trim();
  if (!person || clean.includes('*')) return clean;
  const chars = [...clean];
  if (chars.length <= 4) return `${chars[0] ?? ''}${'*'.repeat(Math.max(0, chars.length - 1))}`;
  return `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

/** The URL without its query and fragment (they can carry user data), scrubbed; text scrubbed if unparsable. */
function publicUrl(url: string): string {
  try {
    const u = new URL(url.replace(INVISIBLE, '').trim());
    return scrubPersonalData(`${u.origin}${u.pathname}`);
  } catch {
    return scrubPersonalData(url);
  }
}

/** The name wherever it appears, however it is spaced: "欧阳 娜娜" also as 欧阳娜娜 and 欧阳·娜娜 in a title. */
function namePattern(name: string): RegExp {
  const chars = [...name.replace(/[\s·・.]+/g, '')].map(escapeRegExp);
  return new RegExp(chars.join('[\\s·・.]*'), 'giu');
}

/** The text with each natural person's name masked, however spaced (longest names first is the caller's order). */
export function maskPersonNamesIn(text: string, names: readonly string[]): string {
  let out = text.replace(INVISIBLE, '');
  for (const name of names) {
    if ([...name.replace(/[\s·・.]+/g, '')].length >= 2)
      out = out.replace(namePattern(name), maskPersonName(name));
  }
  return out;
}

function dateOf(field: string, value: string, noticeId: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new PublicityError(`通知 ${noticeId} 的 ${field}「${value}」不是有效时间 (not a valid instant)`);
  }
  return chinaDate(at);
}

/** The public 公示 rows of handled notices, in the given order. */
export function publicityRows(notices: readonly HandledNotice[], rules?: PublicityRules): PublicityRow[] {
  return notices.map((n) => {
    const sellerIsPerson = !isOrganisationName(n.sellerName, rules);
    const notifierIsPerson = !isOrganisationName(n.notifierName, rules);
    // A person's raw name can reappear in the title ("张三同款"): mask it there too.
    const personNames = [
      ...(sellerIsPerson ? [n.sellerName.replace(INVISIBLE, '').trim()] : []),
      ...(notifierIsPerson ? [n.notifierName.replace(INVISIBLE, '').trim()] : []),
    ].sort((a, b) => b.length - a.length);
    const right = n.right.registrationNumber
      ? `${n.right.name}（注册号 ${n.right.registrationNumber}）`
      : n.right.name;
    return {
      noticeId: n.noticeId,
      platform: n.platform,
      seller: publicPartyName(n.sellerName, rules),
      sellerId: publicSellerId(n.sellerId, sellerIsPerson),
      notifier: publicPartyName(n.notifierName, rules),
      listingTitle: scrubPersonalData(maskPersonNamesIn(n.listingTitle, personNames)).trim(),
      listingUrl: publicUrl(n.listingUrl),
      right: scrubPersonalData(right).trim(),
      outcome: n.outcome,
      outcomeLabel: PUBLICITY_OUTCOME_LABELS[n.outcome],
      noticeDate: dateOf('noticeSentAt', n.noticeSentAt, n.noticeId),
      outcomeDate: dateOf('outcomeAt', n.outcomeAt, n.noticeId),
    };
  });
}
