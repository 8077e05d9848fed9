import type { Store } from '../../../src/store/index.js';
import { holderTrademark } from '../../workflow/proofFixture.js';
import { workflowStore } from '../../workflow/workflowFixture.js';
import { addUser, Browser, webApp } from '../webHarness.js';
import { CONFIG_DEFAULTS, type Config } from '../../../src/config/schema.js';

/*
 * Two rights holders (acct-a with tm-a1, tm-a2; acct-b with tm-b1), an officer, signed in through the form;
 * and a multipart upload the way a browser sends a file field.
 */

export async function portalSetUp(dir: string, web: Partial<Config['web']> = {}) {
  const { store, listed } = await workflowStore(dir);
  await holderTrademark(store, 'acct-a', 'tm-a1', '1001');
  await holderTrademark(store, 'acct-a', 'tm-a2', '1002');
  await holderTrademark(store, 'acct-b', 'tm-b1', '2001');
  const config: Config = { ...CONFIG_DEFAULTS, dataDir: dir, web: { ...CONFIG_DEFAULTS.web, ...web } };
  const app = webApp(store, config);
  await addUser(store, 'holder-a', 'rights_holder', 'acct-a');
  await addUser(store, 'holder-b', 'rights_holder', 'acct-b');
  await addUser(store, 'alice', 'officer');
  const signIn = async (name: string) => {
    const b = new Browser(app);
    await b.login(name, `${name}-password-123`);
    return b;
  };
  return {
    store,
    listed,
    app,
    a: await signIn('holder-a'),
    b: await signIn('holder-b'),
    staff: await signIn('alice'),
  };
}

/** POSTs a multipart form with one file field `file` (and other fields) as the signed-in browser. */
export async function upload(
  app: ReturnType<typeof webApp>,
  browser: Browser,
  fields: Record<string, string | string[]>,
  file: { name: string; bytes: Uint8Array; type?: string } | null,
): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  if (file) form.append('file', new File([file.bytes], file.name, { type: file.type ?? 'application/pdf' }));
  return app.request('/portal/proofs', {
    method: 'POST',
    body: form,
    headers: { host: '127.0.0.1', cookie: `mw_session=${browser.cookie('mw_session') ?? ''}` },
  });
}

export type PortalSetUp = Awaited<ReturnType<typeof portalSetUp>>;
export type { Store };
