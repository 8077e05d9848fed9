import { escapeHtml } from '../common/html.js';

export { escapeHtml };

/**
 * JSON for embedding inside a `<script>` element: `<`, `>`, `&` and the JavaScript line terminators
 * U+2028/U+2029 are written as \u escapes, so listing text can never close the script or break the parse.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A complete page; `head` is extra trusted markup for <head>. */
export function htmlPage(
  title: string,
  body: string,
  options: { charset?: string; head?: string } = {},
): string {
  const charset = options.charset ?? 'utf-8';
  return (
    `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=${charset}">` +
    `<title>${escapeHtml(title)}</title>${options.head ?? ''}</head>\n<body>\n${body}\n</body></html>\n`
  );
}
