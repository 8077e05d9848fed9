import { readFileSync } from 'node:fs';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ProofError, type Proof } from '../store/index.js';
import { proofFilePath, uploadProof } from '../workflow/proofOfRight.js';
import { webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { ProofsPage } from './pages/portalPages.js';
import { notFound, requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * Proofs of right on the web: a holder uploads a registration certificate once (checked by its bytes, stored
 * by its SHA-256), attaches it to their rights, and downloads their own; staff open any from the right and the
 * lead. Another holder's proof answers 404 whether asked by id or by hash. A proof is served inert: its own
 * content type, as an attachment, nosniff and a sandboxing CSP, so a crafted file never runs as a page.
 */

/** Multipart framing around the file: the request may exceed the file limit by this much. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

const EXTENSIONS: Record<Proof['mediaType'], string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

const viewerOf = (c: WebContext) => c.get('viewer') as Viewer;

/** The proof page with the holder's proofs and rights, and an error beside the file field. */
async function proofsPage(deps: WebDeps, c: WebContext, error?: string, status = 200): Promise<Response> {
  const v = viewerOf(c);
  const holderId = v.holderId ?? '';
  const proofs = await deps.store.proofs.forHolder(holderId);
  const rows = [];
  for (const proof of proofs) rows.push({ proof, rights: await deps.store.proofs.rightsOf(proof.id) });
  const rights = (await deps.store.rights.list({ ownerAccountId: holderId })).filter(
    (r) => r.status !== 'retired',
  );
  const page = (
    <ProofsPage
      viewer={v}
      proofs={rows}
      rights={rights}
      error={error}
      maxBytes={deps.config.web.proofMaxBytes}
    />
  );
  return c.html(`<!doctype html>${String(await page)}`, status as 200);
}

/**
 * Refuses an upload request larger than the limit before anything reads it (register before the CSRF guard,
 * which reads form bodies): the page again, with the error beside the file field.
 */
export function proofBodyLimit(deps: WebDeps): MiddlewareHandler<WebEnv> {
  const limit = bodyLimit({
    maxSize: deps.config.web.proofMaxBytes + FORM_OVERHEAD_BYTES,
    onError: (c) => {
      const v = (c as WebContext).get('viewer');
      if (!v || v.role !== 'rights_holder') return c.text('413 请求过大 (payload too large)\n', 413);
      const mb = Math.round((deps.config.web.proofMaxBytes / 1024 / 1024) * 10) / 10;
      return proofsPage(deps, c as WebContext, `文件过大：最大 ${mb} MB (the file is too large)`, 413);
    },
  });
  return async (c, next) => (c.req.method === 'POST' ? limit(c, next) : next());
}

/** The proof's bytes as a download that no browser renders or runs in our origin. */
function serveProof(c: WebContext, dataDir: string, proof: Proof): Response | Promise<Response> {
  const file = proofFilePath(dataDir, proof.sha256);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file ?? '');
  } catch {
    return notFound(c);
  }
  const ascii = `proof-${proof.id}.${EXTENSIONS[proof.mediaType]}`;
  return c.body(new Uint8Array(bytes), 200, {
    'content-type': proof.mediaType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(proof.fileName)}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'private, no-store',
  });
}

export function proofRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  // /portal/* is the holder's (portalRoutes guards it); /proofs/* is staff's.
  app.use('/proofs/*', requireStaff());

  app.get('/portal/proofs', (c) => proofsPage(deps, c));

  app.post('/portal/proofs', async (c) => {
    const v = viewerOf(c);
    const body = await c.req.parseBody({ all: true });
    const file = Array.isArray(body.file) ? body.file[0] : body.file;
    if (!(file instanceof File)) return proofsPage(deps, c, '请选择注册证书文件 (choose a file)', 400);
    const rights = [body.rights ?? []].flat().filter((x): x is string => typeof x === 'string');
    let result;
    try {
      result = await uploadProof(
        { store: deps.store, maxBytes: deps.config.web.proofMaxBytes },
        {
          holderId: v.holderId ?? '',
          fileName: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
          rightIds: rights,
        },
        webActor(c, v, deps.now()),
      );
    } catch (err) {
      if (err instanceof ProofError) return notFound(c);
      throw err;
    }
    if (!result.ok) return proofsPage(deps, c, result.problem.message, 400);
    return c.redirect('/portal/proofs', 303);
  });

  // By id or by hash, only among the holder's own proofs.
  app.get('/portal/proofs/:ref', async (c) => {
    const ref = c.req.param('ref');
    const own = await deps.store.proofs.forHolder(viewerOf(c).holderId ?? '');
    const proof = own.find((p) => String(p.id) === ref || p.sha256 === ref);
    return proof ? serveProof(c, deps.store.dataDir, proof) : notFound(c);
  });

  app.post('/portal/rights/:id/proof', async (c) => {
    const v = viewerOf(c);
    const id = c.req.param('id');
    const raw = (await c.req.parseBody()).proofId;
    const proofId = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : null;
    if (proofId === null) return notFound(c);
    try {
      await deps.store.proofs.attach(v.holderId ?? '', proofId, [id], webActor(c, v, deps.now()));
    } catch (err) {
      if (err instanceof ProofError) return notFound(c);
      throw err;
    }
    return c.redirect(`/portal/rights/${encodeURIComponent(id)}`, 303);
  });

  app.get('/proofs/:id', async (c) => {
    const raw = c.req.param('id');
    const proof = /^\d{1,12}$/.test(raw) ? await deps.store.proofs.get(Number(raw)) : null;
    return proof ? serveProof(c, deps.store.dataDir, proof) : notFound(c);
  });
  return app;
}
