import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tempDir.js';
import { HTML_AS_PDF, PDF, PNG } from '../../workflow/proofFixture.js';
import { portalSetUp, upload } from './portalHarness.js';

/* Proof of right on the web: upload once, download inert, errors beside the field, other holders get 404. */

const tempDir = useTempDir();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('portal: proof of right', () => {
  it('stores an upload under the SHA-256 of its bytes, attaches it, and serves it back inert', async () => {
    const dir = tempDir();
    const { store, app, a } = await portalSetUp(dir);
    const csrf = await a.csrf('/portal/proofs');
    const res = await upload(
      app,
      a,
      { _csrf: csrf, rights: ['tm-a1', 'tm-a2'] },
      { name: '../商标注册证 "1001".pdf', bytes: PDF },
    );
    expect(res.status).toBe(303);
    const [proof] = await store.proofs.forHolder('acct-a');
    expect(proof).toMatchObject({
      sha256: sha(PDF),
      mediaType: 'application/pdf',
      size: PDF.length,
      fileName: '商标注册证 1001.pdf',
      uploadedBy: 'holder-a',
    });
    expect(readFileSync(join(dir, 'proofs', sha(PDF)))).toEqual(PDF);
    expect(await store.proofs.rightsOf(proof!.id)).toEqual(['tm-a1', 'tm-a2']);
    expect((await store.audit.list({ subjectType: 'proof' })).map((e) => [e.action, e.actor])).toEqual([
      ['proof.upload', 'holder-a'],
    ]);

    // The same file again: one file, one row.
    await upload(app, a, { _csrf: csrf }, { name: 'again.pdf', bytes: PDF });
    expect(readdirSync(join(dir, 'proofs'))).toEqual([sha(PDF)]);
    expect(await store.proofs.forHolder('acct-a')).toHaveLength(1);

    for (const ref of [String(proof!.id), sha(PDF)]) {
      const dl = await a.get(`/portal/proofs/${ref}`);
      expect(dl.status).toBe(200);
      expect(dl.headers.get('content-type')).toBe('application/pdf');
      expect(dl.headers.get('content-disposition')).toMatch(
        /^attachment; filename="proof-\d+\.pdf"; filename\*=UTF-8''/,
      );
      expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
      expect(dl.headers.get('content-security-policy')).toMatch(/^sandbox/);
      expect(new Uint8Array(await dl.arrayBuffer())).toEqual(new Uint8Array(PDF));
    }
    const page = await (await a.get('/portal/rights/tm-a1')).text();
    expect(page).toContain(sha(PDF));
    expect(page).toContain(`/portal/proofs/${proof!.id}`);
    await store.close();
  });

  it('refuses a wrong type, an empty file and a file too big, beside the field, storing nothing', async () => {
    const dir = tempDir();
    const { store, app, a } = await portalSetUp(dir, { proofMaxBytes: 64 });
    const csrf = await a.csrf('/portal/proofs');
    const cases: [string, Uint8Array, number, RegExp][] = [
      ['fake.pdf', HTML_AS_PDF, 400, /文件类型不支持/],
      ['empty.png', new Uint8Array(), 400, /文件为空/],
      ['big.png', Buffer.concat([PNG, Buffer.alloc(100)]), 400, /文件过大/],
      ['huge.png', Buffer.concat([PNG, Buffer.alloc(200 * 1024)]), 413, /文件过大/],
    ];
    for (const [name, bytes, status, message] of cases) {
      const res = await upload(app, a, { _csrf: csrf }, { name, bytes });
      expect(res.status, name).toBe(status);
      const html = await res.text();
      expect(html, name).toMatch(new RegExp(`data-field="file">[^<]*${message.source}`));
    }
    const none = await upload(app, a, { _csrf: csrf }, null);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('请选择注册证书文件');
    expect(await store.proofs.forHolder('acct-a')).toEqual([]);
    expect(existsSync(join(dir, 'proofs')) ? readdirSync(join(dir, 'proofs')) : []).toEqual([]);
    await store.close();
  });

  it('answers 404 to another holder by list, by id and by hash; staff see it on the right and the lead', async () => {
    const dir = tempDir();
    const { store, app, a, b, staff, listed } = await portalSetUp(dir);
    await upload(
      app,
      a,
      { _csrf: await a.csrf('/portal/proofs'), rights: 'tm-a1' },
      { name: 'a.pdf', bytes: PDF },
    );
    const [proof] = await store.proofs.forHolder('acct-a');
    const bCsrf = await b.csrf('/portal/proofs');
    expect(await (await b.get('/portal/proofs')).text()).not.toContain(sha(PDF));
    for (const path of [
      `/portal/proofs/${proof!.id}`,
      `/portal/proofs/${sha(PDF)}`,
      '/portal/rights/tm-a1',
      `/proofs/${proof!.id}`,
      '/rights/tm-a1',
    ]) {
      expect((await b.get(path)).status, path).toBe(404);
    }
    // b attaching to a's right, or a's proof to b's right, or uploading for a's right: 404, nothing written.
    expect(
      (await upload(app, b, { _csrf: bCsrf, rights: 'tm-a1' }, { name: 'b.png', bytes: PNG })).status,
    ).toBe(404);
    expect(await store.proofs.forHolder('acct-b')).toEqual([]);
    expect(
      (await b.post(`/portal/rights/tm-b1/proof`, { _csrf: bCsrf, proofId: String(proof!.id) })).status,
    ).toBe(404);
    await upload(app, b, { _csrf: bCsrf }, { name: 'b.png', bytes: PNG });
    const [bProof] = await store.proofs.forHolder('acct-b');
    expect(
      (await b.post(`/portal/rights/tm-a1/proof`, { _csrf: bCsrf, proofId: String(bProof!.id) })).status,
    ).toBe(404);
    expect((await store.proofs.forRight('tm-a1'))?.id).toBe(proof!.id);
    expect(await store.proofs.forRight('tm-b1')).toBeNull();
    // Staff open it from the right and from the lead.
    expect((await staff.get(`/proofs/${proof!.id}`)).status).toBe(200);
    expect(await (await staff.get('/rights/tm-a1')).text()).toContain(`/proofs/${proof!.id}`);
    const findingId = await listed('seller-x', { rightId: 'tm-a1' });
    const confirmed = await staff.post(`/findings/${findingId}/confirm`, {
      _csrf: await staff.csrf('/review'),
    });
    expect(confirmed.status).toBe(303);
    const lead = (await store.leads.list()).find((l) => l.rightId === 'tm-a1');
    expect(await (await staff.get(`/leads/${lead!.id}`)).text()).toContain(`/proofs/${proof!.id}`);
    await store.close();
  });

  it('refuses every new form without the CSRF token', async () => {
    const { store, app, a } = await portalSetUp(tempDir());
    expect((await upload(app, a, {}, { name: 'a.pdf', bytes: PDF })).status).toBe(403);
    expect((await a.post('/portal/rights/tm-a1', { name: 'x' })).status).toBe(403);
    expect((await a.post('/portal/rights/tm-a1/proof', { proofId: '1' })).status).toBe(403);
    expect((await a.post('/portal/rights/tm-a1/proof', { proofId: '1', _csrf: 'wrong' })).status).toBe(403);
    expect(await store.proofs.forHolder('acct-a')).toEqual([]);
    await store.close();
  });
});
