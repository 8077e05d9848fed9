// `markwatch/layers`: a file under src/ may import only the folders that eslint/layers.js allows its folder,
// never a file outside src/ (tests, scripts: the build compiles src/ alone and ships without tests/), and
// product code may not read tests/ either (new URL('…/tests/…', import.meta.url) or packagePath('tests', …)).
import { pathToFileURL, fileURLToPath } from 'node:url';
import { importVisitor } from './importNodes.js';
import { ALLOWED, MAY_READ_TESTS, ONLY_FROM } from './layers.js';
import { inside, isRelative, resolveImport, ROOT, SRC, srcFolder } from './paths.js';

const TABLE = 'eslint/layers.js';

function list(xs) {
  return xs.length === 0 ? 'nothing' : xs.join(', ');
}

function isImportMetaUrl(node) {
  return (
    node?.type === 'MemberExpression' &&
    node.object.type === 'MetaProperty' &&
    node.object.meta.name === 'import' &&
    node.property.name === 'url'
  );
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ folders import only what the layer table (eslint/layers.js) allows' },
    schema: [],
    messages: {
      backReach:
        "src/{{from}} may not import src/{{to}} ('{{specifier}}'): {{from}} → {{allowed}} " +
        `(markwatch/layers, table in ${TABLE})`,
      onlyFrom:
        "src/{{to}} may be imported only by {{files}} ('{{specifier}}' in src/{{file}}; " +
        `markwatch/layers, table in ${TABLE})`,
      outsideSrc:
        "'{{specifier}}' resolves outside src/ (to {{target}}): code under src/ imports only src/ " +
        '(markwatch/layers)',
      unknownFolder:
        `src/{{from}} is not in the layer table: add it to ${TABLE} with the folders it may import ` +
        '(markwatch/layers)',
      readsTests:
        'src/{{from}} reads tests/ ({{what}}): product code ships without tests/; only src/tools may read ' +
        'test fixtures (markwatch/layers)',
    },
  },
  create(context) {
    const file = context.filename;
    const from = srcFolder(file);
    if (from === null) return {};
    const allowed = ALLOWED[from];
    const fileInSrc = inside(SRC, file);
    const mayReadTests = MAY_READ_TESTS.includes(from);
    const readsTests = (node, what) => {
      if (!mayReadTests) context.report({ node, messageId: 'readsTests', data: { from, what } });
    };
    return {
      Program(node) {
        if (!allowed) context.report({ node, messageId: 'unknownFolder', data: { from } });
      },
      ...importVisitor((specifier, node) => {
        if (!allowed || !isRelative(specifier)) return;
        const target = resolveImport(file, specifier);
        const to = srcFolder(target);
        if (inside(SRC, target) === null) {
          const shown = inside(ROOT, target) ?? target;
          context.report({ node, messageId: 'outsideSrc', data: { specifier, target: shown } });
          return;
        }
        if (to === null || to === from) return;
        if (!allowed.includes(to)) {
          context.report({
            node,
            messageId: 'backReach',
            data: { from, to, specifier, allowed: list(allowed) },
          });
          return;
        }
        const only = ONLY_FROM[to];
        if (only && !only.some((p) => (p.endsWith('/') ? fileInSrc.startsWith(p) : fileInSrc === p))) {
          context.report({
            node,
            messageId: 'onlyFrom',
            data: { to, specifier, file: fileInSrc, files: only.map((p) => `src/${p}`).join(', ') },
          });
        }
      }),
      NewExpression(node) {
        const [spec, base] = node.arguments;
        if (node.callee.name !== 'URL' || !isImportMetaUrl(base)) return;
        if (spec?.type !== 'Literal' || typeof spec.value !== 'string') return;
        const target = fileURLToPath(new URL(spec.value, pathToFileURL(file)));
        if (inside(ROOT, target)?.startsWith('tests/') || inside(ROOT, target) === 'tests') {
          readsTests(node, `new URL('${spec.value}', import.meta.url)`);
        }
      },
      CallExpression(node) {
        const first = node.arguments[0];
        if (node.callee.name !== 'packagePath' || first?.type !== 'Literal') return;
        if (first.value === 'tests' || String(first.value).startsWith('tests/')) {
          readsTests(node, `packagePath('${first.value}', …)`);
        }
      },
    };
  },
};
