import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { findPackageRecords, verifyPackage, type DigestRecord } from '../../export/package/index.js';
import { DATABASE_FILE, openConfiguredStore } from '../../store/index.js';
import { configFor } from '../context.js';

/*
 * markwatch verify FILE.zip: recomputes every file's SHA-256 and each manifest digest, checks the audit-chain
 * excerpts; exit 1 naming each file that is altered, missing or extra, exit 0 with a summary otherwise. Then,
 * when this machine has the data directory, it looks each manifest digest up in the audit log where the export
 * recorded it: a package that agrees with itself but was never issued as it is (a swapped file with a
 * recomputed manifest) is found there. `--recorded` makes an unrecorded digest a failure.
 */

async function recordsFor(command: Command, digests: string[]): Promise<DigestRecord[] | null> {
  const config = configFor(command);
  if (config.store.kind === 'sqlite' && !existsSync(join(config.dataDir, DATABASE_FILE))) return null;
  const store = await openConfiguredStore(config, { readonly: true });
  try {
    return await findPackageRecords(store.audit, digests);
  } finally {
    await store.close();
  }
}

export function register(program: Command): void {
  program
    .command('verify <file>')
    .description('校验线索证据包 (verify a lead evidence package)')
    .option(
      '--recorded',
      '清单摘要须已记入本数据目录的审计日志 (every digest must be in this data directory’s audit log)',
    )
    .option('--json', '输出 JSON (print JSON)')
    .action(async (file: string, opts: { json?: boolean; recorded?: boolean }, command: Command) => {
      const report = await verifyPackage(file);
      const records = report.ok
        ? await recordsFor(
            command,
            report.digests.map((d) => d.digest),
          )
        : null;
      const unrecorded = records?.filter((r) => r.recorded === null) ?? [];
      if (opts.recorded && (records === null || unrecorded.length > 0)) {
        report.ok = false;
        report.problems.push(
          ...(records === null
            ? [
                {
                  file,
                  message:
                    '本机没有数据目录，无法核对审计日志 (no data directory here to check the audit log)',
                },
              ]
            : unrecorded.map((r) => ({
                file,
                message: `清单摘要 ${r.digest} 未见于审计日志 (digest not recorded at export)`,
              }))),
        );
      }
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, records }, null, 2)}\n`);
      else if (report.ok) {
        process.stdout.write(
          `校验通过 (verified): ${file} — ${report.leads} 条线索、${report.files} 个文件，哈希与审计链一致\n` +
            report.digests.map((d) => `  ${d.folder}  ${d.digest}\n`).join('') +
            recordLines(records),
        );
      }
      if (!report.ok) {
        for (const p of report.problems)
          process.stderr.write(`校验失败 (verification failed): ${p.file}: ${p.message}\n`);
        process.exitCode = 1;
      }
    });
}

function recordLines(records: DigestRecord[] | null): string {
  if (records === null)
    return '审计日志：本机没有数据目录，未核对 (audit log: no data directory here, not checked)\n';
  return records
    .map((r) =>
      r.recorded
        ? `  ${r.digest.slice(0, 16)}… 导出时已记入审计日志 (recorded at export): #${r.recorded.seq} ${r.recorded.at} ${r.recorded.actor}\n`
        : `  ${r.digest.slice(0, 16)}… 未见于本数据目录的审计日志 (not recorded in this data directory's audit log)\n`,
    )
    .join('');
}
