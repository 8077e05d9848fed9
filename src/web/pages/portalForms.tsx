import type { RowError } from '../../rights/registry.js';
import type { Right } from '../../model/index.js';
import { Csrf } from '../layout.js';
import type { Viewer } from '../viewer.js';

/*
 * The trademark form of the holder portal, for a new submission and for an edit of an existing right: the
 * registry's validation messages (Chinese first) beside each field.
 */

export const TRADEMARK_FIELDS = [
  ['id', '权利编号', 'tm-mybrand'],
  ['name', '商标名称', ''],
  ['registrationNo', '注册号', ''],
  ['niceClasses', '类别（逗号分隔）', '25, 28'],
  ['owner', '注册人', ''],
  ['validFrom', '有效期自', 'YYYY-MM-DD'],
  ['validTo', '有效期至', 'YYYY-MM-DD'],
] as const;

/** The registry's validation messages come from zod in English; the form says them in Chinese first. */
const MESSAGE_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/Too big: expected number to be <=?(\d+)/, (m) => `不能大于 ${m[1]}`],
  [/Too small: expected number to be >=?(\d+)/, (m) => `不能小于 ${m[1]}`],
  [/Too small: expected (string|array) to have >=?1 (characters|items)/, () => '必填'],
  [/expected number, received/, () => '应为数字'],
  [/Invalid (ISO )?date/, () => '日期格式应为 YYYY-MM-DD'],
  [/Invalid input/, () => '格式不正确'],
];

export function chineseFirst(message: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  for (const [pattern, say] of MESSAGE_PATTERNS) {
    const m = pattern.exec(message);
    if (m) return `${say(m)}（${message}）`;
  }
  return message;
}

/** A trademark's form values (for prefilling an edit). */
export function trademarkValues(right: Right): Record<string, string> {
  if (right.kind !== 'trademark') return { id: right.id };
  return {
    id: right.id,
    name: right.name,
    registrationNo: right.registrationNo,
    niceClasses: right.niceClasses.join(', '),
    owner: right.owner,
    validFrom: right.validFrom,
    validTo: right.validTo,
  };
}

/**
 * The registry input from the form: the form's fields over `base` (an edit keeps what the form does not show,
 * such as aliases and authorised sellers).
 */
export function trademarkInput(
  values: Record<string, string>,
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const classes = values.niceClasses?.trim()
    ? values.niceClasses
        .split(/[,，、\s]+/)
        .filter(Boolean)
        .map((x) => (/^\d+$/.test(x) ? Number(x) : x))
    : [];
  return {
    ...base,
    id: values.id,
    kind: 'trademark',
    name: values.name,
    registrationNo: values.registrationNo,
    niceClasses: classes,
    owner: values.owner,
    validFrom: values.validFrom,
    validTo: values.validTo,
  };
}

export function TrademarkForm(props: {
  viewer: Viewer;
  values: Record<string, string>;
  errors: RowError[];
  /** The form's target; an edit names the right in its URL, and its id field is fixed. */
  action: string;
  title: string;
  edit?: boolean;
}) {
  const errorOf = (field: string) =>
    props.errors.filter(
      (e) => e.field === field || e.field.startsWith(`${field}.`) || e.field.startsWith(`${field}[`),
    );
  const other = props.errors.filter((e) => !TRADEMARK_FIELDS.some(([f]) => errorOf(f).includes(e)));
  return (
    <form method="post" action={props.action} class="submit-right">
      <Csrf viewer={props.viewer} />
      <h2>{props.title}</h2>
      {other.map((e) => (
        <p class="problems">
          {e.field}：{chineseFirst(e.message)}
        </p>
      ))}
      {TRADEMARK_FIELDS.map(([field, label, placeholder]) => (
        <label>
          {label}
          <input
            name={field}
            value={props.values[field] ?? ''}
            placeholder={placeholder}
            readonly={props.edit && field === 'id' ? true : undefined}
            aria-invalid={errorOf(field).length ? 'true' : undefined}
          />
          {errorOf(field).map((e) => (
            <span class="problems field-error" data-field={field}>
              {chineseFirst(e.message)}
            </span>
          ))}
        </label>
      ))}
      <button type="submit">提交审核</button>
    </form>
  );
}
