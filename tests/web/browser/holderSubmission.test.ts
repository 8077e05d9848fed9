import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { workflowStore } from '../../workflow/workflowFixture.js';
import { addUser } from '../webHarness.js';
import { logIn, openWebSession, screenshot, type WebSession } from './browserHarness.js';

/*
 * A rights holder submits a trademark on the portal, gets the registry's message beside the Nice-classes
 * field for class 99, fixes it and submits again; a staff member in another browser approves it on /rights.
 */

const tempDir = useTempDir();
let session: WebSession | undefined;
let store: Store | undefined;
afterEach(async () => {
  await session?.close();
  await store?.close();
  session = store = undefined;
});

describe('holder submission in the browser', () => {
  it(
    'shows the validation error beside the field, takes the fixed mark, and staff approve it',
    { timeout: 180_000 },
    async () => {
      store = (await workflowStore(tempDir())).store;
      await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
      await addUser(store, 'officer1', 'officer');
      session = await openWebSession(store);

      const holder = await session.person();
      await logIn(holder, 'holder-a');
      expect(new URL(holder.url()).pathname).toBe('/portal');
      const form = holder.locator('form.submit-right');
      const fill: [string, string][] = [
        ['权利编号', 'tm-haoyunlai'],
        ['商标名称', '好运来'],
        ['注册号', '12345678'],
        ['类别（逗号分隔）', '25, 99'],
        ['注册人', '好运来服饰有限公司'],
        ['有效期自', '2020-01-01'],
        ['有效期至', '2030-12-31'],
      ];
      for (const [label, value] of fill) await form.getByLabel(label).fill(value);
      await screenshot(holder, '04-portal');
      await Promise.all([
        holder.waitForLoadState('load'),
        form.getByRole('button', { name: '提交审核' }).click(),
      ]);

      // The message sits in the same label as the niceClasses input, which is marked invalid; the typed values stay.
      const classes = holder.locator('form.submit-right input[name=niceClasses]');
      const error = holder.locator(
        'label:has(input[name=niceClasses]) .field-error[data-field="niceClasses"]',
      );
      await error.waitFor();
      // Chinese first: the registry's (zod) message follows in parentheses.
      expect(await error.innerText()).toMatch(/^不能大于 45/);
      expect(await classes.getAttribute('aria-invalid')).toBe('true');
      expect(await classes.inputValue()).toBe('25, 99');
      expect(await holder.locator('form.submit-right input[name=name]').inputValue()).toBe('好运来');
      expect(await holder.locator('.field-error').count()).toBe(1);
      await screenshot(holder, '05-portal-field-error');
      expect(await store.rights.get('tm-haoyunlai')).toBeNull();

      await classes.fill('25');
      await Promise.all([
        holder.waitForURL('**/portal'),
        holder.locator('form.submit-right').getByRole('button', { name: '提交审核' }).click(),
      ]);
      const submitted = holder.locator('tr', { hasText: 'tm-haoyunlai' });
      await submitted.waitFor();
      expect(await submitted.innerText()).toContain('待审核');
      expect(await holder.locator('.field-error').count()).toBe(0);
      expect((await store.rights.get('tm-haoyunlai'))?.status).toBe('pending');

      // Staff, in a browser context of their own, approve it.
      const staff = await session.person();
      await logIn(staff, 'officer1');
      await staff.goto('/rights');
      const row = staff.locator('tr[data-row="tm-haoyunlai"]');
      await row.waitFor();
      await screenshot(staff, '06-rights');
      await Promise.all([
        staff.waitForURL(/\/rights\?done=/),
        row.getByRole('button', { name: '批准' }).click(),
      ]);
      await staff.locator('p.notice', { hasText: '已批准 tm-haoyunlai' }).waitFor();
      expect(await staff.locator('tr[data-row="tm-haoyunlai"]').count()).toBe(0);
      expect((await store.rights.get('tm-haoyunlai'))?.status).toBe('active');

      // The holder sees the new status on reload.
      await holder.reload();
      const mine = holder.locator('tr', { hasText: 'tm-haoyunlai' });
      await mine.waitFor();
      expect(await mine.innerText()).toContain('有效');
      expect(session.dialogs).toEqual([]);
    },
  );
});
