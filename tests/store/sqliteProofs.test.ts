import { expect, it } from 'vitest';
import { ProofError } from '../../src/store/index.js';
import { describeStores } from '../helpers/pgStore.js';
import { withRaw, type RawSql } from '../helpers/rawSql.js';

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

/**
 * A holder's approved trademark as the rights table holds it, written directly: proofs only ask who owns a
 * right (the registry's own tests cover how rights get there).
 */
const holderTrademark = (raw: RawSql, holder: string, id: string, registrationNo: string) =>
  raw.all(
    `INSERT INTO rights (right_id, kind, owner_account, status, revision, active_revision, dup_key, created_at,
       updated_at) VALUES (?, 'trademark', ?, 'active', 1, 1, ?, ?, ?)`,
    [id, holder, registrationNo, who.at, who.at],
  );

describeStores('proof repository', (open, _kind, opened) => {
  const fresh = withRaw(open, opened);

  it('records a proof once per holder and bytes, attaches it to the holder’s rights, and audits both', async () => {
    const { store, raw } = await fresh();
    await holderTrademark(raw, 'acct-a', 'tm-a1', '1001');
    await holderTrademark(raw, 'acct-a', 'tm-a2', '1002');
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
  });

  it('refuses another holder’s right or proof, writing nothing', async () => {
    const { store, raw } = await fresh();
    await holderTrademark(raw, 'acct-a', 'tm-a1', '1001');
    await holderTrademark(raw, 'acct-b', 'tm-b1', '2001');
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
  });

  it('replaces a right’s proof when another is attached', async () => {
    const { store, raw } = await fresh();
    await holderTrademark(raw, 'acct-a', 'tm-a1', '1001');
    await store.proofs.record(proof('acct-a'), ['tm-a1'], who);
    const { proof: second } = await store.proofs.record(proof('acct-a', 'b'.repeat(64)), [], who);
    expect((await store.proofs.forRight('tm-a1'))?.sha256).toBe('a'.repeat(64));
    await store.proofs.attach('acct-a', second.id, ['tm-a1'], who);
    expect((await store.proofs.forRight('tm-a1'))?.sha256).toBe('b'.repeat(64));
    expect((await store.audit.list({ subjectType: 'proof' })).at(-1)?.action).toBe('proof.attach');
  });
});
