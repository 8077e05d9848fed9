import { Hono } from 'hono';
import { chinaDate } from '../common/chinaTime.js';
import type { JsonProblem } from '../common/jsonFile.js';
import {
  ACTION_COLUMNS,
  CASE_COLUMNS,
  Collector,
  actionFromRecord,
  caseFromRecord,
  type EntryRecord,
} from '../export/stats/entryCsv.js';
import { loadFormSpec, StatsError } from '../export/stats/formSpec.js';
import { parseQuarter, type Quarter } from '../export/stats/quarter.js';
import { statsCsv } from '../export/stats/statsCsv.js';
import { buildStatsForm, saveEntries } from '../export/stats/statsService.js';
import { statsXlsx } from '../export/stats/statsXlsx.js';
import { formFields, render, webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { StatsPage } from './pages/statsPage.js';
import { requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * /stats: the quarterly 知识产权执法数据统计表 for officers and admins — view, download (XLSX, CSV) and enter the
 * figures markwatch does not observe. Entries are read exactly as the CSV import reads them (same columns,
 * same messages) and saved with the same audited repository. POSTs pass the app's CSRF guard.
 */

function currentQuarter(now: Date): Quarter {
  const day = chinaDate(now);
  return parseQuarter(`${day.slice(0, 4)}Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`);
}

function fieldRecord(get: (name: string) => string, columns: Record<string, string>): EntryRecord {
  const keyOf = new Map(Object.entries(columns).map(([key, column]) => [column, key]));
  return { line: 0, get: (column) => get(keyOf.get(column) ?? '') };
}

const problemText = (p: JsonProblem) => (p.field ? `「${p.field}」：${p.message}` : p.message);

export function statsRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/stats', requireStaff());
  app.use('/stats/*', requireStaff());
  const office = () => deps.workflow.office.name;

  /** Quarter and unit from the query; a bad quarter is an error naming the field. */
  function target(c: WebContext): { quarter: Quarter; unit: string } | { error: string } {
    const raw = c.req.query('quarter');
    try {
      const quarter = raw ? parseQuarter(raw, '季度 quarter') : currentQuarter(deps.now());
      return { quarter, unit: c.req.query('unit')?.trim() || office() };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  async function page(
    c: WebContext,
    t: { quarter: Quarter; unit: string },
    extra: { message?: string; errors?: string[] } = {},
  ) {
    const spec = loadFormSpec();
    const form = await buildStatsForm(deps.store.stats, {
      ...t,
      officeUnit: office(),
      keyMarketLabel: c.req.query('keyMarketLabel'),
      now: deps.now(),
    });
    const [units, cases, actions] = await Promise.all([
      deps.store.stats.units(),
      deps.store.stats.cases(t.unit),
      deps.store.stats.actions(t.unit),
    ]);
    const viewer = c.get('viewer') as Viewer;
    return render(
      c,
      <StatsPage
        viewer={viewer}
        spec={spec}
        form={form}
        units={[...new Set([office(), ...units])]}
        cases={cases}
        actions={actions}
        {...extra}
      />,
      extra.errors?.length ? 400 : 200,
    );
  }

  app.get('/stats', async (c) => {
    const t = target(c);
    if ('error' in t) return c.text(`400 ${t.error}\n`, 400);
    return page(c, t, { message: c.req.query('saved') ? '已保存 (saved)' : undefined });
  });

  app.get('/stats/download', async (c) => {
    const t = target(c);
    if ('error' in t) return c.text(`400 ${t.error}\n`, 400);
    const format = c.req.query('format');
    if (format !== 'xlsx' && format !== 'csv') return c.text('400 format: xlsx 或 csv (xlsx or csv)\n', 400);
    const form = await buildStatsForm(deps.store.stats, {
      ...t,
      officeUnit: office(),
      keyMarketLabel: c.req.query('keyMarketLabel'),
      now: deps.now(),
    });
    // The unit is typed by people: the file name is ASCII only; the unit is inside the file.
    const name = `stats-${t.quarter.label}.${format}`;
    const headers = { 'content-disposition': `attachment; filename="${name}"` };
    return format === 'xlsx'
      ? c.body(new Uint8Array(await statsXlsx(form)), 200, {
          ...headers,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
      : c.body(statsCsv(form), 200, { ...headers, 'content-type': 'text/csv; charset=utf-8' });
  });

  for (const kind of ['cases', 'actions'] as const) {
    app.post(`/stats/${kind}`, async (c) => {
      const t = target(c);
      if ('error' in t) return c.text(`400 ${t.error}\n`, 400);
      const fields = await formFields(c);
      const collector = new Collector('网页表单');
      const unit = fields.get('unit').trim() || t.unit;
      const entry =
        kind === 'cases'
          ? caseFromRecord(fieldRecord(fields.get, CASE_COLUMNS), loadFormSpec(), unit, collector)
          : actionFromRecord(fieldRecord(fields.get, ACTION_COLUMNS), unit, collector);
      const who = webActor(c, c.get('viewer') as Viewer, deps.now());
      try {
        if (collector.problems.length > 0) {
          throw new StatsError('stats.form_invalid', '', collector.problems);
        }
        const parsed =
          kind === 'cases'
            ? { kind, entries: [entry as ReturnType<typeof caseFromRecord>] }
            : { kind, entries: [entry as ReturnType<typeof actionFromRecord>] };
        await saveEntries(deps.store.stats, deps.store.leads, parsed, who, '网页表单');
      } catch (err) {
        if (!(err instanceof StatsError)) throw err;
        return page(c, { ...t, unit }, { errors: err.problems.map(problemText) });
      }
      const query = new URLSearchParams({ quarter: t.quarter.label, unit, saved: kind });
      return c.redirect(`/stats?${query.toString()}`, 303);
    });
  }
  return app;
}
