import {
  DISMISS_REASON_LABELS,
  DISMISS_REASONS,
  FINDING_REVIEW_LABELS,
  reasonLabel,
  type Finding,
} from '../../model/index.js';
import { Csrf, Layout, SafeLink } from '../layout.js';
import { PAGE_SIZE, reviewUrl, type ReviewFilters } from '../reviewQuery.js';
import type { Viewer } from '../viewer.js';

/*
 * The daily review queue: the day's findings, leads before watch signals, highest score first, with filters in
 * the URL, pagination, bulk confirm/dismiss, and j/k/c/d keyboard shortcuts (static/app.js reads data-row).
 */

const TIER_LABELS: Record<string, string> = { lead: '线索', watch: '关注' };

function FilterForm(props: { values: Record<string, string> }) {
  const v = props.values;
  const text = (name: string, label: string, placeholder = '') => (
    <label>
      {label}
      <input name={name} value={v[name] ?? ''} placeholder={placeholder} />
    </label>
  );
  return (
    <form class="filters" method="get" action="/review">
      <label>
        审核
        <select name="review">
          {['new', 'confirmed', 'dismissed', 'all'].map((r) => (
            <option value={r} selected={(v.review ?? 'new') === r}>
              {r === 'all' ? '全部' : FINDING_REVIEW_LABELS[r as Finding['review']]}
            </option>
          ))}
        </select>
      </label>
      <label>
        层级
        <select name="tier">
          <option value="">全部</option>
          <option value="lead" selected={v.tier === 'lead'}>
            线索
          </option>
          <option value="watch" selected={v.tier === 'watch'}>
            关注
          </option>
        </select>
      </label>
      {text('platform', '平台', 'shopa')}
      {text('right', '权利', 'tm-naike')}
      {text('kind', '类型', 'trademark')}
      {text('reason', '理由', 'trademark.counterfeit')}
      {text('category', '类目', '运动户外')}
      {text('region', '地区', '33')}
      {text('minScore', '最低分', '0.8')}
      <label>
        自
        <input type="date" name="from" value={v.from ?? ''} />
      </label>
      <label>
        至
        <input type="date" name="to" value={v.to ?? ''} />
      </label>
      <label>
        排序
        <select name="sort">
          <option value="score">风险优先</option>
          <option value="newest" selected={v.sort === 'newest'}>
            最新优先
          </option>
        </select>
      </label>
      <button type="submit">筛选</button>
      <a href="/review">清除</a>
    </form>
  );
}

export function ReviewPage(props: {
  viewer: Viewer;
  filters: ReviewFilters;
  findings: Finding[];
  total: number;
  notice?: string;
}) {
  const { viewer, filters, findings, total } = props;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <Layout title="审核队列" viewer={viewer}>
      <FilterForm values={filters.values} />
      {filters.problems.length ? (
        <ul class="problems">
          {filters.problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : null}
      {props.notice ? <p class="notice">{props.notice}</p> : null}
      <p class="count">
        共 {total} 条，第 {filters.page}/{pages} 页
      </p>
      <form method="post" action="/findings/bulk" id="bulk">
        <Csrf viewer={viewer} />
        <input type="hidden" name="back" value={reviewUrl(filters.values)} />
        <table class="findings">
          <thead>
            <tr>
              <th>
                <span class="sr">选择</span>
              </th>
              <th>编号</th>
              <th>层级</th>
              <th>平台</th>
              <th>商品</th>
              <th>卖家</th>
              <th>权利</th>
              <th>理由</th>
              <th>分值</th>
              <th>审核</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr data-row={String(f.id)} class={f.tier === 'lead' ? 'tier-lead' : 'tier-watch'}>
                <td>
                  <input type="checkbox" name="id" value={String(f.id)} aria-label={`选择 ${f.id}`} />
                </td>
                <td>
                  <a href={`/findings/${f.id}`} data-open>
                    {f.id}
                  </a>
                </td>
                <td>{TIER_LABELS[f.tier ?? ''] ?? '—'}</td>
                <td>{f.platform}</td>
                <td>
                  <SafeLink href={f.url}>{f.title}</SafeLink>
                </td>
                <td>{f.sellerName}</td>
                <td>{f.rightId ?? '—'}</td>
                <td>{reasonLabel(f.reason)}</td>
                <td class="num">{f.score.toFixed(2)}</td>
                <td>{FINDING_REVIEW_LABELS[f.review]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {findings.length === 0 ? <p>没有符合条件的发现。</p> : null}
        <fieldset class="bulk">
          <legend>批量处理所选</legend>
          <button type="submit" name="action" value="confirm">
            确认 (c)
          </button>
          <select name="reason" aria-label="排除理由">
            {DISMISS_REASONS.filter((r) => r !== 'whitelisted').map((r) => (
              <option value={r}>{DISMISS_REASON_LABELS[r]}</option>
            ))}
          </select>
          <input name="note" placeholder="说明（选“其他”时必填）" />
          <button type="submit" name="action" value="dismiss">
            排除 (d)
          </button>
        </fieldset>
      </form>
      <nav class="pages">
        {filters.page > 1 ? (
          <a href={reviewUrl(filters.values, { page: String(filters.page - 1) })}>上一页</a>
        ) : null}
        {filters.page < pages ? (
          <a href={reviewUrl(filters.values, { page: String(filters.page + 1) })}>下一页</a>
        ) : null}
      </nav>
      <aside id="help" hidden>
        <h2>键盘快捷键</h2>
        <dl>
          <dt>j / k</dt>
          <dd>下一条 / 上一条</dd>
          <dt>x</dt>
          <dd>选择当前条</dd>
          <dt>Enter</dt>
          <dd>打开当前条</dd>
          <dt>c</dt>
          <dd>确认所选（未选则当前条）</dd>
          <dt>d</dt>
          <dd>排除所选（未选则当前条）</dd>
          <dt>?</dt>
          <dd>显示/隐藏本帮助</dd>
        </dl>
      </aside>
    </Layout>
  );
}
