import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import { verifyAuditExcerpt } from '../../../src/export/package/auditExcerpt.js';
import { exportLeadPackages } from '../../../src/export/package/index.js';
import type { LeadManifest } from '../../../src/export/package/manifest.js';
import type { Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { ENV, packageFixture } from './fixture.js';
import { readZip } from './zipHelpers.js';

const tempDir = useTempDir('markwatch-pkg-');
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
let open: Store | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

function manifestsOf(zip: Map<string, Buffer>): Array<[string, LeadManifest]> {
  return [...zip.entries()]
    .filter(([name]) => name.endsWith('/manifest.json'))
    .map(([name, bytes]) => [
      name.split('/')[0] as string,
      JSON.parse(bytes.toString('utf8')) as LeadManifest,
    ]);
}

describe('lead packages', () => {
  it('holds per lead the evidence, lead.json, a manifest hashing every file, and its digest', async () => {
    const fx = await packageFixture(tempDir());
    open = fx.store;
    const { file, summary } = await fx.exportTo('out.zip');
    expect(summary.leads).toBe(2);
    const zip = await readZip(file);
    const manifests = manifestsOf(zip);
    expect(manifests.map(([folder]) => folder)).toEqual(['lead-000001-卖家1 店', 'lead-000002-卖家2 店']);
    for (const [folder, m] of manifests) {
      const names = [...zip.keys()]
        .filter((n) => n.startsWith(`${folder}/`))
        .map((n) => n.slice(folder.length + 1));
      expect(names.sort()).toEqual(
        [...m.files.map((f) => f.path), 'manifest.json', 'manifest.sha256'].sort(),
      );
      for (const f of m.files) {
        const bytes = zip.get(`${folder}/${f.path}`) as Buffer;
        expect(sha(bytes)).toBe(f.sha256);
        expect(bytes.length).toBe(f.bytes);
      }
      expect(m.files.map((f) => f.kind).sort()).toEqual([
        'headers',
        'html',
        'lead',
        'manifest',
        'screenshot',
      ]);
      const digest = sha(canonicalize(m) as string);
      expect(zip.get(`${folder}/manifest.sha256`)?.toString()).toMatch(new RegExp(`^${digest} `));
      expect(summary.digests.find((d) => d.folder === folder)?.digest).toBe(digest);
    }
    const [, m1] = manifests[0] as [string, LeadManifest];
    expect(m1.tool).toEqual(ENV);
    expect(m1.captures[0]).toMatchObject({
      listingId: 'L1',
      capturedAtUtc: '2026-11-01T00:01:00.000Z',
      capturedAtShanghai: '2026-11-01T08:01:00+08:00',
    });
    expect(m1.right).toMatchObject({
      registrationNo: '1234567',
      classes: [25, 28],
      validTo: '2036-01-01',
      revision: 1,
    });
    expect(m1.right?.proofOfRight).toBeNull();
    expect(m1.right?.note).toContain('no proof-of-right lookup');
    expect(m1.rulesFired[0]?.rules[0]).toMatchObject({ rule: 'name.exact', span: [0, 2], text: '耐克' });
    expect(m1.documents.status).toBe('absent');
    expect(m1.custody.audit.rows.some((r) => 'action' in r && r.action === 'finding.confirm')).toBe(true);
    expect(verifyAuditExcerpt(m1.custody.audit)).toEqual([]);
  });

  it('stores the evidence as captured: the gunzipped HTML equals the stored artefact', async () => {
    const dir = tempDir();
    const fx = await packageFixture(dir);
    open = fx.store;
    const zip = await readZip((await fx.exportTo('out.zip', [1])).file);
    const [[folder, m]] = manifestsOf(zip) as [[string, LeadManifest]];
    const html = m.files.find((f) => f.kind === 'html') as LeadManifest['files'][number];
    const stored = gunzipSync(readFileSync(join(dir, html.source as string)));
    expect(zip.get(`${folder}/${html.path}`)?.equals(stored)).toBe(true);
  });

  it('gives the same bytes for the same state, and different bytes after a move', async () => {
    const fx = await packageFixture(tempDir());
    open = fx.store;
    const a = readFileSync((await fx.exportTo('a.zip')).file);
    const b = readFileSync((await fx.exportTo('b.zip', [2, 1, 2])).file);
    expect(sha(b)).toBe(sha(a));
    // Another subject's later audit entry (a user signing in, another export) is not this lead's state.
    await fx.store.audit.append({
      actor: 'admin',
      role: 'admin',
      osUser: 't',
      at: '2026-11-30T00:00:00.000Z',
      action: 'user.login',
      subjectType: 'account',
      subjectId: 'admin',
      detail: {},
    });
    const after = readFileSync((await fx.exportTo('after.zip', [1, 2])).file);
    expect(sha(after)).toBe(sha(a));
    await fx.store.leads.move(
      1,
      { from: 'confirmed', to: 'closed', reason: '测试' },
      { actor: 'staff-1', role: 'staff', osUser: 't', at: '2026-12-01T00:00:00.000Z' },
    );
    const c = readFileSync((await fx.exportTo('c.zip')).file);
    expect(sha(c)).not.toBe(sha(a));
  });

  it('adds the rendered documents and the holder proof to the manifest', async () => {
    const fx = await packageFixture(tempDir());
    open = fx.store;
    const { file } = await fx.exportTo('docs.zip', [1], {
      proofOfRight: async (rightId) =>
        rightId === 'tm-naike' ? { sha256: 'a'.repeat(64), fileName: '注册证.pdf' } : null,
      renderDocuments: async (input) => [
        { path: 'summary.html', bytes: Buffer.from(`<p>${input.material.lead.sellerName}</p>`) },
        { path: '../电子数据提取笔录.pdf', bytes: Buffer.from('%PDF-1.4') },
      ],
    });
    const zip = await readZip(file);
    const [[folder, m]] = manifestsOf(zip) as [[string, LeadManifest]];
    expect(m.documents).toMatchObject({
      status: 'rendered',
      paths: ['summary.html', '电子数据提取笔录.pdf'],
    });
    expect(zip.get(`${folder}/电子数据提取笔录.pdf`)?.toString()).toBe('%PDF-1.4');
    expect(m.files.find((f) => f.path === 'summary.html')?.sha256).toBe(sha('<p>卖家1 店</p>'));
    expect(m.right?.proofOfRight).toEqual({ sha256: 'a'.repeat(64), fileName: '注册证.pdf' });
  });

  it('fails, without hanging, when the output breaks mid-export (a client that went away)', async () => {
    const fx = await packageFixture(tempDir(), { leads: 6, screenshotBytes: 64 * 1024 });
    open = fx.store;
    let written = 0;
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        written += chunk.length;
        done(written > 100_000 ? new Error('client gone') : null);
      },
    });
    await expect(exportLeadPackages(fx.deps(), fx.ids, out)).rejects.toThrow(/client gone/);
  });

  it('refuses an unknown lead before writing, and stops on an evidence file that no longer matches', async () => {
    const dir = tempDir();
    const fx = await packageFixture(dir);
    open = fx.store;
    await expect(fx.exportTo('x.zip', [1, 99])).rejects.toThrow(/线索 99 不存在/);
    // The ids are checked with one query (leads.missing), in ascending order: the first unknown is named.
    expect(await fx.store.leads.missing([98, 1, 99, 2])).toEqual([98, 99]);
    expect(await fx.store.leads.missing([])).toEqual([]);
    await expect(fx.exportTo('x.zip', [99, 2, 98])).rejects.toThrow(/线索 98 不存在/);
    const ev = await fx.store.evidence.forListing('shopa', 'L2');
    const shot = ev.find((e) => e.kind === 'screenshot');
    writeFileSync(join(dir, shot?.path as string), Buffer.alloc(2048));
    await expect(fx.exportTo('y.zip')).rejects.toThrow(shot?.path as string);
  });
});
