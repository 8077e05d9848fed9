import { z } from 'zod';
import { chinaDate, chinaTimestamp, isCalendarDate, shiftDays } from '../common/chinaTime.js';
import { MarkwatchError } from '../common/errors.js';
import { type JsonProblem, parseJsonFile } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';
import {
  addWorkingDays,
  defaultHolidayCalendar,
  type HolidayCalendar,
  HolidayCalendarError,
} from './workingDays.js';

/*
 * The workflow's time limits, as data (rules/workflow/deadlines.json, each rule with its law, article and
 * effective date), and the one function that turns an event into a dated Deadline. Pure: the rules and the
 * holiday calendar are read once, or handed in.
 */

export const DEADLINES_FILE = packagePath('rules', 'workflow', 'deadlines.json');

export const DEADLINE_KINDS = [
  'counter_notice', // 电子商务法 Art. 43 + 法释〔2020〕9号
  'publicity_same_province', // Order 45 Art. 9
  'publicity_other_province', // Order 45 Art. 10
  'publicity_withdrawal', // Order 45 Art. 11
  'referral_decision', // Order 310 Art. 5 (head decides)
  'referral_transfer', // Order 310 Art. 5 (refer within 24 h)
  'takedown_window', // product default per platform, not law
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

const isoDate = z.string().refine(isCalendarDate, 'expected a date YYYY-MM-DD');
const UnitSchema = z.enum(['calendar_days', 'working_days', 'hours']);
export type DeadlineUnit = z.infer<typeof UnitSchema>;

const DeadlineRuleSchema = z.strictObject({
  kind: z.enum(DEADLINE_KINDS),
  label: z.string().min(1),
  labelEn: z.string().min(1),
  amount: z.number().int().positive(),
  unit: UnitSchema,
  startsAt: z.string().min(1),
  basis: z.string().min(1),
  source: z.string().min(1),
  effectiveDate: isoDate,
  /** false for product defaults that are not law (the takedown window). */
  legal: z.boolean(),
  excludedDelay: z
    .strictObject({
      maxWorkingDays: z.number().int().positive(),
      basis: z.string().min(1),
      source: z.string().min(1),
      effectiveDate: isoDate,
    })
    .optional(),
  /** Per-platform overrides of amount and unit (unverified platform practice, with a note each). */
  platforms: z
    .record(
      z.string(),
      z.strictObject({ amount: z.number().int().positive(), unit: UnitSchema, note: z.string().min(1) }),
    )
    .optional(),
});
export type DeadlineRule = z.infer<typeof DeadlineRuleSchema>;

export const DeadlinesFileSchema = z
  .strictObject({
    source: z.string().min(1),
    effectiveDate: isoDate,
    notes: z.array(z.string()),
    rules: z.array(DeadlineRuleSchema),
  })
  .superRefine((file, ctx) => {
    for (const kind of DEADLINE_KINDS) {
      const n = file.rules.filter((r) => r.kind === kind).length;
      if (n !== 1)
        ctx.addIssue({
          code: 'custom',
          path: ['rules'],
          message: `rule "${kind}" appears ${n} times (expected once)`,
        });
    }
  });
export type DeadlinesFile = z.infer<typeof DeadlinesFileSchema>;

export class DeadlineError extends MarkwatchError {
  constructor(
    message: string,
    readonly problems: readonly JsonProblem[] = [],
  ) {
    super('workflow.deadline', message);
  }
}

/** Reads and validates the deadline rules; the error names the file and every bad field. */
export function loadDeadlineRules(file: string = DEADLINES_FILE): DeadlinesFile {
  return parseJsonFile(file, DeadlinesFileSchema, {
    error: (message, problems) => new DeadlineError(message, problems),
  });
}

let defaultRules: DeadlinesFile | null = null;
/** The shipped rules, read once. */
export function defaultDeadlineRules(): DeadlinesFile {
  defaultRules ??= loadDeadlineRules();
  return defaultRules;
}

/** A dated time limit, with the law it comes from. */
export interface Deadline {
  kind: DeadlineKind;
  /** Chinese label, e.g. 不侵权声明期限（权利人投诉或起诉）. */
  label: string;
  /** The rule in Chinese, with its article (rules/workflow/deadlines.json `basis`). */
  basis: string;
  /** The law or product decision the rule comes from, and since when. */
  source: string;
  effectiveDate: string;
  /** false for product defaults that are not law. */
  legal: boolean;
  /** The event the period runs from, as China time (`2026-02-10T09:30:00+08:00`). */
  start: string;
  /** The last moment of the period, as China time: 23:59:59 of the last day for day periods. */
  due: string;
  /** The last day of the period (China date). */
  dueDate: string;
  calendar: 'calendar' | 'working';
  amount: number;
  unit: DeadlineUnit;
  /** Counter-notice only: the recorded excluded delay and how much of it counts (capped). */
  excludedDelay?: {
    recordedWorkingDays: number;
    countedWorkingDays: number;
    capWorkingDays: number;
    reason: string;
  };
  /** The platform whose window applied (takedown window). */
  platform?: string;
}

export interface DeadlineInput {
  kind: DeadlineKind;
  /** The event the period runs from (an ISO instant or a Date), per the rule's `startsAt`. */
  start: string | Date;
  /** Takedown window: the platform, for its override. */
  platform?: string;
  /** Counter-notice: delay not counted (notarisation, authentication …), in working days, with its reason. */
  excludedDelay?: { workingDays: number; reason: string };
}

export interface DeadlineOptions {
  rules?: DeadlinesFile;
  calendar?: HolidayCalendar;
}

/** An instant must carry its zone: a bare local time would be read in the host's zone. */
const ZONED_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(start: string | Date): Date {
  const at = start instanceof Date ? start : new Date(start);
  if (Number.isNaN(at.getTime()) || (typeof start === 'string' && !ZONED_INSTANT.test(start))) {
    throw new DeadlineError(
      `start：「${String(start)}」不是带时区的 ISO 时间 (not an ISO instant with a zone)`,
    );
  }
  return at;
}

function endOfDay(day: string): string {
  return `${day}T23:59:59+08:00`;
}

/** The Deadline an event starts, per its rule. */
export function computeDeadline(input: DeadlineInput, options: DeadlineOptions = {}): Deadline {
  const rules = options.rules ?? defaultDeadlineRules();
  const rule = rules.rules.find((r) => r.kind === input.kind);
  if (!rule) throw new DeadlineError(`kind：未知期限类型「${input.kind}」 (unknown deadline kind)`);
  const at = instant(input.start);
  const startDay = chinaDate(at);
  const override = input.platform === undefined ? undefined : rule.platforms?.[input.platform];
  const amount = override?.amount ?? rule.amount;
  const unit = override?.unit ?? rule.unit;
  // A count running into a year the calendar lacks names the deadline as well as the year.
  const addWorking = (day: string, n: number): string => {
    try {
      return addWorkingDays(day, n, options.calendar ?? defaultHolidayCalendar());
    } catch (err) {
      if (!(err instanceof HolidayCalendarError)) throw err;
      throw new HolidayCalendarError(`「${rule.label}」：${err.message}`, err.problems);
    }
  };

  let due: string;
  let dueDate: string;
  if (unit === 'hours') {
    const end = new Date(at.getTime() + amount * 3_600_000);
    due = chinaTimestamp(end);
    dueDate = chinaDate(end);
  } else {
    dueDate = unit === 'working_days' ? addWorking(startDay, amount) : shiftDays(startDay, amount);
    due = endOfDay(dueDate);
  }

  const deadline: Deadline = {
    kind: rule.kind,
    label: rule.label,
    basis: rule.basis,
    source: rule.source,
    effectiveDate: rule.effectiveDate,
    legal: rule.legal,
    start: chinaTimestamp(at),
    due,
    dueDate,
    calendar: unit === 'working_days' ? 'working' : 'calendar',
    amount,
    unit,
    ...(input.platform !== undefined ? { platform: input.platform } : {}),
  };

  if (input.excludedDelay) {
    const cap = rule.excludedDelay?.maxWorkingDays;
    if (cap === undefined) {
      throw new DeadlineError(
        `excludedDelay：「${rule.label}」没有可扣除的延迟 (${rule.kind} has no excluded delay)`,
      );
    }
    const { workingDays, reason } = input.excludedDelay;
    if (!Number.isInteger(workingDays) || workingDays < 0) {
      throw new DeadlineError(
        `excludedDelay.workingDays：「${workingDays}」应为非负整数 (expected a whole number ≥ 0)`,
      );
    }
    if (reason.trim() === '')
      throw new DeadlineError('excludedDelay.reason：须写明延迟原因 (a reason is required)');
    const counted = Math.min(workingDays, cap);
    deadline.dueDate = addWorking(dueDate, counted);
    deadline.due = endOfDay(deadline.dueDate);
    deadline.basis = `${rule.basis}\n${rule.excludedDelay?.basis ?? ''}`;
    deadline.excludedDelay = {
      recordedWorkingDays: workingDays,
      countedWorkingDays: counted,
      capWorkingDays: cap,
      reason,
    };
  }
  return deadline;
}
