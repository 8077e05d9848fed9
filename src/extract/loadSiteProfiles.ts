import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSiteProfile, SiteProfileError, type SiteProfile } from './siteProfile.js';

/** The profiles shipped with the package (src/extract and dist/extract both sit two levels below it). */
export const DEFAULT_SITES_DIR = fileURLToPath(new URL('../../rules/sites', import.meta.url));

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Reads and validates one profile; errors name the file (and the field). */
export function loadSiteProfile(file: string): SiteProfile {
  const name = displayName(file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SiteProfileError(`${name}: ${(err as Error).message}`, name);
  }
  const profile = parseSiteProfile(raw, name);
  const expected = basename(file, '.json');
  if (profile.platform !== expected) {
    throw new SiteProfileError(
      `${name}: field "platform": "${profile.platform}" must equal the file name "${expected}"`,
      name,
      'platform',
    );
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
