import { describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  AuditEntryError,
  auditCanonicalJson,
  auditEntryHash,
  chainEntry,
  verifyChain,
  type AuditEntry,
  type AuditEntryInput,
} from '../../src/common/auditChain.js';

function input(n: number): AuditEntryInput {
  return {
    at: `2026-12-04T10:${String(n).padStart(2, '0')}:00.000Z`,
    actor: 'staff-li',
    role: 'staff',
    osUser: 'li',
    action: 'lead.transition',
    subjectType: 'lead',
    subjectId: String(n),
    detail: { from: 'new', to: 'reviewing', why: `复核 ${n}` },
  };
}

/** A valid chain of `n` entries, seq 1..n. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) out.push(chainEntry(out[out.length - 1] ?? null, input(i)));
  return out;
}

describe('the canonical form and hash of an entry', () => {
  it('is the same whatever the key order of the entry and its detail', () => {
    const [e] = chain(1);
    const reordered = {
      hash: e!.hash,
      prevHash: e!.prevHash,
      detail: { why: e!.detail.why, to: 'reviewing', from: 'new' },
      subjectId: e!.subjectId,
      subjectType: e!.subjectType,
      action: e!.action,
      osUser: e!.osUser,
      role: e!.role,
      actor: e!.actor,
      at: e!.at,
      seq: e!.seq,
    };
    expect(auditCanonicalJson(reordered)).toBe(auditCanonicalJson(e!));
    expect(auditEntryHash(reordered)).toBe(e!.hash);
  });

  it('is pinned: a change to the serialisation would orphan every stored chain', () => {
    const e = chainEntry(null, input(1));
    expect(auditCanonicalJson(e)).toBe(
      '{"action":"lead.transition","actor":"staff-li","at":"2026-12-04T10:01:00.000Z",' +
        '"detail":{"from":"new","to":"reviewing","why":"复核 1"},"osUser":"li",' +
        `"prevHash":"${AUDIT_GENESIS_HASH}","role":"staff","seq":1,"subjectId":"1","subjectType":"lead"}`,
    );
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(e.hash).toBe(chainEntry(null, input(1)).hash);
  });

  it('covers every field: changing any one changes the hash', () => {
    const e = chainEntry(null, input(1));
    const variants = [
      { ...e, seq: 2 },
      { ...e, at: '2026-12-04T10:01:00.001Z' },
      { ...e, actor: 'staff-wang' },
      { ...e, role: 'holder' },
      { ...e, osUser: 'root' },
      { ...e, action: 'lead.close' },
      { ...e, subjectType: 'finding' },
      { ...e, subjectId: '2' },
      { ...e, detail: { ...e.detail, to: 'dismissed' } },
      { ...e, prevHash: 'f'.repeat(64) },
    ];
    for (const v of variants) expect(auditEntryHash(v)).not.toBe(e.hash);
  });

  it('links each entry to the one before, starting from the genesis hash', () => {
    const [a, b, c] = chain(3);
    expect(a!.seq).toBe(1);
    expect(a!.prevHash).toBe(AUDIT_GENESIS_HASH);
    expect(b!.prevHash).toBe(a!.hash);
    expect(c!.seq).toBe(3);
    expect(c!.prevHash).toBe(b!.hash);
  });

  it('refuses an entry with a bad field, naming it', () => {
    expect(() => chainEntry(null, { ...input(1), at: '2026-12-04 10:00' })).toThrow(AuditEntryError);
    expect(() => chainEntry(null, { ...input(1), at: '2026-12-04T18:00:00+08:00' })).toThrow(/at:/);
    expect(() => chainEntry(null, { ...input(1), actor: '' })).toThrow(/actor:/);
    expect(() => chainEntry(null, { ...input(1), detail: { amount: Number.NaN } })).toThrow(/detail:/);
    expect(() => chainEntry(null, { ...input(1), extra: 1 } as AuditEntryInput)).toThrow(/审计记录无效/);
  });
});

describe('verifyChain', () => {
  it('passes an intact chain and an empty one', () => {
    const rows = chain(20);
    const report = verifyChain(rows);
    expect(report).toEqual({
      ok: true,
      rows: 20,
      problems: [],
      head: { seq: 20, hash: rows[19]!.hash },
    });
    expect(verifyChain([])).toEqual({ ok: true, rows: 0, problems: [], head: null });
  });

  it('finds an altered row and names it', () => {
    const rows = chain(20);
    rows[11] = { ...rows[11]!, detail: { ...rows[11]!.detail, to: 'dismissed' } };
    const report = verifyChain(rows);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      {
        kind: 'altered',
        seq: 12,
        position: 11,
        message: '第 12 条审计记录内容被修改 (audit row seq 12 was altered)',
      },
    ]);
  });

  it('finds a row altered and re-hashed by the break in the links after it', () => {
    const rows = chain(10);
    const forged = { ...rows[4]!, actor: 'staff-wang' };
    rows[4] = { ...forged, hash: auditEntryHash(forged) };
    const report = verifyChain(rows);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind: 'broken_link', seq: 6, atSeq: 5 });
    expect(report.problems[0]!.message).toContain('第 5 条与第 6 条审计记录之间的哈希链断开');
  });

  it('finds a deleted row, and a deleted run of rows, naming them', () => {
    const rows = chain(20);
    const report = verifyChain([...rows.slice(0, 6), ...rows.slice(7, 14), ...rows.slice(17)]);
    expect(report.problems).toEqual([
      {
        kind: 'deleted',
        seq: 7,
        toSeq: 7,
        position: 6,
        message: '第 7 条审计记录被删除 (audit row seq 7 was deleted)',
      },
      {
        kind: 'deleted',
        seq: 15,
        toSeq: 17,
        position: 13,
        message: '第 15–17 条审计记录被删除 (audit rows seq 15–17 were deleted)',
      },
    ]);
  });

  it('finds deleted first rows, and deleted newest rows when the highest seq written is known', () => {
    const rows = chain(10);
    expect(verifyChain(rows.slice(2)).problems).toMatchObject([{ kind: 'deleted', seq: 1, toSeq: 2 }]);
    const tail = verifyChain(rows.slice(0, 8), { lastSeq: 10 });
    expect(tail.problems).toEqual([
      {
        kind: 'deleted',
        seq: 9,
        toSeq: 10,
        position: 8,
        message: '第 9–10 条审计记录（最末的记录）被删除 (audit rows seq 9–10, the newest, were deleted)',
      },
    ]);
    expect(verifyChain(rows, { lastSeq: 10 }).ok).toBe(true);
  });

  it('finds two swapped rows (contents exchanged under their seq) and names both', () => {
    const rows = chain(20);
    const [five, six] = [rows[4]!, rows[5]!];
    rows[4] = { ...six, seq: 5 };
    rows[5] = { ...five, seq: 6 };
    const report = verifyChain(rows);
    expect(report.problems).toEqual([
      {
        kind: 'reordered',
        seq: 6,
        atSeq: 5,
        position: 4,
        message:
          '第 6 条审计记录出现在第 5 条的位置：记录顺序被调换 (audit row seq 6 was found in the place of seq 5: rows swapped or reordered)',
      },
      {
        kind: 'reordered',
        seq: 5,
        atSeq: 6,
        position: 5,
        message:
          '第 5 条审计记录出现在第 6 条的位置：记录顺序被调换 (audit row seq 5 was found in the place of seq 6: rows swapped or reordered)',
      },
    ]);
  });

  it('finds rows swapped far apart, and rows out of seq order', () => {
    const rows = chain(30);
    const [three, twentyFive] = [rows[2]!, rows[24]!];
    rows[2] = { ...twentyFive, seq: 3 };
    rows[24] = { ...three, seq: 25 };
    expect(verifyChain(rows).problems.map((p) => [p.kind, p.seq, p.atSeq])).toEqual([
      ['reordered', 25, 3],
      ['reordered', 3, 25],
    ]);
    const moved = chain(5);
    const out = verifyChain([moved[0]!, moved[2]!, moved[1]!, moved[3]!, moved[4]!]);
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => p.kind)).toContain('out_of_order');
    expect(out.problems.find((p) => p.kind === 'out_of_order')!.message).toContain(
      '第 2 条审计记录排在第 3 条之后',
    );
  });

  it('reports each of several problems in one pass, in order', () => {
    const rows = chain(20);
    rows[2] = { ...rows[2]!, actor: 'x' };
    const [ten, eleven] = [rows[9]!, rows[10]!];
    rows[9] = { ...eleven, seq: 10 };
    rows[10] = { ...ten, seq: 11 };
    rows.splice(15, 1);
    const report = verifyChain(rows);
    expect(report.problems.map((p) => `${p.kind}:${p.seq}`)).toEqual([
      'altered:3',
      'reordered:11',
      'reordered:10',
      'deleted:16',
    ]);
  });

  it('reports an unreadable row as altered', () => {
    const rows: Parameters<typeof verifyChain>[0] = chain(3);
    const list = [...rows];
    list[1] = {
      seq: 2,
      prevHash: (list[1] as AuditEntry).prevHash,
      hash: (list[1] as AuditEntry).hash,
      unreadable: 'detail_json is not the canonical JSON that was written',
    };
    expect(verifyChain(list).problems).toMatchObject([{ kind: 'altered', seq: 2 }]);
  });
});
