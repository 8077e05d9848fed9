import type { DailySeries, FindingDimension } from '../../store/dashboardQueries.js';
import { kindLabel, NO_CATEGORY_LABEL, OTHER, platformLabel, shortDay, shorten } from './labels.js';
import { DEFAULT_SIZE, emptyChart, PALETTE, renderSvg, titleOption, type ChartSize } from './render.js';

export const FINDINGS_PER_DAY_TITLES: Readonly<Record<FindingDimension, string>> = {
  kind: '每日发现数（按权利类型）',
  platform: '每日发现数（按平台）',
  category: '每日发现数（按商品类目）',
};

/** How many series a stacked chart shows before the rest is folded into 其他. */
export const TOP_SERIES = 10;

/**
 * The first `top` series (the data come most findings first) and one 其他 series summing the rest. The 其他
 * key is null so that a category literally named 其他 stays a category of its own.
 */
export function foldSeries(
  data: DailySeries,
  top: number = TOP_SERIES,
): { key: string | null; counts: number[] }[] {
  const kept: { key: string | null; counts: number[] }[] = data.series.slice(0, top);
  const rest = data.series.slice(top);
  if (rest.length === 0) return kept;
  const counts = data.days.map((_, i) => rest.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));
  return [...kept, { key: null, counts }];
}

function seriesLabel(by: FindingDimension, key: string | null): string {
  if (key === null) return OTHER;
  if (by === 'kind') return kindLabel(key);
  if (by === 'platform') return platformLabel(key);
  return key === '' ? NO_CATEGORY_LABEL : shorten(key, 12);
}

export interface FindingsPerDayOptions {
  size?: ChartSize;
  /** Series shown before the rest is folded into 其他 (default 10). */
  top?: number;
}

/** A stacked bar per China day of the findings opened, split by kind, platform or category. */
export function findingsPerDayChart(
  data: DailySeries,
  by: FindingDimension,
  options: FindingsPerDayOptions = {},
): string {
  const title = FINDINGS_PER_DAY_TITLES[by];
  const size = options.size ?? DEFAULT_SIZE;
  const total = data.series.reduce((sum, s) => sum + s.total, 0);
  if (data.days.length === 0 || total === 0) return emptyChart(title, size);
  const folded = foldSeries(data, options.top ?? TOP_SERIES);
  return renderSvg(
    {
      title: titleOption(title, `共 ${total} 条`),
      // A legend of up to eleven names fits beside the bars, not under them (it would wrap into the axis).
      legend: { orient: 'vertical', right: 8, top: 56, itemWidth: 12, itemHeight: 10, itemGap: 6 },
      grid: { left: 40, right: 140, top: 56, bottom: 32 },
      xAxis: {
        type: 'category',
        data: data.days.map(shortDay),
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: folded.map((s, i) => ({
        type: 'bar',
        stack: 'findings',
        name: seriesLabel(by, s.key),
        data: s.counts,
        itemStyle: { color: s.key === null ? '#bab0ac' : PALETTE[i % (PALETTE.length - 1)] },
        barMaxWidth: 28,
      })),
    },
    title,
    size,
  );
}
