import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS } from '../../src/config/schema.js';
import { openStore } from '../../src/store/index.js';
import { listenWebServer } from '../../src/web/server.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();

/*
 * The web server takes its port before there is a store to serve (the demo binds first, then writes): until
 * the store is attached it answers 503, then the app.
 */
describe('web server', () => {
  it('listens on a free port before it serves, answering 503 until the store is attached', async () => {
    const web = await listenWebServer('127.0.0.1', 0);
    const store = await openStore(tempDir());
    try {
      expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      const before = await fetch(`${web.url}/healthz`);
      expect(before.status).toBe(503);
      expect(before.headers.get('retry-after')).toBe('5');
      await before.text();
      web.serve(store, CONFIG_DEFAULTS);
      const after = await fetch(`${web.url}/healthz`);
      expect(after.status).toBe(200);
      expect(await after.text()).toBe('ok');
      // Everything else needs a session.
      const api = await fetch(`${web.url}/api/leads`, { redirect: 'manual' });
      expect(api.status).toBe(303);
      expect(api.headers.get('location')).toMatch(/^\/login/);
    } finally {
      await web.close();
      await store.close();
    }
  });
});
