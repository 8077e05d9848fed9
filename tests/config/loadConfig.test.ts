import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/loadConfig.js';
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
});
