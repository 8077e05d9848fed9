import type { RightKind } from '../../model/index.js';
import type { ObservedReferral } from '../../store/index.js';
import type { RowCode } from './formSpec.js';

/*
 * What markwatch itself observes for the form, and why it is so little. The form counts administrative CASES
 * (案件: 立案, 结案, penalties). markwatch works one step earlier, on LEADS (线索): it finds listings, sends notices,
 * sees takedowns and records referrals and transfers. So:
 *
 * - 移送司法机关案件 (column 6) ← a lead moved to 已移送公安 (`leads refer`): a referral under Order 310 is a
 *   referral to a judicial organ whether or not an administrative case was opened first (Art. 3 ¶2 lets an
 *   office refer on reasonable suspicion). Counted by the date of the move, in the row of the lead's right.
 * - 立案, 结案, 涉案金额, 罚没款, 挽回经济损失 (columns 1–5, 11) ← NOT observed: markwatch never opens or closes a
 *   case, and its price × sales estimate is a referral hint, not the amount a case establishes. Entered.
 * - 电商 / 重点实体市场 / 农村 / 外商 (columns 7–10) count 立案 (rule 3), so they follow column 1: entered. (A
 *   case linked to a markwatch lead is an e-commerce case by nature; the officer still ticks it.)
 * - Notices sent, listings taken down (通知—删除) and 线索通报 transfers are not cases of this unit at all: a
 *   takedown is the platform's measure, a transfer hands the lead to another bureau. They appear beside the
 *   form as markwatch's online activity, never in its cells.
 * - Block 1 (执法行动, 出动人员, 实体市场) is physical work markwatch cannot see: entered.
 */

/** The form's row for a lead's kind of right (src/model/right.ts). */
export const ROW_OF_KIND: Record<RightKind, RowCode> = {
  // markwatch's trademark leads are uses of a registered mark on listings: Trademark Law Art. 57 infringement.
  trademark: 'trademark',
  gi: 'gi',
  // SpecialRight covers Olympic, special and official marks (markType): exactly row 3.
  special: 'officialSpecialOlympic',
  // Patent leads are patent markings on listings (invalid, expired, wrong type, unlicensed number): 假冒专利
  // (Patent Law Art. 68, 细则 Art. 101). markwatch does not flag patent infringement disputes (其他专利).
  patent: 'patentPassingOff',
};

/** The observed part of a case: a referred lead. */
export interface ObservedCase {
  leadId: number;
  row: RowCode;
  /** China calendar day of the move to referred. */
  referredOn: string;
  referredAt: string;
  actor: string;
}

export function observedCases(
  referrals: readonly ObservedReferral[],
  chinaDay: (instant: string) => string,
): ObservedCase[] {
  return referrals.map((r) => ({
    leadId: r.leadId,
    row: ROW_OF_KIND[r.kind],
    referredOn: chinaDay(r.referredAt),
    referredAt: r.referredAt,
    actor: r.actor,
  }));
}
