import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../helpers/tempDir.js';
import { portalSetUp } from './portalHarness.js';

/* A holder's right: its status, every revision with who/when/what, its notifications, and an edit. */

const tempDir = useTempDir();

const FORM = {
  name: '商标1001',
  registrationNo: '1001',
  niceClasses: '25, 28',
  owner: 'acct-a 有限公司',
  validFrom: '2021-03-01',
  validTo: '2031-02-28',
};

describe('portal: a right’s status and history', () => {
  it('shows every revision and the registry’s notifications, prefilled for an edit', async () => {
    const { store, a } = await portalSetUp(tempDir());
    const res = await a.get('/portal/rights/tm-a1');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('状态：<strong>有效</strong>');
    expect(html).toMatch(/data-revision="1"[\s\S]*提交[\s\S]*权利人 acct-a[\s\S]*（新建）/);
    expect(html).toMatch(/data-revision="2"[\s\S]*批准[\s\S]*执法人员 staff/);
    expect(html).toContain('已批准');
    expect(html).toContain('value="商标1001"');
    expect(await (await a.get('/portal')).text()).toContain('href="/portal/rights/tm-a1"');
    await store.close();
  });

  it('edits through the registry: an error beside the field, then a pending revision while the approved one stays', async () => {
    const { store, a, staff } = await portalSetUp(tempDir());
    const csrf = await a.csrf('/portal/rights/tm-a1');
    const bad = await a.post('/portal/rights/tm-a1', { _csrf: csrf, ...FORM, validTo: '2031-02-30' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/data-field="validTo"/);
    expect(badHtml).toContain('value="25, 28"');
    expect((await store.rights.history('tm-a1')).length).toBe(2);

    // The id in the form is ignored: the URL names the right.
    const good = await a.post('/portal/rights/tm-a1', { _csrf: csrf, ...FORM, id: 'tm-b1' });
    expect(good.status).toBe(303);
    const entry = await store.rights.get('tm-a1');
    expect(entry?.status).toBe('active');
    expect(entry?.inForce).toMatchObject({ niceClasses: [25] });
    expect(entry?.pending).toMatchObject({ niceClasses: [25, 28] });
    expect((await store.rights.get('tm-b1'))?.ownerAccountId).toBe('acct-b');
    const html = await (await a.get('/portal/rights/tm-a1?saved=1')).text();
    expect(html).toContain('已提交修改');
    expect(html).toMatch(/data-revision="3"[\s\S]*修改[\s\S]*类别：25、28/);
    // Staff approve it from the pending list.
    const pending = await (await staff.get('/rights')).text();
    expect(pending).toContain('href="/rights/tm-a1"');
    expect((await staff.post('/rights/tm-a1/approve', { _csrf: await staff.csrf('/rights') })).status).toBe(
      303,
    );
    expect((await store.rights.get('tm-a1'))?.inForce).toMatchObject({ niceClasses: [25, 28] });
    await store.close();
  });

  it('answers 404 for another holder’s right, seen or edited', async () => {
    const { store, b } = await portalSetUp(tempDir());
    const csrf = await b.csrf('/portal');
    expect((await b.get('/portal/rights/tm-a1')).status).toBe(404);
    expect((await b.get('/portal/rights/no-such-right')).status).toBe(404);
    expect((await b.post('/portal/rights/tm-a1', { _csrf: csrf, ...FORM })).status).toBe(404);
    expect((await store.rights.history('tm-a1')).length).toBe(2);
    expect((await b.get('/portal/rights/tm-b1')).status).toBe(200);
    await store.close();
  });
});
