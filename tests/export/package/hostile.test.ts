import { afterEach, describe, expect, it } from 'vitest';
import { verifyPackage } from '../../../src/export/package/verifyPackage.js';
import type { Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { packageFixture } from './fixture.js';
import { assertSafeSegment } from './safeAssert.js';
import { readZip } from './zipHelpers.js';

const tempDir = useTempDir('markwatch-pkg-hostile-');
let open: Store | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

const LONG = '耐克运动鞋正品旗舰店'.repeat(30);
const NAMES = [
  '../../etc/passwd',
  'C:\\x',
  'a\u0000b',
  LONG,
  'CON',
  '=HYPERLINK("http://evil")',
  '<script>alert(1)</script>',
];
const TITLES = [
  '=HYPERLINK("http://evil","点我")',
  '<script>alert(1)</script>',
  '../../x',
  LONG,
  "+cmd|' /C calc'!A0",
  '@SUM(1)',
  'a\u0000b',
];

describe('hostile shop names and titles', () => {
  it('never reach an archive path unsanitised, and stay intact as JSON data', async () => {
    const fx = await packageFixture(tempDir(), {
      leads: NAMES.length,
      sellerName: (i) => NAMES[i - 1] as string,
      title: (i) => TITLES[i - 1] as string,
    });
    open = fx.store;
    const { file } = await fx.exportTo('hostile.zip');
    const zip = await readZip(file);
    const folders = new Set<string>();
    for (const name of zip.keys()) {
      expect(name.startsWith('/')).toBe(false);
      for (const seg of name.split('/')) assertSafeSegment(seg);
      folders.add(name.split('/')[0] as string);
      expect(name.split('/')).not.toContain('..');
      expect(name).not.toMatch(/[<>"\\\u0000]/u);
    }
    expect(folders.size).toBe(NAMES.length);
    expect([...folders]).toContain('lead-000005-CON');
    const long = [...folders].find((f) => f.startsWith('lead-000004-')) as string;
    expect(long).toMatch(/^lead-000004-耐克运动鞋正品旗舰店耐克/);
    for (let i = 1; i <= NAMES.length; i++) {
      const folder = [...folders].find((f) => f.startsWith(`lead-${String(i).padStart(6, '0')}-`)) as string;
      const leadJson = JSON.parse((zip.get(`${folder}/lead.json`) as Buffer).toString('utf8')) as {
        lead: { sellerName: string };
        listings: Array<{ title: string }>;
      };
      expect(leadJson.lead.sellerName).toBe(NAMES[i - 1]);
      expect(leadJson.listings[0]?.title).toBe(TITLES[i - 1]);
    }
    const report = await verifyPackage(file);
    expect(report.problems).toEqual([]);
    expect(report.leads).toBe(NAMES.length);
  });
});
