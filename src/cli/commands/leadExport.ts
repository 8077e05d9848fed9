import type { Command } from 'commander';
import { leadPackageWiring } from '../../app/leadPackages.js';
import { exportLeadPackages, recordPackageExport } from '../../export/package/index.js';
import { writeStreamAtomically } from '../../export/referral/atomicWrite.js';
import { idArg, output, withWorkflow } from '../workflowContext.js';

/*
 * markwatch leads export ID… --out FILE.zip: the evidence packages of the leads, one folder each, streamed into
 * a temporary file that is renamed into place when complete (a failed export leaves nothing under FILE.zip).
 */

export function registerLeadExport(leads: Command): void {
  leads
    .command('export <ids...>')
    .description('导出线索证据包 ZIP (export lead evidence packages)')
    .requiredOption('--out <file>', '输出 ZIP 文件 (the ZIP file to write)')
    .option('--no-documents', '不生成摘要与提取笔录 PDF (evidence and manifest only; no Chromium)')
    .option('--json', '输出 JSON (print JSON)')
    .action(
      async (ids: string[], opts: { out: string; json?: boolean; documents: boolean }, cmd: Command) => {
        const leadIds = ids.map((id) => idArg('lead', id));
        // Written: each lead's manifest digest goes into the audit log, which `verify` consults.
        await withWorkflow(cmd, 'write', async ({ store, config, who }) => {
          const wiring = leadPackageWiring(store, config, { documents: opts.documents });
          try {
            const summary = await writeStreamAtomically(opts.out, (file) =>
              exportLeadPackages(wiring.deps, leadIds, file, {
                onLead: (done, total) => {
                  if (process.stderr.isTTY) process.stderr.write(`\r导出 (exporting) ${done}/${total}`);
                },
              }),
            );
            if (process.stderr.isTTY) process.stderr.write('\n');
            await recordPackageExport(store.audit, who, summary, 'cli');
            output(opts.json, summary, () =>
              [
                `已导出 ${summary.leads} 条线索、${summary.files} 个文件 → ${opts.out} (exported)`,
                ...summary.digests.map((d) => `  ${d.folder}  清单摘要 (manifest digest) ${d.digest}`),
              ].join('\n'),
            );
          } finally {
            await wiring.close();
          }
        });
      },
    );
}
