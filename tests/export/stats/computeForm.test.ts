import { describe, expect, it } from 'vitest';
import { chinaDate } from '../../../src/common/chinaTime.js';
import { loadFormSpec } from '../../../src/export/stats/formSpec.js';
import { fenToWanHundredths, wanText, yuanToFen } from '../../../src/export/stats/money.js';
import { observedCases } from '../../../src/export/stats/observed.js';
import { parseQuarter, periodText } from '../../../src/export/stats/quarter.js';
import { caseCell, q3Form } from './fixtures.js';

describe('the form spec', () => {
  it('has both blocks, 8 rows + total and 11 columns, with source and effective date', () => {
    const spec = loadFormSpec();
    expect(spec.effectiveDate).toBe('2020-04-26');
    expect(spec.source).toContain('铁拳');
    expect(spec.actions.columns.map((c) => c.nameZh)).toEqual([
      '开展执法行动',
      '出动执法人员',
      '实体市场执法行动',
      '实体市场出动执法人员',
      '辖区重点实体市场数量',
    ]);
    expect(spec.cases.rows.map((r) => r.nameZh)).toEqual([
      '商标侵权案件',
      '地理标志案件',
      '官方标志、特殊标志和奥林匹克标志案件',
      '商标代理案件',
      '其他商标案件',
      '假冒专利案件',
      '专利代理案件',
      '其他专利案件',
    ]);
    expect(spec.cases.totalRow.nameZh).toBe('合计');
    expect(spec.cases.columns.map((c) => `${c.nameZh}/${c.unit}`)).toEqual([
      '立案/件',
      '结案/件',
      '涉案金额/万元',
      '罚没款金额/万元',
      '挽回经济损失/万元',
      '移送司法机关案件/件',
      '电商领域案件/件',
      '{keyMarketLabel}案件/件',
      '农村市场案件/件',
      '外商投资企业被侵权案件/件',
      '挽回外商投资企业经济损失/万元',
    ]);
    // Rule 3: the four flag columns count 立案.
    expect(spec.cases.columns.filter((c) => c.kind === 'flag').every((c) => c.countsBy === 'opened')).toBe(
      true,
    );
  });
});

describe('quarters', () => {
  it('run from 1 January to the quarter end', () => {
    expect(parseQuarter('2026Q3')).toMatchObject({
      from: '2026-01-01',
      quarterStart: '2026-07-01',
      to: '2026-09-30',
    });
    expect(parseQuarter('2024q1').to).toBe('2024-03-31');
    expect(periodText(parseQuarter('2026Q2'))).toBe('2026年1月1日至6月30日');
  });
  it.each(['2026Q5', '2026Q0', '26Q3', '2026-09', ''])('refuse %j naming --quarter', (text) => {
    expect(() => parseQuarter(text)).toThrow(/--quarter/);
  });
});

describe('money', () => {
  it('is exact fen, shown in 万元 with 2 decimals, half-up', () => {
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1,000')).toBeNull();
    expect(yuanToFen('-5')).toBeNull();
    expect(yuanToFen('1.234')).toBeNull();
    expect(wanText(5000)).toBe('0.01'); // ¥50 = 0.005 万元 → 0.01
    expect(wanText(4999)).toBe('0.00');
    expect(wanText(123_456_789)).toBe('123.46');
    expect(fenToWanHundredths(15000)).toBe(2);
  });
});

describe('computeForm on a constructed quarter', () => {
  const form = q3Form();

  it('counts cases cumulatively from 1 January (February and August in, October out)', () => {
    expect(caseCell(form, 'trademark', 'opened').value).toBe(3); // tm-1 Feb, tm-2 Aug, tm-3 May; tm-4 Oct; tm-5 2025
    expect(caseCell(form, 'trademark', 'closed').value).toBe(4); // tm-1, tm-2, tm-3, tm-5 (closed 2026-03-01)
    expect(caseCell(form, 'gi', 'opened').value).toBe(1);
    expect(caseCell(form, 'total', 'opened').value).toBe(4);
    const q2 = q3Form({ quarter: '2026Q2' });
    expect(caseCell(q2, 'trademark', 'opened').value).toBe(2); // tm-1, tm-3
  });

  it('counts a case in every column that applies', () => {
    expect(caseCell(form, 'trademark', 'ecommerce').value).toBe(2); // tm-1, tm-2 (tm-4 opened in October)
    expect(caseCell(form, 'trademark', 'foreignVictim').value).toBe(1); // tm-1 again
    expect(caseCell(form, 'gi', 'rural').value).toBe(1);
    expect(caseCell(form, 'gi', 'keyMarket').value).toBe(1);
    expect(caseCell(form, 'total', 'ecommerce').value).toBe(2);
  });

  it('sums money in fen and rounds once per cell, the total from the exact sum', () => {
    expect(caseCell(form, 'trademark', 'amountInvolved').text).toBe('0.02'); // 3 × ¥50 = 0.015
    expect(caseCell(form, 'trademark', 'finesConfiscations').text).toBe('0.01'); // 3 × ¥40 = 0.012
    expect(caseCell(form, 'gi', 'amountInvolved').text).toBe('0.02'); // ¥150
    expect(caseCell(form, 'total', 'amountInvolved').text).toBe('0.03'); // ¥300, not 0.02 + 0.02
    expect(caseCell(form, 'total', 'amountInvolved').value).toBe(30000);
    expect(caseCell(form, 'trademark', 'lossesRecovered').text).toBe('1.00');
    expect(caseCell(form, 'trademark', 'foreignLossesRecovered').text).toBe('0.12'); // ¥1,234.56
    expect(caseCell(form, 'otherPatent', 'amountInvolved').text).toBe('0.00');
  });

  it('counts referrals observed by markwatch and entered, a linked lead once', () => {
    const referred = caseCell(form, 'trademark', 'referred');
    expect(referred.value).toBe(1); // tm-3 (= lead 9); lead 7 is 1 October in China
    expect(referred.origin).toBe('both');
    expect(referred.sources.map((s) => s.kind).sort()).toEqual(['entered', 'observed']);
    const patent = caseCell(form, 'patentPassingOff', 'referred');
    expect(patent).toMatchObject({ value: 1, origin: 'observed' });
    expect(caseCell(form, 'total', 'referred').value).toBe(2);
    expect(caseCell(form, 'trademark', 'opened').origin).toBe('entered');
    expect(caseCell(form, 'otherPatent', 'opened').origin).toBe('none');
  });

  it('maps referral instants to China days and right kinds to rows', () => {
    const cases = observedCases(
      [
        {
          leadId: 1,
          kind: 'special',
          rightId: 'x',
          platform: 'p',
          referredAt: '2026-09-30T16:00:00.000Z',
          actor: 'a',
        },
        {
          leadId: 2,
          kind: 'patent',
          rightId: null,
          platform: 'p',
          referredAt: '2026-09-30T15:59:59.000Z',
          actor: 'a',
        },
      ],
      (at) => chinaDate(new Date(at)),
    );
    expect(cases.map((c) => [c.row, c.referredOn])).toEqual([
      ['officialSpecialOlympic', '2026-10-01'],
      ['patentPassingOff', '2026-09-30'],
    ]);
  });

  it('sums block 1 over the year and takes the latest key-market count', () => {
    expect(form.actions.cells.map((c) => c.value)).toEqual([3, 15, 1, 5, 12]);
    expect(form.actions.cells[0]!.origin).toBe('entered');
  });

  it('prints the configurable key-market label', () => {
    expect(form.cases.columns[7]!.name).toBe('重点实体市场案件');
    expect(q3Form({ keyMarketLabel: '重点实体经济市场' }).cases.columns[7]!.name).toBe(
      '重点实体经济市场案件',
    );
  });
});

describe('blank cells (rule 2)', () => {
  it('prints a configured row × column as blank, in the row and not in the total', async () => {
    const { computeForm } = await import('../../../src/export/stats/computeForm.js');
    const { mergeCases } = await import('../../../src/export/stats/formCases.js');
    const { CASES } = await import('./fixtures.js');
    const base = loadFormSpec();
    const spec = { ...base, cases: { ...base.cases, blankCells: ['trademark:rural'] } };
    const form = computeForm({
      spec,
      quarter: parseQuarter('2026Q3'),
      unit: 'U',
      submittedOn: '2026-10-10',
      cases: mergeCases(CASES, []),
      actions: [],
    });
    expect(caseCell(form, 'trademark', 'rural')).toMatchObject({ kind: 'blank', text: '', value: null });
    expect(caseCell(form, 'total', 'rural').value).toBe(1); // the GI case
  });
});
