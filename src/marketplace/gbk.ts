import iconv from 'iconv-lite';

/*
 * GBK encoding for shopa's item pages. Characters GBK cannot represent (emoji, zero-width space, …) are
 * written as numeric character references, as servers of GBK sites do, so the decoded page has the same text.
 */

const encodable = new Map<number, boolean>();

function gbkCanEncode(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x80) return true;
  let ok = encodable.get(cp);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') === ch;
    encodable.set(cp, ok);
  }
  return ok;
}

export function encodeGbk(html: string): Buffer {
  let out = '';
  for (const ch of html) out += gbkCanEncode(ch) ? ch : `&#x${(ch.codePointAt(0) ?? 0).toString(16)};`;
  return iconv.encode(out, 'gbk');
}
