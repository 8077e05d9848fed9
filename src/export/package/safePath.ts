/*
 * Names inside an archive come from sellers' shop names and titles, which are hostile: they may hold `..`,
 * drive letters, control characters, Windows-reserved names (CON, NUL …) or be hundreds of characters long.
 * Every path segment written into a package goes through `safeSegment`, which keeps Chinese readable and
 * makes the rest safe on Windows, macOS and Linux unzip tools.
 */

/**
 * Control characters (C0, DEL, C1), bidirectional overrides that could disguise a name, and invisible
 * characters (soft hyphen, zero-width spaces and joiners, word joiners, BOM) that make two names look alike.
 */
const UNSAFE_CHARS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
/** Characters Windows refuses in file names, and both path separators. */
const RESERVED_CHARS = /[<>:"/\\|?*]/g;
/** Device names Windows reserves, with or without an extension (`CON`, `nul.txt`, `COM1`). */
const RESERVED_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Longest segment in UTF-8 bytes: about 40 Chinese characters, well under every file system's 255. */
export const MAX_SEGMENT_BYTES = 120;

/** Cuts `text` to at most `maxBytes` UTF-8 bytes on a code-point boundary (never half a character). */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += ch;
  }
  return out;
}

/**
 * One safe path segment: NFC, unsafe and reserved characters replaced by `_`, no leading or trailing dots or
 * spaces (Windows drops them), never `.`/`..` or a device name, at most `maxBytes` UTF-8 bytes. An extension
 * (`.html`) is kept when the name is cut.
 */
export function safeSegment(name: string, maxBytes = MAX_SEGMENT_BYTES): string {
  let s = name.normalize('NFC').replace(UNSAFE_CHARS, '_').replace(RESERVED_CHARS, '_');
  s = s.replace(/\s+/gu, ' ').replace(/^[\s.]+|[\s.]+$/gu, '');
  if (s === '') s = '_';
  if (RESERVED_NAMES.test(s)) s = `_${s}`;
  if (Buffer.byteLength(s, 'utf8') > maxBytes) {
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(s)?.[0] ?? '';
    s = truncateUtf8(s.slice(0, s.length - ext.length), maxBytes - ext.length).replace(/[\s.]+$/u, '') + ext;
  }
  return s;
}

/**
 * A relative archive path from any text: split on both separators, empty and dot-only segments (`.`, `..`)
 * dropped (never climbing out), each remaining segment made safe.
 */
export function safeArchivePath(path: string): string {
  const segments = path
    .split(/[/\\]+/)
    .filter((p) => !/^[\s.]*$/u.test(p))
    .map((p) => safeSegment(p));
  return segments.length ? segments.join('/') : '_';
}

/** A relative archive path from segments that each come from outside (a platform, a listing id, a name). */
export function safeEntryPath(...segments: string[]): string {
  return segments.map((s) => safeSegment(s)).join('/');
}

/** The folder of one lead: `lead-000042-<shop name>`, the number first so folders sort by lead. */
export function leadFolderName(leadId: number, sellerName: string): string {
  return safeSegment(`lead-${String(leadId).padStart(6, '0')}-${sellerName}`);
}
