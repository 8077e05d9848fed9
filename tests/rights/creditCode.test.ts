import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_CHARSET,
  creditCodeCheckChar,
  creditCodeError,
  isValidCreditCode,
} from '../../src/rights/creditCode.js';

// Published codes of well-known companies (business licences), and the textbook example.
const GOOD = [
  '9144030071526726XG',
  '914403001922038216',
  '91330100799655058B',
  '91110000802100433B',
  '91350100M000100Y43',
];

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each(GOOD)('%s is valid', (code) => {
    expect(creditCodeError(code)).toBeNull();
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17]);
  });

  it('the charset is 0-9A-Z without I, O, Z, S, V (31 characters)', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    for (const ch of 'IOZSV') expect(CREDIT_CODE_CHARSET).not.toContain(ch);
  });

  it('a check value of 31 is written 0', () => {
    // Find a body whose weighted sum is ≡ 0 (mod 31): then 31 − 0 = 31 → '0'.
    const body = '91350100M000100Y4';
    for (const ch of CREDIT_CODE_CHARSET) {
      const candidate = body.slice(0, 16) + ch;
      let sum = 0;
      const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
      for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(candidate[i]!) * w[i]!;
      if (sum % 31 === 0) {
        expect(creditCodeCheckChar(candidate)).toBe('0');
        return;
      }
    }
    throw new Error('no body with sum ≡ 0 found');
  });

  it.each(GOOD)('every single-character change of %s fails', (code) => {
    let tried = 0;
    for (let i = 0; i < 18; i++) {
      for (const ch of CREDIT_CODE_CHARSET) {
        if (ch === code[i]) continue;
        expect(isValidCreditCode(code.slice(0, i) + ch + code.slice(i + 1))).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(18 * 30);
  });

  it('says what is wrong: length, forbidden character (with its position), check character', () => {
    expect(creditCodeError('9144030071526726X')).toContain('18');
    expect(creditCodeError('9144030071526726XGG')).toContain('got 19');
    expect(creditCodeError('9144030071526726IG')).toContain('character 17 "I"');
    expect(creditCodeError('9144030071526726xg')).toContain('"x"');
    expect(creditCodeError('9144030071526726XA')).toContain('expected G');
  });
});
