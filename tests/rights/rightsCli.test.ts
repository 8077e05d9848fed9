import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseActor } from '../../src/cli/commands/rights.js';
import { runCli } from '../helpers/runCli.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

const run = runCli;

afterEach(() => {
  process.exitCode = undefined;
});

const RIGHTS = {
  rights: [
    {
      id: 'tm-1',
      kind: 'trademark',
      name: '艾克美',
      registrationNo: '12345678',
      niceClasses: [25],
      owner: '艾克美有限公司',
      validFrom: '2020-01-01',
      validTo: '2099-12-31',
    },
    {
      id: 'gi-1',
      kind: 'gi',
      name: '西湖龙井',
      category: '茶叶',
      protectedArea: { regionCodes: ['330106'], text: '杭州市西湖区' },
    },
  ],
};

describe('markwatch rights (CLI)', () => {
  it('parses --as', () => {
    expect(parseActor('staff')).toEqual({ role: 'staff', accountId: 'staff' });
    expect(parseActor('staff:officer-7')).toEqual({ role: 'staff', accountId: 'officer-7' });
    expect(parseActor('holder:acme')).toEqual({ role: 'holder', accountId: 'acme' });
    expect(() => parseActor('holder')).toThrow(/holder:ID/);
    expect(() => parseActor('admin')).toThrow(/not staff/);
    expect(() => parseActor(undefined)).toThrow(/--as/);
  });

  it('holder imports (pending), staff approve / reject / retire, list and show the history', async () => {
    const dir = tempDir();
    const file = join(dir, 'rights.json');
    writeFileSync(file, JSON.stringify(RIGHTS));
    const imported = await run(dir, 'rights', '--as', 'holder:acme', 'import', file);
    expect(imported.out).toContain('新增 2');
    let list = await run(dir, 'rights', '--as', 'staff', 'list', '--status', 'pending', '--json');
    expect((JSON.parse(list.out) as { id: string }[]).map((e) => e.id)).toEqual(['gi-1', 'tm-1']);

    expect((await run(dir, 'rights', '--as', 'staff:o1', 'approve', 'tm-1')).out).toContain(
      'tm-1: 有效 (active)',
    );
    expect(
      (await run(dir, 'rights', '--as', 'staff:o1', 'reject', 'gi-1', '--reason', '非权利人')).out,
    ).toContain('已驳回');
    await expect(run(dir, 'rights', '--as', 'staff', 'reject', 'gi-1')).rejects.toThrow(/--reason/);
    await expect(run(dir, 'rights', '--as', 'holder:acme', 'approve', 'tm-1')).rejects.toThrow(/staff only/);
    await expect(run(dir, 'rights', '--as', 'holder:beta', 'show', 'tm-1')).rejects.toThrow(/not found/);

    const shown = await run(dir, 'rights', '--as', 'holder:acme', 'show', 'tm-1');
    expect(shown.out).toContain('import');
    expect(shown.out).toContain('staff:o1');

    list = await run(dir, 'rights', '--as', 'holder:beta', 'list', '--json');
    expect(JSON.parse(list.out)).toEqual([]);

    const exported = await run(dir, 'rights', '--as', 'staff', 'export');
    expect((JSON.parse(exported.out) as { rights: { id: string }[] }).rights.map((r) => r.id)).toEqual([
      'tm-1',
    ]);

    await run(dir, 'rights', '--as', 'holder:acme', 'retire', 'tm-1', '--reason', '转让');
    expect(JSON.parse((await run(dir, 'rights', '--as', 'staff', 'export')).out)).toEqual({ rights: [] });

    const notes = await run(dir, 'rights', '--as', 'holder:acme', 'notifications', '--unread', '--mark-read');
    expect(notes.out).toContain('approved');
    expect(notes.out).toContain('rejected');
    expect((await run(dir, 'rights', '--as', 'holder:acme', 'notifications', '--unread')).out).not.toContain(
      'approved',
    );
  });

  it('a bad import exits 1, lists every problem with its line and column, and writes nothing', async () => {
    const dir = tempDir();
    const csv = join(dir, 'bad.csv');
    writeFileSync(
      csv,
      [
        'id,kind,name,registrationNo,niceClasses,owner,validFrom,validTo',
        'tm-a,trademark,甲,1001,25,甲公司,2020-01-01,2030-01-01',
        'tm-b,trademark,乙,1002,46,乙公司,2020-01-01,2030-01-01',
        'tm-c,trademark,丙,1003,25,丙公司,2031-01-01,2030-01-01',
      ].join('\n'),
    );
    const result = await run(dir, 'rights', '--as', 'staff', 'import', csv, '--approve');
    expect(result.code).toBe(1);
    expect(result.err).toContain('nothing was written');
    expect(result.err).toContain('第 3 行 (line 3) (right "tm-b"): niceClasses (niceClasses[0])');
    expect(result.err).toContain('第 4 行 (line 4) (right "tm-c"): validTo');
    expect(JSON.parse((await run(dir, 'rights', '--as', 'staff', 'list', '--json')).out)).toEqual([]);
  });

  it('exports CSV to a file and imports it back (dry run first)', async () => {
    const dir = tempDir();
    const file = join(dir, 'rights.json');
    writeFileSync(file, JSON.stringify(RIGHTS));
    await run(dir, 'rights', '--as', 'staff', 'import', file, '--approve');
    const out = join(dir, 'out.csv');
    const exported = await run(dir, 'rights', '--as', 'staff', 'export', '--out', out);
    expect(exported.err).toContain('2 项权利');
    expect(readFileSync(out, 'utf8')).toContain('gi-1,gi,西湖龙井');
    const other = tempDir();
    const dry = await run(other, 'rights', '--as', 'staff', 'import', out, '--dry-run');
    expect(dry.out).toContain('dry run');
    expect(JSON.parse((await run(other, 'rights', '--as', 'staff', 'list', '--json')).out)).toEqual([]);
    await run(other, 'rights', '--as', 'staff', 'import', out, '--approve');
    expect((await run(other, 'rights', '--as', 'staff', 'export', '--format', 'csv')).out).toBe(
      readFileSync(out, 'utf8'),
    );
  });
});
