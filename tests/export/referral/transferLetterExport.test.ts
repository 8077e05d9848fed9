import { describe, expect, it } from 'vitest';
import { letterFormatOf, transferLetterDocument } from '../../../src/export/referral/transferLetterExport.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { docsFixture, HOSTILE_FORMULA, HOSTILE_SCRIPT } from './docsFixture.js';

const tempDir = useTempDir();
const AT = new Date('2026-12-04T02:00:00Z');

describe('线索通报 letter export', () => {
  it('addresses the seller’s bureau, lists the evidence hashes, and keeps hostile titles inert', async () => {
    const { store, deps, leadId, evidence } = await docsFixture(tempDir());
    const html = await transferLetterDocument(deps, leadId, AT, 'html');
    expect(html.fileName).toBe(`transfer-lead${leadId}-2026-12-04.html`);
    expect(html.inArea).toBe(false);
    expect(html.body).toContain('莆田');
    expect(html.body).not.toMatch(/<script/i);
    expect(html.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.body).toContain('=HYPERLINK(&quot;http://x&quot;)');
    for (const e of evidence) expect(html.body).toContain(e.sha256);
    const text = await transferLetterDocument(deps, leadId, AT, 'txt');
    expect(text.contentType).toContain('text/plain');
    expect(text.body).toContain(HOSTILE_SCRIPT);
    expect(text.body).toContain(HOSTILE_FORMULA);
    expect(text.body).toContain(html.subject);
    await store.close();
  });

  it('takes its format from the file name', () => {
    expect(letterFormatOf('a.HTML')).toBe('html');
    expect(letterFormatOf('a.txt')).toBe('txt');
    expect(letterFormatOf('a.pdf')).toBeNull();
  });
});
