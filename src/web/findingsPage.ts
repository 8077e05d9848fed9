import { html } from 'hono/html';
import { FINDING_REVIEW_LABELS, reasonLabel, type Finding } from '../model/index.js';

/** Only http(s) links are rendered as links: a listing URL is hostile input. */
export function safeHref(url: string): string | null {
  return /^https?:\/\//i.test(url) ? url : null;
}

/** The findings list (leads before watch signals). Listing text is hostile: `html` escapes every value. */
export function findingsPage(findings: Finding[], total: number) {
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <title>markwatch · 发现列表</title>
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
        <h1>发现列表 <small>(${total} 条)</small></h1>
        ${
          findings.length === 0
            ? html`<p>暂无发现。</p>`
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
                    <th>审核</th>
                    <th>线索</th>
                  </tr>
                </thead>
                <tbody>
                  ${findings.map(
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
                        <td>${FINDING_REVIEW_LABELS[l.review]}</td>
                        <td>${l.leadId ?? '—'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }
      </body>
    </html>`;
}
