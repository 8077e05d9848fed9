import { chinaTimestamp } from '../../common/chinaTime.js';
import { isSamplePlatform, SAMPLE_PLATFORM_NAMES } from '../../model/index.js';

// The labels shared with the CLI live in the model; the charts re-export them for their own modules.
export {
  errorClassLabel,
  rightKindLabel as kindLabel,
  runStatusLabel,
  ERROR_CLASS_LABELS,
  RUN_STATUS_LABELS,
} from '../../model/index.js';

/*
 * Chinese labels for what the charts show. Every label built from listing text (seller names, categories)
 * is shortened here and escaped by the renderer, never by hand.
 */

export const OTHER = '其他';
export const NO_CATEGORY_LABEL = '未分类';
export const NO_RIGHT_LABEL = '无对应专利（专利标记）';

export function platformLabel(platform: string): string {
  return isSamplePlatform(platform) ? SAMPLE_PLATFORM_NAMES[platform] : platform;
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
