import { chinaTimestamp } from '../../common/chinaTime.js';
import { LEAD_STATE_LABELS, NOTICE_ITEM_STATUS_LABELS, reasonLabel, rightLabel } from '../../model/index.js';
import { RIGHT_KIND_LABELS, yuan } from './labels.js';
import type { Doc } from './docModel.js';
import type { ReferralCase } from './referralCase.js';

/*
 * The records a police referral carries besides its letter (Order 310 Art. 6 items 2–5): the case as
 * markwatch recorded it, the items involved with the evidence and its hashes, the inspection records (each
 * capture and each takedown check), and the amount estimate with the threshold version and article it was
 * compared with.
 */

const MEASURES = { businessVolume: '非法经营数额', salesAmount: '销售金额' } as const;

export function rightLine(c: ReferralCase): string {
  const r = c.right;
  const label = r ? rightLabel(r) : (c.lead.rightId ?? '—');
  const kind = RIGHT_KIND_LABELS[c.lead.kind];
  if (r?.kind !== 'trademark') return `${kind}：${label}`;
  return `${kind}：${label}（注册号 ${r.registrationNo}，第 ${r.niceClasses.join('、')} 类，有效期 ${r.validFrom} 至 ${r.validTo}，权利人 ${r.owner}）`;
}

export function sellerLine(c: ReferralCase): string {
  const credit = c.analysis.facts.find((f) => f.creditCode)?.creditCode;
  const region = c.analysis.jurisdiction.sellerRegion;
  return [
    `平台：${c.lead.platform}`,
    `经营者：${c.lead.sellerName}`,
    `店铺号：${c.lead.sellerId}`,
    ...(credit ? [`统一社会信用代码：${credit}`] : []),
    ...(region ? [`住所地：${region.path}（${region.code}）`] : []),
  ].join('；');
}

export function caseReport(c: ReferralCase): Doc {
  const { lead, analysis } = c;
  const days = analysis.facts.map((f) => f.capturedAt).sort();
  return {
    title: `涉嫌犯罪案件情况（线索 ${lead.id}，调查报告所依据的监测记录）`,
    blocks: [
      { heading: '一、当事人', paragraphs: [sellerLine(c)] },
      { heading: '二、权利', paragraphs: [rightLine(c)] },
      {
        heading: '三、发现经过',
        paragraphs: [
          `网络交易监测自 ${chinaTimestamp(days[0] ?? lead.openedAt)} 至 ${chinaTimestamp(days.at(-1) ?? lead.updatedAt)} ` +
            `共发现 ${analysis.facts.length} 条涉嫌侵权商品信息；线索状态：${LEAD_STATE_LABELS[lead.state]}。`,
          `风险评分 ${analysis.risk.score100}（${analysis.risk.tier}）。`,
          analysis.repeat.explanation,
          ...(analysis.group ? [analysis.group.explanation] : []),
        ],
      },
      { heading: '四、移送意见', paragraphs: analysis.referral.explanation.split('\n') },
      ...(c.record
        ? [
            {
              heading: '五、移送记录',
              paragraphs: [
                `${chinaTimestamp(c.record.at)} 由 ${c.record.actor} 决定移送，理由：${c.record.reason}`,
              ],
            },
          ]
        : []),
      {
        paragraphs: [
          '本材料由 markwatch 根据监测与处置记录生成，供承办人员撰写《涉嫌犯罪案件情况的调查报告》时核对使用。',
        ],
      },
    ],
  };
}

export function itemList(c: ReferralCase): Doc {
  const facts = [...c.analysis.facts].sort(
    (a, b) => a.listingId.localeCompare(b.listingId) || a.capturedAt.localeCompare(b.capturedAt),
  );
  return {
    title: `涉案商品及电子证据清单（线索 ${c.lead.id}）`,
    blocks: [
      {
        heading: '一、涉案商品',
        table: {
          head: [
            '序号',
            '平台',
            '商品编号',
            '商品名称',
            '链接',
            '价格',
            '销量',
            '发现理由',
            '采集时间（北京时间）',
          ],
          rows: facts.map((f, i) => [
            i + 1,
            f.platform,
            f.listingId,
            f.title,
            f.url,
            f.price !== undefined ? `${f.currency ?? 'CNY'} ${f.price}` : '未标价',
            f.sales ?? '未知',
            reasonLabel(f.reason),
            chinaTimestamp(f.capturedAt),
          ]),
        },
      },
      {
        heading: '二、电子证据（SHA-256）',
        table: {
          head: ['序号', '文件', '类型', '字节', 'SHA-256', '采集时间（UTC）', '来源地址'],
          rows: c.evidence.map((p, i) => [
            i + 1,
            p.entry,
            p.evidence.kind,
            p.evidence.bytes,
            p.evidence.sha256,
            p.evidence.capturedAt,
            p.evidence.url,
          ]),
        },
      },
    ],
  };
}

export function inspectionRecords(c: ReferralCase): Doc {
  const captures = c.evidence.map((p) => [
    chinaTimestamp(p.evidence.capturedAt),
    `${p.evidence.platform}/${p.evidence.listingId}`,
    `采集 ${p.evidence.kind}`,
    p.evidence.sha256,
  ]);
  const checks = c.notices.flatMap((n) =>
    n.items.map((i) => [
      chinaTimestamp(i.checkedAt ?? n.sentAt),
      `${n.platform}/${i.listingId}`,
      `通知 ${n.id}（${chinaTimestamp(n.sentAt)} 发出）复查：${NOTICE_ITEM_STATUS_LABELS[i.status]}` +
        (i.takenDownAt ? `，删除于 ${chinaTimestamp(i.takenDownAt)}` : '') +
        (i.rejectReason ? `，驳回理由：${i.rejectReason}` : ''),
      '',
    ]),
  );
  const rows = [...captures, ...checks].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const refs = c.record?.attachments.filter((a) => a.code === 'inspection_reports').map((a) => a.ref) ?? [];
  return {
    title: `检查记录（线索 ${c.lead.id}）`,
    blocks: [
      { table: { head: ['时间（北京时间）', '商品', '事项', 'SHA-256'], rows } },
      {
        heading: '检验报告或者鉴定结论',
        paragraphs: refs.length
          ? refs.map((r) => `已登记：${r}`)
          : [
              '尚未登记权利人鉴定或检验报告；如已取得，请随案附送（国务院令第310号第四条、第六条第（四）项）。',
            ],
      },
    ],
  };
}

export function amountEstimate(c: ReferralCase): Doc {
  const s = c.analysis.referral;
  const t = s.threshold;
  return {
    title: `涉案金额估算（线索 ${c.lead.id}）`,
    blocks: [
      {
        heading: '一、估算（单价 × 销量，以最近一次采集为准）',
        table: {
          head: ['平台', '商品编号', '单价', '销量', '金额'],
          rows: [
            ...s.figures.listings.map((l) => [
              l.platform,
              l.listingId,
              l.price !== null ? yuan(l.price) : '缺少人民币价格',
              l.sales ?? '缺少销量',
              l.volume !== null ? yuan(l.volume) : '未计入',
            ]),
            ['合计', '', '', s.figures.sales, yuan(s.figures.volume)],
          ],
        },
      },
      {
        heading: '二、比较的刑事立案标准',
        paragraphs: t
          ? [
              `标准版本：${t.version}（${t.document}，${t.version} 起施行；按 ${s.day} 适用）`,
              `条文：刑法第${t.article}条 ${t.offence}；${MEASURES[t.measure]}${t.level === 'upper' ? '加重档' : '入罪档'} ${yuan(t.amount)}` +
                (t.multiMark ? '（两种以上注册商标）' : ''),
              t.verified
                ? '该版本数额已与官方文本核对。'
                : `注意：该版本数额未经官方文本核对${t.verifyNote ? `：${t.verifyNote}` : ''}。`,
              s.suggested
                ? '结论：估算金额达到该标准。'
                : '结论：估算金额未达该标准（可依国务院令第310号第三条第二款以犯罪合理嫌疑移送）。',
            ]
          : [s.explanation],
      },
      { heading: '三、说明', paragraphs: s.explanation.split('\n') },
    ],
  };
}
