import type { Browser } from 'playwright-core';
import type { AuditEntry } from '../common/auditChain.js';
import { boundHeapGrowth } from '../config/heapGrowth.js';
import type { Config } from '../config/schema.js';
import {
  packageEnvironment,
  probeBrowserVersion,
  type LeadPackageDeps,
  type PackageDocumentsInput,
} from '../export/package/index.js';
import {
  launchPdfBrowser,
  renderLeadDocuments,
  type CaptureMode,
  type LeadDocumentInput,
} from '../export/summary/index.js';
import { rightLabel } from '../model/index.js';
import type { Store } from '../store/index.js';
import { proofLookup } from '../workflow/proofOfRight.js';

/*
 * The lead package's collaborators, wired once for the CLI (`leads export`) and the web (the package download):
 * the store, the environment it states, the holder's proof of right, and the summary / 电子数据提取笔录
 * renderer. The renderer's Chromium is launched on the first lead and shared by the whole export, so a bulk
 * export starts one browser; `close()` ends it. Like the crawler and `markwatch match`, an export bounds V8's
 * old-generation growth (`crawl.heapGrowthPercent`, process-wide): together with the young-generation hold of
 * the export itself (src/export/package/youngGeneration.ts) this keeps a bulk export's peak RSS flat.
 */

export interface LeadPackageWiring {
  deps: LeadPackageDeps;
  close(): Promise<void>;
}

export interface LeadPackageOptions {
  /** Render summary.html/pdf and the extraction record (default true; false: evidence and manifest only). */
  documents?: boolean;
}

export function leadPackageWiring(
  store: Store,
  config: Config,
  options: LeadPackageOptions = {},
): LeadPackageWiring {
  boundHeapGrowth(config.crawl.heapGrowthPercent);
  let browser: Promise<Browser> | null = null;
  let closed = false;
  const proof = proofLookup(store);
  const deps: LeadPackageDeps = {
    store,
    environment: packageEnvironment(browserVersionOf(config.browser.executablePath)),
    proofOfRight: async (rightId) => {
      const p = await proof(rightId);
      return p ? { sha256: p.sha256, fileName: p.fileName } : null;
    },
  };
  if (options.documents !== false) {
    deps.renderDocuments = async (input) => {
      // A lead still being built when the export was closed (a client gone) must not start a browser.
      if (closed) throw new Error('导出已结束 (the export was closed)');
      browser ??= launchPdfBrowser(config.browser.executablePath);
      const name = input.material.right ? await rightNameOf(store, input.material.right.rightId) : null;
      return renderLeadDocuments(documentInput(input, name), {
        browser: await browser,
        documentTime: input.manifest.fixedTime,
      });
    };
  }
  return {
    deps,
    close: async () => {
      closed = true;
      if (browser) await (await browser.catch(() => null))?.close();
    },
  };
}

/** `chromium --version` once per path and process: a download must not wait on a child process each time. */
const browserVersions = new Map<string, string | null>();
function browserVersionOf(executablePath: string): string | null {
  if (!browserVersions.has(executablePath)) {
    browserVersions.set(executablePath, probeBrowserVersion(executablePath));
  }
  return browserVersions.get(executablePath) ?? null;
}

async function rightNameOf(store: Store, rightId: string): Promise<string | null> {
  const entry = await store.rights.get(rightId);
  return entry?.inForce ? rightLabel(entry.inForce) : null;
}

/** The package's material and draft manifest as the document renderer reads them (the same facts). */
export function documentInput(
  { material: m, manifest }: PackageDocumentsInput,
  rightName: string | null,
): LeadDocumentInput {
  const price = new Map(m.listings.map((l) => [l.id, l.price]));
  const captures = new Map<string, Set<string>>();
  for (const e of m.evidence) {
    const set = captures.get(e.listingId) ?? new Set<string>();
    set.add(e.capturedAt);
    captures.set(e.listingId, set);
  }
  // A capture (listing × time) with a screenshot was rendered by the browser; one without was fetched over HTTP.
  const modes = new Set<CaptureMode>();
  for (const e of m.evidence) {
    modes.add(hasScreenshot(m, e.listingId, e.capturedAt) ? 'browser' : 'http');
  }
  return {
    lead: m.lead,
    right: m.right && {
      ...m.right,
      name: rightName,
      proofOfRightSha256: m.right.proofOfRight?.sha256 ?? null,
    },
    findings: m.findings.map((f) => {
      const p = price.get(f.listingId);
      return {
        finding: f,
        price: p === undefined ? null : `¥${p.toFixed(2)}`,
        capturedAt: [...(captures.get(f.listingId) ?? [])].sort(),
        rules: m.rules.find((r) => r.findingId === f.id)?.rules ?? [],
      };
    }),
    evidence: manifest.files
      .filter((f) => f.source !== undefined && f.url !== undefined && f.capturedAtUtc !== undefined)
      .map((f) => ({
        path: f.path,
        evidence: {
          kind: f.kind as LeadDocumentInput['evidence'][number]['evidence']['kind'],
          url: f.url as string,
          sha256: f.sha256,
          bytes: f.bytes,
          capturedAt: f.capturedAtUtc as string,
        },
      })),
    tool: {
      markwatchVersion: manifest.tool.markwatchVersion,
      browserVersion: manifest.tool.browserVersion ?? '未知 (unknown)',
      os: manifest.tool.os,
      captureModes: [...modes].sort(),
    },
    custody: m.audit.rows.filter((r): r is AuditEntry => !('redacted' in r)),
    packagedAt: manifest.fixedTime,
  };
}

function hasScreenshot(m: PackageDocumentsInput['material'], listingId: string, at: string): boolean {
  return m.evidence.some((e) => e.kind === 'screenshot' && e.listingId === listingId && e.capturedAt === at);
}
