import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { failWith, readJsonFile } from '../common/jsonFile.js';
import { packagePath } from '../common/packageRoot.js';
import { parseSiteProfile, siteProfileError, type SiteProfile } from './siteProfile.js';

/** The profiles shipped with the package. */
export const DEFAULT_SITES_DIR = packagePath('rules', 'sites');

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Reads and validates one profile; errors name the file (and the field). */
export function loadSiteProfile(file: string): SiteProfile {
  const name = displayName(file);
  const raw = readJsonFile(file, { name, error: siteProfileError(name) });
  const profile = parseSiteProfile(raw, name);
  const expected = basename(file, '.json');
  if (profile.platform !== expected) {
    const message = `"${profile.platform}" must equal the file name "${expected}"`;
    failWith([{ file: name, field: 'platform', message }], { error: siteProfileError(name) });
  }
  return profile;
}

/** Every `*.json` profile in `dir`, keyed by platform id. */
export function loadSiteProfiles(dir: string = DEFAULT_SITES_DIR): Map<string, SiteProfile> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const profiles = new Map<string, SiteProfile>();
  for (const f of files) {
    const profile = loadSiteProfile(join(dir, f));
    profiles.set(profile.platform, profile);
  }
  return profiles;
}

/** The profile whose `hosts` list the URL's host (exact, or `*.example.com` for subdomains). */
export function profileForUrl(profiles: Iterable<SiteProfile>, url: string): SiteProfile | null {
  const host = new URL(url).hostname.toLowerCase();
  for (const p of profiles) {
    for (const h of p.hosts) {
      const pattern = h.toLowerCase();
      if (pattern === host) return p;
      if (pattern.startsWith('*.') && (host === pattern.slice(2) || host.endsWith(pattern.slice(1))))
        return p;
    }
  }
  return null;
}
