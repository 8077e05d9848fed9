import { describe, expect, it } from 'vitest';
import { duplicateKey, validateRight, type FieldError } from '../../src/rights/validateRight.js';
import { patentTerm } from '../../src/rights/patentTerm.js';
import type { Right } from '../../src/model/index.js';

const NOW = new Date('2026-11-23T00:00:00Z');

const TRADEMARK = {
  id: 'tm-1',
  kind: 'trademark',
  name: '艾克美',
  aliases: ['ACME'],
  registrationNo: '12345678',
  niceClasses: [25, 28],
  owner: '艾克美有限公司',
  ownerCreditCode: '914403001922038216',
  validFrom: '2020-01-01',
  validTo: '2029-12-31',
  authorizedSellers: [{ name: '甲店', creditCode: '91330100799655058B' }, { name: '乙店' }],
  referencePrice: { min: 399, currency: 'CNY' },
};
const GI = {
  id: 'gi-1',
  kind: 'gi',
  name: '西湖龙井',
  category: '茶叶',
  protectedArea: { regionCodes: ['330106'], text: '杭州市西湖区现辖行政区域' },
};
const SPECIAL = {
  id: 'sp-1',
  kind: 'special',
  name: '冰墩墩',
  announcementNo: 'A000021',
  validFrom: '2020-01-15',
  validTo: '2030-01-14',
  markType: 'olympic',
};
const PATENT = {
  id: 'pt-1',
  kind: 'patent',
  number: 'ZL201710601862.3',
  patentType: 'invention',
  filingDate: '2017-07-26',
  status: 'valid',
  patentee: '某公司',
};

function errorsOf(input: unknown): FieldError[] {
  const r = validateRight(input, { now: NOW });
  return r.ok ? [] : r.errors;
}
function fieldsOf(input: unknown): string[] {
  return errorsOf(input).map((e) => e.field);
}

describe('valid rights of each kind pass', () => {
  it.each([TRADEMARK, GI, SPECIAL, PATENT])('$kind', (right) => {
    expect(errorsOf(right)).toEqual([]);
  });
});

describe('trademark rules', () => {
  it.each([
    ['Nice class 0', { niceClasses: [0] }, 'niceClasses[0]'],
    ['Nice class 46', { niceClasses: [25, 46] }, 'niceClasses[1]'],
    ['Nice class 2.5', { niceClasses: [2.5] }, 'niceClasses[0]'],
    ['no Nice class', { niceClasses: [] }, 'niceClasses'],
    ['duplicate Nice class', { niceClasses: [25, 25] }, 'niceClasses[1]'],
    ['registration number with letters', { registrationNo: 'ABC123' }, 'registrationNo'],
    [
      'owner credit code with a wrong check character',
      { ownerCreditCode: '914403001922038215' },
      'ownerCreditCode',
    ],
    [
      'seller credit code of 17 characters',
      { authorizedSellers: [{ name: '甲', creditCode: '91330100799655058' }] },
      'authorizedSellers[0].creditCode',
    ],
    ['validTo before validFrom', { validFrom: '2030-01-01', validTo: '2029-12-31' }, 'validTo'],
    ['a day that does not exist', { validTo: '2029-02-30' }, 'validTo'],
    ['not a date', { validFrom: '2020/01/01' }, 'validFrom'],
    ['missing owner', { owner: undefined }, 'owner'],
    ['unknown field', { colour: 'red' }, '(right)'],
    ['currency in lower case', { referencePrice: { min: 1, currency: 'cny' } }, 'referencePrice.currency'],
    ['negative reference price', { referencePrice: { min: -1 } }, 'referencePrice.min'],
    ['id with a space', { id: 'tm 1' }, 'id'],
    ['alias equal to the name', { aliases: ['艾克美'] }, 'aliases[0]'],
  ])('%s → %s', (_what, change, field) => {
    expect(fieldsOf({ ...TRADEMARK, ...change })).toContain(field);
  });

  it('accepts the forms registration numbers are written in', () => {
    for (const registrationNo of ['第12345678号', '1057066', 'G1105786', '12 345 678'])
      expect(fieldsOf({ ...TRADEMARK, registrationNo })).toEqual([]);
  });

  it('reports every problem of a right, not only the first', () => {
    const fields = fieldsOf({
      ...TRADEMARK,
      niceClasses: [25, 25],
      ownerCreditCode: 'X',
      validTo: '2019-01-01',
    });
    expect(fields).toEqual(['niceClasses[1]', 'ownerCreditCode', 'validTo']);
  });

  it('messages say what is wrong', () => {
    const [e] = errorsOf({ ...TRADEMARK, validFrom: '2030-01-01' });
    expect(e?.message).toContain('validTo is before validFrom');
  });
});

describe('GI rules: protected areas are GB/T 2260 codes of the maintained package', () => {
  it.each([
    ['a code that does not exist', ['999999'], 'protectedArea.regionCodes[0]'],
    ['five digits', ['33010'], 'protectedArea.regionCodes[0]'],
    ['a duplicate', ['330106', '330106'], 'protectedArea.regionCodes[1]'],
    ['none', [], 'protectedArea.regionCodes'],
  ])('%s', (_what, regionCodes, field) => {
    expect(fieldsOf({ ...GI, protectedArea: { ...GI.protectedArea, regionCodes } })).toContain(field);
  });

  it('accepts province, city and county codes', () => {
    expect(
      fieldsOf({ ...GI, protectedArea: { text: '某地', regionCodes: ['640000', '360700', '230184'] } }),
    ).toEqual([]);
  });

  it('requires the category and area text', () => {
    expect(fieldsOf({ ...GI, category: '' })).toContain('category');
  });
});

describe('special mark rules', () => {
  it('date range', () => {
    expect(fieldsOf({ ...SPECIAL, validTo: '2019-01-01' })).toEqual(['validTo']);
  });
  it('mark type is olympic, special or official', () => {
    expect(fieldsOf({ ...SPECIAL, markType: 'sports' })).toEqual(['markType']);
  });
});

describe('patent rules', () => {
  it.each([
    ['a broken check character', { number: 'ZL201710601862.4' }, 'number', 'check character 4 is wrong'],
    ['a type digit that does not exist', { number: '201740601862.0' }, 'number', 'type digit'],
    ['type contradicting the number', { patentType: 'utility' }, 'patentType', 'type digit 1'],
    ['publication kind contradicting the type', { number: 'CN110123456S' }, 'patentType', 'kind code S'],
    ['ZL on a pending application', { status: 'pending' }, 'number', 'ZL'],
    ['an A publication recorded as valid', { number: 'CN110123456A' }, 'status', 'unexamined'],
    [
      'filing date in the future',
      { number: '202610601862.2', filingDate: '2026-12-01' },
      'filingDate',
      'future',
    ],
    ['filing year after the number year', { filingDate: '2018-01-02' }, 'filingDate', 'after the year'],
    [
      '8-digit number filed after 2003-09-30',
      { number: 'ZL03100001.0', filingDate: '2003-10-01' },
      'filingDate',
      '8-digit',
    ],
    [
      'valid although the term ended',
      { number: 'ZL201220687633.0', patentType: 'utility', filingDate: '2012-11-20' },
      'status',
      '2022-11-19',
    ],
    ['unknown patent type', { patentType: 'plant' }, 'patentType', ''],
    ['unknown status', { status: 'alive' }, 'status', ''],
  ])('%s', (_what, change, field, text) => {
    const errors = errorsOf({ ...PATENT, ...change });
    const hit = errors.find((e) => e.field === field);
    expect(hit, JSON.stringify(errors)).toBeDefined();
    expect(hit?.message).toContain(text);
  });

  it('publication numbers are accepted as numbers (B granted invention)', () => {
    expect(fieldsOf({ ...PATENT, number: 'CN110123456B' })).toEqual([]);
    expect(fieldsOf({ ...PATENT, number: 'CN110123456A', status: 'pending' })).toEqual([]);
  });

  it('PCT numbers take the international filing date, which may precede the entry year', () => {
    expect(
      fieldsOf({ ...PATENT, number: '00814037.5', filingDate: '1999-06-30', status: 'expired' }),
    ).toEqual([]);
    // Invention filed 1999-06-30 → term ended 2019-06-29: recorded as valid is wrong.
    expect(fieldsOf({ ...PATENT, number: '00814037.5', filingDate: '1999-06-30' })).toEqual(['status']);
  });

  it('an expired utility model recorded as expired is fine', () => {
    expect(
      fieldsOf({
        ...PATENT,
        number: 'ZL201220687633.0',
        patentType: 'utility',
        filingDate: '2012-11-20',
        status: 'expired',
      }),
    ).toEqual([]);
  });
});

describe('patent term from the filing date (data/reference/patent-terms.json)', () => {
  it.each([
    ['invention', '2017-07-26', 20, '2037-07-25'],
    ['invention', '1999-09-06', 20, '2019-09-05'],
    ['utility', '2012-11-20', 10, '2022-11-19'],
    ['utility', '2016-02-29', 10, '2026-02-28'],
    ['design', '2021-05-31', 10, '2031-05-30'],
    ['design', '2021-06-01', 15, '2036-05-31'],
  ] as const)('%s filed %s: %i years, last day %s', (type, filed, years, lastDay) => {
    expect(patentTerm(type, filed)).toMatchObject({ years, lastDay });
  });
});

describe('duplicate keys', () => {
  const parse = (raw: unknown): Right => {
    const r = validateRight(raw, { now: NOW });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.right;
  };
  it('the same patent in any written form has one key', () => {
    const a = duplicateKey(parse(PATENT), NOW);
    expect(duplicateKey(parse({ ...PATENT, number: 'CN 2017 1 0601862.3' }), NOW)).toBe(a);
    expect(duplicateKey(parse({ ...PATENT, number: '201710601862.3' }), NOW)).toBe(a);
  });
  it('registration numbers ignore 第…号 and spaces', () => {
    expect(duplicateKey(parse({ ...TRADEMARK, registrationNo: '第 12345678 号' }), NOW)).toBe(
      duplicateKey(parse(TRADEMARK), NOW),
    );
  });
  it('special marks are keyed by A-numbers only', () => {
    expect(duplicateKey(parse(SPECIAL), NOW)).toBe('special:A000021');
    expect(
      duplicateKey(parse({ ...SPECIAL, announcementNo: '《奥林匹克标志保护条例》第二条' }), NOW),
    ).toBeNull();
  });
});
