import type { RuleFire } from '../model/index.js';

/*
 * A field's text with the spans the rules fired on marked, so a reviewer sees what the matcher read. Spans are
 * [start, end) in UTF-16 units of the original text (RuleFire.span); overlapping spans are merged.
 */

export function spansOf(rules: readonly RuleFire[], field: RuleFire['field']): [number, number][] {
  const spans = rules
    .filter((r) => r.field === field && r.span && r.span[1] > r.span[0])
    .map((r) => r.span as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

export function Highlighted(props: { text: string; rules: readonly RuleFire[]; field: RuleFire['field'] }) {
  const parts: (string | { mark: string })[] = [];
  let at = 0;
  for (const [start, end] of spansOf(props.rules, props.field)) {
    if (start >= props.text.length) break;
    if (start > at) parts.push(props.text.slice(at, start));
    parts.push({ mark: props.text.slice(Math.max(start, at), Math.min(end, props.text.length)) });
    at = Math.min(end, props.text.length);
  }
  if (at < props.text.length) parts.push(props.text.slice(at));
  return (
    <span class="highlighted">{parts.map((p) => (typeof p === 'string' ? p : <mark>{p.mark}</mark>))}</span>
  );
}
