import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { parseConfig } from '../../src/config/loadConfig.js';
import { findingKey, runDemo } from '../../src/cli/demo.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

/*
 * The demo runs the whole pipeline: registry import + approval, the sample marketplace, the crawler over all
 * three platforms (shopc in Chromium), the matching engine, leads with evidence. The leads must be exactly
 * the marketplace's planted cases among the listings the crawl stored.
 */
describe('demo (--once)', () => {
  it(
    'creates exactly the planted leads of the crawled listings, across the three platforms',
    { timeout: 240_000 },
    async () => {
      const config = { ...parseConfig({}, 'test'), dataDir: tempDir() };
      const demo = await runDemo({ config, marketplacePort: 0, budget: 120 });
      try {
        expect(demo.truth.length).toBeGreaterThan(10);
        expect(demo.findings.map(findingKey).sort()).toEqual(demo.truth);
        expect(new Set(demo.findings.map((l) => l.platform))).toEqual(new Set(['shopa', 'shopb', 'shopc']));
        expect(demo.stats.errors).toBe(0);
        expect(await demo.store.listings.count()).toBe(demo.stats.newListings);
        const [run] = await demo.store.runs.recent(1);
        expect(run).toMatchObject({ kind: 'crawl:demo', status: 'ok' });
        // Every lead's listing has its evidence: HTML and capture record, and a screenshot from the browser.
        for (const lead of demo.findings.slice(0, 10)) {
          const kinds = (await demo.store.evidence.forListing(lead.platform, lead.listingId)).map(
            (e) => e.kind,
          );
          expect(kinds).toContain('html');
          expect(kinds).toContain('headers');
          if (lead.platform === 'shopc') expect(kinds).toContain('screenshot');
        }
        // A second run on the same data directory finds the same listings unchanged and adds no lead.
        await demo.marketplace.close();
        await demo.store.close();
        const again = await runDemo({ config, marketplacePort: 0, budget: 120 });
        expect(again.stats.newFindings).toBe(0);
        expect(again.stats.newListings).toBe(0);
        expect(again.findings).toHaveLength(demo.findings.length);
        await again.marketplace.close();
        await again.store.close();
      } finally {
        await demo.marketplace.close();
        await demo.store.close();
      }
    },
  );

  it('runs from the built CLI and prints the summary table', { timeout: 240_000 }, () => {
    const dataDir = tempDir();
    const run = spawnSync(
      process.execPath,
      ['bin/markwatch.js', 'demo', '--once', '--data-dir', dataDir, '--marketplace-port', '0'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/新发现 [1-9]\d*/);
    // The workflow story on the demo's data, ending with an intact audit chain.
    expect(run.stdout).toMatch(/处置流程 \(workflow\)：线索 \d+ 已确认 → 已通知平台 → /);
    expect(run.stdout).toContain('audit chain intact');
    expect(run.stdout).toContain('tm-naike');
    expect(run.stdout).toContain('shopc');
    // --marketplace-port 0: the URL printed is the port actually taken.
    const port = /样例市场 \(sample marketplace\): http:\/\/127\.0\.0\.1:(\d+)/.exec(run.stderr)?.[1];
    expect(Number(port)).toBeGreaterThan(0);
  });

  it('exits non-zero with the key and file named for a bad configuration', () => {
    let stderr = '';
    try {
      execFileSync(
        process.execPath,
        ['bin/markwatch.js', 'demo', '--once', '--config', 'tests/cli/fixtures/bad-key.json'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (err) {
      stderr = String((err as { stderr: string }).stderr);
    }
    expect(stderr).toMatch(/bad-key\.json: field "web\.prot": unknown field/);
  });
});
