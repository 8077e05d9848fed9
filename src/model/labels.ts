import type { Reason } from './hit.js';
import type { RightKind } from './right.js';
import type { ErrorClass, RunStatus } from './run.js';

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

/** The kinds of right, short (tables, charts). */
export const RIGHT_KIND_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '商标',
  gi: '地理标志',
  special: '特殊标志',
  patent: '专利',
};

/** The label of a right kind; an unknown kind is shown as is. */
export function rightKindLabel(kind: string): string {
  return (RIGHT_KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? kind;
}

/** The rights as the law names them (letters, notices: 注册商标专用权, not 商标). */
export const RIGHT_LEGAL_NAMES: Readonly<Record<RightKind, string>> = {
  trademark: '注册商标专用权',
  gi: '地理标志',
  special: '特殊标志',
  patent: '专利权',
};

export function rightLegalName(kind: string): string {
  return (RIGHT_LEGAL_NAMES as Readonly<Record<string, string>>)[kind] ?? kind;
}

/** Chinese labels of the crawl's error classes, for `runs show`, the dashboard and the jobs page. */
export const ERROR_CLASS_LABELS: Readonly<Record<ErrorClass, string>> = {
  network: '网络错误',
  timeout: '超时',
  http_429: '限流',
  http_4xx: '客户端错误',
  http_5xx: '服务器错误',
  blocked: '封禁/验证码',
  robots: 'robots 禁止',
  offline: '已下架',
  truncated: '内容不完整',
  parse: '页面不符合规则',
  browser: '浏览器错误',
  lease_lost: '租约丢失',
  internal: '内部错误',
};

export function errorClassLabel(errorClass: string): string {
  return (ERROR_CLASS_LABELS as Readonly<Record<string, string>>)[errorClass] ?? errorClass;
}

export const RUN_STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  running: '运行中',
  ok: '完成',
  partial: '部分失败',
  failed: '失败',
  aborted: '已中止',
};

export function runStatusLabel(status: string): string {
  return (RUN_STATUS_LABELS as Readonly<Record<string, string>>)[status] ?? status;
}
