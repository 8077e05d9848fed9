import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parseConfig } from '../../src/config/loadConfig.js';
import { runDemo } from '../../src/cli/demo.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

describe('demo slice (--once)', () => {
  it('creates exactly the planted exact-name leads of the sample marketplace', async () => {
    const config = { ...parseConfig({}, 'test'), dataDir: tempDir() };
    const demo = await runDemo({ config, marketplacePort: 0 });
    try {
      const planted = demo.marketplace.planted();
      expect(planted.length).toBeGreaterThan(0);
      const got = demo.leads.map((l) => `${l.listingId}→${l.rightId}`).sort();
      expect(got).toEqual(planted.map((p) => `${p.listingId}→${p.rightId}`).sort());
      expect(demo.stats.errors).toBe(0);
      expect(await demo.store.listings.count()).toBe(demo.stats.newListings);
      const [run] = await demo.store.runs.recent(1);
      expect(run).toMatchObject({ kind: 'demo', status: 'ok' });
    } finally {
      await demo.marketplace.close();
      await demo.store.close();
    }
  });

  it('a second run on the same data directory adds no lead', async () => {
    const config = { ...parseConfig({}, 'test'), dataDir: tempDir() };
    const first = await runDemo({ config, marketplacePort: 0 });
    const firstCount = first.leads.length;
    await first.marketplace.close();
    await first.store.close();
    const second = await runDemo({ config, marketplacePort: 0 });
    expect(second.stats.newLeads).toBe(0);
    expect(second.leads).toHaveLength(firstCount);
    await second.marketplace.close();
    await second.store.close();
  });

  it('runs from the built CLI and prints the summary table', () => {
    const dataDir = tempDir();
    const out = execFileSync(
      process.execPath,
      [
        'bin/markwatch.js',
        'demo',
        '--once',
        '--data-dir',
        dataDir,
        '--config',
        'tests/cli/fixtures/ephemeral-ports.json',
      ],
      { encoding: 'utf8' },
    );
    expect(out).toMatch(/新线索 \d+/);
    expect(out).toContain('tm-naike');
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
    expect(stderr).toMatch(/bad-key\.json: unknown key "web\.prot"/);
  });
});
