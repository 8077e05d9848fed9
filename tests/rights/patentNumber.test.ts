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

/** Every worked example of domain.md §1.3 (table and test vectors), as written there. */
const WORKED = [
  '201710601862.3',
  'ZL 2012 2 0687633.0',
  'CN200510113767.6',
  'ZL95115608.X',
  '97101765.4',
  '90101673.X',
  '00814037.5',
  '01800565.9',
  'ZL202010566088.9',
  'ZL201510958772.0',
  'ZL202510942578.7',
  'ZL200510096239.4',
  'ZL202322865413.3',
  'ZL201811564288.X',
];

describe('worked examples and their single-character mutations', () => {
  it.each(WORKED)('%s passes', (n) => expect(parsePatentNumber(n, NOW)).toMatchObject({ ok: true }));

  it.each(WORKED)('every single-digit change of %s fails', (n) => {
    const positions = [...n].flatMap((ch, i) => (/[0-9X]/.test(ch) ? [i] : []));
    let tried = 0;
    for (const i of positions) {
      for (const d of '0123456789X') {
        if (d === n[i]) continue;
        // X only ever stands in the check position.
        if (d === 'X' && i !== n.length - 1) continue;
        const mutated = n.slice(0, i) + d + n.slice(i + 1);
        const result = parsePatentNumber(mutated, NOW);
        if (result.ok) throw new Error(`${mutated} (mutation of ${n}) was accepted`);
        tried++;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(positions.length * 9);
  });
});

describe('forms people write', () => {
  it.each([
    ['CN 201710601862.3', '201710601862.3', 'CN'],
    ['2017 1 0601862.3', '201710601862.3', null],
    ['ZL201710601862.3&nbsp;', '201710601862.3', 'ZL'],
    ['zl201811564288.x', '201811564288.X', 'ZL'],
    ['ZL 2012 2 0687633．0', '201220687633.0', 'ZL'],
    ['ZL2012 2 0687633·0', '201220687633.0', 'ZL'],
    ['ZL 2008 2 0009767.0', '200820009767.0', 'ZL'],
    ['ZL：201710601862.3', '201710601862.3', 'ZL'],
  ])('%s → %s', (text, canonical, prefix) =>
    expect(parsePatentNumber(text, NOW)).toMatchObject({ ok: true, value: { canonical, prefix } }),
  );

  it('types: 1 invention, 2 utility, 3 design, 8/9 PCT; others rejected with the reason', () => {
    expect(parsePatentNumber('00814037.5', NOW)).toMatchObject({
      ok: true,
      value: { typeDigit: '8', pct: true },
    });
    const r = parsePatentNumber('201740601862.0', NOW);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toContain('type digit 4');
  });

  it('rejects lengths other than 8 and 12 digits, and old-form years outside 1985–2003', () => {
    expect(parsePatentNumber('20171060186.3', NOW)).toMatchObject({ ok: false });
    expect(parsePatentNumber('84101673.0', NOW)).toMatchObject({ ok: false });
  });

  it.each([
    ['CN110123456A', 'A'],
    ['CN 110123456 B', 'B'],
    ['CN110123456C', 'C'],
    ['CN210123456U', 'U'],
    ['CN2101234567Y', null],
    ['CN310123456S', 'S'],
  ])('publication number %s is recognised as such', (text, kindCode) => {
    const r = parsePatentNumber(text, NOW);
    if (kindCode === null) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toContain('publication number');
    } else {
      expect(r).toMatchObject({ ok: true, value: { kind: 'publication', kindCode } });
    }
  });
});
