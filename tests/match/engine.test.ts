import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/match/engine.js';
import { Evaluation, belowTarget, precision, recall } from '../../src/tools/eval/evaluate.js';
import { readLabelledJsonl } from '../../src/tools/eval/labelledFile.js';
import { REASONS, type Hit, type Listing } from '../../src/model/index.js';
import { loadWatchListFile } from '../../src/rights/watchListFile.js';
import { listing } from './helpers.js';

const rights = loadWatchListFile('tests/match/fixtures/watchlist.json');
const matcher = createMatcher(rights);
const shoes = '运动户外/运动鞋';

describe('engine on the text core', () => {
  it.each([
    ['ＮＩＫＥ 空军一号', 'tm-nike', shoes],
    ['Νіке 运动鞋', 'tm-nike', shoes],
    ['耐⭐克 正品', 'tm-nike', shoes],
    ['耐\u200b克 跑鞋', 'tm-nike', shoes],
    ['N-I-K-E 板鞋', 'tm-nike', shoes],
    ['N1KE 篮球鞋', 'tm-nike', shoes],
    ['naike 跑鞋', 'tm-nike', shoes],
    ['nai ke 跑鞋', 'tm-nike', shoes],
    ['耐刻 跑鞋', 'tm-nike', shoes],
    ['康帅傅 红烧牛肉面', 'tm-kangshifu', '食品饮料/方便面'],
    ['雷碧 汽水 330ml', 'tm-sprite', '食品饮料/碳酸饮料'],
    ['粤利粤 夹心饼干', 'tm-oreo', '食品饮料/饼干糕点'],
  ])('%s → trademark.evasion of %s', (title, rightId, category) => {
    const hit = matcher.match(listing({ title, category, price: 500 })).find((h) => h.rightId === rightId);
    expect(hit).toMatchObject({ reason: 'trademark.evasion', flagged: true });
    const mark = hit!.rules[0]!;
    expect(title.slice(mark.span![0], mark.span![1])).toBe(mark.text);
  });

  it('is pure: the same listing gives the same hits and is not changed', () => {
    const l = listing({ title: '耐克 高仿 跑鞋 专利号 ZL202310123456.7', category: shoes, price: 99 });
    const copy = structuredClone(l);
    const a = matcher.match(l);
    const b = matcher.match(l);
    expect(a).toEqual(b);
    expect(l).toEqual(copy);
    expect(a.map((h) => h.reason).sort()).toEqual(['patent.invalid_number', 'trademark.counterfeit']);
  });

  it('hostile text is only text', () => {
    const l = listing({
      title: '<script>alert("x")</script> 耐克 "><img src=x onerror=alert(1)> 高仿',
      description: '</script>\u2028 & 冰墩墩',
      category: shoes,
    });
    const hits = matcher.match(l);
    expect(hits.map((h) => h.rightId).sort()).toEqual(['sp-bdd', 'tm-nike']);
  });

  it('every rule of every hit points at the text it names', () => {
    const l = listing({
      title: 'ＣＨＡＮＥＬ 菱格 链条包 高仿',
      description: '香奈儿 同款',
      category: '箱包/女包',
      price: 99,
    });
    for (const hit of matcher.match(l)) {
      for (const r of hit.rules) {
        if (!r.span || (r.field !== 'title' && r.field !== 'description')) continue;
        const text = r.field === 'title' ? l.title : l.description!;
        expect(text.slice(r.span[0], r.span[1])).toBe(r.text);
      }
    }
  });
});

describe('evaluation', () => {
  const hit = (l: Listing, rightId: string | null, reason: Hit['reason'], flagged = true): Hit => ({
    listingId: l.id,
    rightId,
    kind: 'trademark',
    reason,
    score: 1,
    flagged,
    rules: [],
  });

  it('counts TP, FP and FN per reason on (listing, right, reason); weak hits do not count', () => {
    const a = listing({ title: 'a' });
    const b = listing({ title: 'b' });
    const c = listing({ title: 'c' });
    const answers = new Map<string, Hit[]>([
      [a.id, [hit(a, 'r1', 'trademark.counterfeit')]],
      [b.id, [hit(b, 'r1', 'trademark.evasion'), hit(b, 'r2', 'trademark.use', false)]],
      [c.id, []],
    ]);
    const ev = new Evaluation((l) => answers.get(l.id) ?? []);
    ev.add({ listing: a, expected: [{ rightId: 'r1', reason: 'trademark.counterfeit' }] });
    ev.add({ listing: b, expected: [{ rightId: 'r1', reason: 'trademark.counterfeit' }] });
    ev.add({ listing: c, expected: [{ rightId: null, reason: 'patent.expired' }] });
    const r = ev.result();
    expect(r.byReason.get('trademark.counterfeit')).toEqual({ tp: 1, fp: 0, fn: 1 });
    expect(r.byReason.get('trademark.evasion')).toEqual({ tp: 0, fp: 1, fn: 0 });
    expect(r.byReason.get('patent.expired')).toEqual({ tp: 0, fp: 0, fn: 1 });
    expect(r.overall).toEqual({ tp: 1, fp: 1, fn: 2 });
    expect(precision(r.overall)).toBeCloseTo(0.5);
    expect(recall(r.overall)).toBeCloseTo(1 / 3);
    expect(r.errors.map((e) => e.kind).sort()).toEqual(['false_flag', 'missed', 'missed']);
    expect(belowTarget(r, { overall: 0.95, perReason: 0.9 })).toEqual(
      expect.arrayContaining(['overall', 'trademark.counterfeit', 'trademark.evasion', 'patent.expired']),
    );
  });

  it('the hand-written set is well formed and covers every reason and negatives', async () => {
    const reasons = new Set<string>();
    let negatives = 0;
    let n = 0;
    for await (const item of readLabelledJsonl('tests/match/fixtures/labelled.jsonl')) {
      n += 1;
      if (item.expected.length === 0) negatives += 1;
      for (const e of item.expected) reasons.add(e.reason);
    }
    expect(n).toBeGreaterThanOrEqual(100);
    expect(negatives).toBeGreaterThanOrEqual(40);
    expect([...reasons].sort()).toEqual(REASONS.filter((r) => r !== 'trademark.use').sort());
  });
});
