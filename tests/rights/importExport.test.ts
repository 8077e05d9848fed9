import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WatchListSchema, type Actor } from '../../src/model/index.js';
import { RightsRegistry } from '../../src/rights/registry.js';
import { parseRightsCsv, rightsToCsv } from '../../src/rights/rightsCsv.js';
import { formatRights, importRightsFile } from '../../src/rights/rightsFile.js';
import { DATABASE_FILE, openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();
const STAFF: Actor = { role: 'staff', accountId: 'officer-1' };
const NOW = new Date('2026-03-01T02:00:00Z');

const GOOD = [
  {
    id: 'tm-1',
    kind: 'trademark',
    name: '艾克美',
    aliases: ['ACME'],
    registrationNo: '12345678',
    niceClasses: [25, 28],
    goods: ['运动鞋'],
    owner: '艾克美有限公司',
    ownerCreditCode: '914403001922038216',
    validFrom: '2020-01-01',
    validTo: '2029-12-31',
    wellKnown: true,
    authorizedSellers: [
      {
        platform: 'shopa',
        sellerId: 'acme-official',
        name: '艾克美官方旗舰店',
        creditCode: '91330100799655058B',
      },
    ],
    referencePrice: { min: 399, currency: 'CNY' },
    source: '注册证',
  },
  {
    id: 'gi-xhlj',
    kind: 'gi',
    name: '西湖龙井',
    aliases: ['龙井'],
    category: '茶叶',
    protectedArea: { regionCodes: ['330106'], text: '杭州市西湖区现辖行政区域' },
    authorizedSellers: [],
  },
  {
    id: 'sp-bdd',
    kind: 'special',
    name: '冰墩墩',
    aliases: ['Bing Dwen Dwen'],
    announcementNo: 'A000021',
    validFrom: '2020-01-15',
    validTo: '2030-01-14',
    authorizedSellers: [],
    markType: 'olympic',
  },
  {
    id: 'pt-1',
    kind: 'patent',
    number: 'ZL201710601862.3',
    patentType: 'invention',
    filingDate: '2017-07-26',
    status: 'valid',
    patentee: '某科技有限公司',
    licensees: ['甲公司', '乙公司'],
  },
];

/** Every row of the registry's tables: "exactly as it was" means these are equal. */
function dump(dir: string): unknown {
  const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
  try {
    return Object.fromEntries(
      ['rights', 'right_revisions', 'right_notifications'].map((t) => [
        t,
        db.prepare(`SELECT * FROM ${t} ORDER BY pk`).all(),
      ]),
    );
  } finally {
    db.close();
  }
}

async function setup() {
  const dir = tempDir();
  const store = await openStore(dir);
  const registry = new RightsRegistry(store.rights, { clock: () => NOW });
  return { dir, store, registry };
}

describe('bulk import', () => {
  it('imports a clean JSON file and exports it back identically (the watch-list format)', async () => {
    const { dir, store, registry } = await setup();
    const file = join(dir, 'in.json');
    writeFileSync(file, JSON.stringify({ source: 'test', effectiveDate: '2026-01-01', rights: GOOD }));
    const report = await importRightsFile(registry, STAFF, file, { approve: true, owner: 'acme' });
    expect(report).toMatchObject({ ok: true, written: true, errors: [] });
    expect(report.created.sort()).toEqual(['gi-xhlj', 'pt-1', 'sp-bdd', 'tm-1']);
    const exported = JSON.parse(formatRights(await registry.export(STAFF), 'json')) as unknown;
    const parsed = WatchListSchema.parse(exported);
    expect(parsed.rights.map((r) => r.id)).toEqual(['gi-xhlj', 'pt-1', 'sp-bdd', 'tm-1']);
    expect(parsed.rights.find((r) => r.id === 'tm-1')).toEqual(GOOD[0]);
    // Importing the same file again changes nothing.
    const again = await importRightsFile(registry, STAFF, file, { approve: true });
    expect(again).toMatchObject({ ok: true, created: [], updated: [], written: false });
    expect(again.unchanged).toHaveLength(4);
    await store.close();
  });

  it('is all or nothing: one bad row leaves the store exactly as it was, and the report lists every problem', async () => {
    const { dir, store, registry } = await setup();
    await registry.importRights(STAFF, [{ row: 'seed', raw: GOOD[0] }], { approve: true });
    const before = dump(dir);
    const bad = [
      { ...GOOD[0], aliases: ['ACME', 'ACME2'] }, // a valid edit of tm-1 …
      GOOD[1],
      { ...GOOD[2], validFrom: '2031-01-01' }, // … but this row is bad
      { ...GOOD[3], number: 'ZL201710601862.4', niceClasses: [3] },
    ];
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ rights: bad }));
    const report = await importRightsFile(registry, STAFF, file, { approve: true });
    expect(report.ok).toBe(false);
    expect(report.written).toBe(false);
    expect(report.created).toEqual([]);
    const where = report.errors.map((e) => `${e.row} ${e.field}`);
    expect(where).toContain('rights[2] validTo');
    expect(where).toContain('rights[3] (right)'); // unknown field niceClasses on a patent
    expect(dump(dir)).toEqual(before);
    await store.close();
  });

  it('reports duplicates inside the file and against the store', async () => {
    const { store, registry } = await setup();
    await registry.importRights(STAFF, [{ row: 'seed', raw: GOOD[0] }]);
    const report = await registry.importRights(STAFF, [
      { row: 'rights[0]', raw: { ...GOOD[0], id: 'tm-2' } },
      { row: 'rights[1]', raw: { ...GOOD[3] } },
      { row: 'rights[2]', raw: { ...GOOD[3], id: 'pt-2', number: 'CN 2017 1 0601862.3' } },
      { row: 'rights[3]', raw: { ...GOOD[2] } },
      { row: 'rights[4]', raw: { ...GOOD[2] } },
    ]);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      ['rights[2]', 'number'],
      ['rights[4]', 'id'],
      ['rights[0]', 'registrationNo'],
    ]);
    expect(report.errors[2]?.message).toContain('tm-1');
    await store.close();
  });

  it('reads and writes the CSV form, round trip included', async () => {
    const { dir, store, registry } = await setup();
    const csv = rightsToCsv(GOOD.map((r) => WatchListSchema.parse({ rights: [r] }).rights[0]!));
    expect(csv.startsWith('\uFEFFid,kind,name')).toBe(true);
    const file = join(dir, 'rights.csv');
    writeFileSync(file, csv);
    const report = await importRightsFile(registry, STAFF, file, { approve: true });
    expect(report).toMatchObject({ ok: true, errors: [] });
    const out = await registry.export(STAFF);
    expect(out.find((r) => r.id === 'tm-1')).toEqual(GOOD[0]);
    expect(out.find((r) => r.id === 'pt-1')).toEqual(GOOD[3]);
    // Exporting again gives the same rows (export is ordered by id).
    const lines = (t: string) =>
      t
        .replace(/^\uFEFF/, '')
        .trimEnd()
        .split('\n');
    const original = lines(readFileSync(file, 'utf8'));
    const again = lines(rightsToCsv(out));
    expect(again[0]).toBe(original[0]);
    expect([...again.slice(1)].sort()).toEqual([...original.slice(1)].sort());
    await store.close();
  });

  it('names the CSV line and column of every bad cell', () => {
    const text = [
      'id,kind,name,registrationNo,niceClasses,owner,validFrom,validTo,wellKnown,number,regionCodes,areaText,category',
      'tm-a,trademark,甲,123,25|二十五,甲公司,2020-01-01,2030-01-01,也许,,,,',
      'gi-a,gi,某茶,,,,,,,,330106|999999,某县,茶叶',
      'x-a,widget,乙,,,,,,,,,,',
      'tm-b,trademark,丙,124,25,丙公司,2020-01-01,2030-01-01,,ZL201710601862.3,,,',
    ].join('\n');
    const { items, errors } = parseRightsCsv(text);
    expect(errors).toEqual([]);
    expect(items.map((i) => i.row)).toEqual([
      '第 2 行 (line 2)',
      '第 3 行 (line 3)',
      '第 4 行 (line 4)',
      '第 5 行 (line 5)',
    ]);
    expect(items[0]?.errors?.map((e) => e.field)).toEqual(['niceClasses[1]', 'wellKnown']);
    expect(items[2]?.errors?.map((e) => e.field)).toEqual(['kind']);
    expect(items[3]?.errors?.map((e) => e.field)).toEqual(['number']);
  });

  it('a bad CSV file reports the line and column and writes nothing', async () => {
    const { dir, store, registry } = await setup();
    const before = dump(dir);
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      'id,kind,name,category,regionCodes,areaText\n' +
        'gi-1,gi,西湖龙井,茶叶,330106,西湖区\n' +
        'gi-2,gi,某茶,茶叶,330106|999999,某县\n',
    );
    const report = await importRightsFile(registry, STAFF, file);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: '第 3 行 (line 3)',
        id: 'gi-2',
        field: 'regionCodes (protectedArea.regionCodes[1])',
      }),
    ]);
    expect(dump(dir)).toEqual(before);
    const unknownColumn = join(dir, 'cols.csv');
    writeFileSync(unknownColumn, 'id,kind,colour\n');
    const r2 = await importRightsFile(registry, STAFF, unknownColumn);
    expect(r2.errors[0]?.message).toContain('"colour"');
    await store.close();
  });
});
