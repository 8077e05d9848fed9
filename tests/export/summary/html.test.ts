import { describe, expect, it } from 'vitest';
import { renderExtractionRecordHtml, renderSummaryHtml } from '../../../src/export/summary/index.js';
import { markedTitle } from '../../../src/export/summary/summaryHtml.js';
import { HOSTILE_URL, leadInput } from './fixture.js';

const RENDERERS = { summary: renderSummaryHtml, record: renderExtractionRecordHtml };

describe.each(Object.entries(RENDERERS))('%s HTML', (_name, render) => {
  const html = render(leadInput());

  it('has no script, no live tag from listing text, no link and no event handler', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<a[\s>]/i);
    expect(html).not.toMatch(/\shref=/i);
    expect(html).not.toMatch(/<b>/);
    // The handler text survives only inside escaped text, never as an attribute of a tag.
    expect(html).not.toMatch(/<[^>]*onerror=/i);
  });

  it('shows the hostile strings as escaped text', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('=HYPERLINK(&quot;http://evil.example/&quot;,&quot;点我&quot;)');
    expect(html).toContain(HOSTILE_URL);
    expect(html).toContain('华强旗舰店&lt;b&gt;');
  });

  it('forbids every resource and script by policy', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('names every evidence hash', () => {
    expect(html).toContain('a'.repeat(64));
    expect(html).toContain('b'.repeat(64));
  });

  it('states times in UTC and China time', () => {
    expect(html).toContain('2026-11-23 03:59:58 UTC');
    expect(html).toContain('2026-11-23 11:59:58 北京时间');
  });

  it('is the same for evidence given in another order', () => {
    const input = leadInput();
    expect(render({ ...input, evidence: [...input.evidence].reverse() })).toBe(html);
  });

  it('names the field of a malformed time', () => {
    const input = leadInput();
    const evidence = [
      { ...input.evidence[0]!, evidence: { ...input.evidence[0]!.evidence, capturedAt: 'yesterday' } },
    ];
    expect(() => render({ ...input, evidence })).toThrow(/evidence\[0\]\.capturedAt.*yesterday/);
  });
});

describe('summary', () => {
  const html = renderSummaryHtml(leadInput());

  it('shows the right as matched, the proof-of-right hash, the rules and the chain hashes', () => {
    expect(html).toContain('1234567');
    expect(html).toContain('第 29 类、第 30 类');
    expect(html).toContain('2016-01-01 至 2026-12-31');
    expect(html).toContain('d'.repeat(64));
    expect(html).toContain('tm.exact');
    expect(html).toContain('[0, 2)');
    expect(html).toContain('f'.repeat(64));
    expect(html).toContain('低于参考价');
  });

  it('shows a snapshot without a name by its id, with the patent labels, and a lead without a right', () => {
    const right = {
      rightId: 'pt-<9>',
      kind: 'patent' as const,
      name: null,
      registrationNo: 'ZL201710601862.3',
      classes: [],
      goods: [],
      holder: '某<公司>',
      validFrom: '2017-07-21',
      validTo: null,
      proofOfRightSha256: null,
      note: null,
    };
    const patent = renderSummaryHtml({ ...leadInput(), right });
    expect(patent).toContain('（权利编号 pt-&lt;9&gt;）');
    expect(patent).toContain('<th>专利号</th><td>ZL201710601862.3</td>');
    expect(patent).toContain('<th>专利权人</th><td>某&lt;公司&gt;</td>');
    expect(patent).toContain('自 2017-07-21');
    expect(patent).toContain('未提交');
    expect(renderExtractionRecordHtml({ ...leadInput(), right })).toContain('专利权「pt-&lt;9&gt;」');
    expect(renderSummaryHtml({ ...leadInput(), right: null })).toContain('未关联具体权利');
    expect(html).toContain('匹配时有效的核准版本 r3');
  });

  it('shows the stored risk parts, escaped, and says so when they cannot be read', () => {
    expect(html).toContain('<td>低于参考价</td><td>0.60</td><td>2.00</td><td>23.0</td>');
    expect(html).toContain('低于参考价 60%&lt;i&gt;');
    const input = leadInput();
    expect(renderSummaryHtml({ ...input, lead: { ...input.lead, risk: { score: 1 } } })).toContain(
      '评分构成无法读取',
    );
    expect(renderSummaryHtml({ ...input, lead: { ...input.lead, risk: null } })).not.toContain(
      '风险评分构成',
    );
  });

  it('marks the span a rule fired on and escapes around it', () => {
    expect(markedTitle('飞鹤<x>', [{ rule: 'r', field: 'title', span: [0, 2], weight: 1 }])).toBe(
      '<mark>飞鹤</mark>&lt;x&gt;',
    );
    // A span past the end or overlapping an earlier one is not marked.
    expect(
      markedTitle('abc', [
        { rule: 'r', field: 'title', span: [0, 2], weight: 1 },
        { rule: 'r', field: 'title', span: [1, 3], weight: 1 },
        { rule: 'r', field: 'title', span: [2, 9], weight: 1 },
      ]),
    ).toBe('<mark>ab</mark>c');
  });
});

describe('extraction record', () => {
  const html = renderExtractionRecordHtml(leadInput());

  it('is pre-filled with what, when, how and by which tool', () => {
    expect(html).toContain('电子数据提取笔录');
    expect(html).toContain('网络在线提取');
    expect(html).toContain('markwatch 0.1.0');
    expect(html).toContain('Chromium 156.0.8078.114');
    expect(html).toContain('Debian GNU/Linux 12');
    expect(html).toContain('SHA-256');
    expect(html).toContain('https://shopa.example/item/1?a=1&amp;b=2');
    // The capture window: earliest and latest capture.
    expect(html).toMatch(/自 2026-11-23 03:59:58 UTC.*至 2026-11-23 03:59:59 UTC/s);
  });

  it('describes the capture as it was made: browser, HTTP only, or both', () => {
    const input = leadInput();
    const http = renderExtractionRecordHtml({ ...input, tool: { ...input.tool, captureModes: ['http'] } });
    expect(http).toContain('以 HTTP 请求直接获取');
    expect(http).not.toContain('Playwright');
    const both = renderExtractionRecordHtml({
      ...input,
      tool: { ...input.tool, captureModes: ['http', 'browser'] },
    });
    expect(both).toMatch(/Playwright.*部分网址由 markwatch 以 HTTP/s);
    expect(html).toContain('Playwright');
    expect(html).not.toContain('以 HTTP 请求');
    expect(() => renderExtractionRecordHtml({ ...input, tool: { ...input.tool, captureModes: [] } })).toThrow(
      /tool\.captureModes/,
    );
  });

  it('leaves blank lines for the place, the officers and the witness', () => {
    for (const label of ['提取地点', '执法人员（签名）', '执法证号', '见证人（签名）', '日期']) {
      expect(html).toContain(label);
    }
    expect(html.match(/执法人员（签名）/g)).toHaveLength(2);
  });
});
