import { createHash } from 'node:crypto';
import { MarkwatchError } from '../../common/errors.js';

/*
 * Chromium (Skia) stamps every PDF with the wall-clock time in /CreationDate and /ModDate of the document
 * information dictionary, and may write a file identifier (/ID). To make the same document give the same bytes,
 * those values are rewritten in place with values of exactly the same length — so every byte offset, and the
 * cross-reference table that lists them, stays valid. A date in a form we do not recognise, or one we cannot
 * write at its length, is an error rather than a silently non-deterministic file.
 */

export class PdfMetadataError extends MarkwatchError {
  constructor(message: string) {
    super('export.pdf_metadata', message);
  }
}

/** The forms of a PDF date for instant `iso`, longest first: with offset, with Z, bare. */
function pdfDates(iso: string): string[] {
  const t = Date.parse(iso);
  if (!Number.isFinite(t))
    throw new PdfMetadataError(`documentTime 不是有效的时间 (not a valid time): ${iso}`);
  const d = new Date(t).toISOString();
  const digits = `${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}`;
  return [`D:${digits}+00'00'`, `D:${digits}+00'00`, `D:${digits}Z`, `D:${digits}`];
}

// Keys in the information dictionary, in the literal-string form Skia writes.
const DATE_KEY = /\/(CreationDate|ModDate)\s*\(([^()\\]*)\)/g;
const ANY_DATE_KEY = /\/(?:CreationDate|ModDate)\b/g;
const ID_ARRAY = /\/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]/g;

/**
 * `pdf` with its creation and modification dates set to `documentTime` and any /ID derived from the rest of
 * the file, same length, same offsets. Works on a latin1 view, which maps each byte to one character.
 */
export function fixPdfMetadata(pdf: Buffer, documentTime: string): Buffer {
  const dates = pdfDates(documentTime);
  let text = pdf.toString('latin1');
  const keys = text.match(ANY_DATE_KEY)?.length ?? 0;
  let rewritten = 0;
  text = text.replace(DATE_KEY, (whole, key: string, value: string) => {
    const replacement = dates.find((d) => d.length === value.length);
    if (!value.startsWith('D:') || !replacement) {
      throw new PdfMetadataError(
        `PDF 中的 /${key} 无法等长改写 (cannot rewrite at the same length): (${value})`,
      );
    }
    rewritten++;
    return whole.slice(0, whole.length - value.length - 1) + replacement + ')';
  });
  if (rewritten !== keys) {
    throw new PdfMetadataError(
      `PDF 中有 ${keys - rewritten} 个日期不是可识别的格式 (unrecognised date form)`,
    );
  }
  // The identifier, from the file with its identifier blanked: the same document gets the same /ID.
  const blanked = text.replace(ID_ARRAY, (whole, a: string, b: string) =>
    whole.replace(a, '0'.repeat(a.length)).replace(b, '0'.repeat(b.length)),
  );
  if (blanked !== text) {
    const digest = createHash('sha256').update(blanked, 'latin1').digest('hex').toUpperCase().repeat(4);
    text = blanked.replace(ID_ARRAY, (whole, a: string, b: string) =>
      whole
        .replace(`<${a}>`, `<${digest.slice(0, a.length)}>`)
        .replace(`<${b}>`, `<${digest.slice(0, b.length)}>`),
    );
  }
  const out = Buffer.from(text, 'latin1');
  if (out.length !== pdf.length) throw new PdfMetadataError('PDF 改写后长度改变 (length changed)');
  return out;
}
