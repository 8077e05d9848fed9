import { describe, expect, it } from 'vitest';
import { safeEntryPath, safeSegment } from '../../../src/export/package/safePath.js';

describe('archive entry names', () => {
  it('never climb out, are never absolute, and carry no control or direction characters', () => {
    const climbed = safeEntryPath('evidence', '../../etc', 'passwd');
    expect(climbed).toBe('evidence/_.._etc/passwd');
    expect(climbed.split('/').filter((s) => s === '..' || s === '.')).toEqual([]);
    expect(safeEntryPath('evidence', '..', '.')).toBe('evidence/_/_');
    expect(safeEntryPath('/abs', 'C:\\win')).toBe('_abs/C__win');
    expect(safeSegment('a/b\\c')).toBe('a_b_c');
    expect(safeSegment('x\u0000y\u001b[31mz\u202Egnp.exe')).toBe('x_y_[31mz_gnp.exe');
    expect(safeSegment('耐\u200b克\ufeff')).toBe('耐_克_');
    expect(safeSegment('  ...  ')).toBe('_');
  });

  it('keeps Chinese titles readable, refuses Windows device names, and shortens long names keeping the extension', () => {
    expect(safeSegment('耐克 空军一号 <script>.html')).toBe('耐克 空军一号 _script_.html');
    expect(safeSegment('=HYPERLINK("http://x")')).toBe('=HYPERLINK(_http___x_)');
    expect(safeSegment('CON')).toBe('_CON');
    expect(safeSegment('aux.txt')).toBe('_aux.txt');
    const long = safeSegment(`${'鞋'.repeat(200)}.html`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
    expect([...long]).toHaveLength(38 + 5);
    expect(long.endsWith('.html')).toBe(true);
    // Composed and decomposed forms give the same name.
    expect(safeSegment('e\u0301')).toBe(safeSegment('\u00e9'));
  });
});
