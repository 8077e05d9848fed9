import type { Command } from 'commander';
import { MarkwatchError } from '../../common/errors.js';
import { copyStoreToPg, type CopyProgress, type CopyReport } from '../../store/copy/copyStore.js';
import { openConfiguredStore } from '../../store/index.js';
import { configFor } from '../context.js';

/** Progress lines are printed when a table is done, and every this many rows of a big one. */
const PROGRESS_EVERY = 50_000;

export function formatMigrate(file: string, applied: string[]): string {
  if (applied.length === 0)
    return `数据库结构已是最新，未应用任何迁移 (schema is current, nothing applied): ${file}\n`;
  return (
    `已应用 ${applied.length} 个迁移 (applied ${applied.length} migration(s)) → ${file}\n` +
    applied.map((m) => `  ${m}\n`).join('')
  );
}

/** A progress printer: one line per finished table, and one per PROGRESS_EVERY rows of a big one. */
export function progressLines(write: (line: string) => void): (p: CopyProgress) => void {
  let shown = 0;
  return (p) => {
    if (p.copied === p.total) {
      write(`  ${p.table}: ${p.total} 行 (rows)\n`);
      shown = 0;
    } else if (p.copied - shown >= PROGRESS_EVERY) {
      write(`  ${p.table}: ${p.copied}/${p.total} …\n`);
      shown = p.copied;
    }
  };
}

export function formatCopy(report: CopyReport & { target: string }): string {
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  const migrated =
    report.appliedMigrations.length > 0
      ? `目标库先应用了迁移 (target migrated first): ${report.appliedMigrations.join(', ')}\n`
      : '';
  return (
    migrated +
    `已复制到 ${report.target}：${report.tables.length} 张表共 ${rows} 行、证据 ${report.blobs} 个，` +
    `各表行数已核对 (copied ${report.tables.length} tables, ${rows} rows and ${report.blobs} evidence blobs; ` +
    'row counts verified)\n'
  );
}

export function register(program: Command): void {
  const store = program
    .command('store')
    .description('数据库：迁移与搬迁 (the store: migrate, copy to PostgreSQL)');
  store
    .command('migrate')
    .description('对配置的数据库应用待执行的迁移 (apply pending migrations to the configured store)')
    .action(async (_opts: unknown, command: Command) => {
      const opened = await openConfiguredStore(configFor(command));
      try {
        process.stdout.write(formatMigrate(opened.file, opened.appliedMigrations));
      } finally {
        await opened.close();
      }
    });
  store
    .command('copy')
    .description(
      '把 SQLite 数据库连同证据文件复制到空的 PostgreSQL 数据库，一个事务内完成 ' +
        '(copy the SQLite store and its evidence into an empty PostgreSQL database, in one transaction)',
    )
    .requiredOption('--to <url>', '目标 PostgreSQL 地址 (target, postgres://user@host/db)')
    .action(async (opts: { to: string }, command: Command) => {
      const config = configFor(command);
      if (config.store.kind !== 'sqlite') {
        throw new MarkwatchError(
          'store.copy',
          '配置的数据库不是 SQLite，无可复制 (store.kind is not sqlite: copy moves a SQLite store to PostgreSQL)',
        );
      }
      process.stdout.write(`复制 ${config.dataDir} → PostgreSQL (copying)…\n`);
      const write = (line: string) => process.stdout.write(line);
      const report = await copyStoreToPg(config.dataDir, opts.to, progressLines(write));
      process.stdout.write(formatCopy(report));
    });
}
