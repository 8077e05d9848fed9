import { describe, expect, it } from 'vitest';
import { escapeHtml, transferLetter, type TransferLetterInput } from '../../src/leads/transferLetter.js';
import { finding } from './findingFacts.js';

const EVIL = '<script>alert("x")</script> & \'耐克\'';

function input(overrides: Partial<TransferLetterInput> = {}): TransferLetterInput {
  return {
    letterNo: '杭市监通〔2026〕12号',
    date: '2026-12-04',
    office: { name: '杭州市市场监督管理局', contact: '王警官 0571-00000000' },
    bureau: { name: '莆田市市场监督管理局' },
    copyTo: { name: '北京市市场监督管理局' },
    seller: {
      platform: 'shopa',
      platformName: '甲商城',
      sellerId: 's1',
      sellerName: `潮流鞋铺${EVIL}`,
      regionCode: '350302',
      regionPath: '福建省莆田市城厢区',
    },
    right: {
      label: 'NIKE',
      kind: 'trademark',
      registrationNo: '第 1234567 号',
      owner: '耐克创新有限合伙公司',
    },
    findings: [
      finding({ findingId: 1, listingId: 'a1', title: `耐克 空军一号 ${EVIL}` }),
      finding({ findingId: 2, listingId: 'a2', url: 'javascript:alert(1)', title: '耐克 板鞋' }),
    ],
    evidence: [{ listingId: 'a1', kind: 'html', sha256: 'ab'.repeat(32) }],
    summary: ['风险评分 78（高）'],
    ...overrides,
  };
}

describe('transferLetter', () => {
  it('writes the letter: addressee, seller, platform, listings with links, right, summary, evidence, date, office', () => {
    const { subject, text } = transferLetter(input());
    expect(subject).toContain('线索通报函');
    expect(text.startsWith(subject)).toBe(true);
    for (const part of [
      '莆田市市场监督管理局：',
      '甲商城',
      '店铺号：s1',
      '福建省莆田市城厢区（350302）',
      'http://127.0.0.1/shopa/item/a1',
      '注册商标专用权：NIKE',
      '第 1234567 号',
      '共 2 条发现，涉及 2 个商品',
      '风险评分 78（高）',
      `SHA-256 ${'ab'.repeat(32)}`,
      '抄送：北京市市场监督管理局',
      '杭州市市场监督管理局\n2026-12-04',
      '第九条',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('escapes every listing and seller text in the HTML, and links only http(s) URLs', () => {
    const { html } = transferLetter(input());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;耐克&#39;');
    expect(html).toContain('<a href="http://127.0.0.1/shopa/item/a1">');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('javascript:alert(1)');
    expect(html.match(/<li>/g)?.length).toBe(3);
  });

  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('leaves out the copy line and says so when there is no evidence', () => {
    const { text, html } = transferLetter(input({ copyTo: null, evidence: [] }));
    expect(text).not.toContain('抄送');
    expect(text).toContain('五、证据（电子数据哈希值）\n  （无）');
    expect(html).toContain('<p>（无）</p>');
  });
});
