/*
 * Kept as a re-export so files outside this change (rights/registry.ts) keep compiling; new code imports
 * common/chinaTime.ts.
 */
export { addToDate, chinaDate, isCalendarDate } from '../common/chinaTime.js';
