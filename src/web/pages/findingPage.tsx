import {
  DISMISS_REASON_LABELS,
  DISMISS_REASONS,
  FINDING_REVIEW_LABELS,
  LEAD_STATE_LABELS,
  reasonLabel,
  type Evidence,
  type Finding,
  type Lead,
  type Listing,
  type RuleFire,
} from '../../model/index.js';
import { Highlighted } from '../highlight.js';
import { Csrf, Layout, SafeLink } from '../layout.js';
import type { Viewer } from '../viewer.js';
import { isStaff } from '../viewer.js';

/*
 * One finding, as a reviewer needs it to decide: the title and description with the matched spans marked,
 * each rule's contribution, the price against the right's reference price, the seller's history, and the
 * evidence with its hashes — the screenshot as an image, the captured HTML as text, never run.
 */

export interface FindingView {
  finding: Finding;
  listing: Listing | null;
  rules: RuleFire[];
  referencePrice: { min: number; currency: string } | null;
  evidence: Evidence[];
  sellerFindings: Finding[];
  sellerLeads: Lead[];
  /** The first part of the captured HTML, as text. */
  htmlText: string | null;
}

export function FindingPage(props: { viewer: Viewer; view: FindingView }) {
  const { viewer } = props;
  const { finding: f, listing, rules, referencePrice, evidence } = props.view;
  const screenshot = evidence.find((e) => e.kind === 'screenshot');
  return (
    <Layout title={`发现 ${f.id}`} viewer={viewer}>
      <section class="finding" data-finding={String(f.id)}>
        <h2>
          <Highlighted text={f.title} rules={rules} field="title" />
        </h2>
        <p>
          <SafeLink href={f.url}>{f.url}</SafeLink>
        </p>
        <dl class="facts">
          <dt>平台 / 卖家</dt>
          <dd>
            {f.platform} / {f.sellerName}（{f.sellerId}）
          </dd>
          <dt>权利 / 理由</dt>
          <dd>
            {f.rightId ?? '—'} / {reasonLabel(f.reason)}（
            {f.tier === 'lead' ? '线索' : f.tier === 'watch' ? '关注' : '—'}，分值 {f.score.toFixed(2)}）
          </dd>
          <dt>审核</dt>
          <dd>
            {FINDING_REVIEW_LABELS[f.review]}
            {f.dismissReason ? `：${DISMISS_REASON_LABELS[f.dismissReason]} ${f.dismissNote ?? ''}` : ''}
            {f.leadId ? (
              <>
                {' '}
                · <a href={`/leads/${f.leadId}`}>线索 {f.leadId}</a>
              </>
            ) : null}
          </dd>
          <dt>价格</dt>
          <dd>
            {listing?.price !== undefined ? `¥${listing.price}` : '—'}
            {referencePrice
              ? `（参考价 ${referencePrice.currency} ${referencePrice.min}${
                  listing?.price !== undefined && listing.price < referencePrice.min
                    ? `，低 ${Math.round((1 - listing.price / referencePrice.min) * 100)}%`
                    : ''
                }）`
              : '（无参考价）'}
            {listing?.sales !== undefined ? ` · 销量 ${listing.sales}` : ''}
          </dd>
          <dt>类目</dt>
          <dd>{listing?.category ?? '—'}</dd>
        </dl>
        {listing?.description ? (
          <p class="description">
            <Highlighted text={listing.description} rules={rules} field="description" />
          </p>
        ) : null}
      </section>

      {isStaff(viewer) && f.review !== 'confirmed' ? (
        <section class="actions">
          <form method="post" action={`/findings/${f.id}/confirm`}>
            <Csrf viewer={viewer} />
            <button type="submit" id="confirm">
              确认 (c)
            </button>
          </form>
          {f.review !== 'dismissed' ? (
            <form method="post" action={`/findings/${f.id}/dismiss`} id="dismiss-form">
              <Csrf viewer={viewer} />
              <select name="reason" aria-label="排除理由" id="dismiss-reason">
                {DISMISS_REASONS.filter((r) => r !== 'whitelisted').map((r) => (
                  <option value={r}>{DISMISS_REASON_LABELS[r]}</option>
                ))}
              </select>
              <input name="note" placeholder="说明" aria-label="说明" />
              <label>
                <input type="checkbox" name="whitelist" value="1" /> 该卖家就此权利列入白名单
              </label>
              <button type="submit">排除 (d)</button>
            </form>
          ) : null}
        </section>
      ) : null}

      <section>
        <h2>规则与权重</h2>
        <table>
          <thead>
            <tr>
              <th>规则</th>
              <th>字段</th>
              <th>文本</th>
              <th>位置</th>
              <th>权重</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr>
                <td>{r.rule}</td>
                <td>{r.field ?? '—'}</td>
                <td>{r.text ?? '—'}</td>
                <td>{r.span ? `${r.span[0]}–${r.span[1]}` : '—'}</td>
                <td class="num">{r.weight.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2>卖家历史</h2>
        <p>
          线索：
          {props.view.sellerLeads.length
            ? props.view.sellerLeads.map((l) => (
                <a href={`/leads/${l.id}`} class="chip">
                  {l.id} {l.rightId ?? '—'} {LEAD_STATE_LABELS[l.state]}
                </a>
              ))
            : '无'}
        </p>
        <ul>
          {props.view.sellerFindings
            .filter((s) => s.id !== f.id)
            .slice(0, 20)
            .map((s) => (
              <li>
                <a href={`/findings/${s.id}`}>{s.id}</a> {s.title}（{s.rightId ?? '—'}，
                {FINDING_REVIEW_LABELS[s.review]}）
              </li>
            ))}
        </ul>
      </section>

      <section>
        <h2>证据清单</h2>
        <table class="evidence">
          <thead>
            <tr>
              <th>类型</th>
              <th>采集时间 (UTC)</th>
              <th>字节</th>
              <th>SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {evidence.map((e) => (
              <tr>
                <td>{e.kind}</td>
                <td>{e.capturedAt}</td>
                <td class="num">{e.bytes}</td>
                <td class="hash">{e.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {screenshot ? <img class="screenshot" src={`/evidence/${screenshot.id}`} alt="商品页面截图" /> : null}
        {props.view.htmlText !== null ? (
          <details>
            <summary>采集的 HTML（仅以文本显示）</summary>
            <pre class="captured">{props.view.htmlText}</pre>
          </details>
        ) : null}
      </section>
    </Layout>
  );
}
