// The human-readable documents of a lead package: summary and 电子数据提取笔录, as HTML and PDF.
export type * from './types.js';
export { renderSummaryHtml } from './summaryHtml.js';
export { matchedRightOf } from './documentParts.js';
export { renderExtractionRecordHtml } from './extractionRecordHtml.js';
export { htmlToPdf, launchPdfBrowser, PdfRenderError, type HtmlToPdfOptions } from './htmlToPdf.js';
export { fixPdfMetadata, PdfMetadataError } from './pdfMetadata.js';
export {
  renderLeadDocuments,
  type LeadDocument,
  type RenderLeadDocuments,
  type RenderLeadDocumentsOptions,
} from './renderLeadDocuments.js';
