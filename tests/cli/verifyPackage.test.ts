import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { seedExportLeads } from '../../src/tools/bench/exportSeed.js';
import { readZip, writeZip } from '../export/package/zipHelpers.js';
import { runCli } from '../helpers/runCli.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir('markwatch-cli-verify-');
let open: Store | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

describe('markwatch leads export / verify', () => {
  it('exports, verifies (exit 0), and names the one altered file (exit 1)', async () => {
    const dir = tempDir();
    open = await openStore(dir);
    await seedExportLeads(open, { leads: 3, screenshotBytes: 1024 });
    await open.close();
    open = null;
    const out = join(dir, '导出.zip');
    const exported = await runCli(
      dir,
      'leads',
      '--as',
      'staff',
      'export',
      '3',
      '1',
      '--out',
      out,
      '--no-documents',
    );
    expect(exported.err).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('已导出 2 条线索');
    expect(readdirSync(dir).filter((f) => f.includes('.partial'))).toEqual([]);

    const ok = await runCli(dir, 'verify', out);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('校验通过');
    expect(ok.out).toContain('2 条线索');
    expect(ok.out.match(/导出时已记入审计日志/g)).toHaveLength(2);

    const zip = await readZip(out);
    const html = [...zip.keys()].find((n) => n.startsWith('lead-000003-') && n.endsWith('.html')) as string;
    const bytes = Buffer.from(zip.get(html) as Buffer);
    bytes[0] = (bytes[0] as number) ^ 0x20;
    zip.set(html, bytes);
    const bad = join(dir, 'bad.zip');
    await writeZip(bad, zip);
    const failed = await runCli(dir, 'verify', bad);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain(html);
    expect(failed.err.trim().split('\n')).toHaveLength(1);
  });

  it('finds a package in the audit log of the office that issued it, and not elsewhere', async () => {
    const issuing = tempDir();
    open = await openStore(issuing);
    await seedExportLeads(open, { leads: 1, screenshotBytes: 1024 });
    await open.close();
    open = null;
    const out = join(issuing, 'p.zip');
    await runCli(issuing, 'leads', '--as', 'staff', 'export', '1', '--out', out, '--no-documents');
    const here = await runCli(issuing, 'verify', out, '--recorded');
    expect(here.code).toBe(0);
    // Another office's data directory never recorded this digest: self-consistent, but not issued there.
    const other = tempDir();
    open = await openStore(other);
    await open.close();
    open = null;
    const elsewhere = await runCli(other, 'verify', out);
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.out).toContain('未见于本数据目录的审计日志');
    const strict = await runCli(other, 'verify', out, '--recorded');
    expect(strict.code).toBe(1);
    expect(strict.err).toContain('未见于审计日志');
  });

  it('refuses an unknown lead and leaves no file', async () => {
    const dir = tempDir();
    open = await openStore(dir);
    await seedExportLeads(open, { leads: 1, screenshotBytes: 1024 });
    await open.close();
    open = null;
    const out = join(dir, 'x.zip');
    await expect(runCli(dir, 'leads', '--as', 'staff', 'export', '1', '9', '--out', out)).rejects.toThrow(
      /线索 9 不存在/,
    );
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('x.zip'))).toEqual([]);
  });
});
