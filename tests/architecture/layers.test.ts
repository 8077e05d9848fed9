import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/common/packageRoot.js';

/*
 * The architecture is checked, not stated: the project's ESLint configuration (eslint.config.js with the
 * local rules in eslint/) lints source texts placed at paths under src/, through ESLint's Node API — the
 * same configuration `npm run check` runs. The files need not exist: the rules judge by the path.
 */

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: PACKAGE_ROOT });
});

async function lint(filePath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('markwatch/'));
}

describe('markwatch/layers', () => {
  it('fails a crawler file that reaches back into the matcher, naming both folders and the rule', async () => {
    const messages = await lint(
      'src/crawl/backReach.ts',
      "import { createMatcher } from '../match/engine.js';\nexport const m = createMatcher;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ ruleId: 'markwatch/layers', severity: 2, line: 1 });
    expect(messages[0]?.message).toContain('src/crawl may not import src/match');
    expect(messages[0]?.message).toContain('eslint/layers.js');
  });

  it('passes the imports the table allows, type-only and re-exports included', async () => {
    const messages = await lint(
      'src/crawl/allowed.ts',
      [
        "import { searchUrl } from '../extract/index.js';",
        "import type { Store } from '../store/index.js';",
        "export type { Listing } from '../model/index.js';",
        "import { planCrawl } from './planner.js';",
        'export const x: [unknown, Store | null, unknown] = [searchUrl, null, planCrawl];',
      ].join('\n'),
    );
    expect(messages).toEqual([]);
  });

  it('counts type-only and dynamic imports as dependencies', async () => {
    const messages = await lint(
      'src/store/typeReach.ts',
      [
        "import type { Right } from '../rights/registry.js';",
        "export const load = () => import('../crawl/job.js');",
        'export type R = Right;',
      ].join('\n'),
    );
    expect(messages.map((m) => [m.line, m.ruleId])).toEqual([
      [1, 'markwatch/layers'],
      [2, 'markwatch/layers'],
    ]);
  });

  it('keeps the sample marketplace apart: no stage, and only the demo and marketplace commands', async () => {
    const code =
      "import { startMarketplace } from '../../marketplace/server.js';\nexport { startMarketplace };\n";
    const fromCommand = await lint('src/cli/commands/leads.ts', code);
    expect(fromCommand).toHaveLength(1);
    expect(fromCommand[0]?.message).toContain('src/marketplace may be imported only by');
    expect(await lint('src/cli/commands/marketplace.ts', code)).toEqual([]);
    expect(await lint('src/tools/bench/crawl/market.ts', code.replace('../../', '../../../'))).toEqual([]);
    const fromApp = await lint('src/app/wiring.ts', code.replace('../../', '../'));
    expect(fromApp[0]?.message).toContain('src/app may not import src/marketplace');
  });

  it('forbids importing or reading tests/ from product code, and lets tools read fixtures', async () => {
    const imports = await lint(
      'src/web/fromTests.ts',
      "import { useTempDir } from '../../tests/helpers/tempDir.js';\nexport { useTempDir };\n",
    );
    expect(imports[0]?.message).toContain('resolves outside src/ (to tests/helpers/tempDir.ts)');
    const reads = [
      "import { packagePath } from '../common/packageRoot.js';",
      "export const a = new URL('../../tests/match/fixtures/', import.meta.url);",
      "export const b = packagePath('tests', 'match', 'fixtures');",
    ].join('\n');
    const fromProduct = await lint('src/match/fixtures.ts', reads);
    expect(fromProduct.map((m) => [m.line, m.message.includes('reads tests/')])).toEqual([
      [2, true],
      [3, true],
    ]);
    expect(await lint('src/tools/eval/fixtures.ts', reads.replace('../common', '../../common'))).toEqual([]);
  });

  it('fails a new top-level folder until the table says what it may import', async () => {
    const messages = await lint('src/newstage/x.ts', 'export const x = 1;\n');
    expect(messages[0]?.message).toContain('src/newstage is not in the layer table');
  });

  it('closes the way round the table through a file directly in src/', async () => {
    const relay = await lint('src/relay.ts', "export { createMatcher } from './match/engine.js';\n");
    expect(relay[0]?.message).toContain('src/relay.ts is not in the layer table');
    const user = await lint('src/crawl/viaRelay.ts', "export { createMatcher } from '../relay.js';\n");
    expect(user[0]?.message).toContain('src/crawl may not import src/relay.js');
  });
});

describe('markwatch/no-cycle', () => {
  it('fails an import that closes a cycle, naming every file of it', async () => {
    // src/model/index.ts re-exports ./listing.js; listing.ts importing the index closes the loop.
    const messages = await lint(
      'src/model/listing.ts',
      "import type { Right } from './index.js';\nexport type R = Right;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.ruleId).toBe('markwatch/no-cycle');
    expect(messages[0]?.message).toContain(
      'import cycle: model/listing.ts → model/index.ts → model/listing.ts',
    );
  });
});
