import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { verifyPackage } from '../../../src/export/package/verifyPackage.js';
import type { Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { packageFixture } from './fixture.js';
import { readZip, writeZip } from './zipHelpers.js';

const tempDir = useTempDir('markwatch-pkg-verify-');
let open: Store | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function exported(): Promise<{ dir: string; file: string; zip: Map<string, Buffer> }> {
  const dir = tempDir();
  const fx = await packageFixture(dir);
  open = fx.store;
  const { file } = await fx.exportTo('good.zip');
  return { dir, file, zip: await readZip(file) };
}

async function tampered(dir: string, zip: Map<string, Buffer>, change: (z: Map<string, Buffer>) => void) {
  const copy = new Map(zip);
  change(copy);
  const file = join(dir, 'bad.zip');
  await writeZip(file, copy);
  return verifyPackage(file);
}

const screenshotOf = (zip: Map<string, Buffer>): string =>
  [...zip.keys()].find((n) => n.startsWith('lead-000002-') && n.endsWith('.png')) as string;

describe('verifyPackage', () => {
  it('passes an untouched package, and one rebuilt with the same entries', async () => {
    const { dir, file, zip } = await exported();
    const report = await verifyPackage(file);
    expect(report).toMatchObject({ ok: true, leads: 2, files: 10, problems: [] });
    expect((await tampered(dir, zip, () => undefined)).ok).toBe(true);
  });

  it('names an evidence file with one flipped byte', async () => {
    const { dir, zip } = await exported();
    const name = screenshotOf(zip);
    const report = await tampered(dir, zip, (z) => {
      const bytes = Buffer.from(z.get(name) as Buffer);
      bytes[100] = (bytes[100] as number) ^ 0x01;
      z.set(name, bytes);
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ file: name, message: expect.stringContaining('SHA-256 mismatch') }]);
  });

  it('names a missing file and an extra file', async () => {
    const { dir, zip } = await exported();
    const name = screenshotOf(zip);
    const folder = name.split('/')[0] as string;
    const report = await tampered(dir, zip, (z) => {
      z.delete(name);
      z.set(`${folder}/evidence/planted.html`, Buffer.from('<p>x</p>'));
      z.set('readme.txt', Buffer.from('x'));
    });
    expect(report.problems.map((p) => p.file).sort()).toEqual(
      [`${folder}/evidence/planted.html`, name, 'readme.txt'].sort(),
    );
  });

  it('names an edited manifest whose digest no longer matches', async () => {
    const { dir, zip } = await exported();
    const name = [...zip.keys()].find((n) => n.endsWith('/manifest.json')) as string;
    const report = await tampered(dir, zip, (z) => {
      const m = JSON.parse((z.get(name) as Buffer).toString()) as { right: { registrationNo: string } };
      m.right.registrationNo = '7654321';
      z.set(name, Buffer.from(JSON.stringify(m)));
    });
    expect(report.problems).toEqual([
      { file: name, message: expect.stringContaining('manifest digest mismatch') },
    ]);
  });

  it('names an altered audit entry even when the tamperer recomputes the digest', async () => {
    const { dir, zip } = await exported();
    const name = [...zip.keys()].find((n) => n.endsWith('/manifest.json')) as string;
    const report = await tampered(dir, zip, (z) => {
      const m = JSON.parse((z.get(name) as Buffer).toString()) as {
        custody: { audit: { rows: Array<{ actor?: string }> } };
      };
      const row = m.custody.audit.rows.find((r) => r.actor) as { actor: string };
      row.actor = 'someone-else';
      z.set(name, Buffer.from(JSON.stringify(m)));
      const digest = createHash('sha256')
        .update(canonicalize(m) as string)
        .digest('hex');
      z.set(name.replace('manifest.json', 'manifest.sha256'), Buffer.from(`${digest}  manifest.json\n`));
    });
    expect(report.ok).toBe(false);
    expect(report.problems[0]?.file).toBe(name);
    expect(report.problems[0]?.message).toContain('hash mismatch: altered');
  });
});
