import { describe, expect, it } from 'vitest';
import { inertCell, inertRow, inertValue } from '../../src/export/inertCell.js';

describe('inertCell', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', `'=HYPERLINK("http://evil.example","点我")`],
    ['+1+1', `'+1+1`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
  ])('neutralises %j', (input, expected) => {
    expect(inertCell(input)).toBe(expected);
  });

  it('leaves ordinary text, including an inner = sign, as it is', () => {
    expect(inertCell('耐克 Air Max 1=1 同款')).toBe('耐克 Air Max 1=1 同款');
    expect(inertCell('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('keeps numbers and booleans, and writes absent values as empty', () => {
    expect(inertRow(['=1', -5, 3.25, true, null, undefined])).toEqual([`'=1`, -5, 3.25, true, '', '']);
    expect(inertValue('-')).toBe(`'-`);
  });
});
