import type { GiRight, Listing, Right, SpecialRight, TrademarkRight } from '../../src/model/index.js';
import { createMatcher, type Matcher } from '../../src/match/engine.js';
import { loadMatchRules } from '../../src/match/matchRules.js';
import type { EvasionKind, Mention, ScanResult, VocabHit } from '../../src/match/text/index.js';
import type { TextScanner } from '../../src/match/listingContext.js';

/*
 * Test scaffolding for the policy layer: a scanner that finds names, aliases and vocabulary terms verbatim
 * and lets a test plant evasion mentions directly, so that the policy is tested apart from the text core.
 */

export const RULES = loadMatchRules();

const VOCABULARY: Record<string, string[]> = {
  counterfeit: ['高仿', '精仿', 'A货', '1:1', '一比一', '复刻', '原单', '莆田', '纯原', 'replica', 'AAA'],
  hedging: ['同款', '平替', 'dupe'],
  grey_channel: ['代购', '工厂店'],
  authenticity_claim: ['保真', '假一赔十'],
  official_claim: ['官方旗舰', '官方旗舰店', '官方授权', '专柜正品', '授权店'],
  compatibility: ['适用于', '兼容', 'for'],
  price_guard: ['定金', '补差价', '小样', '试用装'],
  news_context: ['奥运冠军', '奥运期间'],
  gi_context: ['正宗', '原产地'],
};

export interface Planted {
  rightId: string;
  term: string;
  text: string;
  evasions: EvasionKind[];
  field?: 'title' | 'description';
  insideWord?: boolean;
}

export function verbatimScanner(rights: Right[], planted: Planted[] = []): TextScanner {
  return {
    scan(fields): ScanResult {
      const mentions: Mention[] = [];
      const vocab: VocabHit[] = [];
      const parts: ['title' | 'description', string][] = [['title', fields.title]];
      if (fields.description) parts.push(['description', fields.description]);
      for (const [field, text] of parts) {
        const lower = text.toLowerCase();
        for (const r of rights) {
          if (r.kind === 'patent') continue;
          for (const term of [r.name, ...r.aliases]) {
            for (
              let i = lower.indexOf(term.toLowerCase());
              i >= 0;
              i = lower.indexOf(term.toLowerCase(), i + 1)
            ) {
              const t = text.slice(i, i + term.length);
              const glued =
                /[a-z]/i.test(term) && /[a-z]/i.test((text[i - 1] ?? '') + (text[i + term.length] ?? ''));
              mentions.push({
                rightId: r.id,
                term,
                field,
                span: [i, i + term.length],
                text: t,
                evasions: t === term ? [] : ['case'],
                insideWord: glued,
              });
            }
          }
        }
        for (const p of planted) {
          if ((p.field ?? 'title') !== field) continue;
          const i = text.indexOf(p.text);
          if (i < 0) continue;
          mentions.push({
            rightId: p.rightId,
            term: p.term,
            field,
            span: [i, i + p.text.length],
            text: p.text,
            evasions: p.evasions,
            insideWord: p.insideWord ?? false,
          });
        }
        for (const [group, terms] of Object.entries(VOCABULARY)) {
          for (const term of terms) {
            const i = lower.indexOf(term.toLowerCase());
            if (i < 0) continue;
            if (
              /^[a-z]+$/i.test(term) &&
              /[a-z]/i.test((lower[i - 1] ?? '') + (lower[i + term.length] ?? ''))
            )
              continue;
            vocab.push({
              group,
              term,
              field,
              span: [i, i + term.length],
              text: text.slice(i, i + term.length),
              weight: 0.3,
            });
          }
        }
      }
      return { mentions, vocab };
    },
  };
}

export function testMatcher(rights: Right[], planted: Planted[] = []): Matcher {
  return createMatcher(rights, { rules: RULES, buildIndex: (r) => verbatimScanner(r, planted) });
}

let n = 0;
export function listing(overrides: Partial<Listing> & { title: string }): Listing {
  n += 1;
  return {
    id: `L${n}`,
    platform: 'shopa',
    url: `http://127.0.0.1/shopa/item/${n}`,
    capturedAt: '2026-06-01T10:00:00+08:00',
    seller: { id: 's1', name: '某某运动专营', location: '福建 莆田' },
    ...overrides,
  };
}

export const NIKE: TrademarkRight = {
  id: 'tm-nike',
  kind: 'trademark',
  name: '耐克',
  aliases: ['NIKE'],
  registrationNo: 'G1105786',
  niceClasses: [25, 28],
  goods: ['运动鞋'],
  owner: '耐克创新有限合伙公司',
  validFrom: '2012-01-28',
  validTo: '2032-01-27',
  wellKnown: true,
  authorizedSellers: [{ platform: 'shopa', sellerId: 'nike-official', name: '耐克官方旗舰店' }],
  referencePrice: { min: 399, currency: 'CNY' },
};

export const APPLE: TrademarkRight = {
  id: 'tm-apple',
  kind: 'trademark',
  name: '苹果',
  aliases: ['Apple', 'iPhone'],
  registrationNo: '1234567',
  niceClasses: [9],
  owner: '苹果公司',
  validFrom: '2015-01-01',
  validTo: '2035-01-01',
  wellKnown: false,
  authorizedSellers: [],
  referencePrice: { min: 3999, currency: 'CNY' },
};

export const GREATWALL: TrademarkRight = {
  id: 'tm-greatwall',
  kind: 'trademark',
  name: '长城',
  aliases: [],
  registrationNo: '7654321',
  niceClasses: [12],
  owner: '长城汽车股份有限公司',
  validFrom: '2015-01-01',
  validTo: '2035-01-01',
  wellKnown: false,
  authorizedSellers: [],
};

export const LONGJING: GiRight = {
  id: 'gi-longjing',
  kind: 'gi',
  name: '西湖龙井',
  aliases: [],
  category: '茶叶',
  protectedArea: { regionCodes: ['330106'], text: '杭州市西湖区现辖行政区域' },
  authorizedSellers: [{ name: '西湖龙井茶叶合作社' }],
};

export const BINGDWENDWEN: SpecialRight = {
  id: 'sp-bdd',
  kind: 'special',
  name: '冰墩墩',
  aliases: ['Bing Dwen Dwen'],
  announcementNo: 'A000021',
  validFrom: '2020-01-15',
  validTo: '2030-01-14',
  authorizedSellers: [{ platform: 'shopa', sellerId: 'olympic-shop', name: '奥林匹克官方特许商品店' }],
};

export const OLYMPIC: SpecialRight = {
  id: 'sp-olympic',
  kind: 'special',
  name: '奥运',
  aliases: ['奥林匹克'],
  announcementNo: 'OLY-2018',
  validFrom: '2018-07-31',
  validTo: '2028-07-30',
  authorizedSellers: [],
};
