import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixPdfMetadata,
  htmlToPdf,
  launchPdfBrowser,
  renderLeadDocuments,
  type LeadDocument,
} from '../../../src/export/summary/index.js';
import { leadInput } from './fixture.js';

/*
 * The PDFs through Debian's Chromium: Chinese text is extractable (pdftotext from poppler-utils, which
 * scripts/setup.sh installs), and the same input gives the same bytes whatever the wall clock says.
 * Without pdftotext the text checks are skipped on a developer machine and FAIL in CI.
 */

const PDFTOTEXT = '/usr/bin/pdftotext';
const havePdftotext = existsSync(PDFTOTEXT);
const textChecks = havePdftotext || Boolean(process.env.CI);

const dir = mkdtempSync(join(tmpdir(), 'markwatch-pdf-'));
let browser: Browser;

beforeAll(async () => {
  browser = await launchPdfBrowser();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** pdftotext of `pdf` (layout off) and what it wrote to stderr (syntax errors of a broken file). */
function pdfText(pdf: Buffer, name: string): { text: string; stderr: string } {
  expect(havePdftotext, `${PDFTOTEXT} 缺失：scripts/setup.sh 安装 poppler-utils (pdftotext missing)`).toBe(
    true,
  );
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const stderrFile = join(dir, `${name}.err`);
  const text = execFileSync('sh', ['-c', `"${PDFTOTEXT}" -enc UTF-8 "$1" - 2>"$2"`, 'sh', file, stderrFile], {
    encoding: 'utf8',
  });
  const stderr = execFileSync('cat', [stderrFile], { encoding: 'utf8' });
  return { text, stderr };
}

function byPath(docs: LeadDocument[], path: string): Buffer {
  const doc = docs.find((d) => d.path === path);
  expect(doc, path).toBeDefined();
  return doc!.bytes;
}

describe('lead documents', () => {
  let docs: LeadDocument[];
  beforeAll(async () => {
    docs = await renderLeadDocuments(leadInput(), { browser });
  }, 120_000);

  it('are the summary and the extraction record as HTML and PDF, sorted by path', () => {
    expect(docs.map((d) => d.path)).toEqual([
      'extraction-record.html',
      'extraction-record.pdf',
      'summary.html',
      'summary.pdf',
    ]);
    expect(byPath(docs, 'summary.pdf').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(byPath(docs, 'summary.html').toString('utf8')).toContain('线索摘要');
  });

  it('carry the package time, not the wall clock, as the PDF dates', () => {
    const pdf = byPath(docs, 'summary.pdf').toString('latin1');
    expect(pdf).toContain("/CreationDate (D:20261201080000+00'00')");
    expect(pdf).toContain("/ModDate (D:20261201080000+00'00')");
  });

  it.runIf(textChecks)('summary.pdf holds the Chinese text and the hostile title as plain text', () => {
    const { text, stderr } = pdfText(byPath(docs, 'summary.pdf'), 'summary.pdf');
    expect(stderr).toBe('');
    for (const s of ['线索摘要', '基本情况', '华强旗舰店', '飞鹤乳业有限公司', '1234567', '保管链']) {
      expect(text).toContain(s);
    }
    expect(text).toContain('<script>alert(1)</script>');
    expect(text).toContain('javascript:alert(document.cookie)');
    expect(text).toMatch(/链哈希[：\s]+f{64}\n/);
    expect(text).toContain('d'.repeat(64));
  });

  it.runIf(textChecks)('extraction-record.pdf names the method, the tool and every hash value', () => {
    const { text, stderr } = pdfText(byPath(docs, 'extraction-record.pdf'), 'record.pdf');
    expect(stderr).toBe('');
    for (const s of ['电子数据提取笔录', '网络在线提取', 'markwatch 0.1.0', '见证人（签名）'])
      expect(text).toContain(s);
    // Each hash on its own line, in one piece.
    // (pdftotext may give the full-width colon as a space.)
    expect(text).toMatch(/SHA-256[：\s]+a{64}\n/);
    expect(text).toMatch(/SHA-256[：\s]+b{64}\n/);
  });

  it('are byte-identical when rendered again, also by a browser launched for the call', async () => {
    const again = await renderLeadDocuments(leadInput(), {});
    expect(again.map((d) => d.path)).toEqual(docs.map((d) => d.path));
    for (const [i, d] of again.entries()) expect(d.bytes.equals(docs[i]!.bytes), d.path).toBe(true);
  }, 120_000);
});

describe('PDF metadata', () => {
  const html = '<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><body><p>商标 测试</p></body></html>';

  it('does not depend on when Chromium rendered: a PDF stamped at another time comes out the same', async () => {
    const fixed = await htmlToPdf(html, { browser, documentTime: '2026-12-01T08:00:00Z' });
    // What Chromium would have written a year later (same length), then fixed again.
    const stamped = Buffer.from(
      fixed.toString('latin1').replaceAll('D:20261201080000', 'D:20271231235959'),
      'latin1',
    );
    expect(stamped.equals(fixed)).toBe(false);
    expect(fixPdfMetadata(stamped, '2026-12-01T08:00:00Z').equals(fixed)).toBe(true);
  }, 60_000);

  it('differs between two package times only in the date bytes', async () => {
    const a = await htmlToPdf(html, { browser, documentTime: '2026-12-01T08:00:00Z' });
    const b = await htmlToPdf(html, { browser, documentTime: '2026-12-02T09:30:15Z' });
    expect(a.length).toBe(b.length);
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    expect(diff.length).toBeGreaterThan(0);
    const dates = [...a.toString('latin1').matchAll(/D:\d{14}/g)].map((m) => m.index);
    for (const i of diff) expect(dates.some((d) => i >= d + 2 && i < d + 16)).toBe(true);
  }, 60_000);

  it('is the same when the machine runs in another time zone', async () => {
    const utc = await htmlToPdf(html, { browser, documentTime: '2026-12-01T08:00:00Z' });
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai';
    let shanghai: Browser | undefined;
    try {
      shanghai = await launchPdfBrowser();
      const local = await htmlToPdf(html, { browser: shanghai, documentTime: '2026-12-01T08:00:00Z' });
      expect(local.equals(utc)).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
      await shanghai?.close();
    }
  }, 60_000);

  it('gives a file identifier that follows from the content, keeping the length', () => {
    const pdf = (id: string, body: string) =>
      Buffer.from(`%PDF-1.4\n${body}\ntrailer\n<</ID [<${id}> <${id}>] /Info 1 0 R>>\n%%EOF\n`, 'latin1');
    const one = fixPdfMetadata(pdf('0123456789ABCDEF0123456789ABCDEF', 'x'), '2026-12-01T08:00:00Z');
    const two = fixPdfMetadata(pdf('FEDCBA9876543210FEDCBA9876543210', 'x'), '2026-12-01T08:00:00Z');
    const other = fixPdfMetadata(pdf('0123456789ABCDEF0123456789ABCDEF', 'y'), '2026-12-01T08:00:00Z');
    expect(one.equals(two)).toBe(true);
    expect(one.equals(other)).toBe(false);
    expect(one.length).toBe(pdf('0123456789ABCDEF0123456789ABCDEF', 'x').length);
  });

  it('refuses a date it cannot rewrite at the same length, and a bad documentTime', () => {
    const odd = Buffer.from('%PDF-1.4\n<</CreationDate (D:2026)>>\n', 'latin1');
    expect(() => fixPdfMetadata(odd, '2026-12-01T08:00:00Z')).toThrow(/CreationDate/);
    const hex = Buffer.from('%PDF-1.4\n<</ModDate <443A32303236>>>\n', 'latin1');
    expect(() => fixPdfMetadata(hex, '2026-12-01T08:00:00Z')).toThrow(/unrecognised/);
    expect(() => fixPdfMetadata(Buffer.from('%PDF-1.4\n'), 'soon')).toThrow(/documentTime/);
  });
});
