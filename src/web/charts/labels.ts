import { chinaTimestamp } from '../../common/chinaTime.js';
import { isSamplePlatform, SAMPLE_PLATFORM_NAMES, type RightKind } from '../../model/index.js';
import type { CrawlRunSummary } from '../../store/dashboardQueries.js';

/*
 * Chinese labels for what the charts show. Every label built from listing text (seller names, categories)
 * is shortened here and escaped by the renderer, never by hand.
 */

export const KIND_LABELS: Readonly<Record<RightKind, string>> = {
  trademark: '商标',
  gi: '地理标志',
  special: '特殊标志',
  patent: '专利',
};

/** Chinese labels of the crawl's error classes (the same words as `markwatch runs show`). */
export const ERROR_CLASS_LABELS: Readonly<Record<string, string>> = {
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

export const RUN_STATUS_LABELS: Readonly<Record<CrawlRunSummary['status'], string>> = {
  running: '运行中',
  ok: '完成',
  partial: '部分失败',
  failed: '失败',
  aborted: '已中止',
};

export const OTHER = '其他';
export const NO_CATEGORY_LABEL = '未分类';
export const NO_RIGHT_LABEL = '无对应专利（专利标记）';

export function kindLabel(kind: string): string {
  return (KIND_LABELS as Readonly<Record<string, string>>)[kind] ?? kind;
}

export function platformLabel(platform: string): string {
  return isSamplePlatform(platform) ? SAMPLE_PLATFORM_NAMES[platform] : platform;
}

export function errorClassLabel(errorClass: string): string {
  return ERROR_CLASS_LABELS[errorClass] ?? errorClass;
}

export function runStatusLabel(status: string): string {
  return (RUN_STATUS_LABELS as Readonly<Record<string, string>>)[status] ?? status;
}

/** At most `max` characters (code points, so no emoji is cut in half), with … when cut. */
export function shorten(text: string, max = 14): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** `2026-12-02` → `12-02`, the day as the axis shows it. */
export function shortDay(day: string): string {
  return day.slice(5);
}

/** An instant as China time to the minute, `12-02 11:00`. */
export function chinaMinute(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : chinaTimestamp(iso).slice(5, 16).replace('T', ' ');
}
