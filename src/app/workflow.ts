import { isAbsolute, join } from 'node:path';
import { proofLookup } from '../workflow/proofOfRight.js';
import type { Config } from '../config/schema.js';
import { decodeBody, extractItemPage, ListingOfflineError, type SiteProfile } from '../extract/index.js';
import type { Right } from '../model/index.js';
import { SAMPLE_PLATFORMS } from '../model/platforms.js';
import { loadWatchListFile } from '../rights/watchListFile.js';
import type { Store } from '../store/index.js';
import type { ListingProbe, WorkflowDeps } from '../workflow/deps.js';
import type { AssessRisk } from '../workflow/review.js';
import { analyseLead } from '../workflow/leadAnalysis.js';
import { loadJurisdictionRules } from '../leads/leadRules.js';
import { computeDeadline } from '../workflow/deadlines.js';
import { apiChannel, documentChannel, type NoticeChannel } from '../workflow/noticeChannels.js';
import { siteProfilesFor, withSampleMarketplace } from './runtime.js';

/*
 * The workflow's wiring: which right a lead names (the registry, falling back to the watch-list file as the
 * crawl does), how each platform receives notices, who notifies, and how a listing is looked at again for the
 * takedown check (the platform's site profile decides what an offline page looks like).
 */

function rightLookup(store: Store, config: Config): (id: string) => Promise<Right | null> {
  let fileRights: Right[] | undefined;
  return async (id) => {
    const entry = await store.rights.get(id);
    if (entry?.inForce) return entry.inForce;
    fileRights ??= loadWatchListFile(config.watchlist);
    return fileRights.find((r) => r.id === id) ?? null;
  };
}

function channels(config: Config): (platform: string) => NoticeChannel {
  const sites = withSampleMarketplace(config).crawl.sites;
  const dir = isAbsolute(config.workflow.noticeDir)
    ? config.workflow.noticeDir
    : join(config.dataDir, config.workflow.noticeDir);
  const cache = new Map<string, NoticeChannel>();
  return (platform) => {
    let channel = cache.get(platform);
    if (channel) return channel;
    const configured = config.workflow.noticeChannels[platform];
    const base = sites[platform]?.baseUrl;
    const sample = (SAMPLE_PLATFORMS as readonly string[]).includes(platform);
    if (configured?.kind === 'api' && (configured.url || base)) {
      channel = apiChannel(configured.url ?? `${base}/api/notices`);
    } else if (!configured && sample && base) {
      channel = apiChannel(`${base}/api/notices`);
    } else {
      channel = documentChannel(dir);
    }
    cache.set(platform, channel);
    return channel;
  };
}

/** Fetches a listing's page again: gone on 404/410 or the profile's offline marker, up otherwise. */
export function listingProbe(config: Config, profiles: Map<string, SiteProfile>): ListingProbe {
  return async (url, platform) => {
    const response = await fetch(url, {
      headers: { 'user-agent': config.crawl.userAgent },
      signal: AbortSignal.timeout(config.crawl.timeoutMs),
    });
    if (response.status === 404 || response.status === 410) return 'gone';
    if (response.status >= 400) throw new Error(`${url}: HTTP ${response.status} (takedown check)`);
    const profile = profiles.get(platform);
    if (!profile?.item) return 'up';
    const html = decodeBody(
      new Uint8Array(await response.arrayBuffer()),
      response.headers.get('content-type'),
    );
    try {
      extractItemPage(profile, html, url, new Date().toISOString());
    } catch (err) {
      if (err instanceof ListingOfflineError) return 'gone';
    }
    return 'up';
  };
}

/** The workflow services' dependencies for a store and configuration. */
export function workflowDeps(store: Store, config: Config, now: () => Date = () => new Date()): WorkflowDeps {
  const office: WorkflowDeps['office'] = config.workflow.office ?? loadJurisdictionRules().office;
  return {
    store,
    rightOf: rightLookup(store, config),
    channelFor: channels(config),
    notifierFor: (right) => ({
      name:
        right?.kind === 'trademark' ? right.owner : right?.kind === 'patent' ? right.patentee : office.name,
      ...(right?.kind === 'trademark' && right.ownerCreditCode ? { identity: right.ownerCreditCode } : {}),
      ...(office.contact ? { contact: office.contact } : {}),
      office: office.name,
    }),
    proofOf: proofLookup(store),
    office,
    probe: listingProbe(config, siteProfilesFor(config)),
    now,
    takedownDue: (platform, sentAt) =>
      computeDeadline({ kind: 'takedown_window', start: sentAt, platform }).due,
  };
}

/** The risk of a seller's lead when a finding is confirmed: the lead rules over the seller's findings. */
export function assessRiskFor(deps: WorkflowDeps): AssessRisk {
  return async (finding) => {
    const { risk } = await analyseLead(deps, finding, [{ ...finding, review: 'confirmed' }]);
    return { score: risk.score, tier: risk.tier, parts: risk };
  };
}
