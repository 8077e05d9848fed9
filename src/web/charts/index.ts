/*
 * The dashboard's charts: pure functions from the store's aggregates (src/store/dashboardQueries.ts) to SVG
 * strings rendered on the server, safe to inline in a page (no script, no inline style, text escaped).
 */
export { crawlHealthChart, CRAWL_HEALTH_TITLE } from './crawlHealth.js';
export {
  findingsPerDayChart,
  foldSeries,
  FINDINGS_PER_DAY_TITLES,
  TOP_SERIES,
  type FindingsPerDayOptions,
} from './findingsPerDay.js';
export { topRightsChart, topSellersChart, TOP_RIGHTS_TITLE, TOP_SELLERS_TITLE } from './rankings.js';
export {
  CHART_FONT,
  ChartRenderError,
  DEFAULT_SIZE,
  emptyChart,
  NO_DATA,
  renderSvg,
  unsafeContent,
  type ChartSize,
} from './render.js';
export { takedownChart, TAKEDOWN_TITLE } from './takedown.js';
