/*
 * Names inside an archive come partly from outside (listing ids, titles). An entry name must not climb out
 * of the folder it is unpacked into, be absolute, carry control or direction-changing characters, or be a
 * name Windows refuses; Chinese stays readable. H-pkg writes the shared sanitiser in src/export/package/;
 * this one is small and local until the two are merged.
 */

const INVISIBLE =
  /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const RESERVED = /[/\\:*?"<>|]/g;
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\.|$)/i;

/** One path segment made safe: no separators, no control characters, no dot-only names, at most `max` characters. */
export function safeSegment(raw: string, max = 80): string {
  let s = raw.normalize('NFC').replace(INVISIBLE, '').replace(RESERVED, '_');
  s = s.replace(/^[\s.]+|[\s.]+$/g, '');
  if (s === '') s = '_';
  if (WINDOWS_DEVICE.test(s)) s = `_${s}`;
  const chars = [...s];
  if (chars.length <= max) return s;
  const dot = s.lastIndexOf('.');
  const ext = dot > 0 && s.length - dot <= 8 ? [...s.slice(dot)] : [];
  return chars.slice(0, max - ext.length).join('') + ext.join('');
}

/** A relative entry path from segments, each made safe and joined with '/'. */
export function safeEntryPath(...segments: string[]): string {
  return segments.map((s) => safeSegment(s)).join('/');
}
