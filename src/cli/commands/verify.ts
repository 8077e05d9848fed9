import type { Command } from 'commander';
import { verifyPackage } from '../../export/package/index.js';

/*
 * markwatch verify FILE.zip: recomputes every file's SHA-256 and each manifest digest, checks the audit-chain
 * excerpts; exit 1 naming each file that is altered, missing or extra, exit 0 with a summary otherwise.
 */

export function register(program: Command): void {
  program
    .command('verify <file>')
    .description('校验线索证据包 (verify a lead evidence package)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (file: string, opts: { json?: boolean }) => {
      const report = await verifyPackage(file);
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.ok) {
        process.stdout.write(
          `校验通过 (verified): ${file} — ${report.leads} 条线索、${report.files} 个文件，哈希与审计链一致\n` +
            report.digests.map((d) => `  ${d.folder}  ${d.digest}\n`).join(''),
        );
      }
      if (!report.ok) {
        for (const p of report.problems)
          process.stderr.write(`校验失败 (verification failed): ${p.file}: ${p.message}\n`);
        process.exitCode = 1;
      }
    });
}
