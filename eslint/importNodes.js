// Every way a TypeScript module names another: import/export … from, import(), import x = require(), and the
// type-level import('…').T. A type-only import is a dependency too: it couples the folders' designs.

function literal(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node;
  if (node.type === 'TSLiteralType') return literal(node.literal);
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) {
    return { ...node, value: node.quasis[0].value.cooked };
  }
  return null;
}

/** An ESLint visitor that calls `onImport(specifier, reportNode)` for every module specifier in a file. */
export function importVisitor(onImport) {
  const visit = (source) => {
    const lit = literal(source);
    if (lit) onImport(lit.value, lit);
  };
  return {
    ImportDeclaration: (node) => visit(node.source),
    ExportNamedDeclaration: (node) => visit(node.source),
    ExportAllDeclaration: (node) => visit(node.source),
    ImportExpression: (node) => visit(node.source),
    TSImportType: (node) => visit(node.argument ?? node.parameter),
    TSExternalModuleReference: (node) => visit(node.expression),
  };
}
