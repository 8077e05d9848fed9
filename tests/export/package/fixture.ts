import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { exportLeadPackages, type LeadPackageDeps } from '../../../src/export/package/index.js';
import type { PackageEnvironment } from '../../../src/export/package/manifest.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { seedExportLeads, type SeedOptions } from '../../../src/tools/bench/exportSeed.js';

export const ENV: PackageEnvironment = {
  markwatchVersion: '0.1.0',
  browserVersion: 'Chromium 120.0.0.0',
  os: 'Linux test',
  node: 'v20.0.0',
};

/** A store seeded with leads, and an export function writing `name` in the same directory. */
export async function packageFixture(dir: string, seed: Partial<SeedOptions> = {}) {
  const store: Store = await openStore(dir);
  const ids = await seedExportLeads(store, { leads: 2, screenshotBytes: 2048, ...seed });
  const deps = (extra: Partial<LeadPackageDeps> = {}): LeadPackageDeps => ({
    store,
    environment: ENV,
    ...extra,
  });
  const exportTo = async (name: string, leadIds = ids, extra: Partial<LeadPackageDeps> = {}) => {
    const file = join(dir, name);
    const summary = await exportLeadPackages(deps(extra), leadIds, createWriteStream(file));
    return { file, summary };
  };
  return { store, ids, deps, exportTo };
}
