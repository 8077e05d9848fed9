import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { workflowStore } from '../../workflow/workflowFixture.js';
import { addUser } from '../webHarness.js';
import { logIn, openWebSession, screenshot, type WebSession } from './browserHarness.js';

/*
 * A reviewer's morning in the browser: sign in through the form, confirm a finding with the mouse on its
 * page, dismiss one from the queue with j/x/d, confirm one with j/Enter/c, and toggle the help with ?.
 * Each step is checked in the store, not only on the screen.
 */

const tempDir = useTempDir();
let session: WebSession | undefined;
let store: Store | undefined;
afterEach(async () => {
  await session?.close();
  await store?.close();
  session = store = undefined;
});

/** The finding id of the row the keyboard cursor is on. */
const currentRow = (page: Page) => page.locator('tr[data-row].current').getAttribute('data-row');

describe('staff review in the browser', () => {
  it(
    'confirms a finding by mouse, dismisses one by keyboard and confirms one by keyboard',
    { timeout: 180_000 },
    async () => {
      const fixture = await workflowStore(tempDir());
      store = fixture.store;
      const ids = [
        await fixture.listed('seller-a', { title: '耐克 运动鞋 高仿 甲' }),
        await fixture.listed('seller-b', { title: '耐克 运动鞋 高仿 乙' }),
        await fixture.listed('seller-c', { title: '耐克 运动鞋 高仿 丙' }),
      ];
      await addUser(store, 'officer1', 'officer');
      session = await openWebSession(store);
      const page = await session.person();

      // Signing in lands a staff member on the review queue.
      await page.goto('/review');
      await page.waitForURL(/\/login/);
      await screenshot(page, '01-login');
      await logIn(page, 'officer1');
      expect(new URL(page.url()).pathname).toBe('/review');
      await expect.poll(() => page.locator('tr[data-row]').count()).toBe(3);
      await screenshot(page, '02-review');

      // By mouse: open the first finding from the queue and click 确认.
      const [mouseId] = ids as [number, number, number];
      await Promise.all([
        page.waitForURL(`**/findings/${mouseId}`),
        page.locator(`tr[data-row="${mouseId}"] a[data-open]`).click(),
      ]);
      await screenshot(page, '03-finding');
      await Promise.all([
        page.waitForURL(`**/findings/${mouseId}`),
        page.getByRole('button', { name: '确认 (c)' }).click(),
      ]);
      await page.locator('dd', { hasText: '已确认' }).first().waitFor();
      expect((await store.findings.get(mouseId))?.review).toBe('confirmed');
      expect((await store.findings.get(mouseId))?.leadId).not.toBeNull();

      // By keyboard on the queue: choose a reason, then j (move), x (select), d (dismiss the selection).
      await page.goto('/review');
      await expect.poll(() => page.locator('tr[data-row]').count()).toBe(2);
      await page.locator('fieldset.bulk select[name=reason]').selectOption('false_match');
      await page.locator('h1').click(); // the shortcuts are off while a form field has the focus
      await page.keyboard.press('j');
      const dismissId = Number(await currentRow(page));
      expect(ids).toContain(dismissId);
      await page.keyboard.press('x');
      expect(await page.locator(`tr[data-row="${dismissId}"] input[type=checkbox]`).isChecked()).toBe(true);
      await Promise.all([page.waitForURL(/done=/), page.keyboard.press('d')]);
      await page.locator('p.notice', { hasText: '已排除 1 条' }).waitFor();
      expect(await store.findings.get(dismissId)).toMatchObject({
        review: 'dismissed',
        dismissReason: 'false_match',
      });

      // ? shows the help, ? again hides it.
      await page.keyboard.press('?');
      await page.locator('#help').waitFor({ state: 'visible' });
      await page.keyboard.press('?');
      await page.locator('#help').waitFor({ state: 'hidden' });

      // By keyboard to the finding page: j, Enter opens it, c confirms.
      await expect.poll(() => page.locator('tr[data-row]').count()).toBe(1);
      await page.keyboard.press('j');
      const keyboardId = Number(await currentRow(page));
      expect(ids.filter((id) => id !== mouseId && id !== dismissId)).toEqual([keyboardId]);
      await Promise.all([page.waitForURL(`**/findings/${keyboardId}`), page.keyboard.press('Enter')]);
      await page.locator('#confirm').waitFor();
      await Promise.all([page.waitForURL(`**/findings/${keyboardId}`), page.keyboard.press('c')]);
      await page.locator('#confirm').waitFor({ state: 'detached' });
      expect((await store.findings.get(keyboardId))?.review).toBe('confirmed');

      // The queue of new findings is empty now.
      await page.goto('/review');
      await page.getByText('没有符合条件的发现。').waitFor();
      expect(session.dialogs).toEqual([]);
    },
  );
});
