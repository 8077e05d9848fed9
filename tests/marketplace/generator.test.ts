import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/common/packageRoot.js';
import { ListingSchema, WatchListSchema, type Right } from '../../src/model/index.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { parsePatentNumber } from '../../src/rights/patentNumber.js';
import { isValidRegionCode, regionRelation } from '../../src/reference/regions.js';
import { CASES } from '../../src/marketplace/catalog/cases.js';
import { NAMED_SELLERS } from '../../src/marketplace/catalog/namedSellers.js';
import { BLOCK, parseListingId } from '../../src/marketplace/catalog/catalog.js';
import { catalogFor, generateListings, truthEntries } from '../../src/marketplace/generator.js';

const rights = loadWatchListFile('data/demo-watchlist.json');
const byId = new Map<string, Right>(rights.map((r) => [r.id, r]));
const CAPTURED = new Date('2026-11-23T04:00:00.000Z');

describe('demo watch list', () => {
  it('validates against WatchListSchema and has every kind of right', () => {
    const parsed = WatchListSchema.parse(JSON.parse(readFileSync('data/demo-watchlist.json', 'utf8')));
    const kinds = new Set(parsed.rights.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['gi', 'patent', 'special', 'trademark']);
    expect(new Set(parsed.rights.map((r) => r.id)).size).toBe(parsed.rights.length);
  });

  it('gives GIs real GB/T 2260 codes and patents correct check characters', () => {
    for (const r of rights) {
      if (r.kind === 'gi')
        for (const code of r.protectedArea.regionCodes) expect(isValidRegionCode(code), code).toBe(true);
      if (r.kind === 'patent') {
        const parsed = parsePatentNumber(r.number, CAPTURED);
        expect(parsed.ok, `${r.id}: ${JSON.stringify(parsed)}`).toBe(true);
      }
    }
    expect(byId.get('gi-xihulongjing')).toMatchObject({ protectedArea: { regionCodes: ['330106'] } });
    expect(byId.get('gi-wuchangdami')).toMatchObject({ protectedArea: { regionCodes: ['230184'] } });
  });

  it('has the Hangzhou Asian Games marks expired and the Beijing 2022 marks valid at capturedAt', () => {
    for (const id of ['sp-congcong', 'sp-lianlian', 'sp-chenchen', 'sp-chaoyong']) {
      const r = byId.get(id);
      expect(r?.kind === 'special' && new Date(r.validTo) < CAPTURED).toBe(true);
    }
    const bdd = byId.get('sp-bingdwendwen');
    expect(
      bdd?.kind === 'special' && bdd.announcementNo === 'A000021' && new Date(bdd.validTo) > CAPTURED,
    ).toBe(true);
  });
});

describe('generator', () => {
  it('is deterministic: same seed and count → identical listings; another seed → different ones', () => {
    const a = [...generateListings({ seed: 42, listings: 300 })];
    const b = [...generateListings({ seed: 42, listings: 300 })];
    const c = [...generateListings({ seed: 43, listings: 300 })];
    expect(a).toEqual(b);
    expect(a.map((x) => x.listing.title)).not.toEqual(c.map((x) => x.listing.title));
  });

  it('produces valid listings in the Listing format, ids that parse back, ~89 % ordinary goods', () => {
    const catalog = catalogFor({ seed: 7, listings: 2000 });
    let ordinary = 0;
    for (let i = 0; i < catalog.size; i++) {
      const g = catalog.listingAt(i);
      ListingSchema.parse(g.listing);
      expect(parseListingId(g.listing.platform as 'shopa', g.listing.id)).toEqual({
        index: i,
        generation: 0,
      });
      expect(g.listing.seller.regionCode, g.listing.seller.location).toMatch(/^\d{6}$/);
      if (g.kind === 'ordinary') ordinary++;
    }
    expect(ordinary / catalog.size).toBeGreaterThan(0.86);
    expect(ordinary / catalog.size).toBeLessThan(0.92);
    expect(catalog.listingAt(1).listing.platform).toBe('shopb');
  });

  it('contains every planted case in the default 1000 listings', () => {
    expect(CASES.length * BLOCK).toBeLessThanOrEqual(1000);
    const catalog = catalogFor({ seed: 2026, listings: 1000 });
    const seen = new Set([...catalog.caseIndices()].map((i) => catalog.listingAt(i).caseId));
    expect([...seen].sort()).toEqual(CASES.map((c) => c.id).sort());
  });

  it('prints seller locations in each platform style', () => {
    const catalog = catalogFor({ seed: 2026, listings: 300 });
    const locs = (p: string) =>
      Array.from({ length: 300 }, (_, i) => catalog.listingAt(i).listing)
        .filter((l) => l.platform === p)
        .map((l) => l.seller.location ?? '');
    expect(locs('shopa').every((l) => /^\S+[省市区]\S*$/.test(l) && !l.includes(' '))).toBe(true);
    expect(locs('shopb').some((l) => /^\S+ \S+$/.test(l))).toBe(true);
    expect(locs('shopb').every((l) => !/[省]/.test(l))).toBe(true);
    expect(locs('shopc').some((l) => /^\S+市\S+[区县市]$/.test(l))).toBe(true);
  });
});

describe('planted cases follow the flag policy', () => {
  const catalog = catalogFor({ seed: 2026, listings: 3000 });
  const planted = [...catalog.caseIndices()].map((i) => catalog.listingAt(i));
  const authorizedIds = new Set(
    rights.flatMap((r) => (r.kind === 'patent' ? [] : r.authorizedSellers.map((s) => s.sellerId ?? ''))),
  );

  it('labels name watched rights of the matching kind', () => {
    for (const g of planted) {
      for (const e of g.expected) {
        const kind = e.reason.split('.')[0];
        if (e.rightId === null) {
          expect(kind, g.caseId).toBe('patent');
          continue;
        }
        expect(byId.get(e.rightId)?.kind, `${g.caseId} → ${e.rightId}`).toBe(kind === 'gi' ? 'gi' : kind);
      }
    }
  });

  it('uses unauthorized sellers for positives and the authorized ones only in negatives', () => {
    for (const g of planted) {
      const authorized = authorizedIds.has(g.listing.seller.id);
      if (
        g.kind === 'positive' &&
        g.expected.some((e) => e.reason.startsWith('trademark') || e.reason.startsWith('special'))
      ) {
        expect(authorized, `${g.caseId} sold by ${g.listing.seller.id}`).toBe(false);
      }
    }
    for (const s of NAMED_SELLERS.filter((x) => x.id.endsWith('-official'))) {
      expect(authorizedIds.has(s.id), s.id).toBe(true);
    }
  });

  it('puts GI mismatches definitely outside the area and in-area negatives inside or too coarse', () => {
    for (const g of planted) {
      const gi = g.expected.find((e) => e.reason === 'gi.origin_mismatch');
      const code = g.listing.seller.regionCode ?? '';
      if (gi) {
        const right = byId.get(gi.rightId ?? '');
        if (right?.kind !== 'gi') throw new Error(`${g.caseId}: not a GI`);
        for (const area of right.protectedArea.regionCodes) {
          expect(regionRelation(area, code), `${g.caseId} ${g.listing.seller.location}`).toBe('outside');
        }
      }
      if (g.caseId === 'neg-gi-coarse-location') {
        expect(g.listing.seller.location).toBe('浙江 杭州');
        expect(regionRelation('330106', code)).toBe('contains');
      }
      if (g.caseId === 'neg-gi-in-area') expect(regionRelation('330106', code)).not.toBe('outside');
    }
  });

  it('prices: price cases below half the reference price, negatives with the mark at or above it', () => {
    for (const g of planted) {
      const spec = CASES.find((c) => c.id === g.caseId);
      const price = g.listing.price ?? 0;
      const variant = spec?.titles.find((t) => (typeof t === 'string' ? t : t.title) === g.listing.title);
      const brands = (typeof variant === 'object' ? variant.brands : undefined) ?? spec?.brands ?? [];
      for (const id of brands) {
        const right = byId.get(id);
        if (right?.kind !== 'trademark' || !right.referencePrice) continue;
        const half = right.referencePrice.min / 2;
        if (g.caseId?.startsWith('tm-counterfeit-price')) expect(price, g.caseId).toBeLessThan(half);
        else if (
          g.kind === 'negative' &&
          !/^neg-(compatibility|inside-word|out-of-class)/.test(g.caseId ?? '')
        ) {
          expect(price, `${g.caseId} ${g.listing.title}`).toBeGreaterThanOrEqual(half);
        }
      }
    }
  });

  it('patent cases carry the numbers their labels claim', () => {
    for (const g of planted) {
      const text = `${g.listing.title} ${g.listing.description ?? ''}`;
      const number = /(?:ZL)?\d{8,12}\.?[\dX]/.exec(text)?.[0];
      const reason = g.expected[0]?.reason;
      if (reason === 'patent.invalid_number')
        expect(parsePatentNumber(number ?? '', CAPTURED).ok).toBe(false);
      if (reason === 'patent.type_mismatch' || reason === 'patent.expired') {
        expect(parsePatentNumber(number ?? '', CAPTURED).ok, `${g.caseId} ${number}`).toBe(true);
      }
      if (g.expected[0]?.rightId?.startsWith('pt-')) {
        const right = byId.get(g.expected[0].rightId);
        expect(right?.kind === 'patent' && text.includes(right.number.replace(/^ZL/, ''))).toBe(true);
      }
    }
  });

  it('uses only confusions found in the pycorrector tables for 形近字 and homophones', () => {
    const stroke = readFileSync(packagePath('data', 'confusion', 'pycorrector', 'same_stroke.txt'), 'utf8')
      .split('\n')
      .map((l) => l.split('\t'));
    const pinyin = new Map(
      readFileSync(packagePath('data', 'confusion', 'pycorrector', 'same_pinyin.txt'), 'utf8')
        .split('\n')
        .map((l) => l.split('\t'))
        .map(([ch, same = '', near = '']) => [ch, same + near] as const),
    );
    const sameStroke = (a: string, b: string) => stroke.some((g) => g.includes(a) && g.includes(b));
    const samePinyin = (a: string, b: string) =>
      (pinyin.get(a) ?? '').includes(b) || (pinyin.get(b) ?? '').includes(a);
    expect(sameStroke('师', '帅')).toBe(true); // 康帅傅
    expect(sameStroke('雪', '雷')).toBe(true); // 雷碧
    expect(sameStroke('桃', '挑')).toBe(true); // 六个核挑
    expect(samePinyin('克', '刻')).toBe(true); // 耐刻
    expect(samePinyin('墩', '敦')).toBe(true); // 冰敦敦
    const shapeTitles = CASES.filter((c) => /shape|homophone/.test(c.id)).flatMap((c) => c.titles);
    expect(shapeTitles.join(' ')).toMatch(/康帅傅.*雷碧|雷碧/);
  });

  it('truth entries cover every planted case with its labels, plus a sample of ordinary goods', () => {
    const entries = [...truthEntries(catalog, 50)];
    const byListing = new Map(entries.map((e) => [e.listingId, e]));
    for (const g of planted) {
      const entry = byListing.get(g.listing.id);
      expect(entry?.expected, g.caseId).toEqual(g.expected);
      expect(entry?.case).toBe(g.caseId);
    }
    expect(entries.filter((e) => e.case === 'ordinary').length).toBeGreaterThan(40);
    for (const e of entries) ListingSchema.parse(e.listing);
    const reasons = new Set(entries.flatMap((e) => e.expected.map((x) => x.reason)));
    expect([...reasons].sort()).toEqual([
      'gi.origin_mismatch',
      'patent.application_as_patent',
      'patent.expired',
      'patent.invalid_number',
      'patent.type_mismatch',
      'patent.unlicensed',
      'special.unauthorized',
      'trademark.counterfeit',
      'trademark.evasion',
      'trademark.referential',
    ]);
    // Watch labels (issue 13) say so; every other label is a lead.
    const watch = entries.flatMap((e) => e.expected.filter((x) => x.tier === 'watch').map((x) => x.reason));
    expect(new Set(watch)).toEqual(new Set(['trademark.referential']));
  });
});
