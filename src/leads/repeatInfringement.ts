import { addToDate, chinaDate } from '../common/chinaTime.js';
import { loadRepeatRules, type RepeatRules } from './leadRules.js';
import { SELLER_MATCH_LABELS, sameSeller, type SellerMatch } from './sellerIdentity.js';
import type { ClosedCaseEvent, FindingFacts, NoticeEvent, SellerHistory } from './types.js';

/*
 * Repeat infringement (反复侵权, issue 14): a seller found again after a notice, found within the Art. 60 years
 * of a closed case, or a taken-down listing relisted. Each match names its rule, the earlier notice or case and
 * the dates, so an officer can check it.
 */

export type RepeatRule = 'after_notice' | 'within_years_of_case' | 'relisting';

export interface RepeatMatch {
  rule: RepeatRule;
  findingId: FindingFacts['findingId'];
  /** How the earlier event was tied to this seller (absent for a relisting, which is tied by the crawler). */
  matchedBy?: SellerMatch;
  earlier: { kind: 'notice' | 'case' | 'takedown'; id: string; at: string };
  explanation: string;
}

export interface RepeatVerdict {
  /** Found again after a notice or within the years of a closed case. */
  repeat: boolean;
  /** A finding is on a relisted listing: the lead re-opens. */
  relisting: boolean;
  matches: RepeatMatch[];
  /** Earlier events of this seller that did not count, with why (e.g. a case older than the window). */
  notCounted: string[];
  explanation: string;
  basis: string;
}

/** The China calendar day of an ISO instant, or the date itself when given a date. */
export function dayOf(isoDateOrInstant: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(isoDateOrInstant)
    ? isoDateOrInstant
    : chinaDate(new Date(isoDateOrInstant));
}

function who(f: FindingFacts): string {
  return `卖家「${f.sellerName}」（${f.platform}，店铺号 ${f.shopId ?? f.sellerId}）`;
}

function afterNotice(
  f: FindingFacts,
  notices: readonly NoticeEvent[],
  rules: RepeatRules,
): RepeatMatch | null {
  const found = Date.parse(f.capturedAt);
  let best: { notice: NoticeEvent; by: SellerMatch } | null = null;
  for (const notice of notices) {
    if (rules.afterNoticeSameRight && notice.rightId !== f.rightId) continue;
    if (notice.listingIds?.includes(f.listingId)) continue;
    if (!(Date.parse(notice.at) < found)) continue;
    const by = sameSeller(f, notice.seller);
    if (by && (!best || Date.parse(notice.at) > Date.parse(best.notice.at))) best = { notice, by };
  }
  if (!best) return null;
  const { notice, by } = best;
  return {
    rule: 'after_notice',
    findingId: f.findingId,
    matchedBy: by,
    earlier: { kind: 'notice', id: String(notice.noticeId), at: notice.at },
    explanation:
      `通知后再犯：${who(f)}已于 ${dayOf(notice.at)} 就权利 ${notice.rightId} 收到通知 #${notice.noticeId}，` +
      `${dayOf(f.capturedAt)} 又在商品 ${f.listingId} 被发现（发现 #${f.findingId}；${SELLER_MATCH_LABELS[by]}）。`,
  };
}

function withinCaseYears(
  f: FindingFacts,
  cases: readonly ClosedCaseEvent[],
  rules: RepeatRules,
  notCounted: Set<string>,
): RepeatMatch | null {
  const day = dayOf(f.capturedAt);
  let best: { c: ClosedCaseEvent; by: SellerMatch; until: string } | null = null;
  for (const c of cases) {
    if (rules.closedCaseSameKind && c.kind !== f.kind) continue;
    const by = sameSeller(f, c.seller);
    if (!by) continue;
    const closed = dayOf(c.closedAt);
    const until = addToDate(closed, rules.closedCaseYears);
    if (day <= closed) continue;
    if (day > until) {
      notCounted.add(
        `案件 #${c.caseId}（${closed} 结案）至本次发现 ${day} 已超过 ${rules.closedCaseYears} 年（期限至 ${until}），不计为反复侵权。`,
      );
      continue;
    }
    if (!best || closed > dayOf(best.c.closedAt)) best = { c, by, until };
  }
  if (!best) return null;
  const { c, by, until } = best;
  const decision = c.decisionNo ? `，${c.decisionNo}` : '';
  return {
    rule: 'within_years_of_case',
    findingId: f.findingId,
    matchedBy: by,
    earlier: { kind: 'case', id: String(c.caseId), at: c.closedAt },
    explanation:
      `${rules.closedCaseYears} 年内再犯：${who(f)}的案件 #${c.caseId}${decision} 于 ${dayOf(c.closedAt)} 结案，` +
      `${day} 又被发现（发现 #${f.findingId}，在 ${until} 之前；${SELLER_MATCH_LABELS[by]}）。` +
      `依据商标法第六十条第二款，五年内两次以上侵权应从重处罚。`,
  };
}

function relisting(f: FindingFacts): RepeatMatch | null {
  const r = f.relistedFrom;
  if (!r) return null;
  const key = r.key ? `（重新上架键 ${r.key}）` : '';
  return {
    rule: 'relisting',
    findingId: f.findingId,
    earlier: { kind: 'takedown', id: r.listingId, at: r.takenDownAt },
    explanation:
      `删除后重新上架：商品 ${r.listingId} 于 ${dayOf(r.takenDownAt)} 被删除，${dayOf(f.capturedAt)} ` +
      `以商品 ${f.listingId} 重新出现${key}，${who(f)}，线索应重新打开。`,
  };
}

/** The repeat signals of one seller's findings against what is on record about the seller. */
export function detectRepeat(
  findings: readonly FindingFacts[],
  history: SellerHistory,
  rules: RepeatRules = loadRepeatRules(),
): RepeatVerdict {
  const matches: RepeatMatch[] = [];
  const notCounted = new Set<string>();
  for (const f of findings) {
    for (const m of [
      afterNotice(f, history.notices, rules),
      withinCaseYears(f, history.closedCases, rules, notCounted),
      relisting(f),
    ]) {
      if (m) matches.push(m);
    }
  }
  const repeat = matches.some((m) => m.rule !== 'relisting');
  const isRelisting = matches.some((m) => m.rule === 'relisting');
  const lines = matches.map((m) => m.explanation);
  const explanation =
    lines.length > 0
      ? lines.join('\n')
      : ['未发现反复侵权：没有在先通知、期限内的结案或删除后重新上架的记录。', ...notCounted].join('\n');
  return {
    repeat,
    relisting: isRelisting,
    matches,
    notCounted: [...notCounted],
    explanation,
    basis: rules.source,
  };
}
