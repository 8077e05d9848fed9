import { describe, expect, it } from 'vitest';
import { openStore, ProofError } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';
import { holderTrademark } from '../workflow/proofFixture.js';

const tempDir = useTempDir();
const who = {
  actor: 'holder-a',
  role: 'rights_holder',
  osUser: 'web:127.0.0.1',
  at: '2026-12-04T08:00:00.000Z',
};
const proof = (holderId: string, sha = 'a'.repeat(64)) => ({
  holderId,
  sha256: sha,
  mediaType: 'application/pdf' as const,
  size: 10,
  fileName: '注册证.pdf',
});

describe('SqliteProofRepository', () => {
  it('records a proof once per holder and bytes, attaches it to the holder’s rights, and audits both', async () => {
    const store = await openStore(tempDir());
    await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
    await holderTrademark(store, 'acct-a', 'tm-a2', '1002');
    const first = await store.proofs.record(proof('acct-a'), ['tm-a1'], who);
    expect(first.isNew).toBe(true);
    const again = await store.proofs.record(proof('acct-a'), ['tm-a2'], who);
    expect(again).toEqual({ proof: first.proof, isNew: false });
    expect(await store.proofs.rightsOf(first.proof.id)).toEqual(['tm-a1', 'tm-a2']);
    expect((await store.proofs.forRight('tm-a2'))?.sha256).toBe('a'.repeat(64));
    expect(await store.proofs.forHolder('acct-a')).toHaveLength(1);
    const audit = await store.audit.list({ subjectType: 'proof' });
    expect(audit.map((e) => e.action)).toEqual(['proof.upload', 'proof.upload']);
    expect(audit[1]!.detail).toMatchObject({
      alreadyStored: true,
      rights: ['tm-a2'],
      sha256: 'a'.repeat(64),
    });
    await store.close();
  });

  it('refuses another holder’s right or proof, writing nothing', async () => {
    const store = await openStore(tempDir());
    await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
    await holderTrademark(store, 'acct-b', 'tm-b1', '2001');
    await expect(store.proofs.record(proof('acct-a'), ['tm-b1'], who)).rejects.toBeInstanceOf(ProofError);
    expect(await store.proofs.forHolder('acct-a')).toEqual([]);
    expect(await store.audit.list({ subjectType: 'proof' })).toEqual([]);
    const { proof: a } = await store.proofs.record(proof('acct-a'), ['tm-a1'], who);
    await expect(store.proofs.attach('acct-b', a.id, ['tm-b1'], who)).rejects.toThrow(/不存在/);
    await expect(store.proofs.attach('acct-a', a.id, ['tm-missing'], who)).rejects.toThrow(/tm-missing/);
    expect(await store.proofs.forRight('tm-b1')).toBeNull();
    // The same bytes uploaded by another holder are that holder's own row.
    const b = await store.proofs.record(proof('acct-b'), ['tm-b1'], who);
    expect(b.isNew).toBe(true);
    expect(b.proof.id).not.toBe(a.id);
    await store.close();
  });

  it('replaces a right’s proof when another is attached', async () => {
    const store = await openStore(tempDir());
    await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
    await store.proofs.record(proof('acct-a'), ['tm-a1'], who);
    const { proof: second } = await store.proofs.record(proof('acct-a', 'b'.repeat(64)), [], who);
    expect((await store.proofs.forRight('tm-a1'))?.sha256).toBe('a'.repeat(64));
    await store.proofs.attach('acct-a', second.id, ['tm-a1'], who);
    expect((await store.proofs.forRight('tm-a1'))?.sha256).toBe('b'.repeat(64));
    expect((await store.audit.list({ subjectType: 'proof' })).at(-1)?.action).toBe('proof.attach');
    await store.close();
  });
});
