import type { Child } from 'hono/jsx';
import type { StatsForm, FormCell } from '../../export/stats/computeForm.js';
import { ACTION_COLUMNS, CASE_COLUMNS } from '../../export/stats/entryCsv.js';
import type { FormSpec } from '../../export/stats/formSpec.js';
import { fenToYuanText } from '../../export/stats/money.js';
import { ORIGIN_LABELS, sourcesText } from '../../export/stats/sourceText.js';
import type { StatAction, StatCase } from '../../store/index.js';
import { Csrf, Layout } from '../layout.js';
import type { Viewer } from '../viewer.js';

/*
 * The statistics page: the form for a quarter and unit (each figure marked with where it came from), the
 * downloads, the entered cases and actions, and the forms to enter one more. Field names are the CSV's column
 * keys, so the web form and the CSV import read values the same way.
 */

export interface StatsPageProps {
  viewer: Viewer;
  spec: FormSpec;
  form: StatsForm;
  units: string[];
  cases: StatCase[];
  actions: StatAction[];
  message?: string;
  errors?: string[];
}

const MARK: Record<FormCell['origin'], string> = { observed: '◆', both: '◇', entered: '', none: '' };

function Figure(props: { cell: FormCell }) {
  const { cell } = props;
  if (cell.kind === 'blank') return <td class="blank"></td>;
  const title = `${ORIGIN_LABELS[cell.origin]}${cell.sources.length ? `：${sourcesText(cell)}` : ''}`;
  return (
    <td class={`figure origin-${cell.origin}`} title={title}>
      {cell.text}
      {MARK[cell.origin]}
    </td>
  );
}

function Field(props: { label: string; name: string; type?: string; children?: Child }) {
  return (
    <label>
      {props.label}
      {props.children ?? <input name={props.name} type={props.type ?? 'text'} />}
    </label>
  );
}

function FormTables(props: { form: StatsForm }) {
  const { form } = props;
  return (
    <>
      <h2>{form.actions.title}</h2>
      <table>
        <thead>
          <tr>
            {form.actions.columns.map((c) => (
              <th>
                {c.name}（{c.unit}）
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {form.actions.cells.map((cell) => (
              <Figure cell={cell} />
            ))}
          </tr>
        </tbody>
      </table>
      <h2>{form.cases.title}</h2>
      <table>
        <thead>
          <tr>
            <th>案件类别</th>
            {form.cases.columns.map((c) => (
              <th>
                {c.name}（{c.unit}）
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {form.cases.rows.map((row) => (
            <tr>
              <th>{row.name}</th>
              {row.cells.map((cell) => (
                <Figure cell={cell} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>◆ markwatch 自动统计 ◇ 自动统计＋人工录入 其余为人工录入；鼠标停留可见每个数字的来源。</p>
      <ol>
        {form.notes.map((n) => (
          <li>{n}</li>
        ))}
      </ol>
    </>
  );
}

function CaseForm(props: { viewer: Viewer; spec: FormSpec; unit: string; query: string }) {
  const C = CASE_COLUMNS;
  return (
    <form method="post" action={`/stats/cases?${props.query}`} class="filters">
      <Csrf viewer={props.viewer} />
      <input type="hidden" name="unit" value={props.unit} />
      <Field label={C.caseNo} name="caseNo" />
      <Field label={C.row} name="row">
        <select name="row">
          {props.spec.cases.rows.map((r) => (
            <option value={r.code}>{r.nameZh}</option>
          ))}
        </select>
      </Field>
      <Field label={C.openedOn} name="openedOn" type="date" />
      <Field label={C.closedOn} name="closedOn" type="date" />
      <Field label={C.referredOn} name="referredOn" type="date" />
      <Field label={C.amountInvolvedFen} name="amountInvolvedFen" />
      <Field label={C.finesFen} name="finesFen" />
      <Field label={C.lossesRecoveredFen} name="lossesRecoveredFen" />
      <Field label={C.foreignLossesRecoveredFen} name="foreignLossesRecoveredFen" />
      {(['ecommerce', 'keyMarket', 'rural', 'foreignVictim'] as const).map((f) => (
        <label>
          <input type="checkbox" name={f} value="是" />
          {C[f]}
        </label>
      ))}
      <Field label={C.leadId} name="leadId" />
      <Field label={C.note} name="note" />
      <button type="submit">保存案件（同一案件编号即更新）</button>
    </form>
  );
}

function ActionForm(props: { viewer: Viewer; unit: string; query: string }) {
  const A = ACTION_COLUMNS;
  return (
    <form method="post" action={`/stats/actions?${props.query}`} class="filters">
      <Csrf viewer={props.viewer} />
      <input type="hidden" name="unit" value={props.unit} />
      <Field label={A.ref} name="ref" />
      <Field label={A.on} name="on" type="date" />
      <Field label={A.actions} name="actions" />
      <Field label={A.deployments} name="deployments" />
      <Field label={A.marketActions} name="marketActions" />
      <Field label={A.marketDeployments} name="marketDeployments" />
      <Field label={A.keyMarkets} name="keyMarkets" />
      <Field label={A.note} name="note" />
      <button type="submit">保存执法行动</button>
    </form>
  );
}

const money = (fen: number | null) => (fen === null ? '' : fenToYuanText(fen));

export function StatsPage(props: StatsPageProps) {
  const { form } = props;
  const query = new URLSearchParams({
    quarter: form.quarter.label,
    unit: form.unit,
    keyMarketLabel: form.keyMarketLabel,
  }).toString();
  const rowName = new Map(props.spec.cases.rows.map((r) => [r.code, r.nameZh]));
  return (
    <Layout title={`${form.title}（${form.quarter.label}）`} viewer={props.viewer}>
      {props.message ? <p class="notice">{props.message}</p> : null}
      {props.errors?.length ? (
        <ul class="problems">
          {props.errors.map((e) => (
            <li>{e}</li>
          ))}
        </ul>
      ) : null}
      <form method="get" action="/stats" class="filters">
        <label>
          季度
          <input name="quarter" value={form.quarter.label} />
        </label>
        <label>
          报送单位
          <input name="unit" value={form.unit} list="stat-units" />
        </label>
        <label>
          重点实体市场列名
          <input name="keyMarketLabel" value={form.keyMarketLabel} />
        </label>
        <datalist id="stat-units">
          {props.units.map((u) => (
            <option value={u} />
          ))}
        </datalist>
        <button type="submit">查看</button>
      </form>
      <p>
        报送单位：{form.unit} 统计时间：{form.period}
        <a href={`/stats/download?${query}&format=xlsx`}>下载 XLSX</a>
        <a href={`/stats/download?${query}&format=csv`}>下载 CSV</a>
      </p>
      <FormTables form={form} />
      <h2>录入案件</h2>
      <CaseForm viewer={props.viewer} spec={props.spec} unit={form.unit} query={query} />
      <h2>录入执法行动</h2>
      <ActionForm viewer={props.viewer} unit={form.unit} query={query} />
      <h2>已录入的案件</h2>
      <table>
        <tbody>
          {props.cases.map((c) => (
            <tr>
              <td>{c.caseNo}</td>
              <td>{rowName.get(c.row as never) ?? c.row}</td>
              <td>{c.openedOn ?? ''}</td>
              <td>{c.closedOn ?? ''}</td>
              <td>{c.referredOn ?? ''}</td>
              <td>{money(c.amountInvolvedFen)}</td>
              <td>{money(c.finesFen)}</td>
              <td>
                {c.enteredBy}，{c.enteredAt}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>已录入的执法行动</h2>
      <table>
        <tbody>
          {props.actions.map((a) => (
            <tr>
              <td>{a.ref}</td>
              <td>{a.on}</td>
              <td>
                {a.actions} / {a.deployments} / {a.marketActions} / {a.marketDeployments} /{' '}
                {a.keyMarkets ?? '—'}
              </td>
              <td>
                {a.enteredBy}，{a.enteredAt}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
