import { BarChart, BoxplotChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { MarkwatchError } from '../../common/errors.js';

/*
 * ECharts' server-side SVG renderer (no DOM, no chart script in the page): an option in, an SVG string out.
 * ECharts escapes every text it writes (&lt; &gt; &quot; &amp;), which is what makes hostile listing text safe
 * here; unsafeContent() is a last check that the output holds no active content whatever a label said.
 */
use([BarChart, BoxplotChart, GridComponent, LegendComponent, TitleComponent, GraphicComponent, SVGRenderer]);

/** The CJK font the server's screenshots and most Chinese desktops have (Debian: fonts-noto-cjk). */
export const CHART_FONT = "'Noto Sans CJK SC', sans-serif";
export const NO_DATA = '暂无数据';

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_SIZE: ChartSize = { width: 640, height: 320 };

/**
 * Output that would run or load something if the SVG were inlined in a page. Text is escaped, so every pattern
 * can only match markup, never a label that merely reads like markup.
 */
export class ChartRenderError extends MarkwatchError {}

const ACTIVE_CONTENT = [
  /<script/i,
  /<foreignObject/i,
  /<iframe/i,
  /<img/i,
  /<[^>]*\son[a-z]+\s*=/i,
  /<[^>]*\s(?:href|xlink:href|src)\s*=\s*["']?\s*javascript:/i,
];

/** The first active-content pattern the SVG matches, or null. */
export function unsafeContent(svg: string): string | null {
  const hit = ACTIVE_CONTENT.find((re) => re.test(svg));
  return hit ? hit.source : null;
}

/** SVG presentation attributes the renderer writes as inline CSS (font-size:12px → font-size="12px"). */
const PRESENTATION = new Set(['font-size', 'font-family', 'font-weight', 'font-style', 'opacity']);

/**
 * Makes the SVG safe to inline under a strict Content-Security-Policy (no inline styles): inline CSS becomes
 * presentation attributes, and the hover-only <style> block, its classes and the renderer's metadata go.
 */
function forStrictCsp(svg: string): string {
  return svg
    .replace(/<style\b[\s\S]*?<\/style>/g, '')
    .replace(/ class="zr\d+-cls-\d+"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) =>
      css
        .split(';')
        .map((decl) => {
          const i = decl.indexOf(':');
          const prop = decl.slice(0, i).trim();
          return i > 0 && PRESENTATION.has(prop) ? ` ${prop}="${decl.slice(i + 1).trim()}"` : '';
        })
        .join(''),
    );
}

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders an ECharts option to an SVG string labelled `title` for screen readers. */
export function renderSvg(option: EChartsCoreOption, title: string, size: ChartSize = DEFAULT_SIZE): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  let svg: string;
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: CHART_FONT },
      color: PALETTE,
      ...option,
    });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  svg = forStrictCsp(svg).replace(/^<svg /, `<svg role="img" aria-label="${escapeAttribute(title)}" `);
  const unsafe = unsafeContent(svg);
  if (unsafe !== null) {
    throw new ChartRenderError(
      'chart.unsafe',
      `图表“${title}”含有可执行内容 (chart output matched ${unsafe})`,
    );
  }
  return svg;
}

/** Muted colours, distinguishable in grey print; the eleventh (其他) is grey. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#86bcb6',
  '#bab0ac',
];

/** The title block every chart uses. */
export function titleOption(text: string, subtext?: string): EChartsCoreOption['title'] {
  return {
    text,
    ...(subtext ? { subtext } : {}),
    left: 'center',
    top: 4,
    textStyle: { fontSize: 15, fontFamily: CHART_FONT },
    subtextStyle: { fontSize: 12, fontFamily: CHART_FONT },
  };
}

/** A chart with its title and 暂无数据 in the middle: what an empty data set shows instead of an error. */
export function emptyChart(title: string, size: ChartSize = DEFAULT_SIZE): string {
  return renderSvg(
    {
      title: titleOption(title),
      graphic: {
        type: 'text',
        left: 'center',
        top: 'middle',
        style: { text: NO_DATA, fontSize: 16, fill: '#888', fontFamily: CHART_FONT },
      },
    },
    title,
    size,
  );
}
