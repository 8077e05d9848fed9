import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeReferralPackageFile } from '../../../src/export/referral/referralPackage.js';
import { referLead } from '../../../src/workflow/referral.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { docsFixture, HOSTILE_SCRIPT, staff } from './docsFixture.js';
import { zipEntries } from './zipEntries.js';

const tempDir = useTempDir();
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const OPTIONS = { date: '2026-12-04', police: '杭州市公安局', actor: 'staff-1' };

async function referred(dir: string) {
  const fx = await docsFixture(dir);
  await referLead(
    fx.deps,
    fx.leadId,
    '销售假冒注册商标的商品，数额较大',
    [
      { code: 'referral_letter', ref: '杭市监移〔2026〕3号' },
      { code: 'inspection_reports', ref: '耐克公司鉴定意见 2026-11-20' },
    ],
    staff(),
  );
  return { ...fx, referral: { ...fx.deps, blobs: fx.store.blobs, audit: fx.store.audit } };
}

describe('referral package', () => {
  it('holds the letter, the Art. 6 list naming every evidence file with its hash, the threshold version, and the evidence', async () => {
    const dir = tempDir();
    const { store, leadId, evidence, referral } = await referred(dir);
    const out = join(dir, 'referral.zip');
    const result = await writeReferralPackageFile(referral, leadId, OPTIONS, out);
    expect(result.evidenceCount).toBe(4);
    const entries = await zipEntries(readFileSync(out));
    const names = entries.map((e) => e.name);
    expect(names[0]).toBe('01-涉嫌犯罪案件移送书.html');
    expect(names.at(-1)).toBe('manifest.json');
    for (const n of names) {
      expect(n).not.toMatch(/^\/|\.\.|[\u0000-\u001f\\]/);
    }
    const body = (name: string) => entries.find((e) => e.name === name)!.body;
    // Each evidence file is the captured bytes (decompressed), and the attachment list names it with its hash.
    const list = body('02-移送附件清单.txt').toString('utf8');
    for (const ev of evidence) {
      const entry = entries.find((e) => e.name.startsWith(`evidence/shopa/${ev.listingId}/${ev.kind}-`))!;
      expect(entry.body.equals(ev.bytes)).toBe(true);
      expect(sha(entry.body)).toBe(ev.sha256);
      expect(list).toContain(`${entry.name} | ${ev.bytes.length} | ${ev.sha256}`);
    }
    expect(list).toContain('涉嫌犯罪案件移送书');
    expect(list).toContain('杭市监移〔2026〕3号');
    expect(list).toContain('耐克公司鉴定意见 2026-11-20');
    // The manifest's hashes are those of the entries.
    const manifest = JSON.parse(body('manifest.json').toString('utf8')) as {
      files: { path: string; sha256: string; bytes: number }[];
      threshold: { version: string; article: string };
    };
    expect(manifest.files.map((f) => f.path).sort()).toEqual(
      names.filter((n) => n !== 'manifest.json').sort(),
    );
    for (const f of manifest.files) expect(sha(body(f.path))).toBe(f.sha256);
    // The amount estimate names the threshold version and the article.
    const amount = body('06-涉案金额估算.txt').toString('utf8');
    expect(amount).toContain(`标准版本：${manifest.threshold.version}`);
    expect(amount).toContain(`刑法第${manifest.threshold.article}条`);
    expect(amount).toMatch(/¥300\.00 \| 100 \| ¥30,000\.00/);
    const letter = body('01-涉嫌犯罪案件移送书.txt').toString('utf8');
    expect(letter).toContain('杭州市公安局：');
    expect(letter).toContain('国务院令第310号');
    // Hostile listing text is escaped in every HTML document.
    for (const e of entries.filter((x) => x.name.endsWith('.html') && !x.name.startsWith('evidence/'))) {
      expect(e.body.toString('utf8')).not.toMatch(/<script/i);
    }
    expect(body('04-涉案商品及证据清单.html').toString('utf8')).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(body('04-涉案商品及证据清单.txt').toString('utf8')).toContain(HOSTILE_SCRIPT);
    await store.close();
  });

  it('gives the same bytes for the same lead state and date', async () => {
    const dir = tempDir();
    const { store, leadId, referral } = await referred(dir);
    await writeReferralPackageFile(referral, leadId, OPTIONS, join(dir, 'a.zip'));
    await writeReferralPackageFile(referral, leadId, OPTIONS, join(dir, 'b.zip'));
    expect(readFileSync(join(dir, 'a.zip')).equals(readFileSync(join(dir, 'b.zip')))).toBe(true);
    await store.close();
  });

  it('refuses evidence altered on disk, naming the file, and leaves no file behind', async () => {
    const dir = tempDir();
    const { store, leadId, referral, dataDir, evidence } = await referred(dir);
    const victim = evidence.find((e) => e.kind === 'screenshot')!;
    const path = join(
      dataDir,
      'evidence',
      victim.sha256.slice(0, 2),
      victim.sha256.slice(2, 4),
      victim.sha256,
    );
    writeFileSync(path, Buffer.concat([victim.bytes, Buffer.from('x')]));
    const out = join(dir, 'out.zip');
    await expect(writeReferralPackageFile(referral, leadId, OPTIONS, out)).rejects.toThrow(victim.sha256);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes('.partial'))).toEqual([]);
    await store.close();
  });
  it('refuses a missing compressed evidence file with an error, not a crash of the process', async () => {
    const dir = tempDir();
    const { store, leadId, referral, dataDir } = await referred(dir);
    const listings = (await store.findings.list({})).map((f) => [f.platform, f.listingId] as const);
    const all = (await Promise.all(listings.map(([p, id]) => store.evidence.forListing(p, id)))).flat();
    const gz = all.find((e) => e.path.endsWith('.gz'));
    expect(gz, 'the fixture stores some evidence gzipped').toBeDefined();
    unlinkSync(join(dataDir, gz!.path));
    const out = join(dir, 'missing.zip');
    await expect(writeReferralPackageFile(referral, leadId, OPTIONS, out)).rejects.toThrow(
      /不存在.*not found/,
    );
    expect(existsSync(out)).toBe(false);
    await store.close();
  });

  it('opens evidence by its hash, never by a stored path that leaves the data directory', async () => {
    const dir = tempDir();
    const { store, leadId, referral } = await referred(dir);
    const listing = await store.listings.get('shopa', 'L1');
    await store.evidence.add(listing!.pk, {
      kind: 'warc',
      url: 'https://shop.example/item/L1',
      sha256: 'ab'.repeat(32),
      path: '../../outside.warc',
      bytes: 1,
      contentType: 'application/warc',
      capturedAt: '2026-11-02T00:00:00Z',
    });
    await expect(writeReferralPackageFile(referral, leadId, OPTIONS, join(dir, 'x.zip'))).rejects.toThrow(
      /ababab.*not found/,
    );
    await store.close();
  });
});
