import { describe, expect, it } from 'vitest';
import { bureauFor, decideJurisdiction } from '../../src/leads/jurisdiction.js';
import { loadJurisdictionRules, type JurisdictionRules } from '../../src/leads/leadRules.js';

const rules: JurisdictionRules = {
  ...loadJurisdictionRules(),
  office: { name: '杭州市市场监督管理局', regionCode: '330100' },
  routeLevel: 'city',
  bureaus: [
    { regionCode: '330100', name: '杭州市市场监督管理局' },
    { regionCode: '350300', name: '莆田市市场监督管理局' },
    { regionCode: '440000', name: '广东省市场监督管理局（线索通报受理）' },
  ],
  platforms: { shopa: { operator: '甲商城', regionCode: '110105' } },
};

describe('bureauFor', () => {
  it('looks the code up as is, then by its city, then by its province', () => {
    expect(bureauFor('350302', rules)).toEqual({
      name: '莆田市市场监督管理局',
      regionCode: '350300',
      from: 'table',
    });
    expect(bureauFor('440305', rules)).toMatchObject({
      name: '广东省市场监督管理局（线索通报受理）',
      from: 'table',
    });
  });

  it('names the bureau after the seller’s city when the table has no entry', () => {
    expect(bureauFor('320583', rules)).toEqual({
      name: '苏州市市场监督管理局',
      regionCode: '320500',
      from: 'derived',
    });
    // A municipality's district answers to the municipality.
    expect(bureauFor('110105', rules)).toEqual({
      name: '北京市市场监督管理局',
      regionCode: '110000',
      from: 'derived',
    });
  });
});

describe('decideJurisdiction', () => {
  it('keeps a seller inside the office’s area', () => {
    const d = decideJurisdiction({ regionCode: '330106', platform: 'shopa' }, { rules });
    expect(d).toMatchObject({ status: 'in_area', inArea: true, copyTo: null });
    expect(d.bureau?.name).toBe('杭州市市场监督管理局');
    expect(d.explanation).toContain('浙江省杭州市西湖区');
  });

  it('routes a seller outside the area to its bureau with a copy to the platform’s home authority', () => {
    const d = decideJurisdiction({ regionCode: '350302', platform: 'shopa' }, { rules });
    expect(d).toMatchObject({ status: 'transfer', inArea: false });
    expect(d.bureau?.name).toBe('莆田市市场监督管理局');
    expect(d.copyTo).toMatchObject({ name: '北京市市场监督管理局', platformOperator: '甲商城' });
    expect(d.basis).toContain('第九条');
    expect(d.explanation).toContain('线索通报莆田市市场监督管理局');
    expect(d.explanation).toContain('抄送');
  });

  it('takes the office and its area from the caller (the configuration)', () => {
    const office = { name: '福建省市场监督管理局', regionCode: '350000' };
    const d = decideJurisdiction({ regionCode: '350302', platform: 'shopa' }, { rules, office });
    expect(d).toMatchObject({ inArea: true, bureau: { name: '福建省市场监督管理局' } });
  });

  it('asks for manual routing when the seller’s region is unknown or not a real code', () => {
    expect(decideJurisdiction({ platform: 'shopa' }, { rules })).toMatchObject({
      status: 'unknown_region',
      bureau: null,
    });
    const bad = decideJurisdiction({ regionCode: '999999', platform: 'shopa' }, { rules });
    expect(bad.status).toBe('unknown_region');
    expect(bad.explanation).toContain('999999');
  });

  it('ships a table whose office and platforms are valid region codes', () => {
    const shipped = loadJurisdictionRules();
    expect(decideJurisdiction({ regionCode: shipped.office.regionCode, platform: 'shopb' }).inArea).toBe(
      true,
    );
    for (const p of Object.values(shipped.platforms)) expect(bureauFor(p.regionCode, shipped)).not.toBeNull();
  });
});
