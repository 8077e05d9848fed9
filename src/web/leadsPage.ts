import { html } from 'hono/html';
import { LEAD_STATUS_LABELS, type Lead } from '../model/index.js';

const REASON_LABELS: Record<string, string> = {
  'trademark.counterfeit': '商标·假冒',
  'trademark.evasion': '商标·规避变形',
  'trademark.use': '商标·使用',
  'gi.origin_mismatch': '地理标志·产地不符',
  'special.unauthorized': '特殊标志·未授权',
  'patent.invalid_number': '专利·号码无效',
  'patent.type_mismatch': '专利·类型不符',
  'patent.expired': '专利·已过期',
  'patent.application_as_patent': '专利·申请冒充专利',
  'patent.unlicensed': '专利·未经许可',
};

/** Only http(s) links are rendered as links: a listing URL is hostile input. */
export function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? reason;
}

/** The leads list. Listing text is hostile: `html` escapes every interpolated value. */
export function leadsPage(leads: Lead[], total: number) {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>markwatch · 线索列表</title>
        <style>
          body {
            font-family: 'Noto Sans CJK SC', 'PingFang SC', sans-serif;
            margin: 2rem;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          th,
          td {
            border-bottom: 1px solid #ddd;
            padding: 0.4rem 0.6rem;
            text-align: left;
          }
          th {
            background: #f4f4f4;
          }
          .score {
            text-align: right;
            font-variant-numeric: tabular-nums;
          }
        </style>
      </head>
      <body>
        <h1>线索列表 <small>(${total} 条)</small></h1>
        ${
          leads.length === 0
            ? html`<p>暂无线索。</p>`
            : html`<table>
                <thead>
                  <tr>
                    <th>编号</th>
                    <th>平台</th>
                    <th>商品标题</th>
                    <th>店铺</th>
                    <th>权利</th>
                    <th>理由</th>
                    <th>分值</th>
                    <th>状态</th>
                  </tr>
                </thead>
                <tbody>
                  ${leads.map(
                    (l) =>
                      html`<tr>
                        <td>${l.id}</td>
                        <td>${l.platform}</td>
                        <td>
                          ${
                            safeHref(l.url)
                              ? html`<a href="${safeHref(l.url)}" rel="noopener noreferrer nofollow"
                                  >${l.title}</a
                                >`
                              : l.title
                          }
                        </td>
                        <td>${l.sellerName}</td>
                        <td>${l.rightId ?? '—'}</td>
                        <td>${reasonLabel(l.reason)}</td>
                        <td class="score">${l.score.toFixed(2)}</td>
                        <td>${LEAD_STATUS_LABELS[l.status]}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </body>
    </html>`;
}
