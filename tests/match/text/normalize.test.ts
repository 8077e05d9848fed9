import { describe, expect, test } from 'vitest';
import { EV } from '../../../src/match/text/evasionFlags.js';
import { normalize, normalizeCopy } from '../../../src/match/text/normalize.js';

/** The original text behind normalised units [a, b). */
function source(text: string, a: number, b: number): string {
  const n = normalizeCopy(text);
  return text.slice(n.start[a], n.end[b - 1]);
}

describe('normalisation (matching.md §3)', () => {
  test.each([
    ['ＮＩＫＥ 空军一号', 'nike空军一号'],
    ['Νіке 运动鞋', 'nike运动鞋'],
    ['Аdidаs', 'adidas'],
    ['耐⭐克 正品', '耐克正品'],
    ['N-I-K-E 板鞋', 'nike板鞋'],
    ['耐\u200b克', '耐克'],
    ['耐 克', '耐克'],
    ['西湖龍井 明前', '西湖龙井明前'],
    ['雷碧 汽水 330ml', '雷碧汽水330ml'],
    ['⑤常大米 新米', '5常大米新米'],
    ['𝐍𝐢𝐤𝐞 Ⓝⓘⓚⓔ', 'nikenike'],
    ['N1KE', 'nike'],
    ['N@ke', 'nake'],
    ['Ñìké', 'nike'],
    ['⾬', '雨'],
    ['⻗碧', '雨碧'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input).norm).toBe(expected);
  });

  test('records what each unit folded and what each gap removed', () => {
    const n = normalizeCopy('ＮＩＫＥ耐⭐克 西湖龍井 N1KE Νіке');
    const at = (ch: string) => n.norm.indexOf(ch);
    expect(n.flags[0]! & EV.width).toBeTruthy();
    expect(n.gap[at('克')]! & EV.emoji).toBeTruthy();
    expect(n.gap[at('西')]! & EV.separator).toBeTruthy();
    expect(n.flags[at('龙')]! & EV.traditional).toBeTruthy();
    const leet = n.norm.indexOf('nike', 8);
    expect(n.flags[leet + 1]! & EV.digit).toBeTruthy();
    expect(n.flags[n.length - 1]! & EV.lookalike).toBeTruthy();
    expect(n.gap[at('克')]! & EV.separator).toBeFalsy();
  });

  test('zero-width characters are recorded as such', () => {
    const n = normalizeCopy('耐\u200b克');
    expect(n.gap[1]).toBe(EV.zero_width);
  });

  test('maps every normalised unit back to its original UTF-16 span', () => {
    const text = 'ＮＩＫＥ 耐⭐克 𝐍𝐢';
    const n = normalizeCopy(text);
    expect(n.norm).toBe('nike耐克ni');
    expect(source(text, 0, 4)).toBe('ＮＩＫＥ');
    expect(source(text, 4, 6)).toBe('耐⭐克');
    // Astral math letters are two UTF-16 units each.
    expect(source(text, 6, 8)).toBe('𝐍𝐢');
    expect([n.start[6], n.end[6]]).toEqual([9, 11]);
  });

  test('the leet fold applies only between Latin letters', () => {
    expect(normalize('330ml').norm).toBe('330ml');
    expect(normalize('mp3').norm).toBe('mp3');
    expect(normalize('⑤常大米').norm).toBe('5常大米');
    expect(normalize('2024新款').norm).toBe('2024新款');
    // A long digit run between letters is a number, not a disguised letter.
    expect(normalize('a1000b').norm).toBe('a1000b');
    expect(normalize('$100 @home').norm).toBe('100home');
  });

  test('look-alike folds stay out of real Cyrillic and Greek words', () => {
    expect(normalize('гуччи').norm).toBe('гуччи');
    expect(normalize('Привет').norm).toBe('привет');
    expect(normalize('Νіке').norm).toBe('nike');
  });

  test('case alone is not an evasion bit', () => {
    const n = normalizeCopy('NIKE');
    expect(n.norm).toBe('nike');
    expect(Array.from(n.flags)).toEqual([0, 0, 0, 0]);
  });
});

describe('mojibake and replacement characters are a hard break (issue #13)', () => {
  test.each([
    ['Monitor (LC24RG50FQNXZA) ââ‚¬â€œ Computer', 'monitorlc24rg50fqnxza\ufffd\ufffdcomputer'],
    ['cafÃ© Nike', 'caf\ufffdnike'],
    ['Ã¤Ã¤Ã¤ AAA', '\ufffd\ufffd\ufffdaaa'],
    ['ÃÃÃ', '\ufffd\ufffd\ufffd'],
    ['ä¸­å›½', '\ufffd\ufffd'],
    ['Ni\ufffdke Gem\ufffd', 'ni\ufffdkegem\ufffd'],
  ])('%s → %s', (input, expected) => {
    expect(normalize(input).norm).toBe(expected);
  });

  test('digits inside a model code are not leet letters', () => {
    expect(normalize('LC24RG50FQNXZA N1KE AD1DA5').norm).toBe('lc24rg50fqnxzanikeadida5');
  });

  test('real Latin-1 text is not mojibake', () => {
    expect(normalize('GERAÇÃO São CÂMERA NÃO Fuß“ Straße').norm).toBe('geracaosaocameranaofußstraße');
  });

  test('the break keeps the span of the whole sequence', () => {
    const n = normalizeCopy('a â€™ b');
    expect(n.norm).toBe('a\ufffdb');
    expect([n.start[1], n.end[1]]).toEqual([2, 5]);
  });
});
