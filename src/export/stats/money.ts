/*
 * Money on the form is in 万元 with 2 decimals. Amounts are kept as whole fen (分) so that sums are exact; a
 * cell is rounded ONCE, from the exact sum of its cases (rounding each case first drifts: three cases of ¥50 are
 * 0.015 万元 → 0.02, not 3 × 0.01). Rounding is half-up (四舍五入), the statistical convention. 1 万元 = 10,000 元
 * = 1,000,000 分, so 0.01 万元 = 10,000 分.
 */

const FEN_PER_HUNDREDTH_WAN = 10_000;

/** Fen → 万元 in hundredths (an integer), half-up. Amounts are never negative. */
export function fenToWanHundredths(fen: number): number {
  return Math.floor((fen + FEN_PER_HUNDREDTH_WAN / 2) / FEN_PER_HUNDREDTH_WAN);
}

/** Fen → 万元 as a number with 2 decimals (for an XLSX cell with format 0.00). */
export function fenToWan(fen: number): number {
  return fenToWanHundredths(fen) / 100;
}

/** Fen → 万元 as text with exactly 2 decimals: `1.23`. */
export function wanText(fen: number): string {
  const h = fenToWanHundredths(fen);
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

/** Parses a yuan amount (`1234`, `1234.5`, `1234.56`) into fen without floating point; null if malformed. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen as yuan text, `1234.50`, for showing an entered amount back. */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
