import { EDITABLE_JOB_FIELDS, type JobView } from '../../app/jobControl.js';
import { chinaTimestamp } from '../../common/chinaTime.js';
import type { JobRun } from '../../store/index.js';
import { JOB_FIELD_LABELS, type JobFormErrors, type JobFormValues } from '../jobsForm.js';
import type { RunProgress } from '../jobsProgress.js';
import { Csrf, Layout } from '../layout.js';
import type { Viewer } from '../viewer.js';

/*
 * The crawl jobs pages: the schedule with each job's next firing and last runs, a job's settings form (what
 * the configuration says, what is overridden), and a run's progress, which /static/app.js keeps current.
 */

export const READ_ONLY_REASON =
  '只读：本网页服务的进程中没有运行定时抓取任务（例如 npm run demo），计划不能修改，也不能立即运行；' +
  '请使用 markwatch serve。(read-only: no crawl scheduler runs in this process; use `markwatch serve`)';

export const RUN_STATUS_LABELS: Record<string, string> = {
  running: '运行中',
  ok: '完成',
  partial: '部分完成',
  failed: '失败',
  stalled: '已中断（进程已结束，下次启动时继续）',
  finished: '已结束',
};

const when = (d: Date | null) => (d ? chinaTimestamp(d) : '—（未启用）');
const num = (v: unknown) => (typeof v === 'number' ? String(v) : '—');

function errorsText(byClass: unknown): string {
  if (!byClass || typeof byClass !== 'object') return '—';
  const parts = Object.entries(byClass as Record<string, number>).map(([k, n]) => `${k} ${n}`);
  return parts.join('、') || '无';
}

export function RunRows(props: { runs: JobRun[]; now: Date }) {
  if (props.runs.length === 0) return <p>尚无运行记录。</p>;
  return (
    <table class="runs">
      <thead>
        <tr>
          <th>运行</th>
          <th>任务</th>
          <th>开始（北京时间）</th>
          <th>状态</th>
          <th>页面</th>
          <th>新发现</th>
          <th>错误（按类别）</th>
        </tr>
      </thead>
      <tbody>
        {props.runs.map((r) => {
          const stalled = r.status === 'running' && r.heartbeatUntil < props.now.getTime();
          return (
            <tr>
              <td>
                <a href={`/jobs/runs/${r.runPk}`}>#{r.runPk}</a>
              </td>
              <td>{r.job}</td>
              <td>{chinaTimestamp(r.startedAt)}</td>
              <td>{RUN_STATUS_LABELS[stalled ? 'stalled' : r.status] ?? r.status}</td>
              <td class="num">{num(r.stats.pages)}</td>
              <td class="num">{num(r.stats.newFindings)}</td>
              <td>{r.status === 'running' ? '—' : errorsText(r.stats.errorsByClass)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RunNow(props: { viewer: Viewer; name: string; running: boolean }) {
  return (
    <form method="post" action={`/jobs/${props.name}/run`} class="inline">
      <Csrf viewer={props.viewer} />
      <button type="submit" disabled={props.running}>
        {props.running ? '运行中…' : '立即运行'}
      </button>
    </form>
  );
}

export interface JobSummary {
  view: JobView;
  next: Date | null;
  running: boolean;
  runs: JobRun[];
}

export function JobsListPage(props: {
  viewer: Viewer;
  jobs: JobSummary[];
  others: JobRun[];
  control: boolean;
  now: Date;
}) {
  return (
    <Layout title="抓取任务" viewer={props.viewer}>
      {props.control ? null : <p class="notice">{READ_ONLY_REASON}</p>}
      {props.jobs.length === 0 ? <p>配置文件中没有抓取任务（crawl.jobs）。</p> : null}
      {props.jobs.map(({ view, next, running, runs }) => {
        const j = view.effective;
        return (
          <section class="job" data-job={j.name}>
            <h2>
              <a href={`/jobs/${j.name}`}>{j.name}</a>
              {view.overridden.length > 0 ? '（已在网页上修改）' : null}
            </h2>
            <dl class="facts">
              <dt>计划</dt>
              <dd>
                <code>{j.cron}</code>（{j.timezone}）{j.enabled ? '' : ' — 已停用'}
              </dd>
              <dt>下次运行（北京时间）</dt>
              <dd data-field="next-fire">{when(next)}</dd>
              <dt>平台</dt>
              <dd>{j.platforms.join('、') || '全部站点'}</dd>
              <dt>检索词</dt>
              <dd>{j.queries?.join('、') ?? '监测名单中的名称'}</dd>
              <dt>预算 / 并发</dt>
              <dd>
                每平台 {j.budget} 页 / {j.concurrency}
              </dd>
            </dl>
            {props.control ? <RunNow viewer={props.viewer} name={j.name} running={running} /> : null}
            <RunRows runs={runs} now={props.now} />
          </section>
        );
      })}
      {props.others.length > 0 ? (
        <section>
          <h2>其他任务的运行（不在当前配置中，如 demo 或命令行）</h2>
          <RunRows runs={props.others} now={props.now} />
        </section>
      ) : null}
    </Layout>
  );
}

export function JobPage(props: {
  viewer: Viewer;
  summary: JobSummary;
  values: JobFormValues;
  errors: JobFormErrors;
  control: boolean;
  message?: string;
  now: Date;
}) {
  const { view, next, running, runs } = props.summary;
  const name = view.configured.name;
  const ro = !props.control;
  return (
    <Layout title={`抓取任务 ${name}`} viewer={props.viewer}>
      {ro ? <p class="notice">{READ_ONLY_REASON}</p> : null}
      {props.message ? <p class="notice">{props.message}</p> : null}
      {view.overrideError ? (
        <p class="problems">
          数据库中的修改已不符合配置的校验规则，任务按配置文件运行 (stored override ignored:{' '}
          {view.overrideError})
        </p>
      ) : null}
      <p>
        下次运行（北京时间）：<span data-field="next-fire">{when(next)}</span>
      </p>
      <form method="post" action={`/jobs/${name}`} class="job-settings">
        <Csrf viewer={props.viewer} />
        {props.errors.form ? <p class="problems field-error">{props.errors.form}</p> : null}
        <table>
          <tbody>
            {EDITABLE_JOB_FIELDS.map((f) => {
              const overridden = view.overridden.includes(f);
              const configured = String(view.configured[f]);
              return (
                <tr>
                  <th>
                    <label for={`job-${f}`}>{JOB_FIELD_LABELS[f]}</label>
                  </th>
                  <td>
                    {f === 'enabled' ? (
                      <input
                        id={`job-${f}`}
                        type="checkbox"
                        name={f}
                        checked={props.values[f] === 'on'}
                        disabled={ro}
                      />
                    ) : (
                      <input id={`job-${f}`} type="text" name={f} value={props.values[f]} disabled={ro} />
                    )}
                    {props.errors[f] ? ' ' : null}
                    {props.errors[f] ? (
                      <span class="problems field-error" data-field={f}>
                        {props.errors[f]}
                      </span>
                    ) : null}
                  </td>
                  <td class="source" data-source={overridden ? 'override' : 'config'}>
                    {overridden ? `已覆盖（配置文件：${configured}）` : '配置文件'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {ro ? null : <button type="submit">保存</button>}
      </form>
      {!ro && view.override ? (
        <form method="post" action={`/jobs/${name}/revert`}>
          <Csrf viewer={props.viewer} />
          <p>
            由 {view.override.updatedBy} 于 {chinaTimestamp(view.override.updatedAt)} 修改。
            <button type="submit">恢复为配置文件的设置</button>
          </p>
        </form>
      ) : null}
      <p>平台、检索词等其他设置只能在配置文件中修改（crawl.jobs）。</p>
      {ro ? null : <RunNow viewer={props.viewer} name={name} running={running} />}
      <h2>最近的运行</h2>
      <RunRows runs={runs} now={props.now} />
    </Layout>
  );
}

const PROGRESS_FIELDS: [keyof RunProgress, string][] = [
  ['pages', '已抓取页面'],
  ['done', '完成'],
  ['queued', '排队中'],
  ['failed', '失败'],
  ['hits', '命中'],
  ['findings', '新发现'],
];

export function RunPage(props: { viewer: Viewer; progress: RunProgress }) {
  const p = props.progress;
  return (
    <Layout title={`抓取运行 #${p.runPk}（${p.job}）`} viewer={props.viewer}>
      <section
        id="run-progress"
        data-progress-url={`/jobs/runs/${p.runPk}/progress.json`}
        data-ended={p.ended ? 'true' : 'false'}
      >
        <p>
          状态：<strong data-field="state">{RUN_STATUS_LABELS[p.ended ? p.state : 'running']}</strong>
          <span data-field="status">
            {p.ended && p.state === 'finished' ? `（${RUN_STATUS_LABELS[p.status] ?? p.status}）` : ''}
          </span>
        </p>
        <dl class="facts">
          {PROGRESS_FIELDS.map(([k, label]) => (
            <>
              <dt>{label}</dt>
              <dd data-field={k}>{String(p[k])}</dd>
            </>
          ))}
          <dt>错误（按类别）</dt>
          <dd data-field="errors">{errorsText(p.errorsByClass)}</dd>
          <dt>开始 / 结束（北京时间）</dt>
          <dd>
            {chinaTimestamp(p.startedAt)} /{' '}
            <span data-field="finished">{p.finishedAt ? chinaTimestamp(p.finishedAt) : '—'}</span>
          </dd>
        </dl>
        <p class="live" data-field="live">
          {p.ended ? '' : '页面自动更新中…'}
        </p>
      </section>
      <p>
        <a href={`/jobs/${p.job}`}>任务 {p.job}</a> · <a href="/jobs">全部抓取任务</a>
      </p>
    </Layout>
  );
}
