import { compile, selectAll } from 'css-select';
import type { AnyNode, Element } from 'domhandler';

/*
 * Compiled CSS selectors, reused across pages. cheerio's `.find()` compiles its selector on every call,
 * which dominated extraction time (tens of calls per page, thousands of pages per run); profiles use a
 * fixed set of selectors, so each is compiled once.
 */

type Query = ReturnType<typeof compile<AnyNode, Element>>;

const compiled = new Map<string, Query>();
const MAX_CACHED = 10_000;

function query(selector: string): Query {
  let q = compiled.get(selector);
  if (!q) {
    q = compile<AnyNode, Element>(selector);
    if (compiled.size < MAX_CACHED) compiled.set(selector, q);
  }
  return q;
}

/**
 * The descendants of `root` matching `selector`, in document order (as cheerio's `.find()`). `:scope` alone
 * is `root` itself; other `:scope` selectors need a context and return null (caller falls back to cheerio).
 */
export function selectWithin(root: AnyNode, selector: string): Element[] | null {
  if (selector === ':scope')
    return root.type === 'tag' || root.type === 'script' || root.type === 'style' ? [root] : [];
  if (selector.includes(':scope')) return null;
  // A single node (not an array) is searched below itself only, like .find().
  return selectAll<AnyNode, Element>(query(selector), root);
}
