import type { RightCount, SellerCount } from '../../store/dashboardQueries.js';
import { kindLabel, NO_RIGHT_LABEL, platformLabel, shorten } from './labels.js';
import { DEFAULT_SIZE, emptyChart, PALETTE, renderSvg, titleOption, type ChartSize } from './render.js';

export const TOP_SELLERS_TITLE = '发现数最多的卖家';
export const TOP_RIGHTS_TITLE = '发现数最多的权利';

/** Height that fits `rows` bars (26 px each) under the title. */
function heightFor(rows: number, size: ChartSize): ChartSize {
  return { width: size.width, height: Math.max(size.height, 80 + rows * 26) };
}

/** Horizontal bars, largest at the top, each labelled with its count. */
function rankingChart(
  title: string,
  rows: { label: string; value: number }[],
  color: string,
  size: ChartSize,
): string {
  if (rows.length === 0) return emptyChart(title, size);
  const fitted = heightFor(rows.length, size);
  return renderSvg(
    {
      title: titleOption(title),
      grid: { left: 16, right: 40, top: 44, bottom: 16, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.label),
        axisLabel: { interval: 0 },
      },
      series: [
        {
          type: 'bar',
          name: title,
          data: rows.map((r) => r.value),
          itemStyle: { color },
          label: { show: true, position: 'right' },
          barMaxWidth: 18,
        },
      ],
    },
    title,
    fitted,
  );
}

/** The sellers with the most findings: `name（平台）` as printed by the listing, shortened. */
export function topSellersChart(rows: readonly SellerCount[], size: ChartSize = DEFAULT_SIZE): string {
  return rankingChart(
    TOP_SELLERS_TITLE,
    rows.map((r) => ({
      label: `${shorten(r.sellerName || r.sellerId, 14)}（${platformLabel(r.platform)}）`,
      value: r.findings,
    })),
    PALETTE[2] ?? '#e15759',
    size,
  );
}

/** The rights with the most findings: the registry name (or id), with its kind. */
export function topRightsChart(rows: readonly RightCount[], size: ChartSize = DEFAULT_SIZE): string {
  return rankingChart(
    TOP_RIGHTS_TITLE,
    rows.map((r) => ({
      label:
        r.rightId === null ? NO_RIGHT_LABEL : `${shorten(r.name ?? r.rightId, 14)}（${kindLabel(r.kind)}）`,
      value: r.findings,
    })),
    PALETTE[0] ?? '#4e79a7',
    size,
  );
}
