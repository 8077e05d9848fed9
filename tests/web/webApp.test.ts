import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../src/config/schema.js';
import { useTempDir } from '../helpers/tempDir.js';
import { workflowStore } from '../workflow/workflowFixture.js';
import { createAccount } from '../../src/web/auth/userAdmin.js';
import { join } from 'node:path';
import { RightsRegistry } from '../../src/rights/registry.js';
import { documentChannel } from '../../src/workflow/noticeChannels.js';
import { confirmFinding } from '../../src/workflow/review.js';
import { sendNotices } from '../../src/workflow/sendNotice.js';
import { addUser, Browser, CHEAP_SCRYPT, webApp } from './webHarness.js';

/* The web app in-process: headers, Host allow-list, login and its rate limit, CSRF, XSS, holder isolation. */

const tempDir = useTempDir();
const HOSTILE = ['<script>alert(1)</script>耐克', '"><img src=x onerror=alert(1)>耐克'];

async function setUp() {
  const { store, listed } = await workflowStore(tempDir());
  const ids = [];
  for (const title of HOSTILE) ids.push(await listed('evil-seller', { title }));
  const app = webApp(store);
  return { store, listed, ids, app };
}

function expectInert(html: string) {
  expect(html).not.toContain('<script>alert');
  expect(html).not.toMatch(/<img[^>]*onerror/i);
  expect(html).not.toMatch(/href="javascript:/i);
}

describe('web app', () => {
  it('sends the security headers and refuses a Host outside the allow-list', async () => {
    const { store, app } = await setUp();
    const res = await new Browser(app).get('/login');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const rebound = await app.request('/login', { headers: { host: 'attacker.example:8080' } });
    expect(rebound.status).toBe(421);
    const allowed = webApp(store, {
      ...CONFIG_DEFAULTS,
      web: { ...CONFIG_DEFAULTS.web, allowedHosts: ['markwatch.example.gov.cn'] },
    });
    expect((await allowed.request('/login', { headers: { host: 'markwatch.example.gov.cn' } })).status).toBe(
      200,
    );
    await store.close();
  });

  it('logs in with an HttpOnly SameSite=Strict cookie, and limits failed logins per account', async () => {
    const { store, app } = await setUp();
    const password = await addUser(store, 'alice', 'officer');
    const b = new Browser(app);
    const wrong = await b.login('alice', 'not-her-password');
    expect(wrong.status).toBe(401);
    expect(await (await b.login('nobody', 'whatever-password')).text()).toContain('用户名或密码错误');
    for (let i = 0; i < 4; i++) await b.login('alice', 'not-her-password');
    const limited = await b.login('alice', password);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    await addUser(store, 'bob', 'officer');
    const ok = await new Browser(app).login('bob', 'bob-password-123');
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((c) => c.startsWith('mw_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    await store.close();
  });

  it('refuses a change without the CSRF token, and shows hostile listing text as text on every page', async () => {
    const { store, app, ids } = await setUp();
    await addUser(store, 'alice', 'officer');
    const b = new Browser(app);
    await b.login('alice', 'alice-password-123');
    const review = await b.get('/review');
    const html = await review.text();
    expect(review.status).toBe(200);
    expectInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;耐克');
    const page = await (await b.get(`/findings/${ids[1]}`)).text();
    expectInert(page);
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;耐克');

    const forged = await b.post(`/findings/${ids[0]}/confirm`, {});
    expect(forged.status).toBe(403);
    const wrong = await b.post(`/findings/${ids[0]}/confirm`, { _csrf: 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    // A body past the form limit is refused before the CSRF guard reads it.
    const huge = await b.post(`/findings/${ids[0]}/confirm`, {
      _csrf: 'x'.repeat(32),
      note: 'x'.repeat(300 * 1024),
    });
    expect(huge.status).toBe(413);
    expect((await store.findings.get(ids[0]!))?.review).toBe('new');
    const csrf = Browser.csrfOf(page);
    const done = await b.post(`/findings/${ids[0]}/confirm`, { _csrf: csrf });
    expect(done.status).toBe(303);
    expect((await store.findings.get(ids[0]!))?.review).toBe('confirmed');
    const lead = (await store.leads.list())[0]!;
    for (const path of [
      `/leads/${lead.id}`,
      '/leads',
      '/due',
      '/transfers',
      '/alerts',
      '/rights',
      '/dashboard',
    ]) {
      const res = await b.get(path);
      expect(res.status, path).toBe(200);
      expectInert(await res.text());
    }
    await store.close();
  });

  it('keeps each rights holder to their own data: another holder’s ids answer 404', async () => {
    const { store, app, ids } = await setUp();
    // holder-a owns tm-naike (submitted and approved through the registry): the hostile findings are theirs.
    const registry = new RightsRegistry(store.rights);
    await registry.submit(
      { role: 'holder', accountId: 'acct-a' },
      {
        id: 'tm-naike',
        kind: 'trademark',
        name: '耐克',
        registrationNo: '146658',
        niceClasses: [25],
        owner: '耐克创新有限合伙公司',
        validFrom: '2021-03-01',
        validTo: '2031-02-28',
      },
    );
    await registry.approve({ role: 'staff', accountId: 'staff' }, 'tm-naike');
    await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
    await addUser(store, 'holder-b', 'rights_holder', 'acct-b');
    const evidenceId = await store.evidence.add((await store.listings.get('shopa', 'L1'))!.pk, {
      kind: 'html',
      url: 'https://shop.example/item/L1',
      sha256: 'a'.repeat(64),
      path: 'evidence/x.html',
      bytes: 1,
      contentType: 'text/html',
      capturedAt: '2026-11-01T00:00:00Z',
    });
    // A notice for holder-a's right, sent as a document.
    const deps = {
      store,
      rightOf: async () => null,
      channelFor: () => documentChannel(join(store.dataDir, 'notices')),
      notifierFor: () => ({ name: '耐克创新有限合伙公司' }),
    };
    const staffActor = { actor: 'staff', role: 'officer', osUser: 'test', at: '2026-12-01T00:00:00.000Z' };
    const { lead } = await confirmFinding(deps, ids[0]!, staffActor, async () => ({
      score: 1,
      tier: 'high',
      parts: [],
    }));
    const [notice] = await sendNotices(deps, lead.id, staffActor);
    const a = new Browser(app);
    await a.login('holder-a', 'holder-a-password-123');
    const notices = await (await a.get('/portal/notices')).text();
    expect(notices).toContain(`/portal/notices/${notice!.id}/draft`);
    expect(notices).toMatch(/共 1 个链接/);
    const draft = await a.get(`/portal/notices/${notice!.id}/draft`);
    expect(draft.status).toBe(200);
    expect(await draft.text()).toContain('知识产权侵权通知书');
    const own = await a.get(`/portal/findings/${ids[0]}`);
    expect(own.status).toBe(200);
    expectInert(await own.text());
    expect(await (await a.get('/portal')).text()).toContain(`/portal/findings/${ids[0]}`);
    const b = new Browser(app);
    await b.login('holder-b', 'holder-b-password-123');
    const portal = await b.get('/portal');
    expect(portal.status).toBe(200);
    expect(await portal.text()).not.toContain('/portal/findings/');
    expect(await (await b.get('/portal/notices')).text()).not.toContain('/draft');
    for (const path of [
      `/portal/notices/${notice!.id}/draft`,
      `/portal/findings/${ids[0]}`,
      `/portal/findings/${ids[1]}`,
      `/evidence/${evidenceId}`,
      `/findings/${ids[0]}`,
      '/review',
      '/leads',
      '/leads/1',
      '/api/findings',
      '/rights',
      '/dashboard',
    ]) {
      expect((await b.get(path)).status, path).toBe(404);
    }
    await store.close();
  });

  it('takes a holder’s trademark submission with the validation message beside the field, then staff approve it', async () => {
    const { store, app } = await setUp();
    await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
    await addUser(store, 'alice', 'officer');
    const h = new Browser(app);
    await h.login('holder-a', 'holder-a-password-123');
    const csrf = await h.csrf('/portal');
    const fields = {
      _csrf: csrf,
      id: 'tm-mybrand',
      name: '好运来',
      registrationNo: '12345678',
      niceClasses: '25, 99',
      owner: '好运来服饰有限公司',
      validFrom: '2020-01-01',
      validTo: '2030-12-31',
    };
    const bad = await h.post('/portal/rights', fields);
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toMatch(/data-field="niceClasses"/);
    expect(badHtml).toContain('value="好运来"');
    const good = await h.post('/portal/rights', { ...fields, niceClasses: '25' });
    expect(good.status).toBe(303);
    expect((await store.rights.get('tm-mybrand'))?.status).toBe('pending');
    const s = new Browser(app);
    await s.login('alice', 'alice-password-123');
    const pending = await (await s.get('/rights')).text();
    expect(pending).toContain('tm-mybrand');
    const approved = await s.post('/rights/tm-mybrand/approve', { _csrf: Browser.csrfOf(pending) });
    expect(approved.status).toBe(303);
    expect((await store.rights.get('tm-mybrand'))?.status).toBe('active');
    await store.close();
  });

  it('sends a one-time password holder to the password change first; only admins manage users', async () => {
    const { store, app } = await setUp();
    const who = { actor: 'test', role: 'admin', osUser: 'test', at: '2026-12-01T00:00:00.000Z' };
    const { oneTimePassword } = await createAccount(
      store.accounts,
      { username: 'root', role: 'admin' },
      who,
      { scrypt: CHEAP_SCRYPT },
    );
    const a = new Browser(app);
    await a.login('root', oneTimePassword!);
    const forced = await a.get('/review');
    expect(forced.status).toBe(303);
    expect(forced.headers.get('location')).toBe('/account/password');
    const csrf = await a.csrf('/account/password');
    const short = await a.post('/account/password', {
      _csrf: csrf,
      current_password: oneTimePassword!,
      new_password: 'short',
    });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('new_password');
    const changed = await a.post('/account/password', {
      _csrf: csrf,
      current_password: oneTimePassword!,
      new_password: 'a-much-better-password',
    });
    expect(changed.status).toBe(303);
    expect((await a.get('/review')).status).toBe(200);
    const usersPage = await a.get('/admin/users');
    expect(usersPage.status).toBe(200);
    const added = await a.post('/admin/users', {
      _csrf: Browser.csrfOf(await usersPage.text()),
      username: 'carol',
      role: 'officer',
    });
    expect(await added.text()).toMatch(/已添加 carol，一次性密码（只显示这一次）：\S+/);
    await addUser(store, 'alice', 'officer');
    const o = new Browser(app);
    await o.login('alice', 'alice-password-123');
    expect((await o.get('/admin/users')).status).toBe(404);
    await store.close();
  });
});
