import { html } from 'hono/html';
import { LEAD_STATUS_LABELS, reasonLabel, type Lead } from '../model/index.js';

/** Only http(s) links are rendered as links: a listing URL is hostile input. */
export function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
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
