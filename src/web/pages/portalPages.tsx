import type { Child } from 'hono/jsx';
import {
  RIGHT_STATUS_LABELS,
  reasonLabel,
  rightLabel,
  type Finding,
  type RegistryEntry,
  type Right,
  type RightNotification,
  type RightRevision,
} from '../../model/index.js';
import type { Proof } from '../../store/index.js';
import { chinaTime } from '../labels.js';
import { Csrf, Layout, SafeLink } from '../layout.js';
import type { Viewer } from '../viewer.js';

/* The holder portal's pages: a right's status and history, and the holder's proofs of right. */

export const RIGHT_ACTION_LABELS: Record<RightRevision['action'], string> = {
  submit: '提交',
  import: '导入',
  edit: '修改',
  approve: '批准',
  reject: '驳回',
  expire: '到期',
  retire: '注销',
};

const NOTIFICATION_LABELS: Record<RightNotification['kind'], string> = {
  approved: '已批准',
  rejected: '已驳回',
  expired: '已到期',
  patent_term_ended: '专利期限届满',
  retired: '已注销',
};

const MEDIA_LABELS: Record<Proof['mediaType'], string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

/** What a revision changed against the one before: the fields whose content differs. */
export function changedFields(before: Right | null, after: Right): string[] {
  if (!before) return ['（新建）'];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Field names of the history's "what changed" column, in Chinese (others are shown as named). */
const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  aliases: '别名',
  registrationNo: '注册号',
  niceClasses: '类别',
  goods: '商品',
  owner: '注册人',
  ownerCreditCode: '统一社会信用代码',
  validFrom: '有效期自',
  validTo: '有效期至',
  wellKnown: '驰名商标',
  authorizedSellers: '授权销售者',
  referencePrice: '参考价',
  source: '来源',
};

const show = (v: unknown) => (Array.isArray(v) ? v.join('、') : v === undefined ? '—' : String(v));

/** A proof as a download link with its name, type, size and hash. */
export function ProofLink(props: { proof: Proof | null; href: string }) {
  const p = props.proof;
  if (!p) return <span class="muted">未上传权利证明 (no proof of right uploaded)</span>;
  return (
    <span class="proof">
      <a href={props.href} download={p.fileName}>
        {p.fileName}
      </a>
      （{MEDIA_LABELS[p.mediaType]}，{p.size} 字节，{chinaTime(p.uploadedAt)}）{' '}
      <span class="hash">SHA-256 {p.sha256}</span>
    </span>
  );
}

export function RightPage(props: {
  viewer: Viewer;
  entry: RegistryEntry;
  history: RightRevision[];
  notifications: RightNotification[];
  proof: Proof | null;
  proofHref: (p: Proof) => string;
  /** The holder's own proofs (attach form); absent for staff. */
  ownProofs?: Proof[];
  form?: Child;
  message?: string;
}) {
  const e = props.entry;
  const current = e.pending ?? e.inForce;
  let previous: Right | null = null;
  const rows = props.history.map((r) => {
    const changed = r.action === 'submit' || r.action === 'edit' || r.action === 'import';
    const fields = changed ? changedFields(previous, r.data) : [];
    if (changed) previous = r.data;
    return { r, fields };
  });
  return (
    <Layout title={`权利 ${e.id}${current ? `：${rightLabel(current)}` : ''}`} viewer={props.viewer}>
      {props.message ? <p class="notice">{props.message}</p> : null}
      <p class="right-status">
        状态：<strong>{RIGHT_STATUS_LABELS[e.status]}</strong>
        {e.pending && e.inForce ? '（有修改待审核，已批准的版本继续有效）' : ''}
        {e.expiresOn ? `，保护至 ${e.expiresOn}` : ''}，第 {e.revision} 版
      </p>
      <h2>权利证明</h2>
      <p>
        <ProofLink proof={props.proof} href={props.proof ? props.proofHref(props.proof) : ''} />
      </p>
      {props.ownProofs && props.ownProofs.length > 0 ? (
        <form method="post" action={`/portal/rights/${encodeURIComponent(e.id)}/proof`} class="attach-proof">
          <Csrf viewer={props.viewer} />
          <label>
            使用已上传的证明
            <select name="proofId">
              {props.ownProofs.map((p) => (
                <option value={String(p.id)} selected={props.proof?.id === p.id}>
                  {p.fileName}（{p.sha256.slice(0, 12)}…）
                </option>
              ))}
            </select>
          </label>
          <button type="submit">附加到此权利</button>
        </form>
      ) : null}
      <h2>变更记录</h2>
      <table class="history">
        <thead>
          <tr>
            <th>版本</th>
            <th>操作</th>
            <th>之后状态</th>
            <th>操作人</th>
            <th>时间</th>
            <th>变更内容</th>
            <th>理由</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ r, fields }) => (
            <tr data-revision={String(r.revision)}>
              <td class="num">{r.revision}</td>
              <td>{RIGHT_ACTION_LABELS[r.action]}</td>
              <td>{RIGHT_STATUS_LABELS[r.status]}</td>
              <td>
                {r.actor.role === 'holder' ? '权利人' : '执法人员'} {r.actor.accountId}
              </td>
              <td>{chinaTime(r.at)}</td>
              <td>
                {fields.map((f) => (
                  <div>
                    {f === '（新建）'
                      ? f
                      : `${FIELD_LABELS[f] ?? f}：${show((r.data as Record<string, unknown>)[f])}`}
                  </div>
                ))}
              </td>
              <td>{r.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>登记通知</h2>
      {props.notifications.length === 0 ? <p>没有通知。</p> : null}
      <ul>
        {props.notifications.map((n) => (
          <li>
            {chinaTime(n.createdAt)} {NOTIFICATION_LABELS[n.kind]}：{n.message}
          </li>
        ))}
      </ul>
      {props.form}
    </Layout>
  );
}

export function ProofsPage(props: {
  viewer: Viewer;
  proofs: { proof: Proof; rights: string[] }[];
  rights: RegistryEntry[];
  error?: string;
  maxBytes: number;
}) {
  return (
    <Layout title="权利证明" viewer={props.viewer}>
      <p>
        上传一次注册证书（PDF、PNG 或 JPEG，最大 {Math.floor(props.maxBytes / 1024 / 1024)}{' '}
        MB），此后每份通知都会附上其 SHA-256。
      </p>
      <form method="post" action="/portal/proofs" enctype="multipart/form-data" class="upload-proof">
        <Csrf viewer={props.viewer} />
        <label>
          注册证书文件
          <input
            type="file"
            name="file"
            accept="application/pdf,image/png,image/jpeg"
            aria-invalid={props.error ? 'true' : undefined}
          />
          {props.error ? (
            <span class="problems field-error" data-field="file">
              {props.error}
            </span>
          ) : null}
        </label>
        <fieldset>
          <legend>用于以下权利</legend>
          {props.rights.map((r) => (
            <label>
              <input type="checkbox" name="rights" value={r.id} /> {r.id}
              {(r.inForce ?? r.pending) ? `（${rightLabel((r.inForce ?? r.pending)!)}）` : ''}
            </label>
          ))}
        </fieldset>
        <button type="submit">上传</button>
      </form>
      <h2>已上传（{props.proofs.length}）</h2>
      <ul>
        {props.proofs.map(({ proof, rights }) => (
          <li>
            <ProofLink proof={proof} href={`/portal/proofs/${proof.id}`} /> — 用于：
            {rights.length ? rights.join('、') : '（尚未附加）'}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The portal's front page: the holder's rights (each linking to its status and history), the findings. */
export function PortalPage(props: {
  viewer: Viewer;
  rights: RegistryEntry[];
  findings: Finding[];
  form?: Child;
}) {
  return (
    <Layout title="我的权利" viewer={props.viewer}>
      <p>
        <a href="/portal/proofs">权利证明（注册证书）</a>：上传一次，每份通知自动附上。
      </p>
      <section>
        <h2>权利（{props.rights.length}）</h2>
        <table>
          <tbody>
            {props.rights.map((r) => {
              const right = r.inForce ?? r.pending;
              return (
                <tr>
                  <td>
                    <a href={`/portal/rights/${encodeURIComponent(r.id)}`}>{r.id}</a>
                  </td>
                  <td>{right ? rightLabel(right) : '—'}</td>
                  <td>{RIGHT_STATUS_LABELS[r.status]}</td>
                  <td>{r.expiresOn ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      {props.form}
      <section>
        <h2>涉及我的权利的发现（{props.findings.length}）</h2>
        <ul>
          {props.findings.map((f) => (
            <li>
              <a href={`/portal/findings/${f.id}`}>{f.id}</a> <SafeLink href={f.url}>{f.title}</SafeLink>（
              {reasonLabel(f.reason)}）
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
