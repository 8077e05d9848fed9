import type { Reason } from './hit.js';

/*
 * Chinese labels of the reason codes, for every surface that shows a lead (CLI tables, the web app, exports).
 * Typed by Reason, so a new reason code without a label fails to compile.
 */
export const REASON_LABELS: Readonly<Record<Reason, string>> = {
  'trademark.counterfeit': '商标·假冒',
  'trademark.evasion': '商标·规避变形',
  'trademark.use': '商标·使用',
  'trademark.authenticity_claim': '商标·正品声明（观察）',
  'trademark.referential': '商标·指示性使用（观察）',
  'trademark.grey_channel': '商标·代购渠道（观察）',
  'gi.origin_mismatch': '地理标志·产地不符',
  'gi.packaging': '地理标志·包装容器（观察）',
  'special.unauthorized': '特殊标志·未授权',
  'special.news_context': '特殊标志·新闻考试史料语境（观察）',
  'patent.invalid_number': '专利·号码无效',
  'patent.type_mismatch': '专利·类型不符',
  'patent.expired': '专利·已过期',
  'patent.application_as_patent': '专利·申请冒充专利',
  'patent.unlicensed': '专利·未经许可',
};

/** The label of a reason code; an unknown code (a newer store read by an older build) is shown as is. */
export function reasonLabel(reason: string): string {
  return (REASON_LABELS as Readonly<Record<string, string>>)[reason] ?? reason;
}
