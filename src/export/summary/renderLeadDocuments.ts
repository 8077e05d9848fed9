import type { Browser } from 'playwright-core';
import { renderExtractionRecordHtml } from './extractionRecordHtml.js';
import { htmlToPdf, launchPdfBrowser } from './htmlToPdf.js';
import { renderSummaryHtml } from './summaryHtml.js';
import type { LeadDocumentInput } from './types.js';

/*
 * The human-readable documents of one lead package, as the package builder takes them (`renderDocuments`):
 * summary and extraction record, each as HTML and as PDF, sorted by path. Paths are relative to the package
 * root; the bytes depend only on the input and documentTime.
 */

export interface LeadDocument {
  path: string;
  bytes: Buffer;
}

export interface RenderLeadDocumentsOptions {
  /** An already-launched browser (bulk export: launch once with launchPdfBrowser, close after). */
  browser?: Browser;
  /** The PDFs' metadata dates; defaults to input.packagedAt. */
  documentTime?: string;
  executablePath?: string;
}

export type RenderLeadDocuments = (
  input: LeadDocumentInput,
  options?: RenderLeadDocumentsOptions,
) => Promise<LeadDocument[]>;

export const renderLeadDocuments: RenderLeadDocuments = async (input, options = {}) => {
  const documentTime = options.documentTime ?? input.packagedAt;
  const summary = renderSummaryHtml(input);
  const record = renderExtractionRecordHtml(input);
  const own = options.browser ? null : await launchPdfBrowser(options.executablePath);
  const browser = options.browser ?? (own as Browser);
  try {
    const summaryPdf = await htmlToPdf(summary, { browser, documentTime });
    const recordPdf = await htmlToPdf(record, { browser, documentTime });
    return [
      { path: 'extraction-record.html', bytes: Buffer.from(record, 'utf8') },
      { path: 'extraction-record.pdf', bytes: recordPdf },
      { path: 'summary.html', bytes: Buffer.from(summary, 'utf8') },
      { path: 'summary.pdf', bytes: summaryPdf },
    ];
  } finally {
    await own?.close();
  }
};
