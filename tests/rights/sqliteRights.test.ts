import { expect, it } from 'vitest';
import type { Right } from '../../src/model/index.js';
import { DuplicateRightError, RevisionConflictError, type RightWrite } from '../../src/store/index.js';
import pg from 'pg';
import { describeStores } from '../helpers/pgStore.js';

const right = (id: string): Right => ({
  id,
  kind: 'special',
  name: id,
  aliases: [],
  announcementNo: 'A000099',
  validFrom: '2020-01-01',
  validTo: '2030-01-01',
  authorizedSellers: [],
});

function write(
  id: string,
  baseRevision: number,
  dupKey: string | null,
  over: Partial<RightWrite> = {},
): RightWrite {
  return {
    rightId: id,
    baseRevision,
    kind: 'special',
    ownerAccountId: 'acme',
    action: 'submit',
    status: 'pending',
    data: right(id),
    actor: { role: 'holder', accountId: 'acme' },
    at: '2026-01-01T00:00:00.000Z',
    reason: null,
    inForce: 'keep',
    pending: 'this',
    dupKey,
    ...over,
  };
}

describeStores('rights repository', (open, kind, opened) => {
  it('a batch with a stale revision writes nothing', async () => {
    const store = await open();
    await store.rights.apply([write('a', 0, 'k:a')]);
    await expect(store.rights.apply([write('b', 0, 'k:b'), write('a', 0, 'k:a')])).rejects.toBeInstanceOf(
      RevisionConflictError,
    );
    expect(await store.rights.get('b')).toBeNull();
    expect((await store.rights.get('a'))?.revision).toBe(1);
  });

  it('the unique index refuses a live duplicate key, but not once the other is retired', async () => {
    const store = await open();
    await store.rights.apply([write('a', 0, 'special:A000099')]);
    await expect(store.rights.apply([write('b', 0, 'special:A000099')])).rejects.toBeInstanceOf(
      DuplicateRightError,
    );
    await store.rights.apply([
      write('a', 1, 'special:A000099', { action: 'retire', status: 'retired', pending: 'clear' }),
    ]);
    await store.rights.apply([write('b', 0, 'special:A000099')]);
    expect((await store.rights.findByDupKeys(['special:A000099'])).map((h) => h.rightId)).toEqual(['b']);
  });

  it('keeps the in-force and pending versions apart and every revision in history', async () => {
    const store = await open();
    await store.rights.apply([write('a', 0, null)]);
    await store.rights.apply([
      write('a', 1, null, {
        action: 'approve',
        status: 'active',
        inForce: 'this',
        pending: 'clear',
        expiresOn: '2030-01-01',
      }),
    ]);
    const edited = { ...right('a'), aliases: ['A'] };
    await store.rights.apply([write('a', 2, null, { action: 'edit', status: 'active', data: edited })]);
    const entry = await store.rights.get('a');
    expect(entry).toMatchObject({ status: 'active', revision: 3, expiresOn: '2030-01-01' });
    expect(entry?.inForce).toMatchObject({ aliases: [] });
    expect(entry?.pending).toMatchObject({ aliases: ['A'] });
    expect((await store.rights.history('a')).map((h) => h.action)).toEqual(['submit', 'approve', 'edit']);
    expect((await store.rights.dueForExpiry('2030-01-02')).map((e) => e.id)).toEqual(['a']);
    expect(await store.rights.dueForExpiry('2030-01-01')).toEqual([]);
    expect(await store.rights.count({ ownerAccountId: 'acme', status: 'active' })).toBe(1);
  });

  it('pages the list, finds live duplicate keys in the order asked, and keeps an outbox per account', async () => {
    const store = await open();
    await store.rights.apply([write('b', 0, 'k:b'), write('a', 0, 'k:a'), write('c', 0, null)]);
    expect((await store.rights.list({ limit: 2 })).map((e) => e.id)).toEqual(['a', 'b']);
    expect((await store.rights.list({ limit: 2, offset: 2 })).map((e) => e.id)).toEqual(['c']);
    expect(await store.rights.findByDupKeys(['k:b', 'k:none', 'k:a', 'k:b'])).toEqual([
      { dupKey: 'k:b', rightId: 'b' },
      { dupKey: 'k:a', rightId: 'a' },
    ]);
    expect(await store.rights.findByDupKeys([])).toEqual([]);
    const note = (message: string) => ({ accountId: 'acme', kind: 'approved' as const, message });
    await store.rights.apply([
      write('a', 1, 'k:a', {
        action: 'approve',
        status: 'active',
        inForce: 'this',
        pending: 'clear',
        notifications: [note('一'), note('二')],
      }),
    ]);
    const outbox = await store.rights.notifications('acme');
    expect(outbox.map((n) => [n.rightId, n.message, n.readAt])).toEqual([
      ['a', '一', null],
      ['a', '二', null],
    ]);
    const first = outbox[0]!.id;
    expect(await store.rights.markNotificationsRead('acme', [first, first], '2026-01-02T00:00:00.000Z')).toBe(
      1,
    );
    expect(
      await store.rights.markNotificationsRead('other', [outbox[1]!.id], '2026-01-02T00:00:00.000Z'),
    ).toBe(0);
    expect((await store.rights.notifications('acme', { unreadOnly: true })).map((n) => n.message)).toEqual([
      '二',
    ]);
    expect(await store.rights.notifications('nobody')).toEqual([]);
  });

  it('orders rights by id in byte order, as SQLite does, even where the database sorts by language', async () => {
    const store = await open();
    if (kind === 'postgres') {
      // As in a database created with a linguistic locale, where 'B' sorts between 'a' and 'c'.
      const client = new pg.Client({ connectionString: opened().at(-1)?.url ?? '' });
      await client.connect();
      await client.query('ALTER TABLE rights ALTER COLUMN right_id TYPE TEXT COLLATE "und-x-icu"');
      await client.end();
    }
    await store.rights.apply([write('a', 0, null), write('B', 0, null), write('c', 0, null)]);
    expect((await store.rights.list()).map((e) => e.id)).toEqual(['B', 'a', 'c']);
  });
});
