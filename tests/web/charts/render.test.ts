import { describe, expect, it } from 'vitest';
import {
  ChartRenderError,
  emptyChart,
  NO_DATA,
  renderSvg,
  unsafeContent,
} from '../../../src/web/charts/index.js';
import { chinaMinute, shorten } from '../../../src/web/charts/labels.js';
import { expectChart } from './svgHelpers.js';

describe('renderSvg', () => {
  it('renders an option to one inline-safe <svg>: no <style>, no inline CSS, the title as its accessible name', () => {
    const svg = renderSvg(
      {
        title: { text: '测试 <图表>' },
        xAxis: { type: 'category', data: ['甲', '乙'] },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', data: [1, 2] }],
      },
      '测试 <图表>',
      { width: 300, height: 200 },
    );
    expect(svg).toMatch(/^<svg role="img" aria-label="测试 &lt;图表&gt;" width="300" height="200"/);
    expect(svg).not.toMatch(/ecmeta_|zr\d+-cls/);
    expectChart(svg, '测试 <图表>');
  });

  it('draws the same option the same way every time (no ids or randomness leak into the output)', () => {
    const option = {
      xAxis: { type: 'category', data: ['a'] },
      yAxis: { type: 'value' },
      series: [{ type: 'bar', data: [1] }],
    };
    expect(renderSvg(option, 't')).toBe(renderSvg(option, 't'));
  });

  it('refuses output with active content rather than returning it', () => {
    expect(unsafeContent('<svg><text>&lt;script&gt;</text></svg>')).toBeNull();
    // Escaped label text that reads like an attribute is not markup.
    expect(unsafeContent('<svg><text fill="#000">src=javascript:x onload=y</text></svg>')).toBeNull();
    expect(unsafeContent('<svg><script>alert(1)</script></svg>')).not.toBeNull();
    expect(unsafeContent('<svg><g onload="x()"></g></svg>')).not.toBeNull();
    expect(unsafeContent('<svg><a href="javascript:alert(1)"></a></svg>')).not.toBeNull();
    expect(unsafeContent('<svg><foreignObject></foreignObject></svg>')).not.toBeNull();
    // A graphic element is the one way an option could ask for an image: it is refused.
    expect(() =>
      renderSvg(
        { graphic: { type: 'image', style: { image: 'javascript:alert(1)', width: 5, height: 5 } } },
        't',
      ),
    ).toThrow(ChartRenderError);
  });

  it('an empty chart carries its title and 暂无数据', () => {
    const { texts } = expectChart(emptyChart('每日发现数'), '每日发现数');
    expect(texts.map((t) => t.text)).toEqual(['暂无数据', '每日发现数']);
    expect(NO_DATA).toBe('暂无数据');
  });
});

describe('labels', () => {
  it('shortens by characters, never splitting a surrogate pair, and shows China time', () => {
    expect(shorten('莆田运动鞋工厂直销店', 5)).toBe('莆田运动…');
    expect(shorten('😀😀😀😀', 3)).toBe('😀😀…');
    expect(shorten('  a \n b ', 5)).toBe('a b');
    expect(chinaMinute('2026-12-01T16:30:00Z')).toBe('12-02 00:30');
  });
});
