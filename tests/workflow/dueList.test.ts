import { describe, expect, it } from 'vitest';
import { computeDeadline, type DeadlineInput } from '../../src/workflow/deadlines.js';
import { dueList, type OpenDeadline } from '../../src/workflow/dueList.js';

const open = (id: string, input: DeadlineInput): OpenDeadline => ({
  id,
  subject: `线索 #${id}`,
  deadline: computeDeadline(input),
});
const NOW = new Date('2026-12-04T12:00:00+08:00');

const deadlines: OpenDeadline[] = [
  open('far', { kind: 'counter_notice', start: '2026-12-01T09:00:00+08:00' }), // due 16 Dec
  open('soon-2d', { kind: 'takedown_window', start: '2026-11-29T09:00:00+08:00' }), // due 6 Dec 23:59:59
  open('overdue-1d', { kind: 'referral_decision', start: '2026-11-30T09:00:00+08:00' }), // due 3 Dec 23:59:59
  open('overdue-5h', { kind: 'referral_transfer', start: '2026-12-03T07:00:00+08:00' }), // due 4 Dec 07:00
  open('soon-3h', { kind: 'referral_transfer', start: '2026-12-03T15:00:00+08:00' }), // due 4 Dec 15:00
  open('edge-3d', { kind: 'referral_transfer', start: '2026-12-06T12:00:00+08:00' }), // due 7 Dec 12:00: exactly 3 days
];

describe('dueList', () => {
  it('splits overdue and due-soon items, each earliest first, and leaves the rest out', () => {
    const list = dueList(deadlines, NOW);
    expect(list.overdue.map((i) => i.id)).toEqual(['overdue-1d', 'overdue-5h']);
    expect(list.dueSoon.map((i) => i.id)).toEqual(['soon-3h', 'soon-2d', 'edge-3d']);
  });

  it('labels each item in Chinese', () => {
    const list = dueList(deadlines, NOW);
    expect(list.overdue[0]).toMatchObject({
      status: 'overdue',
      statusLabel: '已逾期',
      remainingText: '已逾期 12 小时',
    });
    expect(list.overdue[1]).toMatchObject({ remainingText: '已逾期 5 小时', subject: '线索 #overdue-5h' });
    expect(list.overdue[1]?.deadline.label).toBe('移送公安（批准后）');
    expect(list.dueSoon[0]).toMatchObject({
      status: 'due_soon',
      statusLabel: '即将到期',
      remainingText: '剩余 3 小时',
    });
    const nearlyDue = dueList(deadlines, new Date('2026-12-04T14:30:00+08:00')).dueSoon[0];
    expect(nearlyDue).toMatchObject({ id: 'soon-3h', remainingText: '剩余不足 1 小时' });
    expect(list.dueSoon[1]).toMatchObject({ remainingText: '剩余 2 天' });
  });

  it('takes the due-soon threshold as an option', () => {
    expect(dueList(deadlines, NOW, { dueSoonDays: 0 }).dueSoon).toEqual([]);
    expect(dueList(deadlines, NOW, { dueSoonDays: 14 }).dueSoon.map((i) => i.id)).toEqual([
      'soon-3h',
      'soon-2d',
      'edge-3d',
      'far',
    ]);
    expect(() => dueList(deadlines, NOW, { dueSoonDays: -1 })).toThrow(/dueSoonDays/);
  });

  it('moves an item from due-soon to overdue one second after its due moment', () => {
    const item = [open('x', { kind: 'referral_decision', start: '2026-12-01T09:00:00+08:00' })]; // due 4 Dec 23:59:59
    expect(dueList(item, new Date('2026-12-04T23:59:59+08:00')).dueSoon).toHaveLength(1);
    expect(dueList(item, new Date('2026-12-05T00:00:00+08:00')).overdue).toHaveLength(1);
  });
});
