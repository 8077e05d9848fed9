import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { readJsonPath } from './jsonPath.js';
import { parseInteger, parseNumber, parsePrice, parseSales } from './parseNumbers.js';
import { selectWithin } from './selectCache.js';
import type { FieldRule, FieldSpec, ParseKind } from './siteProfile.js';

/** Where a field rule reads from: an item (element and/or JSON object) or the whole page. */
export interface Scope {
  $: CheerioAPI;
  /** The item element; absent = the whole document. */
  node?: Cheerio<AnyNode>;
  /** The item object, or the page's embedded state. */
  json?: unknown;
  /** The page HTML (for regular expressions over the page when there is no item element). */
  html: string;
  pageUrl: string;
}

/** Elements whose content a reader never sees; their text is not part of any field. */
const INVISIBLE = new Set(['script', 'style', 'noscript', 'template']);
const BLOCK = new Set(
  'address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);

function collectText(nodes: readonly AnyNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(node.data);
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      if (INVISIBLE.has(node.name)) continue;
      const block = BLOCK.has(node.name);
      if (block) out.push(' ');
      collectText(node.children, out);
      // Block boundaries separate words; inline ones (<em>, <font>) do not: 情<em>商</em> is one word.
      if (block) out.push(' ');
    } else if ('children' in node && Array.isArray(node.children)) {
      collectText(node.children as AnyNode[], out);
    }
  }
}

export function normaliseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Visible text of elements: script/style content excluded, whitespace collapsed. */
export function visibleText(nodes: readonly AnyNode[]): string {
  const parts: string[] = [];
  collectText(nodes, parts);
  return normaliseSpace(parts.join(''));
}

/** The visible text of an HTML fragment (e.g. a title string with <em> highlights from JSON). */
export function fragmentText(html: string): string {
  const $ = cheerio.load(html, null, false);
  return visibleText($.root().contents().toArray());
}

const regexCache = new Map<string, RegExp>();
function compiled(source: string, flags: string | undefined): RegExp {
  const key = `${flags ?? ''}/${source}`;
  let re = regexCache.get(key);
  if (!re) {
    re = new RegExp(source, `u${flags ?? ''}`);
    if (regexCache.size < 10_000) regexCache.set(key, re);
  }
  return re;
}

function jsonStrings(value: unknown, all: boolean): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    const items = value.flatMap((v) => jsonStrings(v, false));
    return all ? items : items.slice(0, 1);
  }
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

function selectorList(css: string | string[]): string[] {
  return Array.isArray(css) ? css : [css];
}

/** Elements matching `selector` inside the scope (the item element, or the whole document). */
function findAll(scope: Scope, selector: string): AnyNode[] {
  const root = scope.node ? scope.node[0] : scope.$.root()[0];
  const fast = root ? selectWithin(root, selector) : [];
  if (fast) return fast;
  return (scope.node ? scope.node.find(selector) : scope.$(selector)).toArray();
}

/** The raw strings a rule's source yields, before regex/url/parse. */
function sourceStrings(rule: FieldRule, scope: Scope): string[] {
  if (rule.const !== undefined) return [rule.const];
  if (rule.css) {
    const { $ } = scope;
    for (const sel of selectorList(rule.css)) {
      const matched = findAll(scope, sel);
      if (matched.length === 0) continue;
      const els = rule.all ? matched : matched.slice(0, 1);
      const values = els
        .map((el) => {
          if (rule.attr) return $(el).attr(rule.attr) ?? '';
          if (!rule.exclude) return visibleText([el]);
          const copy = $(el).clone();
          copy.find(rule.exclude).remove();
          return visibleText(copy.toArray());
        })
        .filter((v) => v !== '');
      if (values.length > 0) return values;
    }
    return [];
  }
  if (rule.jsonPath) return jsonStrings(readJsonPath(scope.json, rule.jsonPath), rule.all ?? false);
  if (rule.from === 'url') return [scope.pageUrl];
  return [scope.node ? (scope.$.html(scope.node) ?? '') : scope.html];
}

/** Only web links: `javascript:` and `data:` URLs in hostile markup are dropped. */
function resolveUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Strings one rule yields after regex and URL resolution (empty = no value). */
function ruleStrings(rule: FieldRule, scope: Scope): string[] {
  let values = sourceStrings(rule, scope);
  if (rule.html) values = values.map(fragmentText);
  if (rule.regex) {
    const re = compiled(rule.regex, rule.flags);
    values = values.flatMap((v) => {
      const m = re.exec(v);
      if (!m) return [];
      const got = m.length > 1 ? m.slice(1).find((g) => g !== undefined) : m[0];
      return got === undefined ? [] : [got];
    });
  }
  if (rule.url) values = values.flatMap((v) => resolveUrl(v, scope.pageUrl) ?? []);
  return values.map(normaliseSpace).filter((v) => v !== '');
}

function rules(spec: FieldSpec): FieldRule[] {
  return Array.isArray(spec) ? spec : [spec];
}

/** All values of a field (first alternative that yields any). */
export function readStrings(spec: FieldSpec | undefined, scope: Scope): string[] {
  if (!spec) return [];
  for (const rule of rules(spec)) {
    const values = ruleStrings(rule, scope);
    if (values.length > 0) return values;
  }
  return [];
}

/** A text field: the first value, or several joined when the rule says `all`. */
export function readText(spec: FieldSpec | undefined, scope: Scope): string | undefined {
  if (!spec) return undefined;
  for (const rule of rules(spec)) {
    const values = ruleStrings(rule, scope);
    if (values.length > 0) return rule.all ? values.join(rule.join ?? ' / ') : values[0];
  }
  return undefined;
}

const PARSERS: Record<Exclude<ParseKind, 'text'>, (text: string) => number | undefined> = {
  number: parseNumber,
  integer: parseInteger,
  price: parsePrice,
  sales: parseSales,
};

/** A numeric field; each rule's `parse` (default `kind`) converts the text. */
export function readNumber(
  spec: FieldSpec | undefined,
  scope: Scope,
  kind: Exclude<ParseKind, 'text'>,
): number | undefined {
  if (!spec) return undefined;
  for (const rule of rules(spec)) {
    const parseKind = rule.parse && rule.parse !== 'text' ? rule.parse : kind;
    for (const value of ruleStrings(rule, scope)) {
      const n = PARSERS[parseKind](value);
      if (n !== undefined) return n;
    }
  }
  return undefined;
}
