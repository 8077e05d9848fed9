import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { runCli } from '../../helpers/runCli.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { docsFixture, SELLER } from './docsFixture.js';
import { zipEntries } from './zipEntries.js';

const tempDir = useTempDir();

describe('markwatch export', () => {
  it('writes each document, needs --as staff, and records every export in the audit log', async () => {
    const dir = tempDir();
    const { store, dataDir, leadId } = await docsFixture(dir);
    await store.close();
    const out = (name: string) => join(dir, name);

    const refused = runCli(
      dataDir,
      'export',
      'publicity',
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-31',
      '--out',
      out('p.html'),
    );
    await expect(refused).rejects.toThrow(/--as/);
    expect(existsSync(out('p.html'))).toBe(false);

    const as = ['--as', 'staff:li'];
    const pub = await runCli(
      dataDir,
      'export',
      ...as,
      'publicity',
      '--from',
      '2026-12-01',
      '--to',
      '2026-12-31',
      '--out',
      out('p.csv'),
    );
    expect(pub.out).toContain('2 条');
    expect(readFileSync(out('p.csv'), 'utf8')).not.toContain(SELLER);

    const zip = await runCli(
      dataDir,
      'export',
      ...as,
      'referral',
      String(leadId),
      '--out',
      out('r.zip'),
      '--police',
      '莆田市公安局',
    );
    expect(zip.out).toContain('立案标准版本');
    const names = (await zipEntries(readFileSync(out('r.zip')))).map((e) => e.name);
    expect(names).toContain('02-移送附件清单.html');
    expect(names.filter((n) => n.startsWith('evidence/'))).toHaveLength(4);

    const letter = await runCli(
      dataDir,
      'export',
      ...as,
      'transfer-letter',
      String(leadId),
      '--out',
      out('t.html'),
    );
    expect(letter.out).toContain('线索通报函');
    expect(readFileSync(out('t.html'), 'utf8')).toContain('<h1>');

    const cases = await runCli(dataDir, 'export', ...as, 'cases', String(leadId), '--out', out('c.xlsx'));
    expect(cases.out).toContain('1 个案例');

    await expect(
      runCli(dataDir, 'export', ...as, 'cases', String(leadId), '--out', out('c.csv')),
    ).rejects.toThrow(/\.xlsx/);

    const audit = await openStore(dataDir);
    const actions = (await audit.audit.list()).filter((e) => e.action.startsWith('export.'));
    expect(actions.map((e) => [e.action, e.actor])).toEqual([
      ['export.publicity', 'li'],
      ['export.referral_package', 'li'],
      ['export.transfer_letter', 'li'],
      ['export.typical_cases', 'li'],
    ]);
    expect((await audit.audit.verify()).ok).toBe(true);
    await audit.close();
  });
});
