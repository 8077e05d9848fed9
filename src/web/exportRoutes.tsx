import { PassThrough, Readable } from 'node:stream';
import { Hono } from 'hono';
import { leadPackageWiring } from '../app/leadPackages.js';
import { chinaDate } from '../common/chinaTime.js';
import { MarkwatchError } from '../common/errors.js';
import {
  leadPackagesStream,
  recordExport,
  recordPackageExport,
  UnknownLeadError,
} from '../export/package/index.js';
import { publicityDocument } from '../export/publicity/publicityExport.js';
import { writeReferralPackage } from '../export/referral/referralPackage.js';
import { typicalCasesDocument } from '../export/typicalCases/typicalCasesExport.js';
import { render, webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { ExportsPage } from './pages/exportsPage.js';
import { notFound, requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * Exports on the web (issue 16), for staff: a lead's evidence package (the same ZIP as `leads export`, streamed),
 * its 移送 package for the police, the 公示 list and the typical-case table. Everything but the evidence
 * package is recorded in the audit log with the SHA-256 of what was sent, as the CLI records files it writes.
 */

const ID = /^\d{1,12}$/;

function attachment(fileName: string, contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    // RFC 6266: the ASCII fallback, and the UTF-8 name (Chinese names survive).
    'content-disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'no-store',
  };
}

export function exportRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  for (const path of ['/exports', '/exports/*', '/leads/:id/package.zip', '/leads/:id/referral.zip']) {
    app.use(path, requireStaff());
  }
  const viewerOf = (c: WebContext) => c.get('viewer') as Viewer;
  const recorded = (
    c: WebContext,
    action: string,
    subject: { type: string; id: string },
    body: Buffer | string,
    detail: Record<string, unknown>,
  ) => recordExport(deps.store.audit, webActor(c, viewerOf(c), deps.now()), action, subject, body, detail);

  app.get('/exports', (c) => render(c, <ExportsPage viewer={viewerOf(c)} today={chinaDate(deps.now())} />));

  app.get('/leads/:id/package.zip', async (c) => {
    const raw = c.req.param('id');
    if (!ID.test(raw)) return notFound(c);
    const wiring = leadPackageWiring(deps.store, deps.config, {
      documents: c.req.query('documents') !== '0',
    });
    try {
      const { stream, done } = await leadPackagesStream(wiring.deps, [Number(raw)]);
      const who = webActor(c, viewerOf(c), deps.now());
      // Once the whole package has been sent, its digest goes into the audit log (what `verify` consults).
      void done
        .then((summary) => recordPackageExport(deps.store.audit, who, summary, 'web'))
        .finally(() => wiring.close())
        .catch(() => undefined);
      return new Response(Readable.toWeb(stream) as ReadableStream, {
        headers: attachment(`lead-${raw}.zip`, 'application/zip'),
      });
    } catch (err) {
      await wiring.close();
      if (err instanceof UnknownLeadError) return notFound(c);
      throw err;
    }
  });

  app.get('/leads/:id/referral.zip', async (c) => {
    const raw = c.req.param('id');
    const lead = ID.test(raw) ? await deps.store.leads.get(Number(raw)) : null;
    if (!lead) return notFound(c);
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (b: Buffer) => chunks.push(b));
    const police = (c.req.query('police') ?? '').trim().slice(0, 100);
    const result = await writeReferralPackage(
      { ...deps.workflow, blobs: deps.store.blobs, audit: deps.store.audit },
      lead.id,
      { date: chinaDate(deps.now()), actor: viewerOf(c).username, ...(police ? { police } : {}) },
      sink,
    );
    const body = Buffer.concat(chunks);
    await recorded(c, 'export.referral_package', { type: 'lead', id: String(lead.id) }, body, {
      files: result.files.length,
      thresholdVersion: result.thresholdVersion,
    });
    return c.body(body, 200, attachment(`移送材料-线索${lead.id}.zip`, 'application/zip'));
  });

  app.get('/exports/publicity', async (c) => {
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    const format = c.req.query('format') === 'csv' ? 'csv' : 'html';
    try {
      const doc = await publicityDocument(deps.workflow, { from, to }, format);
      await recorded(c, 'export.publicity', { type: 'export', id: 'publicity' }, doc.body, {
        from,
        to,
        rows: doc.rows,
      });
      return c.body(doc.body, 200, attachment(doc.fileName, doc.contentType));
    } catch (err) {
      if (!(err instanceof MarkwatchError)) throw err;
      return render(
        c,
        <ExportsPage viewer={viewerOf(c)} today={chinaDate(deps.now())} error={err.message} />,
        400,
      );
    }
  });

  app.get('/exports/cases.xlsx', async (c) => {
    const ids = (c.req.query('ids') ?? '').split(/[\s,，]+/).filter(Boolean);
    const bad = ids.find((id) => !ID.test(id));
    if (ids.length === 0 || bad !== undefined) {
      const error = bad
        ? `线索编号「${bad}」无效 (ids: not a lead id)`
        : '请填写线索编号 (ids: give at least one lead id)';
      return render(c, <ExportsPage viewer={viewerOf(c)} today={chinaDate(deps.now())} error={error} />, 400);
    }
    try {
      const doc = await typicalCasesDocument(deps.workflow, ids.map(Number));
      await recorded(c, 'export.typical_cases', { type: 'export', id: 'typical_cases' }, doc.body, {
        leadIds: ids.map(Number),
      });
      return c.body(new Uint8Array(doc.body), 200, attachment(doc.fileName, doc.contentType));
    } catch (err) {
      if (!(err instanceof MarkwatchError)) throw err;
      return render(
        c,
        <ExportsPage viewer={viewerOf(c)} today={chinaDate(deps.now())} error={err.message} />,
        400,
      );
    }
  });
  return app;
}
