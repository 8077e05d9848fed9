import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { alertDispatcher, raiseAlerts } from '../../../src/app/alerts.js';
import { ConfigSchema } from '../../../src/config/schema.js';
import type { Alert } from '../../../src/store/index.js';
import { useTempDir } from '../../helpers/tempDir.js';
import { workflowStore } from '../../workflow/workflowFixture.js';
import { addUser, Browser, webApp } from '../webHarness.js';

/* Alert settings on the web: validated by the configuration's schema, audited, applied at the next round. */

const tempDir = useTempDir();
const SECRET = 'super-secret-hmac-key-123';
const NOW = new Date('2026-12-04T08:00:00Z');

/** A webhook receiver on 127.0.0.1 counting what it gets. */
async function receiver() {
  const got: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push((JSON.parse(body) as { kind: string }).kind);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, got, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function setUp(hookUrl = 'http://127.0.0.1:9/hook') {
  const dir = tempDir();
  const { store } = await workflowStore(dir);
  const config = ConfigSchema.parse({
    dataDir: dir,
    alerts: {
      channels: [
        { kind: 'webhook', id: 'office', url: hookUrl, secret: SECRET },
        {
          kind: 'smtp',
          id: 'duty',
          host: 'smtp.example.cn',
          from: 'mw@example.cn',
          to: ['duty@example.cn'],
        },
      ],
    },
  });
  const app = webApp(store, config);
  await addUser(store, 'alice', 'officer');
  await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
  const staff = new Browser(app);
  await staff.login('alice', 'alice-password-123');
  await addUser(store, 'root', 'admin');
  const admin = new Browser(app);
  await admin.login('root', 'root-password-123');
  return { store, config, app, staff, admin };
}

const alert = (kind: Alert['kind'], key: string): Alert => ({
  kind,
  dedupKey: key,
  subject: key,
  text: key,
  html: key,
  data: {},
  createdAt: NOW.toISOString(),
});

function form(csrf: string, over: Record<string, string | string[]> = {}) {
  return {
    _csrf: csrf,
    'channels.office.url': 'http://127.0.0.1:9/hook',
    'channels.office.events': ['high_risk_lead', 'relisting', 'overdue', 'crawl_failed', 'digest'],
    'channels.duty.to': 'duty@example.cn',
    'channels.duty.events': ['high_risk_lead', 'relisting', 'overdue', 'crawl_failed', 'digest'],
    'digest.enabled': 'on',
    'digest.hourChina': '8',
    'retry.maxAttempts': '5',
    ...over,
  };
}

describe('alert settings on the web', () => {
  it('shows the settings in force with secrets only as set or not set', async () => {
    const { store, staff } = await setUp();
    const html = await (await staff.get('/alerts')).text();
    expect(html).not.toContain(SECRET);
    expect(html).toMatch(/签名密钥：已设置/);
    expect(html).toMatch(/SMTP 密码：未设置/);
    expect(html).toContain('value="http://127.0.0.1:9/hook"');
    await store.close();
  });

  it('refuses what the configuration schema refuses, beside the field, saving nothing', async () => {
    const { store, staff } = await setUp();
    const csrf = await staff.csrf('/alerts');
    const res = await staff.post(
      '/alerts/settings',
      form(csrf, {
        'channels.office.url': 'ftp://x',
        'digest.hourChina': '25',
        'retry.maxAttempts': 'many',
        'channels.duty.to': '',
      }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    for (const field of [
      'channels.office.url',
      'digest.hourChina',
      'retry.maxAttempts',
      'channels.duty.to',
    ]) {
      expect(html, field).toContain(`data-field="${field}"`);
    }
    expect(html).toContain('value="ftp://x"');
    expect(await store.alertSettings.current()).toBeNull();
    expect(await store.audit.list({ subjectType: 'alert_settings' })).toEqual([]);
    await store.close();
  });

  it('saves the change with an audit entry and applies it to the next alert round', async () => {
    const before = await receiver();
    const after = await receiver();
    try {
      const { store, config, admin: staff } = await setUp(before.url);
      const csrf = await staff.csrf('/alerts');
      const res = await staff.post(
        '/alerts/settings',
        form(csrf, {
          'channels.office.url': after.url,
          'channels.office.events': ['relisting'],
          'digest.hourChina': '9',
          'channels.duty.events': [],
        }),
      );
      expect(res.status).toBe(303);
      expect((await store.alertSettings.current())?.overrides).toEqual({
        channels: { office: { url: after.url, events: ['relisting'] }, duty: { events: [] } },
        digest: { hourChina: 9 },
        retry: {},
      });
      const [entry] = await store.audit.list({ subjectType: 'alert_settings' });
      expect(entry).toMatchObject({ action: 'alerts.settings', actor: 'root', detail: { before: null } });
      expect(await (await staff.get('/alerts?saved=1')).text()).toContain(`value="${after.url}"`);

      const report = await raiseAlerts(
        alertDispatcher(store, config),
        [alert('relisting', 'r1'), alert('high_risk_lead', 'h1')],
        NOW,
      );
      expect(report.delivered).toBe(1);
      expect(after.got).toEqual(['relisting']);
      expect(before.got).toEqual([]);
      const stored = await store.alerts.list();
      expect(stored.find((a) => a.dedupKey === 'h1')?.deliveries).toEqual([]);
      await store.close();
    } finally {
      await before.close();
      await after.close();
    }
  });

  it('leaves where alerts go to admins: an officer may change the events, not the targets', async () => {
    const { store, staff } = await setUp();
    const csrf = await staff.csrf('/alerts');
    const moved = await staff.post(
      '/alerts/settings',
      form(csrf, {
        'channels.office.url': 'https://elsewhere.example/hook',
        'channels.duty.to': 'me@example.cn',
      }),
    );
    expect(moved.status).toBe(400);
    const html = await moved.text();
    expect(html).toContain('只有管理员可以修改提醒的发送目标');
    expect(html).toContain('data-field="channels.office.url"');
    expect(html).toContain('data-field="channels.duty.to"');
    expect(await store.alertSettings.current()).toBeNull();
    const events = await staff.post(
      '/alerts/settings',
      form(csrf, { 'channels.office.events': ['relisting'] }),
    );
    expect(events.status).toBe(303);
    expect((await store.alertSettings.current())?.overrides).toMatchObject({
      channels: { office: { events: ['relisting'] } },
    });
    await store.close();
  });

  it('needs the CSRF token, and is staff only', async () => {
    const { store, app, staff } = await setUp();
    expect((await staff.post('/alerts/settings', form(''))).status).toBe(403);
    const holder = new Browser(app);
    await holder.login('holder-a', 'holder-a-password-123');
    expect((await holder.get('/alerts')).status).toBe(404);
    expect((await holder.post('/alerts/settings', form(await holder.csrf('/portal')))).status).toBe(404);
    expect(await store.alertSettings.current()).toBeNull();
    await store.close();
  });
});
