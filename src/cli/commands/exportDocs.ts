import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { chinaDate } from '../../common/chinaTime.js';
import { publicityDocument, publicityFormatOf } from '../../export/publicity/publicityExport.js';
import { recordExport } from '../../export/package/index.js';
import { writeFileAtomically } from '../../export/referral/atomicWrite.js';
import { writeReferralPackageFile } from '../../export/referral/referralPackage.js';
import { letterFormatOf, transferLetterDocument } from '../../export/referral/transferLetterExport.js';
import { loadCaseDetails } from '../../export/typicalCases/caseDetails.js';
import { typicalCasesDocument } from '../../export/typicalCases/typicalCasesExport.js';
import { idArg, output, withWorkflow, type WorkflowContext } from '../workflowContext.js';

/*
 * markwatch export publicity|cases|referral|transfer-letter: the reports and letters officers take out (issue
 * 16). Exports carry personal data and evidence, so they need --as staff, and each one is recorded in the
 * audit log with the SHA-256 of the file written.
 */

function wantExtension<T>(file: string, format: T | null, expected: string): T {
  if (format === null)
    throw new Error(`--out: "${file}" 应以 ${expected} 结尾 (expected a ${expected} file)`);
  return format;
}

/** The file written, recorded in the audit log with its SHA-256 (the same record the web makes of a download). */
function recorded(
  ctx: WorkflowContext,
  action: string,
  subject: { type: string; id: string },
  file: string,
  detail: Record<string, unknown>,
): Promise<string> {
  return recordExport(ctx.store.audit, ctx.who, action, subject, readFileSync(file), {
    file: basename(file),
    ...detail,
  });
}

export function register(program: Command): void {
  const exp = program
    .command('export')
    .description('导出公示清单、典型案例表、移送材料与线索通报函 (export reports and letters)')
    .option('--as <actor>', '身份 (who acts): staff[:ID]; env MARKWATCH_AS');

  exp
    .command('publicity')
    .description('公示清单（个人信息已脱敏）：HTML 或 CSV (the publicity list, redacted)')
    .requiredOption('--from <date>', '结果日期自 YYYY-MM-DD (results from)')
    .requiredOption('--to <date>', '结果日期至 YYYY-MM-DD (results to, inclusive)')
    .requiredOption('--out <file>', '输出文件 .html 或 .csv (output file)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { from: string; to: string; out: string; json?: boolean }, command: Command) => {
      const format = wantExtension(opts.out, publicityFormatOf(opts.out), '.html 或 .csv');
      await withWorkflow(command, 'write', async (ctx) => {
        const doc = await publicityDocument(ctx.deps, { from: opts.from, to: opts.to }, format);
        writeFileAtomically(opts.out, doc.body);
        const sha256 = await recorded(
          ctx,
          'export.publicity',
          { type: 'export', id: 'publicity' },
          opts.out,
          {
            from: opts.from,
            to: opts.to,
            rows: doc.rows,
          },
        );
        output(
          opts.json,
          { file: opts.out, rows: doc.rows, sha256 },
          () => `已写入 ${opts.out}：${doc.rows} 条 (written)`,
        );
      });
    });

  exp
    .command('cases <leadIds...>')
    .description('典型案例表 XLSX：所列线索（非官方模板，字段见 domain.md §8）(the typical-case table)')
    .requiredOption('--out <file>', '输出文件 .xlsx (output file)')
    .option(
      '--details <file>',
      '承办人填写的案件信息 JSON：{"cases":{"线索号":{…}}} (officer-entered fields)',
    )
    .option('--json', '输出 JSON (print JSON)')
    .action(
      async (ids: string[], opts: { out: string; details?: string; json?: boolean }, command: Command) => {
        wantExtension(opts.out, /\.xlsx$/i.test(opts.out) ? 'xlsx' : null, '.xlsx');
        const leadIds = ids.map((id) => idArg('lead', id));
        const details = opts.details ? loadCaseDetails(opts.details) : new Map();
        await withWorkflow(command, 'write', async (ctx) => {
          const doc = await typicalCasesDocument(ctx.deps, leadIds, details);
          writeFileAtomically(opts.out, doc.body);
          const sha256 = await recorded(
            ctx,
            'export.typical_cases',
            { type: 'export', id: 'typical_cases' },
            opts.out,
            {
              leadIds,
            },
          );
          output(
            opts.json,
            { file: opts.out, rows: doc.rows, sha256 },
            () => `已写入 ${opts.out}：${doc.rows} 个案例 (written)`,
          );
        });
      },
    );

  exp
    .command('referral <leadId>')
    .description(
      '移送公安材料包 ZIP：移送书、第310号令第六条附件清单、证据及哈希 (the police referral package)',
    )
    .requiredOption('--out <file>', '输出文件 .zip (output file)')
    .option('--police <name>', '接收的公安机关 (the receiving police organ; blank if not given)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { out: string; police?: string; json?: boolean }, command: Command) => {
      wantExtension(opts.out, /\.zip$/i.test(opts.out) ? 'zip' : null, '.zip');
      const leadId = idArg('lead', id);
      await withWorkflow(command, 'write', async (ctx) => {
        const result = await writeReferralPackageFile(
          { ...ctx.deps, blobs: ctx.store.blobs, audit: ctx.store.audit },
          leadId,
          {
            date: chinaDate(ctx.deps.now()),
            actor: ctx.who.actor,
            ...(opts.police ? { police: opts.police } : {}),
          },
          opts.out,
        );
        const sha256 = await recorded(
          ctx,
          'export.referral_package',
          { type: 'lead', id: String(leadId) },
          opts.out,
          {
            files: result.files.length,
            thresholdVersion: result.thresholdVersion,
          },
        );
        output(opts.json, { file: opts.out, sha256, ...result }, () =>
          [
            `已写入 ${opts.out}：${result.files.length} 个文件，其中证据 ${result.evidenceCount} 个 (written)`,
            `立案标准版本 (threshold version)：${result.thresholdVersion ?? '无'}`,
            `SHA-256：${sha256}`,
          ].join('\n'),
        );
      });
    });

  exp
    .command('transfer-letter <leadId>')
    .description('线索通报函（发往卖家所在地管辖局）：HTML 或 TXT (the cross-region transfer letter)')
    .requiredOption('--out <file>', '输出文件 .html 或 .txt (output file)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { out: string; json?: boolean }, command: Command) => {
      const format = wantExtension(opts.out, letterFormatOf(opts.out), '.html 或 .txt');
      const leadId = idArg('lead', id);
      await withWorkflow(command, 'write', async (ctx) => {
        const doc = await transferLetterDocument(ctx.deps, leadId, ctx.deps.now(), format);
        writeFileAtomically(opts.out, doc.body);
        const sha256 = await recorded(
          ctx,
          'export.transfer_letter',
          { type: 'lead', id: String(leadId) },
          opts.out,
          {},
        );
        output(opts.json, { file: opts.out, subject: doc.subject, inArea: doc.inArea, sha256 }, () =>
          [
            `已写入 ${opts.out}：${doc.subject} (written)`,
            ...(doc.inArea ? ['注意：该卖家在本局辖区内 (seller is inside the office area)'] : []),
          ].join('\n'),
        );
      });
    });
}
