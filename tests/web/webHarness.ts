import { CONFIG_DEFAULTS, type Config } from '../../src/config/schema.js';
import type { Store } from '../../src/store/index.js';
import { createWebApp } from '../../src/web/app.js';
import { createAccount } from '../../src/web/auth/userAdmin.js';

/*
 * The web app in-process (app.request) with a cookie jar per user: log in through the form like a browser,
 * then send requests with the session cookie and the CSRF token from the page.
 */

export const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1, saltBytes: 16, keyBytes: 64 };
const SYSTEM = { actor: 'test', role: 'admin', osUser: 'test', at: '2026-12-01T00:00:00.000Z' };

export function webApp(store: Store, config: Config = { ...CONFIG_DEFAULTS, dataDir: store.dataDir }) {
  return createWebApp(store, { config });
}

export async function addUser(
  store: Store,
  username: string,
  role: 'admin' | 'officer' | 'rights_holder',
  holderId: string | null = null,
): Promise<string> {
  const password = `${username}-password-123`;
  await createAccount(store.accounts, { username, role, holderId, password }, SYSTEM, {
    scrypt: CHEAP_SCRYPT,
  });
  return password;
}

const HOST = { host: '127.0.0.1' };

export class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly app: ReturnType<typeof webApp>) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private headers(extra: Record<string, string> = {}) {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...HOST, ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.app.request(path, { headers: this.headers(headers) });
    this.remember(res);
    return res;
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields))
      for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.app.request(path, {
      method: 'POST',
      body: body.toString(),
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...headers }),
    });
    this.remember(res);
    return res;
  }

  /** The CSRF token of a page's first form. */
  static csrfOf(html: string): string {
    return /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  }

  async login(username: string, password: string): Promise<Response> {
    const form = await this.get('/login');
    return this.post('/login', { _csrf: Browser.csrfOf(await form.text()), username, password });
  }

  /** The session's CSRF token, read from a page. */
  async csrf(path = '/'): Promise<string> {
    let res = await this.get(path);
    while (res.status === 303 || res.status === 302) res = await this.get(res.headers.get('location') ?? '/');
    return Browser.csrfOf(await res.text());
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
