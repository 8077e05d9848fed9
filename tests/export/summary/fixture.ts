import { matchedRightOf, type LeadDocumentInput } from '../../../src/export/summary/index.js';

/** A lead whose listing text is hostile in every way a title and a URL can be. */
export const HOSTILE_TITLES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example/","点我")',
];
export const HOSTILE_URL = 'javascript:alert(document.cookie)';

const SHA = (c: string) => c.repeat(64);

export function leadInput(overrides: Partial<LeadDocumentInput> = {}): LeadDocumentInput {
  return {
    lead: {
      id: 42,
      state: 'confirmed',
      platform: 'shopa',
      sellerId: 'S-1001',
      sellerName: '华强旗舰店<b>',
      regionCode: '440300',
      kind: 'trademark',
      riskScore: 0.73,
      riskTier: 'high',
      risk: [
        { part: 'hits', value: 0.9, weight: 3, contribution: 0.5, explanation: '命中 2 条规则' },
        { part: 'priceGap', value: 0.6, weight: 2, contribution: 0.23, explanation: '低于参考价 60%<i>' },
      ],
    },
    right: matchedRightOf(
      {
        kind: 'trademark',
        id: 'tm-1',
        name: '飞鹤',
        aliases: [],
        registrationNo: '1234567',
        niceClasses: [29, 30],
        owner: '飞鹤乳业有限公司',
        validFrom: '2016-01-01',
        validTo: '2026-12-31',
        wellKnown: false,
        authorizedSellers: [],
      },
      SHA('d'),
      '匹配时有效的核准版本 r3',
    ),
    findings: HOSTILE_TITLES.map((title, i) => ({
      finding: {
        id: 100 + i,
        listingId: `L${i}`,
        url: i === 0 ? HOSTILE_URL : `https://shopa.example/item/${i}?a=1&b=2`,
        title: `飞鹤奶粉 ${title}`,
        reason: 'trademark.counterfeit' as const,
        score: 0.91,
        createdAt: '2026-11-23T04:00:00.000Z',
      },
      price: '¥ 99.00',
      capturedAt: ['2026-11-23T03:59:58.000Z'],
      rules: [
        {
          rule: 'tm.exact',
          field: 'title' as const,
          span: [0, 2] as [number, number],
          text: '飞鹤',
          weight: 0.8,
        },
      ],
    })),
    evidence: [
      {
        path: 'evidence/L0/screenshot.png',
        evidence: {
          kind: 'screenshot',
          url: HOSTILE_URL,
          sha256: SHA('b'),
          bytes: 2048,
          capturedAt: '2026-11-23T03:59:59.000Z',
        },
      },
      {
        path: 'evidence/L0/page.html',
        evidence: {
          kind: 'html',
          url: HOSTILE_URL,
          sha256: SHA('a'),
          bytes: 1024,
          capturedAt: '2026-11-23T03:59:58.000Z',
        },
      },
    ],
    tool: {
      markwatchVersion: '0.1.0',
      browserVersion: 'Chromium 156.0.8078.114',
      os: 'Debian GNU/Linux 12, Linux x86_64',
      captureModes: ['browser'],
    },
    custody: [
      {
        seq: 7,
        at: '2026-11-23T05:00:00.000Z',
        actor: 'staff-li',
        role: 'staff',
        osUser: 'li',
        action: 'lead.confirm',
        subjectType: 'lead',
        subjectId: '42',
        detail: {},
        prevHash: SHA('e'),
        hash: SHA('f'),
      },
    ],
    packagedAt: '2026-12-01T08:00:00.000Z',
    ...overrides,
  };
}
