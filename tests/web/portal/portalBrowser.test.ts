import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../../src/config/schema.js';
import type { Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { holderTrademark, PDF } from '../../workflow/proofFixture.js';
import { workflowStore } from '../../workflow/workflowFixture.js';
import { logIn, openWebSession, screenshot, type WebSession } from '../browser/browserHarness.js';
import { addUser } from '../webHarness.js';

/*
 * In Chromium: a holder uploads a certificate for a mark, sees it with its hash on the mark's history page, and
 * edits the mark; staff see the proof on /rights/ID and change an alert setting. Screenshots of each page.
 */

const tempDir = useTempDir();
let session: WebSession | undefined;
let store: Store | undefined;
afterEach(async () => {
  await session?.close();
  await store?.close();
  session = store = undefined;
});

describe('holder portal in the browser', () => {
  it(
    'uploads a proof once, shows it on the mark, edits the mark; staff see it',
    { timeout: 180_000 },
    async () => {
      const dir = tempDir();
      store = (await workflowStore(dir)).store;
      await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
      await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
      await addUser(store, 'officer1', 'officer');
      session = await openWebSession(store, { ...CONFIG_DEFAULTS, dataDir: dir });

      const holder = await session.person();
      await logIn(holder, 'holder-a');
      await holder.getByRole('link', { name: '权利证明（注册证书）' }).click();
      await holder
        .locator('input[type=file]')
        .setInputFiles({ name: '商标注册证.pdf', mimeType: 'application/pdf', buffer: PDF });
      await holder.getByLabel('tm-a1').check();
      await Promise.all([
        holder.waitForURL('**/portal/proofs'),
        holder.getByRole('button', { name: '上传' }).click(),
      ]);
      const hash = createHash('sha256').update(PDF).digest('hex');
      await holder.locator('li', { hasText: hash }).waitFor();
      await screenshot(holder, '20-portal-proofs');

      await holder.goto('/portal/rights/tm-a1');
      expect(await holder.locator('.proof .hash').textContent()).toContain(hash);
      await holder.locator('form.submit-right input[name=validTo]').fill('2031-13-01');
      await holder.getByRole('button', { name: '提交审核' }).click();
      await holder.locator('.field-error[data-field="validTo"]').waitFor();
      await holder.locator('form.submit-right input[name=validTo]').fill('2031-02-27');
      await Promise.all([
        holder.waitForURL('**/portal/rights/tm-a1?saved=1'),
        holder.getByRole('button', { name: '提交审核' }).click(),
      ]);
      expect(await holder.locator('tr[data-revision="3"]').textContent()).toContain('有效期至：2031-02-27');
      await screenshot(holder, '21-portal-right-history');

      const staff = await session.person();
      await logIn(staff, 'officer1');
      await staff.goto('/rights/tm-a1');
      expect(await staff.locator('.proof a').getAttribute('href')).toMatch(/^\/proofs\/\d+$/);
      await screenshot(staff, '22-staff-right');
      await staff.goto('/alerts');
      await staff.getByLabel('汇总发送时刻（北京时间，0–23 时）').fill('9');
      await Promise.all([
        staff.waitForURL('**/alerts?saved=1'),
        staff.getByRole('button', { name: '保存设置' }).click(),
      ]);
      await screenshot(staff, '23-alert-settings');
      expect((await store.alertSettings.current())?.overrides).toMatchObject({ digest: { hourChina: 9 } });
      expect(session.dialogs).toEqual([]);
    },
  );
});
