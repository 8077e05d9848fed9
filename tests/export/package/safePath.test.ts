import { describe, expect, it } from 'vitest';
import { assertSafeSegment } from './safeAssert.js';
import { leadFolderName, safeArchivePath, safeSegment } from '../../../src/export/package/safePath.js';

describe('safeSegment', () => {
  it.each([
    ['../../etc/passwd', '_.._etc_passwd'],
    ['C:\\x', 'C__x'],
    ['a\u0000b', 'a_b'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['..', '_'],
    ['  ', '_'],
    ['=HYPERLINK("http://x")', '=HYPERLINK(_http___x_)'],
    ['<script>alert(1)</script>', '_script_alert(1)__script_'],
    ['耐克 旗舰店', '耐克 旗舰店'],
    ['abc\u202eexe.txt', 'abc_exe.txt'],
  ])('%j → %j', (input, expected) => {
    const out = safeSegment(input);
    expect(out).toBe(expected);
    assertSafeSegment(out);
  });

  it('cuts a 300-character Chinese title on a character boundary, keeping it readable and its extension', () => {
    const title = '耐克运动鞋正品'.repeat(43).slice(0, 300);
    const out = safeSegment(`${title}.html`);
    assertSafeSegment(out);
    expect(out.endsWith('.html')).toBe(true);
    expect(out.startsWith('耐克运动鞋正品耐克')).toBe(true);
    expect([...out.slice(0, -5)].length).toBe(38); // 114 bytes of 3-byte characters
    const emoji = safeSegment('😀'.repeat(100));
    assertSafeSegment(emoji);
  });
});

describe('safeArchivePath', () => {
  it('never climbs out or starts at a root', () => {
    expect(safeArchivePath('../../etc/passwd')).toBe('etc/passwd');
    expect(safeArchivePath('/abs/x.html')).toBe('abs/x.html');
    expect(safeArchivePath('C:\\Windows\\x')).toBe('C_/Windows/x');
    expect(safeArchivePath('./././..')).toBe('_');
    for (const p of ['../a', '..\\..\\b', 'a/../../c', '\u0000/..']) {
      for (const seg of safeArchivePath(p).split('/')) assertSafeSegment(seg);
    }
  });

  it('names a lead folder by its number first', () => {
    expect(leadFolderName(42, '../../etc/passwd')).toBe('lead-000042-.._.._etc_passwd');
    expect(leadFolderName(7, 'CON')).toBe('lead-000007-CON');
  });
});
