import { randomUUID, createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';

/*
 * A WARC/1.1 file (ISO 28500) per crawl run: a `warcinfo` record, then one `response` record per fetched
 * page. Each record is its own gzip member, appended whole, so a resumed run appends to the same file and
 * a crash loses at most the record being written.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (the customary WARC digest spelling). */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

export function warcDigest(bytes: Uint8Array): string {
  return `sha256:${base32(createHash('sha256').update(bytes).digest())}`;
}

/** WARC-Date: UTC, W3C-ISO8601 with seconds. */
export function warcDate(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

function record(headers: [string, string][], block: Buffer): Buffer {
  const head = [
    'WARC/1.1',
    ...headers.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${block.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), block, Buffer.from('\r\n\r\n')]);
}

/** Header values must stay on one line (a hostile header must not forge WARC headers). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

export interface WarcResponse {
  url: string;
  fetchedAt: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export class WarcWriter {
  constructor(
    readonly file: string,
    software: string,
  ) {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const info = Buffer.from(
        `software: ${software}\r\nformat: WARC File Format 1.1\r\nconformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n`,
      );
      this.append(
        [
          ['WARC-Type', 'warcinfo'],
          ['WARC-Record-ID', `<urn:uuid:${randomUUID()}>`],
          ['WARC-Date', warcDate(new Date().toISOString())],
          ['WARC-Filename', file.split('/').pop() ?? file],
          ['Content-Type', 'application/warc-fields'],
        ],
        info,
      );
    }
  }

  private append(headers: [string, string][], block: Buffer): void {
    appendFileSync(this.file, gzipSync(record(headers, block)));
  }

  /** Appends a response record; returns its WARC-Record-ID. */
  writeResponse(r: WarcResponse): string {
    const id = `<urn:uuid:${randomUUID()}>`;
    // The body was content-decoded on receipt, so the transfer headers no longer describe it.
    const skip = new Set(['content-encoding', 'transfer-encoding', 'content-length']);
    const lines = [`HTTP/1.1 ${r.status}`];
    for (const [k, v] of Object.entries(r.headers)) if (!skip.has(k)) lines.push(`${k}: ${oneLine(v)}`);
    lines.push(`content-length: ${r.body.length}`, '', '');
    const block = Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), r.body]);
    this.append(
      [
        ['WARC-Type', 'response'],
        ['WARC-Record-ID', id],
        ['WARC-Date', warcDate(r.fetchedAt)],
        ['WARC-Target-URI', oneLine(r.url)],
        ['WARC-Payload-Digest', warcDigest(r.body)],
        ['WARC-Block-Digest', warcDigest(block)],
        ['Content-Type', 'application/http;msgtype=response'],
      ],
      block,
    );
    return id;
  }
}
