/*
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from "0-9A-Z" without I, O, Z, S, V;
 * the 18th is a check character over the first 17 with weights 3^i mod 31.
 */

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of the first 17 characters: 31 − (Σ value·weight mod 31), 31 written 0. */
export function creditCodeCheckChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++)
    sum += CREDIT_CODE_CHARSET.indexOf(body[i] ?? '') * (WEIGHTS[i] ?? 0);
  const c = 31 - (sum % 31);
  return CREDIT_CODE_CHARSET[c === 31 ? 0 : c] ?? '?';
}

/** Null when valid, else what is wrong (in Chinese with English). */
export function creditCodeError(code: string): string | null {
  if (code.length !== 18) return `统一社会信用代码应为 18 位 (must be 18 characters; got ${code.length})`;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i] ?? '';
    if (!CREDIT_CODE_CHARSET.includes(ch)) {
      return `第 ${i + 1} 位字符 "${ch}" 不允许 (character ${i + 1} "${ch}" is not allowed: only 0-9 and A-Z without I, O, Z, S, V)`;
    }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return `校验码错误：第 18 位应为 ${expected} (check character ${code[17]} is wrong; expected ${expected})`;
  }
  return null;
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeError(code) === null;
}
