import type { AuditEntry } from '../../common/auditChain.js';
import type { Evidence, Finding, Lead, RuleFire } from '../../model/index.js';
import type { RightSnapshot } from '../package/leadMaterial.js';

/*
 * What the human-readable documents of a lead package (summary, 电子数据提取笔录) are rendered from. The
 * package builder (src/export/package) assembles it from the store once, so the documents and manifest.json
 * state the same facts; the renderers read nothing else (no clock, no store).
 */

/**
 * The right as it stood when matched (domain.md §9.3 "Match"): a snapshot, not today's record. Flat, in the
 * shape of the package's RightSnapshot, so the package builder passes what it put in manifest.json.
 */
export type MatchedRight = Pick<
  RightSnapshot,
  'rightId' | 'kind' | 'registrationNo' | 'classes' | 'goods' | 'holder' | 'validFrom' | 'validTo'
> & {
  /** The mark, GI or sign; null when the package builder has no name (the id is shown). */
  name: string | null;
  /** SHA-256 (hex) of the holder's proof of right (registration certificate etc.), when one was filed. */
  proofOfRightSha256: string | null;
  /** Which version of the record this is (e.g. the approved revision in force when matched). */
  note: string | null;
};

/** One flagged listing of the lead, with the rules that fired on it. */
export interface LeadDocumentFinding {
  finding: Pick<Finding, 'id' | 'listingId' | 'url' | 'title' | 'reason' | 'score' | 'createdAt'>;
  /** The listed price as shown on the page (text, not parsed), if captured. */
  price: string | null;
  /** UTC ISO times at which the listing was captured, oldest first. */
  capturedAt: string[];
  rules: RuleFire[];
}

/** One file of the package's evidence, named by its path inside the package. */
export interface EvidenceFile {
  /** Path inside the package (already sanitised by the package builder), e.g. `evidence/123/page.html`. */
  path: string;
  evidence: Pick<Evidence, 'kind' | 'url' | 'sha256' | 'bytes' | 'capturedAt'>;
}

/** The tool that captured and packaged (Internet Courts Provisions Art. 11 items 1 and 4). */
export interface ToolIdentity {
  markwatchVersion: string;
  /** e.g. `Chromium 156.0.8078.114` (browser.version() of the browser that captured). */
  browserVersion: string;
  /** e.g. `Debian GNU/Linux 12 (bookworm), Linux 6.1.0 x86_64`. */
  os: string;
  /** How the captures were made, from their manifests (`environment.renderMode`): the record says so. */
  captureModes: CaptureMode[];
}

/** `browser`: rendered by Chromium (HTML, screenshot, WARC); `http`: fetched without a browser (HTML only). */
export type CaptureMode = 'browser' | 'http';

export interface LeadDocumentInput {
  /** `risk` as stored: the score's parts (RiskPartResult[] from src/leads); another shape is shown as unreadable. */
  lead: Pick<
    Lead,
    | 'id'
    | 'state'
    | 'platform'
    | 'sellerId'
    | 'sellerName'
    | 'regionCode'
    | 'kind'
    | 'riskScore'
    | 'riskTier'
    | 'risk'
  >;
  right: MatchedRight | null;
  findings: LeadDocumentFinding[];
  evidence: EvidenceFile[];
  tool: ToolIdentity;
  /** The audit-log entries about this lead, in chain order (their hashes are the chain of custody). */
  custody: AuditEntry[];
  /** UTC ISO time the package was built: the documents' date (and the PDFs' metadata dates). */
  packagedAt: string;
}
