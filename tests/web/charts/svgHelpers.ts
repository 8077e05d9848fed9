import { load } from 'cheerio';
import { expect } from 'vitest';

/** The SVG parsed as XML: its text lines (decoded) with their vertical position, and every element name. */
export function parseSvg(svg: string) {
  const $ = load(svg, { xml: true });
  const texts = $('text')
    .toArray()
    .map((el) => {
      const transform = $(el).attr('transform') ?? '';
      const y = Number(/translate\([^ ]+ ([^)]+)\)/.exec(transform)?.[1] ?? NaN);
      return { text: $(el).text(), y };
    });
  const elements = $('*')
    .toArray()
    .map((el) => ('name' in el ? el.name : ''));
  const attributes = $('*')
    .toArray()
    .flatMap((el) => ('attribs' in el ? Object.keys(el.attribs) : []));
  return { $, texts, elements, attributes };
}

/** What every chart must be: one <svg> element, Chinese title, CJK font, nothing active, no inline CSS. */
export function expectChart(svg: string, title: string): ReturnType<typeof parseSvg> {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  expect(svg.match(/<svg\b/g)).toHaveLength(1);
  const parsed = parseSvg(svg);
  expect(parsed.$('svg').attr('aria-label')).toBe(title);
  expect(parsed.$('svg').attr('role')).toBe('img');
  expect(parsed.texts.map((t) => t.text)).toContain(title);
  expect(parsed.$('text').first().attr('font-family')).toBe("'Noto Sans CJK SC', sans-serif");
  expect(parsed.elements).not.toContain('script');
  expect(parsed.elements).not.toContain('style');
  expect(parsed.elements).not.toContain('foreignObject');
  expect(parsed.attributes.filter((a) => /^on/i.test(a) || a === 'style')).toEqual([]);
  return parsed;
}
