import type { Right } from '../../../src/model/index.js';

export function trademark(id: string, name: string, aliases: string[] = []): Right {
  return {
    id,
    kind: 'trademark',
    name,
    aliases,
    registrationNo: `R-${id}`,
    niceClasses: [25],
    owner: 'owner',
    validFrom: '2000-01-01',
    validTo: '2100-01-01',
    wellKnown: false,
    authorizedSellers: [],
  };
}

/** The marks of matching.md §2's unit-test cases, and a few more. */
export const MARKS: Right[] = [
  trademark('tm-nike', '耐克', ['NIKE']),
  trademark('tm-ksf', '康师傅'),
  trademark('tm-sprite', '雪碧'),
  trademark('tm-oreo', '奥利奥'),
  trademark('tm-adidas', 'adidas', ['阿迪达斯']),
  trademark('tm-mk', 'Michael Kors'),
  trademark('tm-lining', '李宁'),
  trademark('tm-xiaomi', '小米'),
  trademark('tm-walnut', '6个核桃'),
  {
    id: 'gi-wuchang',
    kind: 'gi',
    name: '五常大米',
    aliases: [],
    category: '大米',
    protectedArea: { regionCodes: ['230184'], text: '五常市' },
    authorizedSellers: [],
  },
  {
    id: 'gi-longjing',
    kind: 'gi',
    name: '西湖龙井',
    aliases: [],
    category: '茶叶',
    protectedArea: { regionCodes: ['330106'], text: '杭州市西湖区' },
    authorizedSellers: [],
  },
  {
    id: 'sp-bdd',
    kind: 'special',
    name: '冰墩墩',
    aliases: ['Bing Dwen Dwen'],
    announcementNo: 'A1',
    validFrom: '2020-01-01',
    validTo: '2100-01-01',
    authorizedSellers: [],
  },
  {
    id: 'pt-1',
    kind: 'patent',
    number: 'ZL201710601862.3',
    patentType: 'invention',
    filingDate: '2017-07-21',
    status: 'valid',
    patentee: 'x',
    licensees: [],
  },
];
