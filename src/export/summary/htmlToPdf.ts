import type { Browser } from 'playwright-core';
import { MarkwatchError } from '../../common/errors.js';
import { fixPdfMetadata } from './pdfMetadata.js';

/*
 * HTML → PDF through Playwright and Debian's Chromium (never a downloaded browser), the same browser the
 * crawler captures with. A caller exporting many leads passes its `browser` so Chromium starts once; without
 * one, a browser is launched for the call and closed after. Each document gets its own context with scripts
 * off and every request refused: the documents are self-contained, and nothing hostile in them may run.
 */

export const PDF_BROWSER_DEFAULTS = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  timeoutMs: 60_000,
};

export interface HtmlToPdfOptions {
  /** UTC ISO time written as the PDF's creation and modification dates (the package time). */
  documentTime: string;
  /** An already-launched browser to use (not closed here). */
  browser?: Browser;
  /** Used only when no browser is given. */
  executablePath?: string;
  timeoutMs?: number;
}

export class PdfRenderError extends MarkwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('export.pdf_render', message, options);
  }
}

/** Launches Debian's Chromium headless for rendering PDFs; the caller closes it. */
export async function launchPdfBrowser(
  executablePath = PDF_BROWSER_DEFAULTS.executablePath,
): Promise<Browser> {
  // Loaded on first use: commands that never render a PDF never load Playwright.
  const { chromium } = await import('playwright-core');
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: PDF_BROWSER_DEFAULTS.args,
      timeout: PDF_BROWSER_DEFAULTS.timeoutMs,
    });
  } catch (err) {
    throw new PdfRenderError(
      `无法启动浏览器 ${executablePath} (cannot launch Chromium): ${(err as Error).message}。` +
        '请运行 scripts/setup.sh 安装 chromium',
      { cause: err },
    );
  }
}

/** Renders on `browser` in a fresh context, closed afterwards. */
async function render(browser: Browser, html: string, timeoutMs: number): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN', offline: true });
  try {
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    // A crashed browser must not hide the error that matters behind a failed close.
    await context.close().catch(() => undefined);
  }
}

/** A4 PDF of `html`, with deterministic metadata: the same html and documentTime give the same bytes. */
export async function htmlToPdf(html: string, options: HtmlToPdfOptions): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? PDF_BROWSER_DEFAULTS.timeoutMs;
  const own = options.browser ? null : await launchPdfBrowser(options.executablePath);
  try {
    const pdf = await render(options.browser ?? (own as Browser), html, timeoutMs);
    return fixPdfMetadata(pdf, options.documentTime);
  } finally {
    await own?.close();
  }
}
