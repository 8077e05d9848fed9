import type { Command } from 'commander';
import { chinaTimestamp } from '../../common/chinaTime.js';
import type { AuditEntry, ChainReport } from '../../common/auditChain.js';
import type { AuditQuery, AuditRepository } from '../../store/auditRepository.js';
import { withStore } from '../context.js';
import { positiveInt } from '../options.js';
import { formatTable } from '../table.js';

const DEFAULT_LIMIT = 50;
const DETAIL_WIDTH = 80;

/**
 * The audit log of the command's data directory, read-only. The store is opened first so that a missing
 * database or an unmigrated schema is reported as for every reading command.
 */
async function withAudit<T>(command: Command, run: (audit: AuditRepository) => Promise<T>): Promise<T> {
  return withStore(command, 'read', (store) => run(store.audit));
}

/** Its refusals of a bad number stay English-only, as tests/cli/audit.test.ts reads them. */
const EXPECTED = 'expected a positive integer';

/** `TYPE` or `TYPE:ID` (the id may itself hold colons). */
export function parseSubject(text: string): Pick<AuditQuery, 'subjectType' | 'subjectId'> {
  const at = text.indexOf(':');
  const type = at < 0 ? text : text.slice(0, at);
  const id = at < 0 ? undefined : text.slice(at + 1);
  if (!type || id === '') {
    throw new Error(`--subject: expected TYPE or TYPE:ID (e.g. lead:12), got "${text}"`);
  }
  return id === undefined ? { subjectType: type } : { subjectType: type, subjectId: id };
}

/** The report as people read it: one line naming each bad row, or the intact count and the chain's head. */
export function formatChainReport(report: ChainReport): string {
  if (report.ok) {
    const head = report.head
      ? `\n最后一条：第 ${report.head.seq} 条，哈希 ${report.head.hash} (last row: seq ${report.head.seq}, hash ${report.head.hash})`
      : '';
    return `审计链完整：${report.rows} 条 (audit chain intact: ${report.rows} rows)${head}\n`;
  }
  const lines = report.problems.map((p) => `  ${p.message}`);
  return (
    `审计链被破坏：${report.problems.length} 处问题，共读取 ${report.rows} 条 ` +
    `(audit chain broken: ${report.problems.length} problem(s) in ${report.rows} rows read)\n${lines.join('\n')}\n`
  );
}

function shorten(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function formatEntries(entries: AuditEntry[]): string {
  if (entries.length === 0) return '没有审计记录 (no audit entries)\n';
  return (
    formatTable(
      [
        '序号 seq',
        '时间 at',
        '操作人 actor',
        '角色 role',
        '系统用户 os user',
        '动作 action',
        '对象 subject',
        '详情 detail',
      ],
      entries.map((e) => [
        e.seq,
        chinaTimestamp(e.at),
        e.actor,
        e.role,
        e.osUser,
        e.action,
        `${e.subjectType}:${e.subjectId}`,
        shorten(JSON.stringify(e.detail), DETAIL_WIDTH),
      ]),
    ) + '\n'
  );
}

export function register(program: Command): void {
  const audit = program.command('audit').description('审计日志：核验与查看 (audit log: verify and list)');
  audit
    .command('verify')
    .description('核验审计哈希链，指出被修改、删除或调换的记录 (verify the hash chain, naming every bad row)')
    .option('--json', '以 JSON 输出 (print as JSON)')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withAudit(command, async (log) => {
        const report = await log.verify();
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatChainReport(report));
        if (!report.ok) process.exitCode = 1;
      });
    });
  audit
    .command('list')
    .description(
      `列出审计记录，默认最近 ${DEFAULT_LIMIT} 条 (list audit entries; the newest ${DEFAULT_LIMIT} by default)`,
    )
    .option('--subject <TYPE:ID>', '按对象筛选，如 lead:12 或 lead (only entries about this subject)')
    .option('--limit <n>', `最多条数 (at most N entries; default ${DEFAULT_LIMIT})`)
    .option('--after <seq>', '从该序号之后列出 (entries after this seq, oldest first)')
    .option('--json', '以 JSON 输出 (print as JSON)')
    .action(
      async (
        opts: { subject?: string; limit?: string; after?: string; json?: boolean },
        command: Command,
      ) => {
        const query: AuditQuery = {
          ...(opts.subject !== undefined ? parseSubject(opts.subject) : {}),
          limit: opts.limit !== undefined ? positiveInt(opts.limit, '--limit', EXPECTED) : DEFAULT_LIMIT,
          ...(opts.after !== undefined
            ? { afterSeq: positiveInt(opts.after, '--after', EXPECTED) }
            : { latest: true }),
        };
        await withAudit(command, async (log) => {
          const entries = await log.list(query);
          process.stdout.write(opts.json ? `${JSON.stringify(entries, null, 2)}\n` : formatEntries(entries));
        });
      },
    );
}
