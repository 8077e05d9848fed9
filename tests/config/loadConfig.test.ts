import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/loadConfig.js';
import { CONFIG_DEFAULTS } from '../../src/config/schema.js';
import { MARKETPLACE_DEFAULTS } from '../../src/marketplace/options.js';
import { SAMPLE_PLATFORMS } from '../../src/model/index.js';
import { PACKAGE_ROOT } from '../../src/common/packageRoot.js';
import { MarkwatchError } from '../../src/common/errors.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

function withConfig(content: string) {
  const dir = tempDir();
  writeFileSync(join(dir, 'markwatch.config.json'), content);
  return dir;
}

describe('configuration', () => {
  it('uses defaults when there is no file', () => {
    const dir = tempDir();
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.configFile).toBeNull();
    expect(config.dataDir).toBe(join(dir, 'var'));
    expect(config.web.port).toBe(8080);
  });

  it('names an unknown key and the file', () => {
    const dir = withConfig(JSON.stringify({ web: { prot: 8081 } }));
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(ConfigError);
    try {
      loadConfig({ cwd: dir, env: {} });
    } catch (err) {
      const e = err as ConfigError;
      expect(e.message).toContain('"web.prot"');
      expect(e.message).toContain(join(dir, 'markwatch.config.json'));
      expect(e.key).toBe('web.prot');
    }
  });

  it('names a key with the wrong type', () => {
    const dir = withConfig(JSON.stringify({ web: { port: 'eighty' } }));
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(/markwatch\.config\.json: field "web\.port": /);
  });

  it('names an unknown top-level key', () => {
    const dir = withConfig(JSON.stringify({ datadir: './x' }));
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(
      /markwatch\.config\.json: field "datadir": unknown field/,
    );
  });

  it('reports broken JSON with the file name', () => {
    const dir = withConfig('{ "web": ');
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(/markwatch\.config\.json: not valid JSON/);
  });

  it('lets --data-dir beat MARKWATCH_DATA_DIR, which beats the file', () => {
    const dir = withConfig(JSON.stringify({ dataDir: './from-file' }));
    expect(loadConfig({ cwd: dir, env: {} }).dataDir).toBe(join(dir, 'from-file'));
    expect(loadConfig({ cwd: dir, env: { MARKWATCH_DATA_DIR: './from-env' } }).dataDir).toBe(
      join(dir, 'from-env'),
    );
    expect(
      loadConfig({ cwd: dir, env: { MARKWATCH_DATA_DIR: './from-env' }, dataDir: './flag' }).dataDir,
    ).toBe(join(dir, 'flag'));
  });

  it('rejects a missing explicit --config file', () => {
    expect(() => loadConfig({ cwd: tempDir(), file: 'nope.json', env: {} })).toThrow(
      /nope\.json: configuration file not found/,
    );
  });

  it('reports every bad key at once, one per line, with a stable code', () => {
    const dir = withConfig(JSON.stringify({ web: { port: 'eighty', prot: 1 }, crawl: { retries: -1 } }));
    try {
      loadConfig({ cwd: dir, env: {} });
      expect.unreachable('the config is invalid');
    } catch (err) {
      expect(err).toBeInstanceOf(MarkwatchError);
      const e = err as ConfigError;
      expect(e.code).toBe('config.invalid');
      expect(e.problems.map((p) => p.field).sort()).toEqual(['crawl.retries', 'web.port', 'web.prot']);
      expect(e.message.split('\n')).toHaveLength(3);
    }
  });
});

describe('defaults defined once', () => {
  it('the sample marketplace takes its defaults from the config schema', () => {
    const { host, seed, listings, faults } = CONFIG_DEFAULTS.marketplace;
    expect(MARKETPLACE_DEFAULTS).toMatchObject({ host, seed, listings, faults });
    expect(MARKETPLACE_DEFAULTS.watchlist).toBe(join(PACKAGE_ROOT, CONFIG_DEFAULTS.watchlist));
  });

  it('the default crawl job covers the sample platforms', () => {
    expect(CONFIG_DEFAULTS.crawl.jobs[0]?.platforms).toEqual([...SAMPLE_PLATFORMS]);
  });
});
