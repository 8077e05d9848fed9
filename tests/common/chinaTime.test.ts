import { describe, expect, it } from 'vitest';
import {
  addToDate,
  chinaDate,
  chinaTimestamp,
  isCalendarDate,
  shiftDays,
} from '../../src/common/chinaTime.js';

describe('China time', () => {
  it('the China day turns at 16:00 UTC, whatever the host zone', () => {
    expect(chinaDate(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01-31');
    expect(chinaDate(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
  });

  it('a timestamp is local China time with +08:00, as ICU writes it for Asia/Shanghai', () => {
    const at = '2026-12-31T17:30:05.123Z';
    expect(chinaTimestamp(at)).toBe('2027-01-01T01:30:05+08:00');
    const icu = new Date(at).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(' ', 'T');
    expect(chinaTimestamp(new Date(at))).toBe(`${icu}+08:00`);
  });

  it('adds years and days in the Gregorian calendar', () => {
    expect(addToDate('2024-02-29', 1)).toBe('2025-03-01');
    expect(addToDate('2016-06-01', 10, -1)).toBe('2026-05-31');
    expect(shiftDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-2-28')).toBe(false);
  });
});
