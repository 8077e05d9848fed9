/*
 * Numbers as marketplaces print them: `¥1,299.00`, `12.50元`, `12,99 €` (German decimal comma),
 * `EUR 1.299,00`, `1.2万` (×10 000), `10万+人付款`, `2.5k sold`. The first number in the text counts
 * (a range `12.99 - 15.99` gives its lower bound).
 */

const NUMBER_TOKEN = /\d[\d.,'\u00a0\u202f]*\d|\d/;
const MULTIPLIERS: Record<string, number> = {
  万: 1e4,
  萬: 1e4,
  亿: 1e8,
  億: 1e8,
  k: 1e3,
  K: 1e3,
  m: 1e6,
  M: 1e6,
};

/** Reads one number token, deciding which of `,` and `.` is the decimal separator. */
function readToken(token: string, euroHint: boolean): number | undefined {
  const t = token.replace(/[\u00a0\u202f']/g, '');
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  let normal: string;
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the later one separates decimals.
    normal = lastComma > lastDot ? t.replace(/\./g, '').replace(',', '.') : t.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const decimals = t.length - lastComma - 1;
    const commas = t.split(',').length - 1;
    normal = commas === 1 && decimals !== 3 ? t.replace(',', '.') : t.replace(/,/g, '');
  } else if (lastDot >= 0) {
    const decimals = t.length - lastDot - 1;
    const dots = t.split('.').length - 1;
    normal = dots > 1 || (euroHint && decimals === 3) ? t.replace(/\./g, '') : t;
  } else normal = t;
  const n = Number(normal);
  return Number.isFinite(n) ? n : undefined;
}

function firstNumber(text: string): { value: number; rest: string } | undefined {
  const m = NUMBER_TOKEN.exec(text);
  if (!m) return undefined;
  const value = readToken(m[0].replace(/[.,\s]+$/, ''), /€|EUR/i.test(text));
  if (value === undefined) return undefined;
  return { value, rest: text.slice(m.index + m[0].length) };
}

function multiplierAfter(rest: string): number {
  const m = /^\s*([万萬亿億kKmM])/.exec(rest);
  return m?.[1] ? (MULTIPLIERS[m[1]] ?? 1) : 1;
}

/** A plain number: `1,234.5` → 1234.5, `12,5` → 12.5. */
export function parseNumber(text: string): number | undefined {
  return firstNumber(text)?.value;
}

/** A displayed price: currency signs and words are ignored; `1.2万元` → 12000. */
export function parsePrice(text: string): number | undefined {
  const found = firstNumber(text);
  if (!found) return undefined;
  const m = /^\s*([万萬亿億])/.exec(found.rest);
  const value = m?.[1] ? found.value * (MULTIPLIERS[m[1]] ?? 1) : found.value;
  return Math.round(value * 100) / 100;
}

/** A sales count: `1.2万` → 12000, `10万+人付款` → 100000, `2.5k sold` → 2500, `月销 3000+` → 3000. */
export function parseSales(text: string): number | undefined {
  const found = firstNumber(text);
  if (!found) return undefined;
  return Math.round(found.value * multiplierAfter(found.rest));
}

export function parseInteger(text: string): number | undefined {
  const n = parseNumber(text);
  return n === undefined ? undefined : Math.trunc(n);
}
