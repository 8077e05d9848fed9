import { describe, expect, it } from 'vitest';
import { findGroupClusters } from '../../src/leads/groupClusters.js';
import { loadGroupRules } from '../../src/leads/leadRules.js';
import { jaccard, jaccardAtLeast, normaliseTitle, titleShingles } from '../../src/leads/titleShingles.js';
import type { FindingFacts } from '../../src/leads/types.js';
import { finding } from './findingFacts.js';

const TITLE = '耐克 Air Force 1 空军一号 低帮 白色 板鞋 男鞋';

describe('title shingles', () => {
  it('normalises full-width, case, punctuation and spaces before cutting n-grams', () => {
    expect(normaliseTitle('ＮＩＫＥ【正品】 Air-Force！')).toBe('nike正品airforce');
    expect([...titleShingles('耐克鞋', 2)]).toEqual(['耐克', '克鞋']);
    expect(jaccard(titleShingles('耐克鞋', 2), titleShingles('耐克鞋', 2)).value).toBe(1);
  });
});

describe('findGroupClusters', () => {
  const cluster: [FindingFacts, FindingFacts, FindingFacts] = [
    finding({
      findingId: 1,
      sellerId: 's1',
      sellerName: '甲鞋店',
      listingId: 'a1',
      title: TITLE,
      price: 199,
    }),
    finding({
      findingId: 2,
      sellerId: 's2',
      sellerName: '乙鞋店',
      listingId: 'a2',
      title: `【爆款】${TITLE}`,
      price: 209,
    }),
    finding({
      findingId: 3,
      platform: 'shopb',
      sellerId: 's3',
      sellerName: '丙鞋店',
      listingId: 'b3',
      title: `${TITLE}！！`,
      price: 189,
    }),
  ];
  // Same title, but ten times the price: another band.
  const dear = finding({
    findingId: 4,
    sellerId: 's4',
    sellerName: '丁专柜',
    listingId: 'a4',
    title: TITLE,
    price: 1999,
  });
  // Same band, unrelated title.
  const other = finding({
    findingId: 5,
    sellerId: 's5',
    sellerName: '戊店',
    listingId: 'a5',
    title: '耐克 儿童 羽绒服 冬季 加厚',
    price: 199,
  });

  it('finds near-identical titles across 3 sellers and leaves out the other price band', () => {
    const found = findGroupClusters([...cluster, dear, other]);
    expect(found).toHaveLength(1);
    const c = found[0];
    expect(c?.findingIds).toEqual([1, 2, 3]);
    expect(c?.sellers.map((s) => s.sellerName)).toEqual(['甲鞋店', '乙鞋店', '丙鞋店']);
    expect(c?.priceBand).toEqual({ min: 189, max: 209, currency: 'CNY' });
    expect(c?.ties).toHaveLength(2);
  });

  it('explains each tie: shared shingles, similarity and price ratio', () => {
    const c = findGroupClusters([...cluster, dear])[0];
    expect(c?.commonShingles).toEqual(expect.arrayContaining(['耐克', '空军', 'ai', 'rf']));
    for (const t of c?.ties ?? []) {
      expect(t.tiedBy).toContain('title');
      expect(t.titleJaccard).toBeGreaterThanOrEqual(loadGroupRules().minJaccard);
      expect(t.sharedShingles).toEqual(expect.arrayContaining(['耐克', '板鞋']));
      expect(t.priceRatio).toBeLessThanOrEqual(loadGroupRules().priceRatio);
    }
    expect(c?.explanation).toContain('3 个卖家');
    expect(c?.explanation).toContain('标题相似度');
    expect(c?.explanation).toContain('共有片段');
    expect(c?.explanation).toContain('价格比');
    expect(c?.explanation).toContain('¥189–¥209');
    expect(c?.explanation).not.toContain('丁专柜');
  });

  it('needs the minimum number of distinct sellers: two sellers are not a group', () => {
    const twoSellers = [cluster[0], cluster[1], { ...cluster[1], findingId: 9, listingId: 'a9' }];
    expect(findGroupClusters(twoSellers)).toEqual([]);
  });

  it('keeps rights apart', () => {
    const mixed = [cluster[0], cluster[1], { ...cluster[2], rightId: 'tm-adidas' }];
    expect(findGroupClusters(mixed)).toEqual([]);
  });

  it('ties listings by a near image hash even when the titles differ', () => {
    const rules = { ...loadGroupRules(), minSellers: 2 };
    const a = finding({
      findingId: 1,
      sellerId: 's1',
      title: '运动鞋 男',
      imageHashes: ['ffff0000ffff0000'],
    });
    const b = finding({
      findingId: 2,
      sellerId: 's2',
      title: '休闲板鞋 女款 新品',
      imageHashes: ['ffff0000ffff0003'],
    });
    const c = findGroupClusters([a, b], rules)[0];
    expect(c?.ties[0]).toMatchObject({ tiedBy: ['image'], imageDistance: 2 });
    expect(c?.explanation).toContain('图片哈希相差 2 位');
  });

  it("finds the cluster among a day's worth of unrelated findings of the same right", () => {
    // Unrelated titles: the mark, then ten characters from a deterministic generator over 3,000 CJK ideographs.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const word = () =>
      Array.from({ length: 10 }, () => String.fromCodePoint(0x4e00 + (next() % 3000))).join('');
    const many = Array.from({ length: 3000 }, (_, i) =>
      finding({
        findingId: `m${i}`,
        sellerId: `m${i}`,
        listingId: `x${i}`,
        title: `耐克 ${word()}`,
        price: 100 + (i % 50),
      }),
    );
    const found = findGroupClusters([...many, ...cluster]);
    const mine = found.find((c) => c.findingIds.includes(1));
    expect(mine?.findingIds).toEqual(expect.arrayContaining([1, 2, 3]));
  });
});

describe('jaccardAtLeast', () => {
  it('agrees with the exact Jaccard at the threshold', () => {
    const titles = ['耐克空军一号', '耐克空军一号白', '耐克空军', '阿迪达斯', '耐克空军一号低帮白色'];
    for (const x of titles) {
      for (const y of titles) {
        const a = titleShingles(x, 2);
        const b = titleShingles(y, 2);
        for (const t of [0.3, 0.5, 0.6, 0.8, 1]) {
          expect(jaccardAtLeast(a, b, t), `${x} / ${y} @ ${t}`).toBe(jaccard(a, b).value >= t);
        }
      }
    }
  });
});

describe('findGroupClusters price band', () => {
  it('does not let a chain of ties drift out of one price band', () => {
    const title = '耐克 空军一号 低帮 白色 板鞋 男鞋';
    const chain = [100, 140, 196, 274].map((price, i) =>
      finding({ findingId: i + 1, sellerId: `s${i}`, listingId: `c${i}`, title, price }),
    );
    const found = findGroupClusters(chain, { ...loadGroupRules(), minSellers: 2 });
    expect(found.map((c) => c.findingIds)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    for (const c of found) {
      expect((c.priceBand?.max ?? 0) / (c.priceBand?.min ?? 1)).toBeLessThanOrEqual(
        loadGroupRules().priceRatio,
      );
    }
  });
});
