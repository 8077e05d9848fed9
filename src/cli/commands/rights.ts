import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  RIGHT_STATUSES,
  RIGHT_STATUS_LABELS,
  type Actor,
  type RegistryEntry,
  type RightKind,
  type RightStatus,
} from '../../model/index.js';
import { formatRowError, pastTermNote, RightsRegistry, type ImportReport } from '../../rights/registry.js';
import { chinaDate } from '../../common/chinaTime.js';
import { formatOfFile, formatRights, importRightsFile, type RightsFormat } from '../../rights/rightsFile.js';
import { withStore } from '../context.js';
import { formatTable } from '../table.js';

/*
 * markwatch rights import|export|list|show|approve|reject|retire|expire|notifications. Every call acts as an
 * account: --as staff[:ID] or --as holder:ID (or MARKWATCH_AS); the registry enforces what that account may do.
 */

const KINDS: RightKind[] = ['trademark', 'gi', 'special', 'patent'];

/** `staff`, `staff:ID` or `holder:ID`. */
export function parseActor(text: string | undefined): Actor {
  const value = text?.trim();
  if (!value) {
    throw new Error(
      '--as: 请指明身份 (say who acts): --as staff[:ID] or --as holder:ID (or set MARKWATCH_AS)',
    );
  }
  const m = /^(staff|holder)(?::(.+))?$/.exec(value);
  if (!m || (m[1] === 'holder' && !m[2]?.trim())) {
    throw new Error(`--as: "${value}" is not staff[:ID] or holder:ID`);
  }
  return { role: m[1] as Actor['role'], accountId: m[2]?.trim() || 'staff' };
}

function formatOption(value: string | undefined, file: string | undefined): RightsFormat {
  if (value === undefined) return file ? formatOfFile(file) : 'json';
  if (value !== 'json' && value !== 'csv') throw new Error(`--format: "${value}" is not json or csv`);
  return value;
}

/**
 * Runs `run` with a registry over the data directory's store. `access: 'read'` (list, show, export, reading
 * notifications) opens the database read-only, so these work on a read-only data directory.
 */
async function withRegistry<T>(
  command: Command,
  access: 'read' | 'write',
  run: (registry: RightsRegistry, actor: Actor) => Promise<T>,
  /** Write commands run the expiry step first, so they act on the rights' current status. */
  expireFirst = false,
) {
  const opts = command.optsWithGlobals<{ as?: string }>();
  const actor = parseActor(opts.as ?? process.env.MARKWATCH_AS);
  return withStore(command, access, async (store) => {
    const registry = new RightsRegistry(store.rights);
    if (expireFirst) await registry.expireDue();
    return run(registry, actor);
  });
}

/** The status label, flagging a right whose term has ended but which the expiry step has not yet moved. */
function statusLabel(entry: RegistryEntry, today: string): string {
  return RIGHT_STATUS_LABELS[entry.status] + pastTermNote(entry, today);
}

function printReport(file: string, report: ImportReport, dryRun: boolean): void {
  if (!report.ok) {
    process.stderr.write(
      `${file}: 导入失败，未写入任何数据 (import failed; nothing was written): ${report.errors.length} 个问题 (problems)\n` +
        report.errors.map(formatRowError).join('\n') +
        '\n',
    );
    process.exitCode = 1;
    return;
  }
  const verb = dryRun ? '校验通过，未写入 (dry run: valid, nothing written)' : '导入完成 (imported)';
  process.stdout.write(
    `${file}: ${verb}: ${report.total} 条 — 新增 ${report.created.length} (new), 更新 ${report.updated.length} (changed), 未变 ${report.unchanged.length} (unchanged)\n`,
  );
}

export function register(program: Command): void {
  const rights = program
    .command('rights')
    .description('权利登记：导入、导出、审核 (rights registry)')
    .option('--as <actor>', '身份 (who acts): staff[:ID] | holder:ID; env MARKWATCH_AS');

  rights
    .command('import <file>')
    .description('批量导入（全部成功或全部不写入）(import a JSON or CSV file, all or nothing)')
    .option('--format <format>', 'json | csv (default: from the file extension)')
    .option('--owner <account>', '执法人员代权利人导入时的所属账号 (owner account when staff import)')
    .option('--approve', '执法人员：导入即审核通过 (staff: approve at once)')
    .option('--reason <text>', '理由，记入历史 (why; recorded in history)')
    .option('--dry-run', '只校验，不写入 (validate only)')
    .action(
      async (
        file: string,
        opts: { format?: string; owner?: string; approve?: boolean; reason?: string; dryRun?: boolean },
        command: Command,
      ) => {
        const format = formatOption(opts.format, file);
        await withRegistry(
          command,
          'write',
          async (registry, actor) => {
            const report = await importRightsFile(registry, actor, file, { ...opts, format });
            printReport(file, report, opts.dryRun === true);
          },
          opts.dryRun !== true,
        );
      },
    );

  rights
    .command('export')
    .description('导出监测清单 (export the watch list as JSON or CSV)')
    .option('--format <format>', 'json | csv (default: from --out, else json)')
    .option('--out <file>', '写入文件 (write to a file; default stdout)')
    .option(
      '--latest',
      '导出每项权利的最新内容（含待审核）而非生效版本 (newest content instead of the versions in force)',
    )
    .action(async (opts: { format?: string; out?: string; latest?: boolean }, command: Command) => {
      const format = formatOption(opts.format, opts.out);
      await withRegistry(command, 'read', async (registry, actor) => {
        const list = await registry.export(actor, opts.latest ? 'latest' : 'inForce');
        const text = formatRights(list, format);
        if (opts.out) {
          writeFileSync(opts.out, text);
          process.stderr.write(`${opts.out}: ${list.length} 项权利 (rights)\n`);
        } else process.stdout.write(text);
      });
    });

  rights
    .command('list')
    .description('列出权利 (list rights)')
    .option('--status <status>', `按状态 (by status): ${RIGHT_STATUSES.join(', ')}`)
    .option('--kind <kind>', `按类型 (by kind): ${KINDS.join(', ')}`)
    .option('--json', '输出 JSON (print JSON)')
    .action(async (opts: { status?: string; kind?: string; json?: boolean }, command: Command) => {
      if (opts.status && !(RIGHT_STATUSES as readonly string[]).includes(opts.status))
        throw new Error(
          `--status: unknown status "${opts.status}" (expected one of ${RIGHT_STATUSES.join(', ')})`,
        );
      if (opts.kind && !(KINDS as string[]).includes(opts.kind))
        throw new Error(`--kind: unknown kind "${opts.kind}" (expected one of ${KINDS.join(', ')})`);
      await withRegistry(command, 'read', async (registry, actor) => {
        const today = chinaDate(registry.now());
        const rows = await registry.list(actor, {
          status: opts.status as RightStatus | undefined,
          kind: opts.kind as RightKind | undefined,
        });
        if (opts.json) {
          process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
          return;
        }
        process.stdout.write(
          formatTable(
            ['编号', '类型', '名称/号码', '状态', '待审核', '到期', '所属账号', '版本'],
            rows.map((e) => {
              const r = e.pending ?? e.inForce;
              return [
                e.id,
                e.kind,
                r ? (r.kind === 'patent' ? r.number : r.name) : '',
                statusLabel(e, today),
                e.pending ? '是' : '',
                e.expiresOn ?? '',
                e.ownerAccountId,
                e.revision,
              ];
            }),
          ) + '\n',
        );
      });
    });

  rights
    .command('show <id>')
    .description('查看一项权利及其全部历史 (show a right and its history)')
    .option('--json', '输出 JSON (print JSON)')
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      await withRegistry(command, 'read', async (registry, actor) => {
        const entry = await registry.get(actor, id);
        const history = await registry.history(actor, id);
        if (opts.json) {
          process.stdout.write(JSON.stringify({ ...entry, history }, null, 2) + '\n');
          return;
        }
        process.stdout.write(
          `${entry.id} (${entry.kind}) ${statusLabel(entry, chinaDate(registry.now()))} — 所属 ${entry.ownerAccountId}, 到期 ${entry.expiresOn ?? '—'}\n` +
            formatTable(
              ['版本', '操作', '状态', '操作人', '时间', '理由'],
              history.map((h) => [
                h.revision,
                h.action,
                RIGHT_STATUS_LABELS[h.status],
                `${h.actor.role}:${h.actor.accountId}`,
                h.at,
                h.reason ?? '',
              ]),
            ) +
            '\n',
        );
      });
    });

  const decide = (name: 'approve' | 'reject' | 'retire', description: string, reasonRequired: boolean) => {
    const cmd = rights.command(`${name} <id>`).description(description);
    if (reasonRequired)
      cmd.requiredOption('--reason <text>', '理由，必填 (why; required, recorded in history)');
    else cmd.option('--reason <text>', '理由 (why; recorded in history)');
    cmd.action(async (id: string, opts: { reason?: string }, command: Command) => {
      await withRegistry(
        command,
        'write',
        async (registry, actor) => {
          const entry =
            name === 'approve'
              ? await registry.approve(actor, id, opts.reason)
              : name === 'reject'
                ? await registry.reject(actor, id, opts.reason ?? '')
                : await registry.retire(actor, id, opts.reason ?? '');
          process.stdout.write(
            `${entry.id}: ${RIGHT_STATUS_LABELS[entry.status]} (${entry.status}), 版本 ${entry.revision}\n`,
          );
        },
        true,
      );
    });
  };
  decide('approve', '审核通过待审核版本 (staff: approve the pending version)', false);
  decide('reject', '驳回待审核版本，须填理由 (staff: reject the pending version with a reason)', true);
  decide('retire', '注销权利（不删除，保留历史）(retire a right; nothing is deleted)', true);

  rights
    .command('expire')
    .description('立即把已过有效期的权利标为到期并通知权利人 (expire rights whose validity has ended, now)')
    .action(async (_opts: unknown, command: Command) => {
      await withRegistry(command, 'write', async (registry) => {
        const ids = await registry.expireDue();
        process.stdout.write(`到期 (expired): ${ids.length}${ids.length ? ` — ${ids.join(', ')}` : ''}\n`);
      });
    });

  rights
    .command('notifications')
    .description('本账号的通知 (notifications for the acting account)')
    .option('--unread', '只看未读 (unread only)')
    .option('--mark-read', '显示后标为已读 (mark them read)')
    .action(async (opts: { unread?: boolean; markRead?: boolean }, command: Command) => {
      await withRegistry(command, opts.markRead ? 'write' : 'read', async (registry, actor) => {
        const notes = await registry.notifications(actor, { unreadOnly: opts.unread === true });
        process.stdout.write(
          formatTable(
            ['编号', '权利', '类型', '时间', '内容'],
            notes.map((n) => [n.id, n.rightId, n.kind, n.createdAt, n.message]),
          ) + '\n',
        );
        if (opts.markRead)
          await registry.markNotificationsRead(
            actor,
            notes.map((n) => n.id),
          );
      });
    });
}
