import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToPdf, launchPdfBrowser } from '../../../src/export/summary/index.js';

/*
 * Defence in depth: even HTML that was NOT escaped (a bug upstream) neither runs script nor fetches anything
 * while it is printed. A local server counts requests; pdftotext shows whether a script changed the page.
 */

const PDFTOTEXT = '/usr/bin/pdftotext';
const textChecks = existsSync(PDFTOTEXT) || Boolean(process.env.CI);

let browser: Browser;
let server: Server;
let requests = 0;
let origin = '';
const dir = mkdtempSync(join(tmpdir(), 'markwatch-pdf-iso-'));

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchPdfBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe('htmlToPdf on hostile markup', () => {
  it('fetches nothing and runs no script', async () => {
    const html =
      `<!DOCTYPE html><html><head><link rel="stylesheet" href="${origin}/a.css"></head><body>` +
      `<p id="p">原文未改</p><img src="${origin}/b.png"><iframe src="${origin}/c"></iframe>` +
      `<script>document.getElementById('p').textContent = 'SCRIPT RAN'; fetch('${origin}/d');</script>` +
      `<img src="x" onerror="document.body.append('HANDLER RAN')"></body></html>`;
    const pdf = await htmlToPdf(html, { browser, documentTime: '2026-12-01T08:00:00Z' });
    expect(requests).toBe(0);
    if (textChecks) {
      expect(existsSync(PDFTOTEXT), 'pdftotext missing (poppler-utils)').toBe(true);
      const file = join(dir, 'iso.pdf');
      writeFileSync(file, pdf);
      const text = execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('原文未改');
      expect(text).not.toContain('RAN');
    }
  }, 60_000);
});
