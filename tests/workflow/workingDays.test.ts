import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shiftDays } from '../../src/common/chinaTime.js';
import {
  addWorkingDays,
  defaultHolidayCalendar,
  HolidayCalendarError,
  isWorkingDay,
  loadHolidayCalendar,
  workingDaysBetween,
} from '../../src/workflow/workingDays.js';

function workingDaysInYear(year: number): number {
  return workingDaysBetween(`${year}-01-01`, `${year}-12-31`) + (isWorkingDay(`${year}-01-01`) ? 1 : 0);
}

describe('the holiday calendar file', () => {
  it('covers 2024–2026 with each notice cited', () => {
    const cal = defaultHolidayCalendar();
    expect(cal.years).toEqual([2024, 2025, 2026]);
    expect(cal.notices.get(2026)?.number).toBe('国办发明电〔2025〕7号');
    expect(cal.notices.get(2025)?.number).toBe('国办发明电〔2024〕12号');
    expect(cal.notices.get(2024)?.number).toBe('国办发明电〔2023〕7号');
  });

  it('has the notices’ day counts: days off and 调休 working days per year', () => {
    const cal = defaultHolidayCalendar();
    const count = (map: ReadonlyMap<string, string>, year: number) =>
      [...map.keys()].filter((d) => d.startsWith(`${year}-`)).length;
    expect([count(cal.holidays, 2024), count(cal.makeupWorkdays, 2024)]).toEqual([28, 8]);
    expect([count(cal.holidays, 2025), count(cal.makeupWorkdays, 2025)]).toEqual([28, 5]);
    expect([count(cal.holidays, 2026), count(cal.makeupWorkdays, 2026)]).toEqual([33, 6]);
  });

  it('gives the yearly totals of working days counted by hand from the notices', () => {
    // 2024: 262 weekdays − 19 weekday holidays + 8 make-up days; 2025: 261 − 18 + 5; 2026: 261 − 19 + 6.
    expect(workingDaysInYear(2024)).toBe(251);
    expect(workingDaysInYear(2025)).toBe(248);
    expect(workingDaysInYear(2026)).toBe(248);
  });

  it('rejects a bad file, naming the file and every bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mw-holidays-'));
    const file = join(dir, 'holidays.json');
    const year = (y: number, makeup: string, range: [string, string]) => ({
      year: y,
      notice: { title: 't', number: 'n', issued: '2025-11-04', url: 'https://www.gov.cn/x' },
      holidays: [{ name: '春节', nameEn: 'Spring Festival', start: range[0], end: range[1] }],
      makeupWorkdays: [{ date: makeup, for: '春节' }],
    });
    writeFileSync(
      file,
      JSON.stringify({
        source: 's',
        effectiveDate: '2026-01-01',
        notes: [],
        years: [
          year(2026, '2026-02-16', ['2026-02-15', '2026-02-23']),
          year(2026, '2026-02-14', ['2026-02-23', '2026-02-15']),
        ],
      }),
    );
    let error: unknown;
    try {
      loadHolidayCalendar(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HolidayCalendarError);
    const message = (error as Error).message;
    expect(message).toContain(
      `${file}: field "years[0].makeupWorkdays[0].date": a make-up working day is a Saturday or Sunday`,
    );
    expect(message).toContain('field "years[0].makeupWorkdays[0].date": also inside a holiday range');
    expect(message).toContain('field "years[1].holidays[0].end": before start');
    expect(message).toContain('field "years[1].year": year 2026 twice');
  });
});

describe('isWorkingDay', () => {
  it('weekdays work, weekends rest', () => {
    expect(isWorkingDay('2026-12-04')).toBe(true); // Friday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-12-06')).toBe(false); // Sunday
  });

  it('the 2026 Spring Festival: 15–23 Feb off, Saturdays 14 and 28 Feb are working days', () => {
    for (let d = '2026-02-15'; d <= '2026-02-23'; d = shiftDays(d, 1)) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-02-24')).toBe(true);
  });

  it('the 2025 rule change: the eve (除夕) is a holiday from 2025, a working day in 2024', () => {
    expect(isWorkingDay('2025-01-28')).toBe(false); // 除夕 2025, Tuesday
    expect(isWorkingDay('2024-02-09')).toBe(true); // 除夕 2024, Friday: only "encouraged" off
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday, 调休
    // Labour Day: five days off in both years, but 2025 needs one make-up day (27 Apr), 2024 two.
    for (const d of ['2025-05-01', '2025-05-02', '2025-05-05']) expect(isWorkingDay(d), d).toBe(false);
    expect(isWorkingDay('2025-04-27')).toBe(true);
    expect(isWorkingDay('2024-05-11')).toBe(true);
  });

  it('the 2026 National Day and its make-up days', () => {
    expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday
    expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday
    expect(isWorkingDay('2026-10-07')).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true); // Thursday after the week off
  });

  it('an instant counts as its China date', () => {
    expect(isWorkingDay(new Date('2026-02-13T15:59:59Z'))).toBe(true); // Fri 13 Feb, 23:59 in China
    expect(isWorkingDay(new Date('2026-02-14T16:00:00Z'))).toBe(false); // Sun 15 Feb, 00:00 in China
  });

  it('a year the calendar does not cover is an error naming the year', () => {
    expect(() => isWorkingDay('2027-01-04')).toThrow(/未收录2027年.*does not cover 2027; covered: 2024–2026/);
    expect(() => isWorkingDay('2023-12-29')).toThrow(/2023/);
    expect(() => isWorkingDay('2026-02-30')).toThrow(/「2026-02-30」不是 YYYY-MM-DD 日期/);
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('skip weekends', () => {
    expect(addWorkingDays('2026-12-04', 1)).toBe('2026-12-07'); // Fri → Mon
    expect(addWorkingDays('2026-12-05', 1)).toBe('2026-12-07'); // Sat → Mon
    expect(workingDaysBetween('2026-12-04', '2026-12-11')).toBe(5);
  });

  it('cross the 2026 Spring Festival and its make-up Saturdays', () => {
    // Thu 12 Feb: Fri 13 (1), Sat 14 调休 (2), 15–23 off, Tue 24 (3).
    expect(addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    // 11–13 (3), Sat 14 (4), 24–27 (8), Sat 28 (9), Mon 2 Mar (10).
    expect(workingDaysBetween('2026-02-10', '2026-03-02')).toBe(10);
    expect(addWorkingDays('2026-02-10', 10)).toBe('2026-03-02');
    // Without the calendar it would be 14 weekdays.
    expect(addWorkingDays('2026-02-10', 20)).toBe('2026-03-16');
  });

  it('count back with a negative n, and a reversed range is negative', () => {
    expect(addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-24', 0)).toBe('2026-02-24');
    expect(workingDaysBetween('2026-03-02', '2026-02-10')).toBe(-10);
  });

  it('agree with each other over every day of 2026', () => {
    for (let d = '2026-01-01'; d <= '2026-11-30'; d = shiftDays(d, 1)) {
      const n = 7;
      const end = addWorkingDays(d, n);
      expect(workingDaysBetween(d, end), d).toBe(n);
      expect(isWorkingDay(end), d).toBe(true);
    }
  });

  it('stop with the year named when a count runs into 2027', () => {
    expect(() => addWorkingDays('2026-12-20', 10)).toThrow(HolidayCalendarError);
    expect(() => addWorkingDays('2026-12-20', 10)).toThrow(/2027/);
    expect(() => workingDaysBetween('2026-12-20', '2027-01-10')).toThrow(/2027/);
    expect(addWorkingDays('2026-12-20', 8)).toBe('2026-12-30'); // still inside 2026
  });

  it('refuse a fractional count', () => {
    expect(() => addWorkingDays('2026-02-10', 1.5)).toThrow(/不是整数/);
  });
});
