import { describe, expect, it } from 'vitest';
import type { Hit, Right } from '../../src/model/index.js';
import { findPatentMarking, foldForNumbers } from '../../src/match/patentMarking.js';
import { sellerIsParty } from '../../src/match/patentPolicy.js';
import { listing, testMatcher } from './helpers.js';

const PATENTS: Right[] = [
  {
    id: 'pat-pending',
    kind: 'patent',
    number: '201910123456.X',
    patentType: 'invention',
    filingDate: '2019-03-01',
    status: 'pending',
    patentee: '甲科技有限公司',
    licensees: [],
  },
  {
    id: 'pat-terminated',
    kind: 'patent',
    number: 'ZL201530123456.2',
    patentType: 'design',
    filingDate: '2015-04-01',
    status: 'terminated',
    patentee: '乙公司',
    licensees: [],
  },
  {
    id: 'pat-old-utility',
    kind: 'patent',
    number: 'ZL201620987654.2',
    patentType: 'utility',
    filingDate: '2016-03-01',
    status: 'valid',
    patentee: '丙公司',
    licensees: [],
  },
  {
    id: 'pat-valid',
    kind: 'patent',
    number: 'ZL202230654321.9',
    patentType: 'design',
    filingDate: '2022-05-10',
    status: 'valid',
    patentee: '深圳市好物科技有限公司',
    licensees: ['杭州优品贸易有限公司'],
  },
];

const m = testMatcher(PATENTS);
const seller = { id: 's1', name: '某某百货', location: '广东 深圳' };

function patentHits(title: string, description?: string, over: object = {}): Hit[] {
  return m.match(listing({ title, description, seller, ...over })).filter((h) => h.kind === 'patent');
}

function reasons(hits: Hit[]): string[] {
  return hits.filter((h) => h.flagged).map((h) => `${h.reason}:${h.rightId ?? 'null'}`);
}

describe('check character (domain.md §1.3 worked examples) through the matcher', () => {
  const worked = [
    '201710601862.3',
    '201220687633.0',
    '200510113767.6',
    '95115608.X',
    '97101765.4',
    '90101673.X',
    '00814037.5',
    '01800565.9',
  ];

  it.each(worked)('ZL%s is well formed; any other check character is patent.invalid_number', (number) => {
    expect(patentHits(`专利号：ZL${number}`).filter((h) => h.reason === 'patent.invalid_number')).toEqual([]);
    const right = number.slice(-1);
    const wrong = right === 'X' ? '0' : right === '9' ? 'X' : String(Number(right) + 1);
    const [hit] = patentHits(`专利号：ZL${number.slice(0, -1)}${wrong}`);
    expect(hit).toMatchObject({ reason: 'patent.invalid_number', rightId: null, flagged: true });
    expect(hit?.rules.at(-1)?.text).toContain(`expected ${right}`);
  });

  it.each(['ZL202310123456.7', 'ZL202410123456.7'])('placeholder %s → patent.invalid_number', (number) => {
    const [hit] = patentHits(`国家专利 专利号${number} 收纳盒`);
    expect(hit).toMatchObject({ reason: 'patent.invalid_number', rightId: null, flagged: true });
    expect(hit?.rules.at(-1)?.rule).toBe('patent.wrong_check_char');
  });
});

describe('letters in place of digits (issue #13)', () => {
  it.each([
    ['专利号：ZL2O1710601862.3', 'O→0 at 3'],
    ['专利号 ZL20l710601862.3 收纳', 'l→1 at 4'],
    ['发明专利 2O171060I862.3', 'O→0 at 1, I→1 at 8'],
    ['ZL 2017 1O60 1862.3 折叠凳', 'O→0 at 9'],
  ])('%s → patent.invalid_number, the letters named in the rule', (title, letters) => {
    const hits = patentHits(title);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ reason: 'patent.invalid_number', rightId: null, flagged: true });
    const rule = hits[0]?.rules.at(-1);
    expect(rule?.rule).toBe('patent.malformed_number');
    expect(rule?.text).toBe(`letters in place of digits: ${letters}`);
  });

  it('a word beside a number, or a lettered number with no claim and no ZL, is not a patent number', () => {
    expect(patentHits('专利 OIL 201710601862.3 精油')).toEqual([]);
    expect(patentHits('型号 2O1710601862 收纳盒')).toEqual([]);
    expect(
      findPatentMarking({ title: '专利产品 ZL201710601862.3' })?.numbers[0]?.lettersForDigits,
    ).toBeUndefined();
  });
});

describe('patent markings — flagged', () => {
  it('malformed number (11 digits) → patent.invalid_number', () => {
    const [hit] = patentHits('专利号：ZL20171060186.3 折叠凳');
    expect(hit).toMatchObject({ reason: 'patent.invalid_number', flagged: true });
    expect(hit?.rules.at(-1)?.rule).toBe('patent.malformed_number');
  });

  it('claims 发明专利 but the type digit is 2 → patent.type_mismatch', () => {
    expect(reasons(patentHits('发明专利 ZL201820123456.0 拖把'))).toEqual(['patent.type_mismatch:null']);
    // Both findings are reported when a number is also certainly expired (2012 utility model).
    expect(reasons(patentHits('发明专利 ZL201220687633.0 拖把')).sort()).toEqual([
      'patent.expired:null',
      'patent.type_mismatch:null',
    ]);
  });

  it('claims 外观设计 with an invention number, in the description', () => {
    expect(reasons(patentHits('创意台灯', '本品获外观设计专利，专利号：201710601862.3'))).toEqual([
      'patent.type_mismatch:null',
    ]);
  });

  it('unwatched number certainly expired from its year (2005 invention, capture 2026)', () => {
    expect(reasons(patentHits('发明专利 ZL 2005 1 0113767.6 净水器'))).toEqual(['patent.expired:null']);
  });

  it('old 8-digit form with X check, expired (ZL95115608.X)', () => {
    expect(reasons(patentHits('专利号 ZL95115608.X 老牌工具'))).toEqual(['patent.expired:null']);
  });

  it('a PCT number (type 8) is never judged from its year', () => {
    expect(reasons(patentHits('发明专利 专利号：00814037.5'))).toEqual([]);
  });

  it('the dot written ． or · and full-width digits parse the same', () => {
    expect(reasons(patentHits('实用新型 ZL２０１６２０９８７６５４．2'))).toEqual([
      'patent.expired:pat-old-utility',
    ]);
    expect(reasons(patentHits('实用新型 ZL201620987654·2'))).toEqual(['patent.expired:pat-old-utility']);
    expect(foldForNumbers('ＺＬ２０１６．２')).toBe('ZL2016.2');
  });

  it('watched patent with status terminated → patent.expired with its right id', () => {
    expect(reasons(patentHits('外观专利 ZL201530123456.2 花瓶'))).toEqual(['patent.expired:pat-terminated']);
  });

  it('watched valid patent past its term (utility filed 2016-03-01) → patent.expired', () => {
    const [hit] = patentHits('实用新型专利 ZL201620987654.2');
    expect(hit).toMatchObject({ reason: 'patent.expired', rightId: 'pat-old-utility' });
    expect(hit?.rules.at(-1)?.text).toContain('2026-02-28');
  });

  it('pending application shown with ZL → patent.application_as_patent', () => {
    expect(reasons(patentHits('专利产品 ZL201910123456.X'))).toEqual([
      'patent.application_as_patent:pat-pending',
    ]);
  });

  it('pending application with 专利 but no 「专利申请，尚未授权」 → patent.application_as_patent', () => {
    expect(reasons(patentHits('专利 201910123456.X 智能锁'))).toEqual([
      'patent.application_as_patent:pat-pending',
    ]);
  });

  it('watched valid patent, seller neither patentee nor licensee → patent.unlicensed', () => {
    expect(reasons(patentHits('外观设计专利 ZL202230654321.9 收纳盒'))).toEqual([
      'patent.unlicensed:pat-valid',
    ]);
  });
});

describe('patent markings — not flagged', () => {
  it('a well-formed unexpired number that matches nothing watched', () => {
    expect(patentHits('发明专利 专利号：ZL201710601862.3 拖把')).toEqual([]);
  });

  it('a properly disclosed application', () => {
    expect(patentHits('智能锁', '发明专利申请号：201910123456.X 专利申请，尚未授权')).toEqual([]);
  });

  it('the patentee or a licensee selling (shop names matched on their core)', () => {
    expect(
      patentHits('外观设计专利 ZL202230654321.9', undefined, { seller: { id: 'a', name: '好物科技旗舰店' } }),
    ).toEqual([]);
    expect(
      patentHits('外观设计专利 ZL202230654321.9', undefined, {
        seller: { id: 'b', name: '杭州优品贸易有限公司' },
      }),
    ).toEqual([]);
  });

  it('barcodes, phone numbers and prices without a patent claim', () => {
    expect(patentHits('条码 6901234567892 客服 13812345678 价格 1299.00')).toEqual([]);
  });

  it('a claim without a number', () => {
    expect(patentHits('国家专利 防滑设计 拖鞋')).toEqual([]);
  });
});

describe('marking detection', () => {
  it('finds claim words with their type and numbers with their original spans', () => {
    const text = '中国实用新型专利 专利号:ZL 2012 2 0687633.0';
    const marking = findPatentMarking({ title: text });
    expect(marking?.claims[0]).toMatchObject({ claimedType: 'utility', span: [0, 8] });
    const n = marking?.numbers[0];
    expect(n && text.slice(n.span[0], n.span[1])).toBe('ZL 2012 2 0687633.0');
    expect(n).toMatchObject({ prefix: 'ZL', claimedType: 'utility' });
  });

  it('returns null for listings that claim nothing', () => {
    expect(findPatentMarking({ title: '普通水杯 500ml' })).toBeNull();
  });

  it('seller ↔ patentee names', () => {
    expect(sellerIsParty({ id: 'x', name: '好物科技旗舰店' }, ['深圳市好物科技有限公司'])).toBe(true);
    expect(sellerIsParty({ id: 'x', name: '某某百货' }, ['深圳市好物科技有限公司'])).toBe(false);
  });
});
