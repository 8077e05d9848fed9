import type { z } from 'zod';
import { EDITABLE_JOB_FIELDS, type EditableJobField, type JobEdit } from '../app/jobControl.js';
import type { CrawlJobConfig } from '../config/schema.js';

/*
 * The job settings form: its fields as typed (to show them again beside their errors), the edit they make,
 * and the schema's issues put beside their field, in Chinese first with the schema's own words after.
 */

export type JobFormValues = Record<EditableJobField, string>;
export type JobFormErrors = Partial<Record<EditableJobField | 'form', string>>;

export const JOB_FIELD_LABELS: Record<EditableJobField, string> = {
  cron: 'cron 表达式',
  timezone: '时区',
  enabled: '启用',
  budget: '每平台页数预算',
  concurrency: '并发数',
};

export function formValuesOf(job: CrawlJobConfig): JobFormValues {
  return {
    cron: job.cron,
    timezone: job.timezone,
    enabled: job.enabled ? 'on' : '',
    budget: String(job.budget),
    concurrency: String(job.concurrency),
  };
}

export function formValuesFrom(get: (name: string) => string): JobFormValues {
  return Object.fromEntries(EDITABLE_JOB_FIELDS.map((f) => [f, get(f).slice(0, 200)])) as JobFormValues;
}

/** A blank number stays NaN, so that the schema refuses it instead of a default filling it in. */
const numberOf = (raw: string) => (raw.trim() === '' ? Number.NaN : Number(raw.trim()));

export function editFrom(values: JobFormValues): JobEdit {
  return {
    cron: values.cron.trim(),
    timezone: values.timezone.trim(),
    enabled: values.enabled === 'on',
    budget: numberOf(values.budget),
    concurrency: numberOf(values.concurrency),
  };
}

function chinese(field: string, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(issue.maximum)}`;
    case 'invalid_type':
      return issue.expected === 'int' ? '须为整数' : issue.expected === 'number' ? '须为数字' : '格式不对';
    case 'custom':
      if (field === 'cron') return '不是有效的 cron 表达式（如 0 3 * * * 表示每天 3 点）';
      if (field === 'timezone') return '不是有效的时区（如 Asia/Shanghai）';
      return '无效';
    default:
      return '无效';
  }
}

/** The schema's issues by field (the first per field), e.g. `须为整数 (budget: Invalid input: expected int…)`. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): JobFormErrors {
  const out: JobFormErrors = {};
  for (const issue of issues) {
    const path = String(issue.path[0] ?? '');
    const field = (EDITABLE_JOB_FIELDS as readonly string[]).includes(path)
      ? (path as EditableJobField)
      : 'form';
    out[field] ??= `${chinese(field, issue)} (${path || 'job'}: ${issue.message})`;
  }
  return out;
}
