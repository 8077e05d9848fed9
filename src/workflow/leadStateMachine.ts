import { MarkwatchError } from '../common/errors.js';
import { LEAD_STATES, LEAD_STATE_LABELS, type LeadState } from '../model/index.js';

/*
 * The lead (线索) state machine of the 通知—删除—公示 workflow, with 移送公安, 线索通报 and 公示 as states. The
 * edges are a table: each says why it exists and whether it needs a written reason. Pure: `transition` checks
 * one step and returns the record to store, or an error naming the state and the allowed next steps.
 */

// The states and their labels are domain types (src/model/lead.ts); the moves between them live here.
export { LEAD_STATES, LEAD_STATE_LABELS, type LeadState } from '../model/index.js';

export interface LeadEdge {
  from: LeadState;
  to: LeadState;
  /** Why the step exists (the workflow event or the law behind it). */
  why: string;
  /** Dismissing, reopening and closing must say why (the audit log keeps it). */
  needsReason: boolean;
}

const edge = (from: LeadState, to: LeadState, why: string, needsReason = false): LeadEdge => ({
  from,
  to,
  why,
  needsReason,
});

/** Every legal step. Anything not listed is refused. */
export const LEAD_EDGES: readonly LeadEdge[] = [
  edge('new', 'reviewing', 'staff pick the lead up for review (线索摸排)'),
  edge('new', 'dismissed', 'an obvious false hit is dismissed from the queue without a full review', true),

  edge('reviewing', 'confirmed', 'staff find the infringement made out'),
  edge(
    'reviewing',
    'dismissed',
    'staff find no infringement (authorised seller, other goods, news text …)',
    true,
  ),

  edge('confirmed', 'notice_sent', 'a notice goes to the platform (EC Law Art. 42; Civil Code Art. 1195)'),
  edge(
    'confirmed',
    'referred',
    'reasonable suspicion of a crime: refer without a notice first (Order 310 Art. 3 ¶2)',
  ),
  edge(
    'confirmed',
    'transferred',
    "the seller is outside the office's area: 线索通报 to the responsible bureau",
  ),
  edge('confirmed', 'dismissed', 'new facts (e.g. an authorisation shown) undo the confirmation', true),
  edge('confirmed', 'closed', 'nothing left to do before a notice (listing and shop already gone)', true),

  edge(
    'notice_sent',
    'taken_down',
    'the platform removed, blocked or delisted the listing (re-crawl verified)',
  ),
  edge('notice_sent', 'rejected', 'the platform refused the notice'),
  edge(
    'notice_sent',
    'counter_noticed',
    'the seller answered the forwarded notice with a declaration (EC Law Art. 43)',
  ),

  edge(
    'taken_down',
    'counter_noticed',
    'after the takedown the seller files a declaration of non-infringement (Art. 43)',
  ),
  edge('taken_down', 'published', 'the handled notice and its result are published (公示; EC Law Art. 44)'),
  edge(
    'taken_down',
    'referred',
    'the volume found crosses a criminal threshold, or suspicion arises (Order 310)',
  ),
  edge('taken_down', 'reviewing', 'relisting: the taken-down listing came back, so the lead re-opens', true),
  edge('taken_down', 'closed', 'takedown held and nothing more to do', true),

  edge('rejected', 'reviewing', 'more evidence is gathered for a new notice', true),
  edge('rejected', 'referred', 'the platform will not act but a crime is suspected (Order 310)'),
  edge('rejected', 'published', 'the refused notice and its result are published (EC Law Art. 44)'),
  edge('rejected', 'closed', 'the office accepts the refusal', true),

  edge(
    'counter_noticed',
    'complaint_filed',
    'the holder complained to an authority or sued within the 15 days (Art. 43)',
  ),
  edge(
    'counter_noticed',
    'restored',
    'the 15 days ran out without a complaint or suit: the platform restores (Art. 43)',
  ),

  edge('complaint_filed', 'referred', 'the complaint case shows a suspected crime (Order 310)'),
  edge('complaint_filed', 'published', 'the outcome is published (公示)'),
  edge('complaint_filed', 'closed', 'the complaint or suit is decided', true),

  edge('restored', 'reviewing', 'new evidence against the restored listing re-opens the lead', true),
  edge('restored', 'published', 'the notice, the declaration and the restoration are published (Art. 44)'),
  edge('restored', 'closed', 'the restoration stands', true),

  edge(
    'referred',
    'confirmed',
    'the police declined to open a case: administrative handling resumes (Order 310 Arts. 8–9)',
    true,
  ),
  edge(
    'referred',
    'closed',
    'the police opened the case and the files were handed over (Order 310 Art. 12)',
    true,
  ),

  edge(
    'transferred',
    'reviewing',
    'the receiving bureau sent the lead back (wrong jurisdiction, or for us to act)',
    true,
  ),
  edge('transferred', 'closed', 'the receiving bureau acknowledged the lead', true),

  edge('published', 'referred', 'a crime comes to light after publication (Order 310)'),
  edge('published', 'reviewing', 'relisting after publication re-opens the lead', true),
  edge('published', 'closed', 'published, nothing more to do', true),

  edge('dismissed', 'reviewing', 'reopen: the dismissal was wrong, or new evidence arrived', true),
  edge(
    'closed',
    'reviewing',
    'reopen: relisting or a repeat by the same seller (Trademark Law Art. 60)',
    true,
  ),
];

const EDGES_BY_FROM = new Map<LeadState, LeadEdge[]>(LEAD_STATES.map((s) => [s, []]));
for (const e of LEAD_EDGES) EDGES_BY_FROM.get(e.from)?.push(e);

/** The states a lead may move to from `state`, in table order. */
export function allowedNext(state: LeadState): LeadState[] {
  return (EDGES_BY_FROM.get(state) ?? []).map((e) => e.to);
}

/** The edge from → to, or undefined when the step is illegal. */
export function leadEdge(from: LeadState, to: LeadState): LeadEdge | undefined {
  return EDGES_BY_FROM.get(from)?.find((e) => e.to === to);
}

export function isLeadState(value: string): value is LeadState {
  return (LEAD_STATES as readonly string[]).includes(value);
}

/** What the audit log stores for one step. */
export interface TransitionRecord {
  from: LeadState;
  to: LeadState;
  actor: string;
  /** ISO instant. */
  at: string;
  reason: string | null;
}

export interface TransitionInput {
  actor: string;
  at: string | Date;
  reason?: string | null;
}

export class LeadTransitionError extends MarkwatchError {
  constructor(
    message: string,
    readonly from: string,
    readonly to: string,
    readonly allowed: readonly LeadState[],
  ) {
    super('workflow.transition', message);
  }
}

export type TransitionResult =
  { ok: true; record: TransitionRecord } | { ok: false; error: LeadTransitionError };

const label = (s: string) => (isLeadState(s) ? LEAD_STATE_LABELS[s] : s);

function refused(
  from: string,
  to: string,
  message: string,
  allowed: readonly LeadState[] = [],
): TransitionResult {
  return { ok: false, error: new LeadTransitionError(message, from, to, allowed) };
}

/** The message for an illegal step: names the state and the allowed next steps, in Chinese and English. */
export function illegalTransitionMessage(from: LeadState, to: string): string {
  const allowed = allowedNext(from);
  return (
    `状态「${label(from)}」不能转为「${label(to)}」；允许：${allowed.map(label).join('、')} ` +
    `(cannot move from ${from} to ${to}; allowed: ${allowed.join(', ')})`
  );
}

/** Checks one step of a lead; the record is what the caller stores (and audits) when ok. */
export function transition(current: string, to: string, input: TransitionInput): TransitionResult {
  if (!isLeadState(current)) {
    return refused(
      current,
      to,
      `未知的当前状态「${current}」 (unknown current state "${current}"; states: ${LEAD_STATES.join(', ')})`,
    );
  }
  if (!isLeadState(to)) {
    return refused(
      current,
      to,
      `未知的目标状态「${to}」 (unknown target state "${to}"; states: ${LEAD_STATES.join(', ')})`,
      allowedNext(current),
    );
  }
  const step = leadEdge(current, to);
  if (!step) return refused(current, to, illegalTransitionMessage(current, to), allowedNext(current));

  const actor = input.actor.trim();
  if (actor === '') return refused(current, to, '须写明操作人 (actor is required)', allowedNext(current));
  const at = input.at instanceof Date ? input.at : new Date(input.at);
  if (Number.isNaN(at.getTime())) {
    return refused(current, to, `时间「${String(input.at)}」无效 (invalid time)`, allowedNext(current));
  }
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  if (step.needsReason && reason === null) {
    return refused(
      current,
      to,
      `从「${label(current)}」转为「${label(to)}」须写明理由 (a reason is required to move from ${current} to ${to})`,
      allowedNext(current),
    );
  }
  return { ok: true, record: { from: current, to, actor, at: at.toISOString(), reason } };
}
