/*
 * Digit ↔ numeral aliases next to Han characters (matching.md §3 step 7): 五常大米 also reads as 5常大米 (and so
 * ⑤常大米), 6个核桃 also as 六个核桃. Emitted as extra forms of a mark rather than by rewriting listing text, so
 * numbers elsewhere in a title (330ml, 2024新款) are untouched.
 */

const NUMERALS = '零一二三四五六七八九';
const HAN = /\p{Script=Han}/u;
/** At most this many positions are toggled (2^n − 1 variants). */
const MAX_POSITIONS = 3;

/** The other forms of a normalised mark, with each single digit/numeral beside a Han character swapped. */
export function numeralVariants(norm: string): string[] {
  const chars = norm.split('');
  const positions: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const isDigit = c >= '0' && c <= '9';
    const isNumeral = NUMERALS.includes(c) || c === '〇';
    if (!isDigit && !isNumeral) continue;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    const prevHan = prev !== undefined && HAN.test(prev) && !NUMERALS.includes(prev);
    const nextHan = next !== undefined && HAN.test(next) && !NUMERALS.includes(next);
    // A digit inside a number (2024) or a numeral inside a numeral run (一二三) is not swapped.
    const prevNum = prev !== undefined && (/\d/.test(prev) || NUMERALS.includes(prev));
    const nextNum = next !== undefined && (/\d/.test(next) || NUMERALS.includes(next));
    if ((prevHan || nextHan) && !prevNum && !nextNum) positions.push(i);
  }
  const used = positions.slice(0, MAX_POSITIONS);
  const variants: string[] = [];
  for (let mask = 1; mask < 1 << used.length; mask++) {
    const out = chars.slice();
    used.forEach((pos, bit) => {
      if (!(mask & (1 << bit))) return;
      const c = out[pos]!;
      out[pos] = c >= '0' && c <= '9' ? NUMERALS[Number(c)]! : String(c === '〇' ? 0 : NUMERALS.indexOf(c));
    });
    variants.push(out.join(''));
  }
  return variants;
}
