import iconv from 'iconv-lite';

/*
 * Response bytes → text, following the order browsers use (WHATWG "encoding sniffing", simplified):
 * byte-order mark, then the Content-Type charset, then a <meta charset> / <meta http-equiv> in the first
 * bytes, then sniffing (valid UTF-8, else GBK-looking bytes, else windows-1252). GBK and GB2312 are decoded
 * as GB18030, their superset, so characters outside GB2312 that servers send anyway are not lost.
 */

export type CharsetSource = 'fixed' | 'bom' | 'header' | 'meta' | 'sniff';

export interface DecodedBody {
  text: string;
  /** The canonical name used to decode (`utf-8`, `gb18030`, `windows-1252`, …). */
  charset: string;
  source: CharsetSource;
}

export interface DecodeOptions {
  /** A profile's fixed charset; `auto` (default) detects. */
  charset?: string;
  /** How many leading bytes are searched for a <meta> charset (browsers use 1024). */
  metaScanBytes?: number;
}

const DEFAULT_META_SCAN_BYTES = 4096;

const GB_LABELS = new Set([
  'gbk',
  'gb2312',
  'gb_2312',
  'gb_2312-80',
  'x-gbk',
  'csgb2312',
  'chinese',
  'iso-ir-58',
  'gb18030',
  'cp936',
  'windows-936',
]);

/** A label we can decode, in canonical form, or null for an unknown label. */
export function canonicalCharset(label: string): string | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (GB_LABELS.has(l)) return 'gb18030';
  if (l === 'utf8' || l === 'utf-8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return iconv.encodingExists(l) ? l : null;
  }
}

/**
 * Builds iconv-lite's GB18030 tables now rather than at the first GBK page (about 0.1–0.2 s of CPU, which eight
 * workers joining a run at once would otherwise spend while its first pages wait).
 */
export function loadGbDecoder(): void {
  iconv.decode(Buffer.from([0x41]), 'gb18030');
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === 'gb18030')
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
  try {
    // TextDecoder strips a BOM matching its encoding.
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
  }
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

export function charsetFromContentType(contentType: string | undefined | null): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*["']?([^"';\s,]+)/i.exec(contentType);
  return m?.[1] ? canonicalCharset(m[1]) : null;
}

const META_CHARSET = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)/gi;

/** The charset a <meta> element declares in the head of the document (ASCII-compatible scan). */
export function charsetFromMeta(bytes: Uint8Array, scanBytes = DEFAULT_META_SCAN_BYTES): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, scanBytes)).toString(
    'latin1',
  );
  // Comments may hold stale meta tags; blank them out first.
  const clean = head.replace(/<!--[\s\S]*?(-->|$)/g, '');
  META_CHARSET.lastIndex = 0;
  for (let m = META_CHARSET.exec(clean); m; m = META_CHARSET.exec(clean)) {
    const cs = m[1] ? canonicalCharset(m[1]) : null;
    // A document that reached us as bytes and names UTF-16 in ASCII is not UTF-16 (HTML spec).
    if (cs) return cs.startsWith('utf-16') ? 'utf-8' : cs;
  }
  return null;
}

/** True when the non-ASCII bytes pair up as GBK double-byte characters. */
function looksLikeGbk(bytes: Uint8Array): boolean {
  let pairs = 0;
  let bad = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) continue;
    const t = bytes[i + 1] ?? 0;
    if (b >= 0x81 && b <= 0xfe && t >= 0x40 && t <= 0xfe && t !== 0x7f) {
      pairs++;
      i++;
    } else bad++;
  }
  return pairs > 0 && bad <= pairs / 100;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeBodyDetailed(
  bytes: Uint8Array,
  contentType?: string | null,
  options: DecodeOptions = {},
): DecodedBody {
  const fixed = options.charset && options.charset !== 'auto' ? canonicalCharset(options.charset) : null;
  if (options.charset && options.charset !== 'auto' && !fixed) {
    throw new Error(`unknown charset "${options.charset}"`);
  }
  if (fixed) return { text: decodeWith(bytes, fixed), charset: fixed, source: 'fixed' };
  const bom = bomCharset(bytes);
  if (bom) return { text: decodeWith(bytes, bom), charset: bom, source: 'bom' };
  const header = charsetFromContentType(contentType);
  if (header) return { text: decodeWith(bytes, header), charset: header, source: 'header' };
  const meta = charsetFromMeta(bytes, options.metaScanBytes);
  if (meta) return { text: decodeWith(bytes, meta), charset: meta, source: 'meta' };
  try {
    return { text: strictUtf8.decode(bytes), charset: 'utf-8', source: 'sniff' };
  } catch {
    const charset = looksLikeGbk(bytes) ? 'gb18030' : 'windows-1252';
    return { text: decodeWith(bytes, charset), charset, source: 'sniff' };
  }
}

/** Response bytes → text (header charset, then <meta>, then sniffing; GBK/GB2312 as GB18030). */
export function decodeBody(bytes: Uint8Array, contentType?: string | null, options?: DecodeOptions): string {
  return decodeBodyDetailed(bytes, contentType, options).text;
}
