import type { TakedownTimes } from '../../store/dashboardQueries.js';
import { platformLabel } from './labels.js';
import { DEFAULT_SIZE, emptyChart, PALETTE, renderSvg, titleOption, type ChartSize } from './render.js';

export const TAKEDOWN_TITLE = '通知到删除用时（小时）';

/** `4` → `4`, `3.5` → `3.5`: hours as the axis label says them. */
const hours = (n: number) => String(Math.round(n * 10) / 10);

/** The platform's axis label: name, median and how many items were taken down. */
function platformCaption(t: TakedownTimes): string {
  const sent = t.takenDown + t.notTakenDown;
  const median = t.hours ? `中位 ${hours(t.hours.median)} 小时` : '尚无删除';
  return `${platformLabel(t.platform)}\n${median}\n已删除 ${t.takenDown}/${sent}`;
}

/**
 * Per platform, a box of the hours from notice sent to verified takedown (minimum, quartiles, median,
 * maximum); the axis label gives the median and the share of items taken down.
 */
export function takedownChart(rows: readonly TakedownTimes[], size: ChartSize = DEFAULT_SIZE): string {
  if (rows.length === 0) return emptyChart(TAKEDOWN_TITLE, size);
  return renderSvg(
    {
      title: titleOption(TAKEDOWN_TITLE, '箱线：最短、四分位、中位、最长'),
      grid: { left: 48, right: 16, top: 64, bottom: 64 },
      xAxis: {
        type: 'category',
        data: rows.map(platformCaption),
        axisLabel: { interval: 0, lineHeight: 16 },
      },
      yAxis: { type: 'value', name: '小时', min: 0 },
      series: [
        {
          type: 'boxplot',
          name: TAKEDOWN_TITLE,
          // A platform with nothing taken down has no box ('-' is ECharts' empty value).
          data: rows.map((t) =>
            t.hours ? [t.hours.min, t.hours.q1, t.hours.median, t.hours.q3, t.hours.max] : '-',
          ),
          itemStyle: { color: '#dfe8f3', borderColor: PALETTE[0] },
          boxWidth: [12, 40],
        },
      ],
    },
    TAKEDOWN_TITLE,
    size,
  );
}
