import { describe, expect, it } from 'vitest';
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
      web.serve(store);
      const after = await fetch(`${web.url}/api/leads`);
      expect(after.status).toBe(200);
      expect(await after.json()).toEqual({ leads: [] });
    } finally {
      await web.close();
      await store.close();
    }
  });
});
