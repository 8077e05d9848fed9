import { Hono } from 'hono';
import { jobViews, nextFireOf, type JobView } from '../app/jobControl.js';
import { formFields, render, webActor, type WebContext, type WebDeps, type WebEnv } from './context.js';
import { editFrom, fieldErrors, formValuesFrom, formValuesOf, type JobFormErrors } from './jobsForm.js';
import { runProgress } from './jobsProgress.js';
import { JobPage, JobsListPage, RunPage, type JobSummary } from './pages/jobsPages.js';
import { notFound, requireStaff } from './staffRoutes.js';
import type { Viewer } from './viewer.js';

/*
 * Crawl jobs for staff (issue 15): the schedule, a job's settings edited within the configuration's schema
 * (stored as overrides, audited, applied to the running scheduler), "run now", and each run's live progress.
 * With no scheduler in the process (deps.jobs absent) everything is shown and nothing can be changed.
 */

const RUNS_SHOWN = { list: 5, job: 20, others: 10 };

export function jobsRoutes(deps: WebDeps): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/jobs', requireStaff());
  app.use('/jobs/*', requireStaff());
  const control = deps.jobs;
  const configured = deps.config.crawl.jobs;

  const views = (): Promise<JobView[]> => (control ? control.jobs() : jobViews(deps.store, configured));
  const summaryOf = async (view: JobView, limit: number): Promise<JobSummary> => {
    const name = view.effective.name;
    const now = deps.now();
    return {
      view,
      next: control ? control.nextFire(name, now) : nextFireOf(view.effective, now),
      running: control?.isRunning(name) ?? false,
      runs: await deps.store.jobSettings.runs({ job: name, limit }),
    };
  };
  const findView = async (name: string) => (await views()).find((v) => v.configured.name === name) ?? null;

  const jobPage = async (
    c: WebContext,
    view: JobView,
    extra: { values?: ReturnType<typeof formValuesOf>; errors?: JobFormErrors; message?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) =>
    render(
      c,
      <JobPage
        viewer={c.get('viewer') as Viewer}
        summary={await summaryOf(view, RUNS_SHOWN.job)}
        values={extra.values ?? formValuesOf(view.effective)}
        errors={extra.errors ?? {}}
        control={control !== undefined}
        now={deps.now()}
        {...(extra.message ? { message: extra.message } : {})}
      />,
      status,
    );

  app.get('/jobs', async (c) => {
    const all = await views();
    const jobs = await Promise.all(all.map((v) => summaryOf(v, RUNS_SHOWN.list)));
    const names = new Set(configured.map((j) => j.name));
    const others = (await deps.store.jobSettings.runs({ limit: 50 }))
      .filter((r) => !names.has(r.job))
      .slice(0, RUNS_SHOWN.others);
    return render(
      c,
      <JobsListPage
        viewer={c.get('viewer') as Viewer}
        jobs={jobs}
        others={others}
        control={control !== undefined}
        now={deps.now()}
      />,
    );
  });

  app.get('/jobs/runs/:id/progress.json', async (c) => {
    const raw = c.req.param('id');
    const progress = /^\d{1,12}$/.test(raw) ? await runProgress(deps.store, Number(raw), deps.now()) : null;
    if (!progress) return c.json({ error: '没有这次运行 (no such run)' }, 404);
    return c.json(progress, 200, { 'cache-control': 'no-store' });
  });

  app.get('/jobs/runs/:id', async (c) => {
    const raw = c.req.param('id');
    const progress = /^\d{1,12}$/.test(raw) ? await runProgress(deps.store, Number(raw), deps.now()) : null;
    if (!progress) return notFound(c);
    return render(c, <RunPage viewer={c.get('viewer') as Viewer} progress={progress} />);
  });

  app.get('/jobs/:name', async (c) => {
    const view = await findView(c.req.param('name'));
    return view ? jobPage(c, view) : notFound(c);
  });

  app.post('/jobs/:name', async (c) => {
    const view = await findView(c.req.param('name'));
    if (!view) return notFound(c);
    if (!control) return jobPage(c, view, {}, 409);
    const values = formValuesFrom((await formFields(c)).get);
    const who = webActor(c, c.get('viewer') as Viewer, deps.now());
    const result = await control.update(view.configured.name, editFrom(values), who);
    if (!result.ok) {
      if ('unknown' in result) return notFound(c);
      return jobPage(c, view, { values, errors: fieldErrors(result.issues) }, 400);
    }
    return c.redirect(`/jobs/${view.configured.name}`, 303);
  });

  app.post('/jobs/:name/revert', async (c) => {
    const view = await findView(c.req.param('name'));
    if (!view) return notFound(c);
    if (!control) return jobPage(c, view, {}, 409);
    await control.revert(view.configured.name, webActor(c, c.get('viewer') as Viewer, deps.now()));
    return c.redirect(`/jobs/${view.configured.name}`, 303);
  });

  app.post('/jobs/:name/run', async (c) => {
    const view = await findView(c.req.param('name'));
    if (!view) return notFound(c);
    if (!control) return jobPage(c, view, {}, 409);
    const name = view.configured.name;
    const result = await control.trigger(name, webActor(c, c.get('viewer') as Viewer, deps.now()));
    switch (result.kind) {
      case 'started':
        return c.redirect(`/jobs/runs/${result.runPk}`, 303);
      case 'running':
        return jobPage(
          c,
          view,
          { message: `任务 ${name} 正在运行，未重复启动 (already running: no second run)` },
          409,
        );
      case 'busy':
        return jobPage(
          c,
          view,
          {
            message: `任务 ${name} 正由另一进程运行（运行 #${result.runPk}），未重复启动 (run ${result.runPk} is driven by another process)`,
          },
          409,
        );
      case 'unknown':
        return notFound(c);
      default:
        return jobPage(c, view, { message: `启动失败 (the run failed to start): ${result.message}` }, 400);
    }
  });
  return app;
}
