import type { Hit, Listing, PatentRight, PatentType } from '../model/index.js';
import { chinaDate } from '../common/chinaTime.js';
import {
  PATENT_TYPE_BY_DIGIT,
  PATENT_TYPE_BY_KIND_CODE,
  parsePatentNumber,
  type ApplicationNumber,
} from '../rights/patentNumber.js';
import { patentTerm, patentTermTable, type PatentTermTable } from '../rights/patentTerm.js';
import { hitRecord } from './hitRecord.js';
import { Explanation, type PolicyEnv, type RuleName } from './explanation.js';
import type { PatentMarking, PatentNumberMention } from './patentMarking.js';

/*
 * Patent-marking flag policy (issue #5 "Flag policy" 4; domain.md §1.7). Each number a listing claims is
 * checked on its own: well-formed, type as claimed, in force at capture time, granted, and the seller entitled.
 */

const ENDED = new Set(['expired', 'terminated', 'invalid']);
const COMPANY_NOISE = /(?:股份)?有限(?:责任)?公司|集团|官方|旗舰店|专卖店|专营店|企业店|店铺|工作室|店|\s+/g;

function partyKey(name: string): string {
  return name.normalize('NFKC').replace(COMPANY_NOISE, '');
}

/** The seller is the patentee or a licensee: same name, or one name contains the other's core. */
export function sellerIsParty(seller: Listing['seller'], parties: readonly string[]): boolean {
  const s = partyKey(seller.name);
  return parties.some((p) => {
    const k = partyKey(p);
    if (k === s) return true;
    return k.length >= 2 && s.length >= 2 && (k.includes(s) || s.includes(k));
  });
}

/** The longest term any patent of this type filed in `year` can have (for a certain, number-only verdict). */
function longestTerm(type: PatentType, year: number, table: PatentTermTable): number {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const years = table.terms
    .filter(
      (t) =>
        t.patentType === type &&
        (t.filedFrom === null || t.filedFrom < to) &&
        (t.filedBefore === null || t.filedBefore > from),
    )
    .map((t) => t.years);
  return Math.max(0, ...years);
}

type Emit = (
  n: PatentNumberMention,
  rightId: string | null,
  reason: Hit['reason'],
  rule: RuleName,
  text: string,
) => void;

export class PatentPolicy {
  private readonly byCanonical = new Map<string, PatentRight>();

  constructor(
    patents: readonly PatentRight[],
    private readonly env: PolicyEnv,
    private readonly terms: PatentTermTable = patentTermTable(),
  ) {
    const farFuture = new Date(Date.UTC(9999, 0, 1));
    for (const p of patents) {
      const parsed = parsePatentNumber(p.number, farFuture);
      if (parsed.ok) this.byCanonical.set(parsed.value.canonical, p);
    }
  }

  hits(listing: Listing, marking: PatentMarking): Hit[] {
    const hits = new Map<string, Hit>();
    const capturedAt = new Date(listing.capturedAt);
    const day = chinaDate(capturedAt);
    const claim = marking.claims[0];
    const emit: Emit = (n, rightId, reason, rule, text) => {
      const key = `${rightId ?? n.folded.replace(/\W/g, '')}|${reason}`;
      if (hits.has(key)) return;
      const ex = new Explanation(this.env.weights);
      if (claim) ex.add('patent.claim', { field: claim.field, span: claim.span, text: claim.text });
      else if (n.prefix === 'ZL')
        ex.add('patent.claim', { field: n.field, span: [n.span[0], n.span[0] + 2], text: 'ZL' });
      ex.add('patent.number', { field: n.field, span: n.span, text: n.text });
      ex.add(rule, { field: n.field, span: n.span, text });
      const score = ex.score();
      // Patent reasons have no watch tier: a lead or a weak hit.
      const tier = score >= this.env.thresholds.flag ? 'lead' : undefined;
      hits.set(key, hitRecord(listing.id, rightId, 'patent', reason, score, tier, ex.fires));
    };

    for (const n of marking.numbers) {
      if (n.lettersForDigits) {
        // Letters in place of digits (issue #13): no office issues such a number; said as the rule's text.
        emit(
          n,
          null,
          'patent.invalid_number',
          'patent.malformed_number',
          `letters in place of digits: ${n.lettersForDigits.join(', ')}`,
        );
        continue;
      }
      const parsed = parsePatentNumber(n.folded, capturedAt);
      if (!parsed.ok) {
        const wrongCheck = /check character \S+ is wrong/.test(parsed.error);
        emit(
          n,
          null,
          'patent.invalid_number',
          wrongCheck ? 'patent.wrong_check_char' : 'patent.malformed_number',
          parsed.error,
        );
        continue;
      }
      const value = parsed.value;
      const numberType =
        value.kind === 'publication'
          ? PATENT_TYPE_BY_KIND_CODE[value.kindCode]
          : PATENT_TYPE_BY_DIGIT[value.typeDigit];
      const watched = value.kind === 'application' ? this.byCanonical.get(value.canonical) : undefined;
      const rightId = watched?.id ?? null;
      if (n.claimedType && numberType && n.claimedType !== numberType) {
        emit(
          n,
          rightId,
          'patent.type_mismatch',
          'patent.type_mismatch',
          `claimed ${n.claimedType}, number is ${numberType}`,
        );
      }
      if (value.kind !== 'application') continue;
      if (watched) this.checkWatched(n, watched, value, day, marking, listing, emit);
      else this.checkUnwatched(n, value, Number(day.slice(0, 4)), marking, emit);
    }
    return [...hits.values()];
  }

  private checkWatched(
    n: PatentNumberMention,
    watched: PatentRight,
    value: ApplicationNumber,
    day: string,
    marking: PatentMarking,
    listing: Listing,
    emit: Emit,
  ): void {
    if (watched.status === 'pending') {
      if (n.prefix === 'ZL' || !marking.disclosedAsApplication) {
        const why = n.prefix === 'ZL' ? 'ZL prefix on a pending application' : 'no 「专利申请，尚未授权」';
        emit(
          n,
          watched.id,
          'patent.application_as_patent',
          'patent.pending_as_granted',
          `${value.canonical}: ${why}`,
        );
      }
      return;
    }
    if (ENDED.has(watched.status)) {
      emit(
        n,
        watched.id,
        'patent.expired',
        'patent.status_ended',
        `${value.canonical}: status ${watched.status}`,
      );
      return;
    }
    const term = patentTerm(watched.patentType, watched.filingDate, this.terms);
    if (day > term.lastDay) {
      emit(
        n,
        watched.id,
        'patent.expired',
        'patent.expired_register',
        `filed ${watched.filingDate}, protected to ${term.lastDay}`,
      );
      return;
    }
    if (!sellerIsParty(listing.seller, [watched.patentee, ...watched.licensees])) {
      emit(n, watched.id, 'patent.unlicensed', 'patent.not_licensed', `patentee ${watched.patentee}`);
    }
  }

  private checkUnwatched(
    n: PatentNumberMention,
    value: ApplicationNumber,
    captureYear: number,
    marking: PatentMarking,
    emit: Emit,
  ): void {
    // An application number shown next to a patent claim without the Art. 7 disclosure (domain.md §1.7).
    if (n.asApplication && n.prefix !== 'ZL' && !marking.disclosedAsApplication) {
      emit(
        n,
        null,
        'patent.application_as_patent',
        'patent.pending_as_granted',
        `${value.canonical}: 申请号 without 「专利申请，尚未授权」`,
      );
    }
    // The number's year is only a heuristic (never for PCT 8/9): flag only what has certainly expired.
    if (value.pct) return;
    const type = PATENT_TYPE_BY_DIGIT[value.typeDigit];
    const years = longestTerm(type, value.year, this.terms);
    if (years > 0 && value.year + years + 1 <= captureYear) {
      emit(
        n,
        null,
        'patent.expired',
        'patent.expired_by_number',
        `${value.year} + ${years} y < ${captureYear}`,
      );
    }
  }
}
