import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Actor, GiRight, SpecialRight } from '../../src/model/index.js';
import {
  activePeriods,
  lunarNewYearByIcu,
  loadKeyPeriods,
  periodMultiplier,
  periodWindows,
  springFestival,
} from '../../src/reference/keyPeriods.js';
import { keyGoodsCategoriesOf, keyGoodsWeight, loadKeyGoods } from '../../src/reference/keyGoods.js';
import { isValidRegionCode } from '../../src/reference/regions.js';
import { fineScaleAt, maxFine, offenceThresholds, thresholdsAt } from '../../src/reference/thresholds.js';
import { readReferenceJson } from '../../src/reference/referenceData.js';
import { patentTermTable } from '../../src/rights/patentTerm.js';
import { loadReferenceWatchList, referenceRights } from '../../src/rights/referenceWatchLists.js';
import { RightsRegistry } from '../../src/rights/registry.js';
import { importRightsFile } from '../../src/rights/rightsFile.js';
import { validateRight } from '../../src/rights/validateRight.js';
import { openStore } from '../../src/store/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();
const NOW = new Date('2026-11-23T00:00:00Z');
const STAFF: Actor = { role: 'staff', accountId: 'officer-1' };

describe('every reference file names its source and effective date', () => {
  it.each([
    'patent-terms.json',
    'special-marks.json',
    'gi-catalogue.json',
    'criminal-thresholds.json',
    'administrative-fines.json',
    'key-goods.json',
    'key-periods.json',
  ])('%s', (name) => {
    const doc = readReferenceJson(name) as { source?: string; effectiveDate?: string };
    expect(doc.source?.length).toBeGreaterThan(20);
    expect(doc.effectiveDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('patent terms: invention 20, utility 10, design 15 / 10 before 2021-06-01', () => {
    const t = patentTermTable().terms.map((r) => [r.patentType, r.years, r.filedFrom, r.filedBefore]);
    expect(t).toEqual([
      ['invention', 20, null, null],
      ['utility', 10, null, null],
      ['design', 15, '2021-06-01', null],
      ['design', 10, null, '2021-06-01'],
    ]);
  });
});

describe('GI catalogue seed', () => {
  const gis = referenceRights('giCatalogue') as GiRight[];

  it('holds the seed list and the well-known GIs', () => {
    const names = gis.map((g) => g.name);
    for (const name of [
      '西湖龙井',
      '五常大米',
      '阳澄湖大闸蟹',
      '库尔勒香梨',
      '赣南脐橙',
      '烟台苹果',
      '安溪铁观音',
      '信阳毛尖',
      '宁夏枸杞',
      '镇江香醋',
      '平泉滑子菇',
      '资中枇杷',
    ])
      expect(names).toContain(name);
    expect(gis.length).toBeGreaterThanOrEqual(60);
    expect(gis.find((g) => g.name === '西湖龙井')?.protectedArea.regionCodes).toEqual(['330106']);
    expect(gis.find((g) => g.name === '五常大米')?.protectedArea.regionCodes).toEqual(['230184']);
  });

  it('every protected-area code is a GB/T 2260 code of the maintained package', () => {
    const codes = gis.flatMap((g) => g.protectedArea.regionCodes.map((c) => `${g.name}:${c}`));
    const bad = codes.filter((nc) => !isValidRegionCode(nc.split(':')[1]!));
    expect(bad).toEqual([]);
    expect(codes.length).toBeGreaterThanOrEqual(gis.length);
  });

  it('every entry names its source and passes validation', () => {
    for (const g of gis) {
      expect(g.source, g.id).toBeTruthy();
      expect(validateRight(g, { now: NOW }), g.id).toMatchObject({ ok: true });
    }
  });
});

describe('special and Olympic marks', () => {
  const marks = referenceRights('specialMarks') as SpecialRight[];
  const byName = new Map(marks.map((m) => [m.name, m]));

  it('has the Olympic words, the Beijing 2022 family with A-numbers and the Hangzhou marks', () => {
    for (const name of ['奥林匹克', '奥林匹亚', '奥林匹克运动会', '奥运', '北京2022'])
      expect(byName.get(name)?.markType).toBe('olympic');
    expect(byName.get('奥林匹克运动会')?.aliases).toContain('奥运会');
    expect(
      [...['冰墩墩', 'Bing Dwen Dwen', '雪容融', 'Shuey Rhon Rhon']].map(
        (n) => byName.get(n)?.announcementNo,
      ),
    ).toEqual(['A000021', 'A000022', 'A000024', 'A000025']);
    for (const name of ['潮涌', '琮琮', '莲莲', '宸宸', '江南忆']) {
      expect(byName.get(name)).toMatchObject({ validTo: '2026-08-29', markType: 'special' });
    }
  });

  it('every entry passes validation', () => {
    for (const m of marks) expect(validateRight(m, { now: NOW }), m.id).toMatchObject({ ok: true });
  });

  it('both reference lists import together into the registry; the Hangzhou marks are expired in late 2026', async () => {
    const store = await openStore(tempDir());
    const registry = new RightsRegistry(store.rights, { clock: () => NOW });
    for (const name of ['specialMarks', 'giCatalogue'] as const) {
      const file = loadReferenceWatchList(name);
      const report = await registry.importRights(
        STAFF,
        file.rights.map((raw, i) => ({ row: `rights[${i}]`, raw })),
        { approve: true, reason: file.source.slice(0, 60) },
      );
      expect(report.errors).toEqual([]);
    }
    const watch = await registry.activeRights(NOW);
    const ids = new Set(watch.map((r) => r.id));
    expect(ids.has('sp-bingdwendwen')).toBe(true);
    expect(ids.has('gi-xihulongjing')).toBe(true);
    expect(ids.has('sp-congcong')).toBe(false);
    expect((await registry.get(STAFF, 'sp-congcong')).status).toBe('expired');
    // The demo watch list shares ids with the reference lists: importing it edits those rights, no duplicates.
    const demo = await importRightsFile(
      registry,
      STAFF,
      fileURLToPath(new URL('../../data/demo-watchlist.json', import.meta.url)),
      {
        approve: true,
      },
    );
    expect(demo.errors).toEqual([]);
    // On a day the Hangzhou marks were in force they are on the watch list.
    expect((await registry.activeRights(new Date('2023-09-23T04:00:00Z'))).map((r) => r.id)).toContain(
      'sp-congcong',
    );
    await store.close();
  });
});

describe('criminal thresholds and fines, versioned by effective date', () => {
  it('2004 values (verified)', () => {
    expect(offenceThresholds('213', '2005-01-01')).toMatchObject({
      verified: true,
      entry: { businessVolume: 50000, illegalGains: 30000 },
      entryMultiMark: { businessVolume: 30000, illegalGains: 20000 },
      upper: { businessVolume: 250000, illegalGains: 150000 },
    });
    expect(offenceThresholds('214', '2005-01-01')?.entry).toEqual({ salesAmount: 50000 });
    expect(offenceThresholds('215', '2005-01-01')?.entry).toEqual({
      labels: 20000,
      businessVolume: 50000,
      illegalGains: 30000,
    });
    expect(offenceThresholds('216', '2005-01-01')?.entry).toEqual({
      businessVolume: 200000,
      illegalGains: 100000,
      patenteeLoss: 500000,
    });
    expect(thresholdsAt('2005-01-01')?.unitMultiplier).toBe(3);
  });

  it('picks the version by date: none before 2004-12-22, units equal from 2007, 2025 values unverified', () => {
    expect(thresholdsAt('2004-12-21')).toBeNull();
    expect(thresholdsAt('2004-12-22')?.document).toContain('2004');
    expect(thresholdsAt('2010-01-01')?.unitMultiplier).toBe(1);
    expect(thresholdsAt('2025-04-25')?.effectiveDate).toBe('2007-04-05');
    const t2025 = offenceThresholds('214', '2025-04-26');
    expect(t2025).toMatchObject({
      verified: false,
      entry: { illegalGains: 30000, salesAmount: 50000 },
      version: '2025-04-26',
    });
  });

  it('administrative fines: trademark ≥ ¥50k → 5×, else ≤ ¥250k; patent 2020: > ¥50k → 5×', () => {
    expect(maxFine('trademark', 40000, '2026-01-01')?.max).toBe(250000);
    expect(maxFine('trademark', 50000, '2026-01-01')?.max).toBe(250000);
    expect(maxFine('trademark', 60000, '2026-01-01')?.max).toBe(300000);
    expect(maxFine('trademark', 0, '2026-01-01')?.max).toBe(250000);
    expect(maxFine('patent_passing_off', 50000, '2026-01-01')?.max).toBe(250000);
    expect(maxFine('patent_passing_off', 60000, '2026-01-01')?.max).toBe(300000);
    expect(maxFine('patent_passing_off', 60000, '2015-01-01')).toMatchObject({
      max: 240000,
      verified: false,
    });
    expect(fineScaleAt('trademark', '2019-10-31')).toBeNull();
  });
});

describe('key goods and key periods', () => {
  it('categories carry weights and match listing text', () => {
    expect(loadKeyGoods().categories.map((c) => c.nameZh)).toEqual(
      expect.arrayContaining([
        '服装鞋帽',
        '妇幼用品',
        '老年用品',
        '家用电器',
        '消费类电子产品',
        '汽车配件',
        '数码产品',
        '装饰装修材料',
        '食品',
        '化妆品',
        '农资',
      ]),
    );
    expect(keyGoodsCategoriesOf('婴儿配方奶粉 900g').map((c) => c.code)).toContain('MOTHER_BABY');
    expect(keyGoodsWeight('婴儿配方奶粉 900g')).toBe(1.6);
    expect(keyGoodsWeight('手写书法作品')).toBe(1);
  });

  it('春节 from the almanac table; ICU agrees except where the new moon is near midnight', () => {
    expect(springFestival(2026)).toEqual({ date: '2026-02-17', from: 'table' });
    expect(springFestival(2041).from).toBe('icu');
    const file = loadKeyPeriods();
    const disagree = Object.entries(file.springFestival)
      .filter(([year, date]) => lunarNewYearByIcu(Number(year)) !== date)
      .map(([year]) => year);
    expect(disagree).toEqual(['2027', '2030']);
  });

  it('resolves windows for a year, including those running into the next year', () => {
    const w2026 = periodWindows(2026);
    expect(w2026.find((w) => w.code === 'SPRING_FESTIVAL')).toMatchObject({
      start: '2026-01-27',
      end: '2026-03-04',
    });
    expect(w2026.find((w) => w.code === 'NEW_YEAR')).toMatchObject({
      start: '2026-12-25',
      end: '2027-01-03',
    });
    expect(w2026.filter((w) => w.code === 'FARMING_SEASON')).toHaveLength(3);
    const codes = new Set(w2026.map((w) => w.code));
    for (const c of [
      'SPRING_FESTIVAL',
      'MAR15',
      'APR26_IP_DAY',
      'MAY1',
      'JUNE18',
      'NATIONAL_DAY',
      'DOUBLE11',
      'DOUBLE12',
      'FARMING_SEASON',
    ])
      expect(codes.has(c)).toBe(true);
  });

  it('active periods and multipliers on a day', () => {
    expect(activePeriods('2026-11-11').map((w) => w.code)).toEqual(['DOUBLE11', 'FARMING_SEASON']);
    expect(activePeriods('2027-01-02').map((w) => w.code)).toEqual(['NEW_YEAR']);
    expect(
      activePeriods('2026-03-15')
        .map((w) => w.code)
        .sort(),
    ).toEqual(['FARMING_SEASON', 'MAR15', 'TWO_SESSIONS']);
    expect(periodMultiplier('2026-11-11')).toBe(1.5);
    expect(periodMultiplier('2026-07-15')).toBe(1);
    // Farming seasons concern farm inputs only.
    expect(periodMultiplier('2026-09-10')).toBe(1);
    expect(periodMultiplier('2026-09-10', 'FARM_INPUTS')).toBe(1.5);
  });
});
