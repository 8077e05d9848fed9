import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { apiChannel, documentChannel, type NoticeChannel } from '../../src/workflow/noticeChannels.js';
import {
  checkProofUpload,
  proofFilePath,
  proofLookup,
  sanitiseFileName,
  sniffProofType,
  uploadProof,
} from '../../src/workflow/proofOfRight.js';
import { confirmFinding } from '../../src/workflow/review.js';
import { sendNotices } from '../../src/workflow/sendNotice.js';
import { useTempDir } from '../helpers/tempDir.js';
import { HTML_AS_PDF, holderTrademark, JPEG, PDF, PNG } from './proofFixture.js';
import { staff, workflowStore } from './workflowFixture.js';

const tempDir = useTempDir();
const holder = {
  actor: 'holder-a',
  role: 'rights_holder',
  osUser: 'web:127.0.0.1',
  at: '2026-12-04T08:00:00.000Z',
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('proof of right: checking and storing an upload', () => {
  it('tells the type by the bytes, not the name', () => {
    expect(sniffProofType(PDF)).toBe('application/pdf');
    expect(sniffProofType(PNG)).toBe('image/png');
    expect(sniffProofType(JPEG)).toBe('image/jpeg');
    expect(sniffProofType(HTML_AS_PDF)).toBeNull();
    expect(checkProofUpload(HTML_AS_PDF, 1000)).toMatchObject({ ok: false, problem: { field: 'file' } });
    expect(checkProofUpload(new Uint8Array(), 1000)).toMatchObject({
      ok: false,
      problem: { message: /文件为空/ },
    });
    expect(checkProofUpload(PDF, PDF.length - 1)).toMatchObject({
      ok: false,
      problem: { message: /文件过大/ },
    });
    expect(checkProofUpload(PDF, PDF.length)).toEqual({ ok: true, mediaType: 'application/pdf' });
  });

  it('keeps only a safe file name', () => {
    expect(sanitiseFileName('C:\\certs\\商标注册证.pdf', 'application/pdf')).toBe('商标注册证.pdf');
    expect(sanitiseFileName('../../etc/"x"\r\n<y>.png', 'image/png')).toBe('xy.png');
    expect(sanitiseFileName('..', 'image/jpeg')).toBe('proof.jpg');
    expect(proofFilePath('/d', '../x')).toBeNull();
  });

  it('stores the bytes under their SHA-256 once, and records the upload with an audit entry', async () => {
    const dir = tempDir();
    const { store } = await workflowStore(dir);
    await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
    const deps = { store, maxBytes: 1024 };
    const first = await uploadProof(
      deps,
      { holderId: 'acct-a', fileName: 'a.pdf', bytes: PDF, rightIds: ['tm-a1'] },
      holder,
    );
    const again = await uploadProof(
      deps,
      { holderId: 'acct-a', fileName: 'b.pdf', bytes: PDF, rightIds: [] },
      holder,
    );
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(first.proof.sha256).toBe(sha(PDF));
    expect(again.isNew).toBe(false);
    expect(readdirSync(join(dir, 'proofs'))).toEqual([sha(PDF)]);
    expect(readFileSync(join(dir, 'proofs', sha(PDF)))).toEqual(PDF);
    const bad = await uploadProof(
      deps,
      { holderId: 'acct-a', fileName: 'x.pdf', bytes: HTML_AS_PDF, rightIds: [] },
      holder,
    );
    expect(bad.ok).toBe(false);
    expect(readdirSync(join(dir, 'proofs'))).toEqual([sha(PDF)]);
    expect((await store.audit.list({ subjectType: 'proof' })).length).toBe(2);
    await store.close();
  });
});

/** A notice API on 127.0.0.1 that files every complaint and keeps its payload. */
async function noticeApi() {
  const payloads: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      payloads.push(JSON.parse(body) as Record<string, unknown>);
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `C${payloads.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/complaints`;
  return { url, payloads, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function noticeFor(store: Store, findingId: number, channel: NoticeChannel) {
  const deps = {
    store,
    rightOf: async () => null,
    channelFor: () => channel,
    notifierFor: () => ({ name: '权利人' }),
    proofOf: proofLookup(store),
  };
  const { lead } = await confirmFinding(deps, findingId, staff(), async () => ({
    score: 1,
    tier: 'high',
    parts: [],
  }));
  const [notice] = await sendNotices(deps, lead.id, staff());
  return notice!;
}

describe('proof of right in notices', () => {
  it('carries the proof’s SHA-256 and file name in the document and the API payload; says when there is none', async () => {
    const dir = tempDir();
    const { store, listed } = await workflowStore(dir);
    await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
    await holderTrademark(store, 'acct-a', 'tm-a2', '1002');
    const up = await uploadProof(
      { store, maxBytes: 1024 },
      { holderId: 'acct-a', fileName: '注册证 1001.pdf', bytes: PDF, rightIds: ['tm-a1'] },
      holder,
    );
    expect(up.ok).toBe(true);

    const doc = await noticeFor(
      store,
      await listed('s1', { rightId: 'tm-a1' }),
      documentChannel(join(dir, 'notices')),
    );
    const text = readFileSync(doc.documentPath!, 'utf8');
    expect(text).toContain(`SHA-256 ${sha(PDF)}`);
    expect(text).toContain('注册证 1001.pdf');
    expect(doc.body).toMatchObject({ proofOfRight: { sha256: sha(PDF), fileName: '注册证 1001.pdf' } });

    const api = await noticeApi();
    try {
      await noticeFor(store, await listed('s2', { rightId: 'tm-a1' }), apiChannel(api.url));
      await noticeFor(store, await listed('s3', { rightId: 'tm-a2' }), apiChannel(api.url));
      expect(api.payloads[0]!.proofOfRight).toEqual({ sha256: sha(PDF), fileName: '注册证 1001.pdf' });
      expect(api.payloads[1]!.proofOfRight).toBeNull();
    } finally {
      await api.close();
    }
    const none = await noticeFor(
      store,
      await listed('s4', { rightId: 'tm-a2' }),
      documentChannel(join(dir, 'notices')),
    );
    expect(readFileSync(none.documentPath!, 'utf8')).toContain('权利人未上传权利证明文件');
    await store.close();
  });
});
