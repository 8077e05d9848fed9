import { describe, expect, it } from 'vitest';
import type { CrawlHealth, DailySeries } from '../../../src/store/dashboardQueries.js';
import {
  crawlHealthChart,
  CRAWL_HEALTH_TITLE,
  findingsPerDayChart,
  FINDINGS_PER_DAY_TITLES,
  foldSeries,
  NO_DATA,
  takedownChart,
  TAKEDOWN_TITLE,
  topRightsChart,
  topSellersChart,
  TOP_RIGHTS_TITLE,
  TOP_SELLERS_TITLE,
} from '../../../src/web/charts/index.js';
import { expectChart } from './svgHelpers.js';

const DAYS = ['2026-11-30', '2026-12-01', '2026-12-02'];
const series = (key: string, counts: number[]) => ({
  key,
  counts,
  total: counts.reduce((a, b) => a + b, 0),
});

describe('findingsPerDayChart', () => {
  it('stacks the findings of each day by kind, with Chinese labels and every day on the axis', () => {
    const data: DailySeries = {
      days: DAYS,
      series: [series('trademark', [2, 0, 3]), series('gi', [0, 0, 1])],
    };
    const svg = findingsPerDayChart(data, 'kind');
    const { texts } = expectChart(svg, FINDINGS_PER_DAY_TITLES.kind);
    const words = texts.map((t) => t.text);
    expect(words).toEqual(expect.arrayContaining(['11-30', '12-01', '12-02', '商标', '地理标志', '共 6 条']));
    expect(words).not.toContain(NO_DATA);
  });

  it('names the platforms and folds categories beyond the top ten into 其他', () => {
    const platforms = findingsPerDayChart(
      { days: DAYS, series: [series('shopa', [1, 1, 1]), series('jd', [0, 1, 0])] },
      'platform',
    );
    expect(expectChart(platforms, FINDINGS_PER_DAY_TITLES.platform).texts.map((t) => t.text)).toEqual(
      expect.arrayContaining(['甲商城', 'jd']),
    );
    const many: DailySeries = {
      days: DAYS,
      series: Array.from({ length: 12 }, (_, i) => series(`类目${i}/子类`, [12 - i, 0, 1])),
    };
    many.series.push(series('', [1, 0, 0]));
    const folded = foldSeries(many);
    expect(folded).toHaveLength(11);
    // 类目10, 类目11 and the uncategorised: (2+1) + (1+1) + 1 on the first and last days.
    expect(folded[10]).toEqual({ key: null, counts: [2 + 1 + 1, 0, 2] });
    const words = expectChart(
      findingsPerDayChart(many, 'category'),
      FINDINGS_PER_DAY_TITLES.category,
    ).texts.map((t) => t.text);
    expect(words).toEqual(expect.arrayContaining(['类目0/子类', '类目9/子类', '其他']));
    expect(words).not.toContain('类目10/子类');
    expect(words).not.toContain('未分类');
    expect(findingsPerDayChart({ days: DAYS, series: [series('', [1, 0, 0])] }, 'category')).toContain(
      '未分类',
    );
  });

  it('shows 暂无数据 for a window without findings', () => {
    for (const data of [
      { days: DAYS, series: [] },
      { days: [], series: [] },
    ]) {
      const { texts } = expectChart(findingsPerDayChart(data, 'kind'), FINDINGS_PER_DAY_TITLES.kind);
      expect(texts.map((t) => t.text)).toContain(NO_DATA);
    }
  });
});

describe('hostile listing text in chart labels', () => {
  const script = '<script>alert(1)</script>';
  const img = '"><img src=x onerror=alert(1)>';

  it('is escaped text in the seller ranking, never markup', () => {
    const svg = topSellersChart([
      { platform: 'shopa', sellerId: 's1', sellerName: script, findings: 5 },
      { platform: 'shopb', sellerId: 's2', sellerName: img, findings: 3 },
    ]);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/<img/i);
    expect(svg).not.toMatch(/<[^>]*\sonerror\s*=/i);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&quot;&gt;&lt;img src=x');
    const { texts } = expectChart(svg, TOP_SELLERS_TITLE);
    // Decoded, the labels read as the listing printed them (shortened to 14 characters).
    const first = texts.find((t) => t.text === '<script>alert…（甲商城）');
    const second = texts.find((t) => t.text === '"><img src=x …（乙淘网）');
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    // The seller with the most findings is drawn at the top.
    expect(first!.y).toBeLessThan(second!.y);
  });

  it('is escaped in the legend of categories and in the rights ranking', () => {
    const svg = findingsPerDayChart(
      { days: DAYS, series: [series(img, [1, 0, 0]), series(script, [0, 1, 0])] },
      'category',
    );
    expect(svg).not.toMatch(/<script|<img|<[^>]*\sonerror\s*=/i);
    expectChart(svg, FINDINGS_PER_DAY_TITLES.category);
    const rights = topRightsChart([
      { rightId: 'tm-x', name: `<a href="javascript:alert(1)">x</a>`, kind: 'trademark', findings: 2 },
    ]);
    expect(rights).not.toMatch(/<a\b|href="/i);
    // Text that reads like an attribute stays text: the chart renders, it is not refused.
    const lookalike = topSellersChart([
      { platform: 'shopa', sellerId: 's', sellerName: 'href=javascript:x onload=y', findings: 1 },
    ]);
    expect(expectChart(lookalike, TOP_SELLERS_TITLE).texts.map((t) => t.text)).toContain(
      'href=javascri…（甲商城）',
    );
    expectChart(rights, TOP_RIGHTS_TITLE);
  });
});

describe('topRightsChart', () => {
  it('names each right with its kind; a patent marking without a right has its own label', () => {
    const { texts } = expectChart(
      topRightsChart([
        { rightId: 'tm-naike', name: '耐克', kind: 'trademark', findings: 9 },
        { rightId: 'gi-x', name: null, kind: 'gi', findings: 4 },
        { rightId: null, name: null, kind: 'patent', findings: 1 },
      ]),
      TOP_RIGHTS_TITLE,
    );
    expect(texts.map((t) => t.text)).toEqual(
      expect.arrayContaining(['耐克（商标）', 'gi-x（地理标志）', '无对应专利（专利标记）', '9', '4', '1']),
    );
  });

  it('shows 暂无数据 when no right has findings', () => {
    expect(expectChart(topRightsChart([]), TOP_RIGHTS_TITLE).texts.map((t) => t.text)).toContain(NO_DATA);
    expect(expectChart(topSellersChart([]), TOP_SELLERS_TITLE).texts.map((t) => t.text)).toContain(NO_DATA);
  });
});

describe('takedownChart', () => {
  it('gives each platform its median and the share taken down; a platform with none says so', () => {
    const svg = takedownChart([
      {
        platform: 'shopa',
        takenDown: 3,
        notTakenDown: 1,
        hours: { min: 2, q1: 3, median: 4, q3: 7, max: 10 },
      },
      { platform: 'shopb', takenDown: 0, notTakenDown: 2, hours: null },
    ]);
    const words = expectChart(svg, TAKEDOWN_TITLE).texts.map((t) => t.text);
    expect(words.join('\n')).toContain('甲商城');
    expect(words).toEqual(expect.arrayContaining(['中位 4 小时', '已删除 3/4', '尚无删除', '已删除 0/2']));
    // One box (five whisker and box paths drawn from the numbers) for shopa: its top reaches 10 on the axis.
    expect(words).toContain('10');
  });

  it('shows 暂无数据 without notices', () => {
    expect(expectChart(takedownChart([]), TAKEDOWN_TITLE).texts.map((t) => t.text)).toContain(NO_DATA);
  });
});

describe('crawlHealthChart', () => {
  const lastRun = {
    runId: 7,
    job: 'daily',
    startedAt: '2026-12-02T03:00:00.000Z',
    finishedAt: '2026-12-02T03:20:00.000Z',
    status: 'partial' as const,
  };
  const rows: CrawlHealth[] = [
    {
      platform: 'shopa',
      pages: 340,
      errorsByClass: { timeout: 4, blocked: 3 },
      blocks: 3,
      lastRun,
      failedRows: 2,
    },
    { platform: 'shopc', pages: 0, errorsByClass: {}, blocks: 0, lastRun: null, failedRows: 0 },
  ];

  it('shows pages, errors by class, blocks, the last run in China time and failed rows per platform', () => {
    const words = expectChart(crawlHealthChart(rows), CRAWL_HEALTH_TITLE).texts.map((t) => t.text);
    const all = words.join('\n');
    expect(all).toContain('甲商城');
    expect(all).toContain('最近运行 12-02 11:00 部分失败');
    expect(all).toContain('丙优选');
    expect(all).toContain('尚未运行');
    expect(words).toEqual(
      expect.arrayContaining(['超时', '封禁/验证码', '340', '2', '封禁/验证码 3 次 · 最近运行失败行 2']),
    );
  });

  it('shows 暂无数据 before any crawl', () => {
    expect(expectChart(crawlHealthChart([]), CRAWL_HEALTH_TITLE).texts.map((t) => t.text)).toContain(NO_DATA);
  });
});
