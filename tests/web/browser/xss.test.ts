import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openFindings } from '../../../src/leads/openFindings.js';
import { listingContentHash, type Hit, type Listing } from '../../../src/model/index.js';
import { RightsRegistry } from '../../../src/rights/registry.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { addUser } from '../webHarness.js';
import { logIn, openWebSession, screenshot, type WebSession } from './browserHarness.js';

/*
 * Hostile listing text in a real browser: titles that are markup, a seller name that is markup, and a
 * javascript: URL. Every page that shows them must show them as text, with no live javascript: link, no
 * injected element and no dialog.
 */

const tempDir = useTempDir();
let session: WebSession | undefined;
let store: Store | undefined;
afterEach(async () => {
  await session?.close();
  await store?.close();
  session = store = undefined;
});

const HOSTILE = [
  { title: '<script>alert(1)</script>耐克', url: 'https://shop.example/item/X1' },
  { title: '"><img src=x onerror=alert(1)>耐克', url: 'https://shop.example/item/X2' },
  { title: '耐克 javascript 链接', url: 'javascript:alert(1)' },
];
const SELLER_NAME = '<b onmouseover=alert(1)>恶意店</b>';

async function hostileStore(dir: string): Promise<{ store: Store; ids: number[] }> {
  const store = await openStore(dir);
  // A right of holder acct-a, so that the portal shows the same findings.
  const registry = new RightsRegistry(store.rights);
  await registry.submit(
    { role: 'holder', accountId: 'acct-a' },
    {
      id: 'tm-naike',
      kind: 'trademark',
      name: '耐克',
      registrationNo: '87654321',
      niceClasses: [25],
      owner: '耐克创新有限合伙公司',
      validFrom: '2020-01-01',
      validTo: '2030-12-31',
    },
  );
  await registry.approve({ role: 'staff', accountId: 'test' }, 'tm-naike', 'test');
  const ids: number[] = [];
  for (const [i, h] of HOSTILE.entries()) {
    const listing: Listing = {
      id: `X${i + 1}`,
      platform: 'shopa',
      url: h.url,
      title: h.title,
      description: `${h.title} 描述 <iframe src="javascript:alert(2)"></iframe>`,
      price: 99,
      sales: 10,
      seller: { id: 'evil-seller', name: SELLER_NAME, regionCode: '330106' },
      capturedAt: '2026-11-01T00:00:00Z',
    };
    const hash = listingContentHash(listing);
    const { pk } = await store.listings.upsert(listing, hash);
    const hit: Hit = {
      listingId: listing.id,
      rightId: 'tm-naike',
      kind: 'trademark',
      reason: 'trademark.counterfeit',
      score: 0.9,
      flagged: true,
      tier: 'lead',
      rules: [],
    };
    const { newFindingIds } = await store.hits.record(pk, hash, [hit], openFindings);
    ids.push(newFindingIds[0]!);
  }
  return { store, ids };
}

/** No javascript: link, no injected element or handler, and only the app's own script on the page. */
async function expectInert(page: Page, where: string) {
  const hrefs: string[] = [];
  for (const a of await page.locator('a[href]').all()) hrefs.push((await a.getAttribute('href')) ?? '');
  const scripts: (string | null)[] = [];
  for (const s of await page.locator('script').all()) scripts.push(await s.getAttribute('src'));
  const dom = {
    jsLinks: hrefs.filter((h) => /^\s*javascript:/i.test(h)),
    scripts,
    injected: await page.locator('img[onerror], [onmouseover], iframe, b').count(),
  };
  expect(dom.jsLinks, where).toEqual([]);
  expect(dom.scripts, where).toEqual(['/static/app.js']);
  expect(dom.injected, where).toBe(0);
}

describe('hostile listing text in the browser', () => {
  it(
    'shows hostile titles as text on the queue, finding, lead and portal pages, and no dialog fires',
    { timeout: 180_000 },
    async () => {
      const made = await hostileStore(tempDir());
      store = made.store;
      const { ids } = made;
      await addUser(store, 'officer1', 'officer');
      await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
      session = await openWebSession(store);
      const page = await session.person();
      await logIn(page, 'officer1');

      await page.goto('/review');
      for (const h of HOSTILE) await page.getByText(h.title, { exact: true }).first().waitFor();
      await page.getByText(SELLER_NAME).first().waitFor();
      // The javascript: URL is shown without a link.
      expect(await page.locator('span.unsafe-link', { hasText: HOSTILE[2]!.title }).count()).toBe(1);
      await expectInert(page, '/review');
      // Hovering the seller name (an onmouseover in the hostile text) does nothing either.
      await page.getByText(SELLER_NAME).first().hover();
      await screenshot(page, '13-review-hostile');

      for (const id of ids) {
        await page.goto(`/findings/${id}`);
        await page.locator('section.finding h2').waitFor();
        expect(HOSTILE.map((h) => h.title)).toContain(await page.locator('section.finding h2').innerText());
        await expectInert(page, `/findings/${id}`);
      }
      await page.getByText('javascript:alert(1)', { exact: true }).waitFor();
      await screenshot(page, '14-finding-hostile');

      // Confirming opens the seller's lead; its page lists all three findings.
      await page.goto(`/findings/${ids[0]}`);
      await Promise.all([page.waitForURL(`**/findings/${ids[0]}`), page.locator('#confirm').click()]);
      const leadId = (await store.findings.get(ids[0]!))?.leadId;
      expect(leadId).toBeTruthy();
      await page.goto(`/leads/${leadId}`);
      await page.getByText(HOSTILE[0]!.title, { exact: true }).waitFor();
      await expect.poll(() => page.getByText(SELLER_NAME).count()).toBeGreaterThan(0);
      await expectInert(page, `/leads/${leadId}`);
      await screenshot(page, '15-lead-hostile');
      await page.goto('/leads');
      await page.getByText(SELLER_NAME).first().waitFor();
      await expectInert(page, '/leads');

      // The holder whose right it is sees the same text, inert, on the portal.
      const holder = await session.person();
      await logIn(holder, 'holder-a');
      for (const h of HOSTILE) await holder.getByText(h.title, { exact: true }).first().waitFor();
      await expectInert(holder, '/portal');
      await holder.goto(`/portal/findings/${ids[1]}`);
      await holder.getByText(HOSTILE[1]!.title, { exact: true }).first().waitFor();
      await expectInert(holder, `/portal/findings/${ids[1]}`);

      expect(session.dialogs).toEqual([]);
    },
  );
});
