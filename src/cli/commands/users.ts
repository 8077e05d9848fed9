import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { chinaTimestamp } from '../../common/chinaTime.js';
import {
  USER_ROLE_LABELS,
  USER_ROLES,
  type AccountRepository,
  type User,
} from '../../store/accountRepository.js';
import type { WorkflowActor } from '../../store/index.js';
import {
  createAccount,
  resetAccountPassword,
  setAccountDisabled,
  type CreatedAccount,
} from '../../web/auth/userAdmin.js';
import { withStore } from '../context.js';
import { formatTable } from '../table.js';

/*
 * markwatch users add|list|disable|enable|reset: the web app's accounts, managed by whoever has shell access
 * to the data directory (that is how the first admin is made; there is no default password). Changes are in
 * the audit log under the operating-system user.
 */

/** The account repository of the command's data directory (migrated first when writing). */
async function withAccounts<T>(
  command: Command,
  access: 'read' | 'write',
  run: (accounts: AccountRepository) => Promise<T>,
): Promise<T> {
  return withStore(command, access, (store) => run(store.accounts));
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? '?'}`;
  }
}

/** The audit actor of a shell command: the operating-system user, acting with the shell's full power. */
function shellActor(): WorkflowActor {
  const user = osUser();
  return { actor: `shell:${user}`, role: 'shell', osUser: user, at: new Date().toISOString() };
}

/** Standard input up to its end, without the final line break (`printf 'pw\n' | markwatch users add …`). */
async function readPassword(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new Error('--password-stdin: 标准输入为空 (standard input held no password)');
  return password;
}

function statusOf(u: User): string {
  if (u.disabledAt !== null) return '已停用 (disabled)';
  return u.mustChangePassword ? '待改密码 (must change password)' : '正常 (active)';
}

export function formatUsers(users: User[]): string {
  if (users.length === 0) return '还没有用户 (no users yet): markwatch users add --username U --role admin';
  return formatTable(
    ['用户名 username', '名称 name', '角色 role', '权利人 holder', '状态 status', '创建 created'],
    users.map((u) => [
      u.username,
      u.displayName,
      USER_ROLE_LABELS[u.role],
      u.holderId ?? '-',
      statusOf(u),
      chinaTimestamp(u.createdAt),
    ]),
  );
}

function printOneTimePassword({ user, oneTimePassword }: CreatedAccount): void {
  if (oneTimePassword === null) return;
  process.stdout.write(
    `一次性密码（只显示这一次，首次登录后须修改）(one-time password for ${user.username}: shown once, to be changed at the first login):\n` +
      `  ${oneTimePassword}\n`,
  );
}

export function register(program: Command): void {
  const users = program.command('users').description('网页账号：添加、列出、停用、启用、重置 (web accounts)');
  users
    .command('add')
    .description(
      '添加用户；不给密码则生成一次性密码 (add a user; without a password, a one-time password is made)',
    )
    .requiredOption('--username <U>', '用户名 (username: 2–32 of a–z 0–9 . _ -)')
    .requiredOption('--role <role>', `角色 (role: ${USER_ROLES.join(' | ')})`)
    .option('--holder <ID>', '权利人编号，权利人账号必填 (registry holder id; required for rights_holder)')
    .option('--name <N>', '显示名称 (display name; default the username)')
    .option('--password-stdin', '从标准输入读取密码 (read the password from standard input)')
    .action(
      async (
        opts: { username: string; role: string; holder?: string; name?: string; passwordStdin?: boolean },
        command: Command,
      ) => {
        const password = opts.passwordStdin ? await readPassword() : null;
        await withAccounts(command, 'write', async (accounts) => {
          const created = await createAccount(
            accounts,
            {
              username: opts.username,
              role: opts.role,
              holderId: opts.holder,
              displayName: opts.name,
              password,
            },
            shellActor(),
          );
          process.stdout.write(
            `已创建用户 ${created.user.username}，角色 ${USER_ROLE_LABELS[created.user.role]} (user created)\n`,
          );
          printOneTimePassword(created);
        });
      },
    );
  users
    .command('list')
    .description('列出用户 (list users)')
    .option('--json', '以 JSON 输出 (print as JSON)')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withAccounts(command, 'read', async (accounts) => {
        const list = await accounts.listUsers();
        process.stdout.write(opts.json ? `${JSON.stringify(list, null, 2)}\n` : `${formatUsers(list)}\n`);
      });
    });
  for (const [name, disabled, label] of [
    ['disable', true, '停用用户并结束其所有会话 (disable a user and end their sessions)'],
    ['enable', false, '重新启用用户 (enable a user again)'],
  ] as const) {
    users
      .command(name)
      .description(label)
      .argument('<username>', '用户名 (username)')
      .action(async (username: string, _opts: unknown, command: Command) => {
        await withAccounts(command, 'write', async (accounts) => {
          const user = await setAccountDisabled(accounts, username, disabled, shellActor());
          process.stdout.write(`${user.username}: ${statusOf(user)}\n`);
        });
      });
  }
  users
    .command('reset')
    .description('重置为新的一次性密码并结束其所有会话 (new one-time password; ends their sessions)')
    .argument('<username>', '用户名 (username)')
    .action(async (username: string, _opts: unknown, command: Command) => {
      await withAccounts(command, 'write', async (accounts) => {
        const reset = await resetAccountPassword(accounts, username, shellActor());
        process.stdout.write(`已重置 ${reset.user.username} 的密码 (password reset)\n`);
        printOneTimePassword(reset);
      });
    });
}
