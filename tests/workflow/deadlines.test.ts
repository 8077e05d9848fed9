import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeDeadline,
  DEADLINE_KINDS,
  DeadlineError,
  defaultDeadlineRules,
  loadDeadlineRules,
  type DeadlinesFile,
} from '../../src/workflow/deadlines.js';

describe('the deadline rules file', () => {
  it('has every kind once, each with its source and effective date', () => {
    const rules = defaultDeadlineRules();
    expect(rules.rules.map((r) => r.kind).sort()).toEqual([...DEADLINE_KINDS].sort());
    for (const r of rules.rules) {
      expect(r.source, r.kind).not.toBe('');
      expect(r.effectiveDate, r.kind).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const byKind = Object.fromEntries(rules.rules.map((r) => [r.kind, r]));
    expect(byKind.counter_notice).toMatchObject({
      amount: 15,
      unit: 'calendar_days',
      effectiveDate: '2019-01-01',
      legal: true,
    });
    expect(byKind.counter_notice?.excludedDelay).toMatchObject({
      maxWorkingDays: 20,
      effectiveDate: '2020-09-14',
    });
    expect(byKind.publicity_same_province).toMatchObject({
      amount: 20,
      unit: 'working_days',
      effectiveDate: '2021-09-01',
    });
    expect(byKind.publicity_other_province).toMatchObject({ amount: 10, unit: 'working_days' });
    expect(byKind.referral_decision).toMatchObject({
      amount: 3,
      unit: 'calendar_days',
      effectiveDate: '2020-08-07',
    });
    expect(byKind.referral_transfer).toMatchObject({ amount: 24, unit: 'hours' });
    expect(byKind.takedown_window).toMatchObject({ amount: 7, legal: false });
    expect(byKind.takedown_window?.basis).toContain('不是法定期限');
  });

  it('rejects a rules file with a kind missing or twice, naming the file and field', () => {
    const good = defaultDeadlineRules();
    const bad = {
      ...good,
      rules: [...good.rules.filter((r) => r.kind !== 'referral_transfer'), good.rules[0]],
    };
    const file = join(mkdtempSync(join(tmpdir(), 'mw-deadlines-')), 'deadlines.json');
    writeFileSync(file, JSON.stringify(bad));
    expect(() => loadDeadlineRules(file)).toThrow(DeadlineError);
    expect(() => loadDeadlineRules(file)).toThrow(
      `${file}: field "rules": rule "counter_notice" appears 2 times (expected once)`,
    );
    expect(() => loadDeadlineRules(file)).toThrow('rule "referral_transfer" appears 0 times');
  });
});

describe('the counter-notice period (EC Law Art. 43)', () => {
  it('runs 15 calendar days from delivery, through the Spring Festival unchanged', () => {
    const d = computeDeadline({ kind: 'counter_notice', start: '2026-02-10T10:00:00+08:00' });
    expect(d).toMatchObject({
      kind: 'counter_notice',
      start: '2026-02-10T10:00:00+08:00',
      dueDate: '2026-02-25',
      due: '2026-02-25T23:59:59+08:00',
      calendar: 'calendar',
      legal: true,
    });
    expect(d.basis).toContain('十五日');
    expect(d.source).toContain('电子商务法');
  });

  it('starts on the China date of delivery (a UTC evening is the next China day)', () => {
    const d = computeDeadline({ kind: 'counter_notice', start: '2026-02-09T17:00:00Z' }); // 10 Feb 01:00 in China
    expect(d.dueDate).toBe('2026-02-25');
  });

  it('adds a recorded excluded delay in working days, across 调休 Saturday 28 Feb', () => {
    const d = computeDeadline({
      kind: 'counter_notice',
      start: '2026-02-10T10:00:00+08:00',
      excludedDelay: { workingDays: 5, reason: '公证' },
    });
    // 25 Feb + 5 working days: 26, 27, Sat 28 (调休), Mon 2, Tue 3 Mar.
    expect(d.dueDate).toBe('2026-03-03');
    expect(d.excludedDelay).toEqual({
      recordedWorkingDays: 5,
      countedWorkingDays: 5,
      capWorkingDays: 20,
      reason: '公证',
    });
    expect(d.basis).toContain('最长不超过20个工作日');
  });

  it('caps the excluded delay at 20 working days (法释〔2020〕9号)', () => {
    const at = (workingDays: number) =>
      computeDeadline({
        kind: 'counter_notice',
        start: '2026-01-20T09:00:00+08:00',
        excludedDelay: { workingDays, reason: '认证' },
      });
    // 15 days → Wed 4 Feb; 20 working days on, over Sat 14 Feb, the festival and Sat 28 Feb → Tue 10 Mar.
    expect(at(0).dueDate).toBe('2026-02-04');
    expect(at(19).dueDate).toBe('2026-03-09');
    expect(at(20).dueDate).toBe('2026-03-10');
    expect(at(45).dueDate).toBe('2026-03-10');
    expect(at(45).excludedDelay).toMatchObject({ recordedWorkingDays: 45, countedWorkingDays: 20 });
  });

  it('refuses a bad delay', () => {
    const start = '2026-02-10T10:00:00+08:00';
    expect(() =>
      computeDeadline({ kind: 'counter_notice', start, excludedDelay: { workingDays: -1, reason: 'x' } }),
    ).toThrow(/非负整数/);
    expect(() =>
      computeDeadline({ kind: 'counter_notice', start, excludedDelay: { workingDays: 2, reason: ' ' } }),
    ).toThrow(/须写明延迟原因/);
    expect(() =>
      computeDeadline({
        kind: 'publicity_same_province',
        start,
        excludedDelay: { workingDays: 2, reason: 'x' },
      }),
    ).toThrow(/没有可扣除的延迟/);
  });
});

describe('working-day periods (Order 45)', () => {
  it('publicity within 20 working days, over the 2026 Mid-Autumn and National Day weeks and their 调休 days', () => {
    // After Fri 18 Sep: Sun 20 Sep (调休) 1, 21–24 → 5, 25–27 off, 28–30 → 8, 1–7 Oct off, 8–9 → 10,
    // Sat 10 Oct (调休) 11, 12–16 → 16, 19–22 → 20.
    const d = computeDeadline({ kind: 'publicity_same_province', start: '2026-09-18T16:00:00+08:00' });
    expect(d).toMatchObject({
      dueDate: '2026-10-22',
      due: '2026-10-22T23:59:59+08:00',
      calendar: 'working',
      amount: 20,
    });
    expect(
      computeDeadline({ kind: 'publicity_other_province', start: '2026-09-18T16:00:00+08:00' }).dueDate,
    ).toBe('2026-10-09');
    expect(
      computeDeadline({ kind: 'publicity_withdrawal', start: '2026-02-12T09:00:00+08:00' }).dueDate,
    ).toBe('2026-02-24');
  });

  it('stops with the year named when the period reaches 2027, which the calendar does not cover', () => {
    expect(() =>
      computeDeadline({ kind: 'publicity_same_province', start: '2026-12-10T09:00:00+08:00' }),
    ).toThrow(/2027/);
  });
});

describe('referral (Order 310 Art. 5)', () => {
  it('the head decides within 3 days; the referral follows within 24 hours', () => {
    expect(computeDeadline({ kind: 'referral_decision', start: '2026-12-04T10:00:00+08:00' })).toMatchObject({
      dueDate: '2026-12-07',
      due: '2026-12-07T23:59:59+08:00',
      calendar: 'calendar',
    });
    expect(computeDeadline({ kind: 'referral_transfer', start: '2026-12-04T15:30:00+08:00' })).toMatchObject({
      due: '2026-12-05T15:30:00+08:00',
      dueDate: '2026-12-05',
      unit: 'hours',
    });
  });
});

describe('the takedown window (product default, not law)', () => {
  it('is 7 calendar days unless the platform has its own', () => {
    const d = computeDeadline({
      kind: 'takedown_window',
      start: '2026-12-04T10:00:00+08:00',
      platform: 'shopa',
    });
    expect(d).toMatchObject({ dueDate: '2026-12-11', legal: false, platform: 'shopa', amount: 7 });

    const rules: DeadlinesFile = structuredClone(defaultDeadlineRules());
    const window = rules.rules.find((r) => r.kind === 'takedown_window');
    if (window) window.platforms = { shopb: { amount: 3, unit: 'working_days', note: 'test value' } };
    const shopb = computeDeadline(
      { kind: 'takedown_window', start: '2026-12-04T10:00:00+08:00', platform: 'shopb' },
      { rules },
    );
    expect(shopb).toMatchObject({ dueDate: '2026-12-09', calendar: 'working', amount: 3 });
  });
});

describe('bad input', () => {
  it('names the field', () => {
    expect(() => computeDeadline({ kind: 'counter_notice', start: '2026-02-10T10:00:00' })).toThrow(
      /start：.*不是带时区的 ISO 时间/,
    );
    expect(() => computeDeadline({ kind: 'counter_notice', start: 'yesterday' })).toThrow(/start/);
    expect(() => computeDeadline({ kind: 'nope' as never, start: '2026-02-10T10:00:00Z' })).toThrow(
      /未知期限类型「nope」/,
    );
  });
});
