import type { CrawlHealth } from '../../store/dashboardQueries.js';
import { chinaMinute, ERROR_CLASS_LABELS, errorClassLabel, platformLabel, runStatusLabel } from './labels.js';
import { DEFAULT_SIZE, emptyChart, PALETTE, renderSvg, titleOption, type ChartSize } from './render.js';

export const CRAWL_HEALTH_TITLE = '各平台抓取状况';

/** The platform's row label: its name and its last run (China time and status). */
function platformCaption(h: CrawlHealth): string {
  const last = h.lastRun
    ? `最近运行 ${chinaMinute(h.lastRun.startedAt)} ${runStatusLabel(h.lastRun.status)}`
    : '尚未运行';
  return `${platformLabel(h.platform)}\n${last}`;
}

/** The error classes present, in the crawler's order of classes, then any this build does not know. */
function classesOf(rows: readonly CrawlHealth[]): string[] {
  const seen = new Set(rows.flatMap((h) => Object.keys(h.errorsByClass)));
  const known = Object.keys(ERROR_CLASS_LABELS).filter((c) => seen.has(c));
  return [...known, ...[...seen].filter((c) => !(c in ERROR_CLASS_LABELS)).sort()];
}

/**
 * Two panels side by side with one row per platform: pages fetched on the left; on the right the failed
 * requests stacked by error class (blocks are the 封禁/验证码 class) and the last run's failed rows.
 */
export function crawlHealthChart(
  rows: readonly CrawlHealth[],
  size: ChartSize = { width: 760, height: 0 },
): string {
  const fitted = { width: size.width, height: Math.max(size.height, 120 + rows.length * 56) };
  if (rows.length === 0) return emptyChart(CRAWL_HEALTH_TITLE, { ...fitted, height: DEFAULT_SIZE.height });
  const captions = rows.map(platformCaption);
  const classes = classesOf(rows);
  const blocks = rows.reduce((sum, h) => sum + h.blocks, 0);
  const failedRows = rows.reduce((sum, h) => sum + h.failedRows, 0);
  const category = (gridIndex: number, show: boolean) => ({
    type: 'category' as const,
    gridIndex,
    inverse: true,
    data: captions,
    axisLabel: { show, interval: 0, lineHeight: 16 },
    axisTick: { show },
  });
  return renderSvg(
    {
      title: titleOption(CRAWL_HEALTH_TITLE, `封禁/验证码 ${blocks} 次 · 最近运行失败行 ${failedRows}`),
      legend: { bottom: 4, left: 'center', itemWidth: 12, itemHeight: 10 },
      grid: [
        { left: 160, width: '24%', top: 64, bottom: 56 },
        { right: 48, width: '36%', top: 64, bottom: 56 },
      ],
      xAxis: [
        { type: 'value', gridIndex: 0, minInterval: 1, splitNumber: 2 },
        { type: 'value', gridIndex: 1, minInterval: 1, splitNumber: 4 },
      ],
      yAxis: [category(0, true), category(1, false)],
      series: [
        {
          type: 'bar',
          name: '已抓取页面（页）',
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: rows.map((h) => h.pages),
          itemStyle: { color: PALETTE[4] },
          label: { show: true, position: 'right' },
          barMaxWidth: 16,
        },
        ...classes.map((cls, i) => ({
          type: 'bar' as const,
          name: errorClassLabel(cls),
          stack: 'errors',
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: rows.map((h) => h.errorsByClass[cls] ?? 0),
          itemStyle: { color: cls === 'blocked' ? PALETTE[2] : PALETTE[(i + 5) % PALETTE.length] },
          barMaxWidth: 16,
        })),
        {
          type: 'bar',
          name: '最近运行失败行（行）',
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: rows.map((h) => h.failedRows),
          itemStyle: { color: '#444' },
          label: { show: true, position: 'right' },
          barMaxWidth: 16,
        },
      ],
    },
    CRAWL_HEALTH_TITLE,
    fitted,
  );
}
