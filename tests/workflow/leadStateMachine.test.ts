import { describe, expect, it } from 'vitest';
import {
  allowedNext,
  illegalTransitionMessage,
  LEAD_EDGES,
  LEAD_STATE_LABELS,
  LEAD_STATES,
  leadEdge,
  LeadTransitionError,
  transition,
  type LeadState,
} from '../../src/workflow/leadStateMachine.js';

const AT = '2026-12-04T06:00:00.000Z';
const input = { actor: 'officer-li', at: AT, reason: '复核后认定' };

describe('the transition table', () => {
  it('lists each edge once, each with why it exists', () => {
    const keys = LEAD_EDGES.map((e) => `${e.from}>${e.to}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const e of LEAD_EDGES) {
      expect(e.why.length, `${e.from}>${e.to}`).toBeGreaterThan(10);
      expect(e.from).not.toBe(e.to);
    }
  });

  it('the issue’s main line is legal end to end', () => {
    const line: LeadState[] = [
      'new',
      'reviewing',
      'confirmed',
      'notice_sent',
      'counter_noticed',
      'complaint_filed',
      'closed',
    ];
    for (let i = 1; i < line.length; i += 1)
      expect(leadEdge(line[i - 1]!, line[i]!), `${line[i - 1]}>${line[i]}`).toBeDefined();
    expect(leadEdge('counter_noticed', 'restored')).toBeDefined();
    expect(leadEdge('restored', 'closed')).toBeDefined();
  });

  it('every state is reachable from new, and every state has a way on', () => {
    const seen = new Set<LeadState>(['new']);
    const queue: LeadState[] = ['new'];
    while (queue.length > 0) {
      for (const next of allowedNext(queue.shift()!)) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    expect([...seen].sort()).toEqual([...LEAD_STATES].sort());
    for (const s of LEAD_STATES) expect(allowedNext(s).length, s).toBeGreaterThan(0);
  });

  it('dismissing, closing and reopening need a reason; the workflow events do not', () => {
    for (const e of LEAD_EDGES) {
      const reopen = e.to === 'reviewing' && e.from !== 'new';
      const expected =
        e.to === 'dismissed' ||
        e.to === 'closed' ||
        reopen ||
        (e.from === 'referred' && e.to === 'confirmed');
      expect(e.needsReason, `${e.from}>${e.to}`).toBe(expected);
    }
  });

  it('a relisting re-opens a taken-down, published or closed lead', () => {
    for (const from of ['taken_down', 'published', 'closed'] as const)
      expect(allowedNext(from)).toContain('reviewing');
  });
});

describe('transition: the full matrix', () => {
  for (const from of LEAD_STATES) {
    for (const to of LEAD_STATES) {
      const edge = leadEdge(from, to);
      if (edge) {
        it(`${from} → ${to} is allowed`, () => {
          const result = transition(from, to, input);
          expect(result).toEqual({
            ok: true,
            record: { from, to, actor: 'officer-li', at: AT, reason: '复核后认定' },
          });
        });
      } else {
        it(`${from} → ${to} is refused, naming the state and the allowed steps`, () => {
          const result = transition(from, to, input);
          expect(result.ok).toBe(false);
          if (result.ok) return;
          const allowed = allowedNext(from);
          expect(result.error).toBeInstanceOf(LeadTransitionError);
          expect(result.error.code).toBe('workflow.transition');
          expect(result.error.message).toBe(illegalTransitionMessage(from, to));
          expect(result.error.message).toContain(
            `状态「${LEAD_STATE_LABELS[from]}」不能转为「${LEAD_STATE_LABELS[to]}」`,
          );
          expect(result.error.message).toContain(
            `允许：${allowed.map((s) => LEAD_STATE_LABELS[s]).join('、')}`,
          );
          expect(result.error.message).toContain(
            `(cannot move from ${from} to ${to}; allowed: ${allowed.join(', ')})`,
          );
          expect(result.error.allowed).toEqual(allowed);
        });
      }
    }
  }

  it('the brief’s example message, word for word', () => {
    const result = transition('notice_sent', 'confirmed', input);
    expect(result.ok ? null : result.error.message).toBe(
      '状态「已通知平台」不能转为「已确认」；允许：已删除、已驳回、已收到不侵权声明 ' +
        '(cannot move from notice_sent to confirmed; allowed: taken_down, rejected, counter_noticed)',
    );
  });
});

describe('transition: the record and its checks', () => {
  it('refuses a step that needs a reason without one, for every such edge', () => {
    for (const e of LEAD_EDGES.filter((x) => x.needsReason)) {
      for (const reason of [undefined, null, '', '   ']) {
        const result = transition(e.from, e.to, { actor: 'a', at: AT, reason });
        expect(result.ok, `${e.from}>${e.to}`).toBe(false);
        if (!result.ok)
          expect(result.error.message).toContain(
            `须写明理由 (a reason is required to move from ${e.from} to ${e.to})`,
          );
      }
    }
  });

  it('records a step without a reason as null, and the time as an ISO instant', () => {
    const result = transition('new', 'reviewing', {
      actor: ' staff-1 ',
      at: new Date('2026-12-04T14:00:00+08:00'),
    });
    expect(result).toEqual({
      ok: true,
      record: { from: 'new', to: 'reviewing', actor: 'staff-1', at: AT, reason: null },
    });
  });

  it('refuses a missing actor, a bad time and unknown states', () => {
    const noActor = transition('new', 'reviewing', { actor: ' ', at: AT });
    expect(noActor.ok ? '' : noActor.error.message).toContain('actor is required');
    const badTime = transition('new', 'reviewing', { actor: 'a', at: 'soon' });
    expect(badTime.ok ? '' : badTime.error.message).toContain('时间「soon」无效');
    const unknownFrom = transition('noticed', 'taken_down', input);
    expect(unknownFrom.ok ? '' : unknownFrom.error.message).toContain('未知的当前状态「noticed」');
    const unknownTo = transition('new', 'approved', input);
    expect(unknownTo.ok ? '' : unknownTo.error.message).toContain('未知的目标状态「approved」');
  });
});
