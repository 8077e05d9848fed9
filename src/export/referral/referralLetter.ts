import { referralAttachmentChecklist, type AttachmentStatus } from '../../leads/referralAttachments.js';
import { RIGHT_KIND_LABELS } from './labels.js';
import type { Doc } from './docModel.js';
import type { ReferralCase } from './referralCase.js';
import { rightLine, sellerLine } from './referralRecords.js';

/*
 * The 涉嫌犯罪案件移送书-style cover letter and the Order 310 Art. 6 attachment list of a police referral
 * package. The list names, for each of the five attachments, the files of the package that carry it and the
 * references the referral recorded, then every file with its SHA-256.
 */

export interface LetterOptions {
  /** The letter's date, YYYY-MM-DD. */
  date: string;
  /** The receiving public security organ; a blank to fill in by hand when not given. */
  police?: string;
  /** Who prepared the package (the --as account). */
  actor?: string;
}

export interface PackageFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** Package files per Order 310 Art. 6 attachment code. */
export type FilesByAttachment = Readonly<Record<string, readonly string[]>>;

const BASIS = '《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）';

export function checklistOf(c: ReferralCase): AttachmentStatus[] {
  return referralAttachmentChecklist(c.record?.attachments ?? []).items;
}

export function coverLetter(c: ReferralCase, o: LetterOptions, files: FilesByAttachment): Doc {
  const s = c.analysis.referral;
  const t = s.threshold;
  const kind = RIGHT_KIND_LABELS[c.lead.kind];
  const ground = s.suggested
    ? `经估算，涉案${t ? `金额达到${t.document}规定的刑法第${t.article}条${t.offence}立案标准` : '金额达到刑事立案标准'}`
    : '经估算，涉案金额尚未达到刑事立案标准，但现有证据表明有犯罪的合理嫌疑，需要公安机关采取措施进一步获取证据以判断是否达到刑事案件立案追诉标准';
  const rule = s.suggested ? '第三条第一款' : '第三条第二款';
  return {
    title: '涉嫌犯罪案件移送书',
    blocks: [
      {
        paragraphs: [
          `${o.police ?? '＿＿＿＿＿＿（公安机关）'}：`,
          `我局在网络交易监测中发现，${c.lead.platform}平台内经营者「${c.lead.sellerName}」销售的商品涉嫌侵犯${kind}。${ground}。` +
            `根据${BASIS}${rule}、第六条的规定，现将该案移送你局，请依法审查，并将审查结果书面告知我局。`,
        ],
      },
      { heading: '当事人', paragraphs: [sellerLine(c)] },
      { heading: '权利', paragraphs: [rightLine(c)] },
      ...(t
        ? [
            {
              heading: '比较的立案标准',
              paragraphs: [`${t.document}（${t.version} 起施行）刑法第${t.article}条 ${t.offence}`],
            },
          ]
        : []),
      {
        heading: '附件',
        paragraphs: checklistOf(c).map(
          (a) => `${a.item}. ${a.nameZh}：${[...(files[a.code] ?? []), ...a.refs].join('；') || '（待补）'}`,
        ),
      },
    ],
    signature: [c.analysis.jurisdiction.office.name, o.date, ...(o.actor ? [`经办人：${o.actor}`] : [])],
  };
}

export function attachmentList(
  c: ReferralCase,
  files: FilesByAttachment,
  listed: readonly PackageFile[],
): Doc {
  const items = checklistOf(c);
  return {
    title: `移送附件清单（${BASIS}第六条）`,
    blocks: [
      {
        table: {
          head: ['序号', '附件', '是否必备', '本包文件', '已登记的文书'],
          rows: items.map((a) => [
            a.item,
            a.nameZh,
            a.required ? '必备' : '如有',
            (files[a.code] ?? []).join('；') || '—',
            a.refs.join('；') || '—',
          ]),
        },
      },
      {
        heading: '包内文件及其 SHA-256',
        table: {
          head: ['序号', '文件', '字节', 'SHA-256'],
          rows: listed.map((f, i) => [i + 1, f.path, f.bytes, f.sha256]),
        },
      },
      {
        paragraphs: [
          `电子证据共 ${c.evidence.length} 个文件，各文件 SHA-256 以采集时计算的值为准，导出时已逐一复核一致。`,
          'manifest.json 列出包内全部文件（含本清单）的 SHA-256 与字节数。',
        ],
      },
    ],
  };
}
