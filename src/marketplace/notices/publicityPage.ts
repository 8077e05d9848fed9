import { escapeHtml as e, htmlPage } from '../html.js';

/** The public 公示 page of a platform: every notice, its handling and result (电子商务法 §44). */
export function publicityPage(platformName: string, notices: readonly Record<string, unknown>[]): string {
  const rows = notices
    .map((n) => {
      const result =
        typeof n.rejectReason === 'string'
          ? n.rejectReason
          : n.counterNotice
            ? '卖家已提交不侵权声明，已转送通知人'
            : n.status === 'taken_down'
              ? '已删除涉嫌侵权商品链接'
              : '处理中';
      return (
        `<tr class="notice" data-id="${e(String(n.id))}" data-status="${e(String(n.status))}">` +
        `<td class="notice-id">${e(String(n.id))}</td><td>${e(String(n.receivedAt))}</td>` +
        `<td class="right-ref">${e(String(n.rightRef))}</td><td><a href="${e(String(n.listingUrl))}">${e(String(n.listingId ?? n.listingUrl))}</a></td>` +
        `<td>${e(String(n.reason))}</td><td class="status">${e(String(n.statusText))}</td><td class="result">${e(result)}</td></tr>`
      );
    })
    .join('\n');
  return htmlPage(
    `${platformName} 知识产权投诉处理公示`,
    `<h1>${e(platformName)} 知识产权投诉处理公示</h1>
<p>依据《电子商务法》第四十四条，本平台公示收到的知识产权侵权通知、不侵权声明及处理结果。</p>
<table id="notices"><thead><tr><th>编号</th><th>收到时间</th><th>权利</th><th>商品</th><th>理由</th><th>状态</th><th>处理结果</th></tr></thead>
<tbody>
${rows}
</tbody></table>`,
  );
}
