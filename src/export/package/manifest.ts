import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { release, type as osType } from 'node:os';
import canonicalize from 'canonicalize';
import { packagePath } from '../../common/packageRoot.js';
import type { AuditExcerpt } from './auditExcerpt.js';
import { bothZones, type FiredRules, type LeadMaterial, type RightSnapshot } from './leadMaterial.js';

/*
 * manifest.json of one lead (domain.md §9.3): every file with its SHA-256 and size, capture times in UTC and
 * Asia/Shanghai, the tools, the right as matched, the rules that fired, and the chain of custody. Its digest
 * is the SHA-256 of its RFC 8785 canonical JSON, written beside it in manifest.sha256 (a file cannot hold its
 * own hash). Pure: the same material and environment give the same manifest.
 */

export const MANIFEST_FILE = 'manifest.json';
export const DIGEST_FILE = 'manifest.sha256';

export interface PackageEnvironment {
  markwatchVersion: string;
  /** e.g. `Chromium 120.0.6099.224`; null when no browser was found. */
  browserVersion: string | null;
  os: string;
  node: string;
}

/** The environment of this process; the browser version is the caller's to find (`chromium --version`). */
export function packageEnvironment(browserVersion: string | null = null): PackageEnvironment {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string };
  return {
    markwatchVersion: pkg.version ?? 'unknown',
    browserVersion,
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
  kind: string;
  contentType: string;
  listingId?: string;
  url?: string;
  capturedAtUtc?: string;
  capturedAtShanghai?: string;
  /** Where the artefact lives in the data directory (content-addressed). */
  source?: string;
}

export interface LeadManifest {
  packageVersion: 1;
  leadId: number;
  folder: string;
  fixedTime: string;
  tool: PackageEnvironment;
  lead: Record<string, unknown>;
  captures: Array<{
    listingId: string;
    url: string;
    capturedAtUtc: string;
    capturedAtShanghai: string;
    kinds: string[];
  }>;
  right: RightSnapshot | null;
  rulesFired: FiredRules[];
  custody: { transitions: LeadMaterial['transitions']; audit: AuditExcerpt };
  documents: { status: 'rendered' | 'absent'; note: string; paths: string[] };
  warc: string;
  files: ManifestFile[];
  integrity: Record<string, unknown>;
}

const INTEGRITY = {
  algorithm: 'SHA-256',
  fileHash: 'of each file’s bytes as stored in this package (evidence gunzipped)',
  manifestDigest: `SHA-256 of the RFC 8785 canonical JSON of ${MANIFEST_FILE}, written in ${DIGEST_FILE}`,
  verify: 'markwatch verify PACKAGE.zip',
  trustedTimestamp: {
    status: 'absent',
    reason:
      '未取得可信时间戳 (no trusted timestamp): request an RFC 3161 / GB/T 20520 token over the manifest digest ' +
      'before the evidence is filed.',
  },
};

function capturesOf(m: LeadMaterial): LeadManifest['captures'] {
  const byCapture = new Map<string, LeadManifest['captures'][number]>();
  for (const e of m.evidence) {
    const key = `${e.listingId}\u0000${e.capturedAt}`;
    const c = byCapture.get(key);
    if (c) {
      if (!c.kinds.includes(e.kind)) c.kinds.push(e.kind);
      continue;
    }
    const t = bothZones(e.capturedAt);
    byCapture.set(key, {
      listingId: e.listingId,
      url: e.url,
      capturedAtUtc: t.utc,
      capturedAtShanghai: t.shanghai,
      kinds: [e.kind],
    });
  }
  return [...byCapture.values()];
}

export function leadManifest(
  m: LeadMaterial,
  folder: string,
  fixedTime: string,
  tool: PackageEnvironment,
  files: ManifestFile[],
  documents: LeadManifest['documents'],
): LeadManifest {
  const l = m.lead;
  return {
    packageVersion: 1,
    leadId: l.id,
    folder,
    fixedTime,
    tool,
    lead: {
      id: l.id,
      platform: l.platform,
      sellerId: l.sellerId,
      sellerName: l.sellerName,
      rightId: l.rightId,
      state: l.state,
      openedAt: bothZones(l.openedAt),
      updatedAt: bothZones(l.updatedAt),
    },
    captures: capturesOf(m),
    right: m.right,
    rulesFired: m.rules,
    custody: { transitions: m.transitions, audit: m.audit },
    documents,
    warc: m.evidence.some((e) => e.kind === 'warc')
      ? 'WARC records captured for these listings are included (kind "warc").'
      : '未单独保存本线索的 WARC 记录 (no per-listing WARC artefact); a run-level WARC, when enabled, stays in <dataDir>/warc/.',
    files: [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    integrity: INTEGRITY,
  };
}

/** RFC 8785 canonical JSON. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('manifest cannot be serialised as canonical JSON');
  return text;
}

/** The manifest digest: SHA-256 (hex) of its canonical JSON. */
export function manifestDigest(manifest: unknown): string {
  return createHash('sha256').update(canonicalJson(manifest), 'utf8').digest('hex');
}

/** The text of manifest.sha256: the digest, then what it is over. */
export function digestFileText(digest: string): string {
  return `${digest}  ${MANIFEST_FILE} (SHA-256 of RFC 8785 canonical JSON)\n`;
}

/** The digest written in a manifest.sha256 text, or null. */
export function parseDigestFile(text: string): string | null {
  return /^([0-9a-f]{64})\b/.exec(text.trim())?.[1] ?? null;
}

/** `Chromium 120.0.6099.224` from `<executable> --version`, or null when it cannot be run. */
export function probeBrowserVersion(executablePath: string): string | null {
  try {
    const out = execFileSync(executablePath, ['--version'], {
      timeout: 10_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim().split('\n')[0]?.trim() || null;
  } catch {
    return null;
  }
}
