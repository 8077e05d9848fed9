import { ALERT_EVENTS, type AlertEvent, type AlertsConfig } from '../../config/schema.js';
import type { AlertWithDeliveries, StoredAlertSettings } from '../../store/index.js';
import type { SettingsProblem } from '../../workflow/alertSettings.js';
import { chinaTime } from '../labels.js';
import { Csrf, Layout } from '../layout.js';
import type { Viewer } from '../viewer.js';
import { chineseFirst } from './portalForms.js';

/* The alerts page: the settings in force (editable, secrets shown only as set / not set) and recent alerts. */

export const ALERT_EVENT_LABELS: Record<AlertEvent, string> = {
  high_risk_lead: '高风险线索',
  relisting: '重新上架',
  overdue: '逾期事项',
  crawl_failed: '抓取失败',
  digest: '每日汇总',
};

export interface AlertsView {
  settings: AlertsConfig;
  /** Form values as submitted (after an error), by field name. */
  values?: Record<string, string | string[]>;
  problems: SettingsProblem[];
  secrets: Record<string, boolean>;
  saved: StoredAlertSettings | null;
  ignored: SettingsProblem[];
  alerts: AlertWithDeliveries[];
  message?: string;
}

function Problems(props: { problems: SettingsProblem[]; field: string }) {
  return (
    <>
      {props.problems
        .filter((p) => p.field === props.field)
        .map((p) => (
          <span class="problems field-error" data-field={props.field}>
            {chineseFirst(p.message)}
          </span>
        ))}
    </>
  );
}

export function AlertsPage(props: { viewer: Viewer; view: AlertsView }) {
  const { settings, problems, values } = props.view;
  const value = (field: string, fallback: string) => {
    const v = values?.[field];
    return v === undefined ? fallback : [v].flat().join(', ');
  };
  const checked = (field: string, on: boolean, item?: string) => {
    const v = values?.[field];
    if (values === undefined) return on;
    return item === undefined ? v === 'on' : [v ?? []].flat().includes(item);
  };
  const other = problems.filter(
    (p) =>
      !settings.channels.some((c) => p.field.startsWith(`channels.${c.id}.`)) &&
      !['digest.enabled', 'digest.hourChina', 'retry.maxAttempts'].includes(p.field),
  );
  return (
    <Layout title="提醒" viewer={props.viewer}>
      {props.view.message ? <p class="notice">{props.view.message}</p> : null}
      {props.view.ignored.length ? (
        <p class="problems">
          网页保存的设置与配置文件不再相符，未生效：
          {props.view.ignored.map((p) => `${p.field} ${p.message}`).join('；')}
        </p>
      ) : null}
      <h2>提醒设置</h2>
      <p>
        渠道在配置文件 alerts.channels
        中定义；此处可修改每个渠道接收的事件和目标、每日汇总与重试次数，下一轮提醒生效。
        {props.view.saved
          ? ` 最近修改：${props.view.saved.updatedBy}，${chinaTime(props.view.saved.updatedAt)}。`
          : ''}
      </p>
      {settings.channels.length === 0 ? <p>未配置提醒渠道：提醒只记录，不发送。</p> : null}
      <form method="post" action="/alerts/settings" class="alert-settings">
        <Csrf viewer={props.viewer} />
        {other.map((p) => (
          <p class="problems">
            {p.field}：{chineseFirst(p.message)}
          </p>
        ))}
        {settings.channels.map((ch) => {
          const f = (name: string) => `channels.${ch.id}.${name}`;
          return (
            <fieldset data-channel={ch.id}>
              <legend>
                {ch.id}（{ch.kind === 'webhook' ? 'Webhook' : '邮件'}）
              </legend>
              {ch.kind === 'webhook' ? (
                <label>
                  地址
                  <input name={f('url')} value={value(f('url'), ch.url)} />
                  <Problems problems={problems} field={f('url')} />
                </label>
              ) : (
                <label>
                  收件人（逗号分隔）
                  <input name={f('to')} value={value(f('to'), ch.to.join(', '))} />
                  <Problems problems={problems} field={f('to')} />
                </label>
              )}
              <p class="secret-state">
                {ch.kind === 'webhook' ? '签名密钥' : 'SMTP 密码'}：
                {props.view.secrets[ch.id] ? '已设置' : '未设置'}（在配置文件或环境变量中修改）
              </p>
              <div>
                接收：
                {ALERT_EVENTS.map((e) => (
                  <label>
                    <input
                      type="checkbox"
                      name={f('events')}
                      value={e}
                      checked={checked(f('events'), ch.events.includes(e), e)}
                    />
                    {ALERT_EVENT_LABELS[e]}
                  </label>
                ))}
                <Problems problems={problems} field={f('events')} />
              </div>
            </fieldset>
          );
        })}
        <fieldset>
          <legend>每日汇总与重试</legend>
          <label>
            <input
              type="checkbox"
              name="digest.enabled"
              checked={checked('digest.enabled', settings.digest.enabled)}
            />
            发送每日汇总
          </label>
          <label>
            汇总发送时刻（北京时间，0–23 时）
            <input
              name="digest.hourChina"
              value={value('digest.hourChina', String(settings.digest.hourChina))}
            />
            <Problems problems={problems} field="digest.hourChina" />
          </label>
          <label>
            每次投递最多尝试次数
            <input
              name="retry.maxAttempts"
              value={value('retry.maxAttempts', String(settings.retry.maxAttempts))}
            />
            <Problems problems={problems} field="retry.maxAttempts" />
          </label>
        </fieldset>
        <button type="submit">保存设置</button>
      </form>
      <h2>最近的提醒</h2>
      <table>
        <tbody>
          {props.view.alerts.map((a) => (
            <tr>
              <td>{chinaTime(a.createdAt)}</td>
              <td>{ALERT_EVENT_LABELS[a.kind]}</td>
              <td>{a.subject}</td>
              <td>{a.deliveries.map((d) => `${d.channelId}:${d.status}(${d.attempts})`).join(' ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
