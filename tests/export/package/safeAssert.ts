import { expect } from 'vitest';
import { MAX_SEGMENT_BYTES } from '../../../src/export/package/safePath.js';

/** What every produced segment must satisfy, on any OS's unzip. */
export function assertSafeSegment(seg: string): void {
  expect(seg).not.toBe('');
  expect(seg).not.toMatch(/^\.{1,2}$/);
  expect(seg).not.toMatch(/[\u0000-\u001f\u007f<>:"/\\|?*]/u);
  expect(seg).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i);
  expect(seg).not.toMatch(/[ .]$/);
  expect(Buffer.byteLength(seg, 'utf8')).toBeLessThanOrEqual(MAX_SEGMENT_BYTES);
  expect(seg).toBe(seg.normalize('NFC'));
  expect(seg).not.toMatch(/[\ud800-\udfff]/u); // no half a character left by a cut
}
