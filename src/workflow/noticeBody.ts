import { createHash } from 'node:crypto';
import type { Evidence, Finding, Lead, Right } from '../model/index.js';
import { reasonLabel, rightLabel } from '../model/index.js';
import type { ProofRef } from './proofOfRight.js';

/*
 * What a notice must contain (domain.md §2.4): the right holder's real identity (Civil Code Art. 1195), proof of
 * the right (registration number, classes, validity), data that locates each listing precisely (its link),
 * and preliminary evidence of infringement (EC Law Art. 42: here the hashes of the captured evidence), plus a
 * written guarantee of truth. One notice covers the listings of one lead, up to the platform's limit.
 */

/** IPP accepts up to 300 links per complaint; the limit applies per notice. */
export const MAX_LISTINGS_PER_NOTICE = 300;

export interface Notifier {
  /** The right holder's (or agent's) real name. */
  name: string;
  contact?: string;
  /** Credit code or ID of the notifier. */
  identity?: string;
  /** The enforcement office acting, when it notifies on the holder's behalf. */
  office?: string;
}

export interface NoticeListing {
  finding: Finding;
  evidence: Evidence[];
}

export interface NoticeBody {
  notifier: Notifier;
  right: {
    id: string | null;
    kind: Lead['kind'];
    name: string;
    registrationNo: string | null;
    classes: number[];
    validFrom: string | null;
    validTo: string | null;
    holder: string | null;
  };
  seller: { platform: string; id: string; name: string };
  listings: {
    findingId: number;
    listingId: string;
    url: string;
    title: string;
    reason: string;
    evidence: { kind: string; sha256: string; capturedAt: string }[];
  }[];
  /**
   * The holder's uploaded proof of the right (registration certificate): its SHA-256 and file name; null when
   * none was uploaded. Absent on notices recorded before proofs existed.
   */
  proofOfRight?: ProofRef | null;
  /** SHA-256 over the evidence hashes of every listing: the notice's preliminary-evidence reference. */
  evidenceDigest: string;
  guarantee: string;
}

function rightProof(right: Right | null, lead: Lead): NoticeBody['right'] {
  const base = {
    id: lead.rightId,
    kind: lead.kind,
    name: right ? rightLabel(right) : (lead.rightId ?? '专利标识'),
  };
  if (right?.kind === 'trademark') {
    return {
      ...base,
      registrationNo: right.registrationNo,
      classes: right.niceClasses,
      validFrom: right.validFrom,
      validTo: right.validTo,
      holder: right.owner,
    };
  }
  if (right?.kind === 'patent') {
    return {
      ...base,
      registrationNo: right.number,
      classes: [],
      validFrom: right.filingDate,
      validTo: null,
      holder: right.patentee,
    };
  }
  if (right?.kind === 'special') {
    return {
      ...base,
      registrationNo: right.announcementNo,
      classes: [],
      validFrom: right.validFrom,
      validTo: right.validTo,
      holder: null,
    };
  }
  if (right?.kind === 'gi') {
    return {
      ...base,
      registrationNo: right.announcementNo ?? null,
      classes: [],
      validFrom: null,
      validTo: null,
      holder: null,
    };
  }
  return { ...base, registrationNo: null, classes: [], validFrom: null, validTo: null, holder: null };
}

/** The body of a notice for `listings` of one lead (at most MAX_LISTINGS_PER_NOTICE; the caller splits). */
export function buildNoticeBody(
  lead: Lead,
  right: Right | null,
  notifier: Notifier,
  listings: NoticeListing[],
  proof: ProofRef | null = null,
): NoticeBody {
  if (listings.length === 0 || listings.length > MAX_LISTINGS_PER_NOTICE) {
    throw new RangeError(`a notice covers 1–${MAX_LISTINGS_PER_NOTICE} listings, not ${listings.length}`);
  }
  const rows = listings.map(({ finding, evidence }) => ({
    findingId: finding.id,
    listingId: finding.listingId,
    url: finding.url,
    title: finding.title,
    reason: reasonLabel(finding.reason),
    evidence: evidence.map((e) => ({ kind: e.kind, sha256: e.sha256, capturedAt: e.capturedAt })),
  }));
  const digest = createHash('sha256');
  for (const row of rows) for (const e of row.evidence) digest.update(`${row.listingId}\u0000${e.sha256}\n`);
  return {
    notifier,
    right: rightProof(right, lead),
    proofOfRight: proof,
    seller: { platform: lead.platform, id: lead.sellerId, name: lead.sellerName },
    listings: rows,
    evidenceDigest: digest.digest('hex'),
    guarantee: '通知人保证：本通知所述内容及所附证据真实、合法、有效，如有不实，愿承担相应法律责任。',
  };
}

/** The notice as a document for manual submission on a platform without an API (Markdown; text is quoted). */
export function noticeDocument(body: NoticeBody, sentAt: string): string {
  const quote = (text: string) =>
    text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/([\\`*_[\]<>|#])/g, '\\$1');
  const r = body.right;
  const lines = [
    '# 知识产权侵权通知书',
    '',
    `- 通知人：${quote(body.notifier.name)}${body.notifier.identity ? `（${quote(body.notifier.identity)}）` : ''}`,
    ...(body.notifier.contact ? [`- 联系方式：${quote(body.notifier.contact)}`] : []),
    ...(body.notifier.office ? [`- 协查机关：${quote(body.notifier.office)}`] : []),
    `- 权利：${quote(r.name)}${r.registrationNo ? `，注册/公告号 ${quote(r.registrationNo)}` : ''}` +
      `${r.classes.length ? `，类别 ${r.classes.join('、')}` : ''}` +
      `${r.validFrom || r.validTo ? `，有效期 ${r.validFrom ?? '—'} 至 ${r.validTo ?? '—'}` : ''}`,
    ...(r.holder ? [`- 权利人：${quote(r.holder)}`] : []),
    ...proofLine(body.proofOfRight, quote),
    `- 被通知卖家：${quote(body.seller.name)}（${quote(body.seller.platform)} / ${quote(body.seller.id)}）`,
    `- 生成时间：${sentAt}`,
    '',
    '## 涉嫌侵权商品链接',
    '',
    ...body.listings.map((l, i) => `${i + 1}. ${quote(l.url)} — ${quote(l.title)}（${l.reason}）`),
    '',
    '## 初步证据',
    '',
    ...body.listings.flatMap((l) =>
      l.evidence.map((e) => `- ${quote(l.listingId)} ${e.kind} SHA-256 ${e.sha256}（${e.capturedAt}）`),
    ),
    `- 证据摘要 SHA-256：${body.evidenceDigest}`,
    '',
    body.guarantee,
    '',
  ];
  return lines.join('\n');
}

/** The proof-of-right line: the certificate's file name and SHA-256, or that none was uploaded. */
function proofLine(proof: ProofRef | null | undefined, quote: (t: string) => string): string[] {
  if (proof === undefined) return [];
  return proof
    ? [
        `- 权利证明：${quote(proof.fileName)}（${proof.mediaType}，${proof.size} 字节），SHA-256 ${proof.sha256}`,
      ]
    : ['- 权利证明：权利人未上传权利证明文件 (no proof of right uploaded)'];
}
