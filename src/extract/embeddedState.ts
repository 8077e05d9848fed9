import type { CheerioAPI } from 'cheerio';
import type { StateSpec } from './siteProfile.js';

/*
 * Embedded page state (`g_page_config = {...};`, `window.__INITIAL_STATE__ = {...}`, or a JSON script
 * element). The literal is cut out by bracket matching that skips over strings and parsed with JSON.parse:
 * page scripts are never evaluated.
 */

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The end index (exclusive) of the JSON object/array starting at `start`, or -1. */
function matchBrackets(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The JSON value assigned to `variable` in the page, or undefined if none parses. */
export function stateFromVariable(html: string, variable: string): unknown {
  const assign = new RegExp(`(?<![\\w$.])${escapeRegExp(variable)}\\s*=\\s*(?=[[{])`, 'g');
  for (let m = assign.exec(html); m; m = assign.exec(html)) {
    const start = m.index + m[0].length;
    const end = matchBrackets(html, start);
    if (end < 0) continue;
    try {
      return JSON.parse(html.slice(start, end));
    } catch {
      // Not strict JSON (e.g. a JS object literal); try the next assignment.
    }
  }
  return undefined;
}

export function stateFromScript($: CheerioAPI, selector: string): unknown {
  const text = $(selector).first().text().trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function readEmbeddedState(spec: StateSpec, html: string, $: CheerioAPI): unknown {
  if (spec.variable) return stateFromVariable(html, spec.variable);
  if (spec.selector) return stateFromScript($, spec.selector);
  return undefined;
}
