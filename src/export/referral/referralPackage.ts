import { createHash } from 'node:crypto';
import { openCheckedStoredEvidence } from '../evidencePath.js';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { ZipFile } from 'yazl';
import { writeStreamAtomically } from './atomicWrite.js';
import { docHtml, docText, type Doc } from './docModel.js';
import { referralCase, type ReferralDeps } from './referralCase.js';
import { attachmentList, coverLetter, type LetterOptions, type PackageFile } from './referralLetter.js';
import { amountEstimate, caseReport, inspectionRecords, itemList } from './referralRecords.js';

/*
 * The 移送 package for the police as a ZIP: the cover letter, the Order 310 Art. 6 attachment list, the
 * case, the items and evidence list, the inspection records, the amount estimate, the evidence files as
 * captured, and manifest.json with every file's SHA-256 and size. Entries are in a fixed order with a fixed
 * time, so the same lead state and date give the same bytes; evidence streams from disk, one file at a time.
 */

/** Every entry's time. Built from local fields and written as a DOS time only, so the machine's zone doesn't change the bytes. */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const ENTRY = { mtime: FIXED_MTIME, forceDosTimestamp: true, mode: 0o100644 } as const;

export const REFERRAL_FILES = {
  letter: '01-涉嫌犯罪案件移送书',
  list: '02-移送附件清单',
  report: '03-案件情况',
  items: '04-涉案商品及证据清单',
  inspection: '05-检查记录',
  amount: '06-涉案金额估算',
} as const;

export interface ReferralPackageResult {
  leadId: number;
  files: PackageFile[];
  evidenceCount: number;
  thresholdVersion: string | null;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fileOf = (path: string, body: Buffer): PackageFile => ({
  path,
  sha256: sha256(body),
  bytes: body.length,
});

function both(name: string, doc: Doc): Array<[string, Buffer]> {
  return [
    [`${name}.html`, Buffer.from(docHtml(doc))],
    [`${name}.txt`, Buffer.from(docText(doc))],
  ];
}

/** Writes the package for one lead to `out` (a file stream, an HTTP response). */
export async function writeReferralPackage(
  deps: ReferralDeps,
  leadId: number,
  options: LetterOptions,
  out: Writable,
): Promise<ReferralPackageResult> {
  const c = await referralCase(deps, leadId);
  const f = REFERRAL_FILES;
  const files = {
    referral_letter: [`${f.letter}.html`, `${f.letter}.txt`],
    investigation_report: [`${f.report}.html`, `${f.report}.txt`],
    item_list: [`${f.items}.html`, `${f.items}.txt`],
    inspection_reports: [`${f.inspection}.html`, `${f.inspection}.txt`],
    other_materials: [`${f.amount}.html`, `${f.amount}.txt`, 'evidence/'],
  };
  const records: Array<[string, Buffer]> = [
    ...both(f.report, caseReport(c)),
    ...both(f.items, itemList(c)),
    ...both(f.inspection, inspectionRecords(c)),
    ...both(f.amount, amountEstimate(c)),
  ];
  const letter = both(f.letter, coverLetter(c, options, files));
  const evidenceFiles = c.evidence.map((p): PackageFile => ({
    path: p.entry,
    sha256: p.evidence.sha256,
    bytes: p.evidence.bytes,
  }));
  const listed = [...letter, ...records].map(([path, body]) => fileOf(path, body)).concat(evidenceFiles);
  const list = both(f.list, attachmentList(c, files, listed));
  const docs = [...letter, ...list, ...records];
  const all = [...docs.map(([path, body]) => fileOf(path, body)), ...evidenceFiles];
  const t = c.analysis.referral.threshold;
  const manifest = {
    format: 'markwatch-referral-package/1',
    basis: '行政执法机关移送涉嫌犯罪案件的规定（国务院令第310号）第六条',
    lead: { id: c.lead.id, platform: c.lead.platform, sellerId: c.lead.sellerId, rightId: c.lead.rightId },
    date: options.date,
    office: c.analysis.jurisdiction.office.name,
    threshold: t
      ? { version: t.version, document: t.document, article: t.article, offence: t.offence }
      : null,
    referralSuggested: c.analysis.referral.suggested,
    files: all,
    evidence: c.evidence.map((p) => ({
      path: p.entry,
      listingId: p.evidence.listingId,
      kind: p.evidence.kind,
      url: p.evidence.url,
      capturedAt: p.evidence.capturedAt,
      sha256: p.evidence.sha256,
    })),
  };
  const zip = new ZipFile();
  for (const [path, body] of docs) zip.addBuffer(body, path, ENTRY);
  for (const p of c.evidence) {
    // Read a second time to be zipped: checked again, so a file changed since it was hashed is refused.
    zip.addReadStreamLazy(p.entry, { ...ENTRY, size: p.evidence.bytes }, (cb) =>
      cb(null, openCheckedStoredEvidence(deps.blobs, { ...p.evidence, name: p.entry })),
    );
  }
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', ENTRY);
  zip.end();
  // yazl reports a failed entry stream on the zip file, not on its output: without this the pipeline waits.
  const failed = new Promise<never>((_, reject) => zip.once('error', reject));
  try {
    await Promise.race([pipeline(zip.outputStream, out), failed]);
  } catch (err) {
    out.destroy(err as Error);
    throw err;
  }
  return { leadId, files: all, evidenceCount: c.evidence.length, thresholdVersion: t?.version ?? null };
}

export async function writeReferralPackageFile(
  deps: ReferralDeps,
  leadId: number,
  options: LetterOptions,
  file: string,
): Promise<ReferralPackageResult> {
  return writeStreamAtomically(file, (out) => writeReferralPackage(deps, leadId, options, out));
}
