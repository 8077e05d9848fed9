import { describe, expect, it } from 'vitest';
import { parsePatentNumber, patentCheckChar } from '../../src/rights/patentNumber.js';

const NOW = new Date('2026-11-23T00:00:00Z');

describe('patent check character (domain.md §1.3)', () => {
  it.each([
    ['201710601862', '3'],
    ['201220687633', '0'],
    ['200510113767', '6'],
    ['95115608', 'X'],
    ['97101765', '4'],
    ['90101673', 'X'],
    ['00814037', '5'],
    ['01800565', '9'],
  ])('%s → %s', (body, check) => expect(patentCheckChar(body)).toBe(check));

  it.each([
    'ZL202010566088.9',
    'ZL201510958772.0',
    'ZL202510942578.7',
    'ZL200510096239.4',
    'ZL202322865413.3',
    'ZL201811564288.X',
    'ZL 2012 2 0687633.0',
    'CN200510113767.6',
    'ZL95115608.X',
    '2010101463727',
    'ZL200820132792.8',
  ])('accepts %s', (n) => expect(parsePatentNumber(n, NOW).ok).toBe(true));

  it.each(['ZL202310123456.7', 'ZL202410123456.7', '无', 'ZL201710601862.4', '202710601862.3'])(
    'rejects %s',
    (n) => expect(parsePatentNumber(n, NOW).ok).toBe(false),
  );

  it('recognises publication numbers', () => {
    const r = parsePatentNumber('CN110123456A', NOW);
    expect(r).toMatchObject({ ok: true, value: { kind: 'publication', kindCode: 'A' } });
  });
});
