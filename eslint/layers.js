// The layering of src/, as data: which top-level folder may import which. The rule `markwatch/layers`
// (eslint/layersRule.js) checks every relative import of a file under src/ against this table, so that a
// dependency pointing back up the pipeline fails `npm run check`. Change the architecture here, and in the
// README's Architecture section, together.

const BASE = ['common', 'model', 'config', 'reference'];
const STAGES = [
  'common',
  'model',
  'config',
  'reference',
  'store',
  'extract',
  'rights',
  'match',
  'crawl',
  'leads',
  'workflow',
  'export',
];

/** Folder → the other folders it may import (a folder may always import itself). */
export const ALLOWED = {
  common: [],
  model: ['common'],
  config: ['common', 'model'],
  reference: ['common', 'model', 'config'],
  store: ['common', 'model', 'config'],
  extract: ['common', 'model', 'config'],
  rights: [...BASE, 'store'],
  match: [...BASE, 'rights'],
  // The crawler is handed its matcher and watch list by src/app; it never imports match or rights.
  crawl: [...BASE, 'extract', 'store'],
  leads: [...BASE, 'match', 'store'],
  workflow: [...BASE, 'match', 'store', 'leads'],
  export: [...BASE, 'match', 'store', 'leads', 'workflow'],
  // The one composition root: wires every stage; the sample marketplace is not a stage.
  app: STAGES,
  web: [...STAGES, 'app'],
  cli: [...STAGES, 'app', 'web', 'marketplace'],
  // The sample marketplace stands in for the outside world: it may use the domain, no stage may use it.
  marketplace: [...BASE, 'rights'],
  // Benches and the evaluation: not product code, so they may reach anything.
  tools: [...STAGES, 'app', 'web', 'cli', 'marketplace'],
};

/**
 * Narrower grants for single files: of the CLI, only the commands that start the sample marketplace may
 * import it (paths relative to src/).
 */
export const ONLY_FROM = {
  marketplace: ['cli/commands/marketplace.ts', 'cli/commands/demo.ts', 'cli/demo.ts', 'tools/'],
};

/** Folders of src/ that may read files under tests/ (tools; product code ships without tests/). */
export const MAY_READ_TESTS = ['tools'];
