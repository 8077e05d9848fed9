import {
  AccountError,
  USER_ROLES,
  type AccountRepository,
  type User,
  type UserRole,
} from '../../store/accountRepository.js';
import type { WorkflowActor } from '../../store/workflowRepositories.js';
import { generatePassword, hashPassword, verifyPassword, type ScryptParams } from './passwords.js';

/*
 * Creating, resetting, disabling users and changing one's own password: the one implementation behind both
 * `markwatch users` and the admin page. There is no default password: a user gets the password the admin
 * typed, or a generated one-time password shown once and to be changed at the first login.
 */

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const MAX_DISPLAY_NAME = 64;
const MAX_HOLDER_ID = 128;

/** The form every username is stored and looked up in: trimmed, NFKC (full-width → ASCII), lower-case. */
export function normaliseUsername(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

export interface AccountInput {
  username: string;
  role: string;
  /** Required for a rights holder, refused for staff. */
  holderId?: string | null;
  /** Defaults to the username. */
  displayName?: string | null;
  /** Absent: a one-time password is generated and must be changed at the first login. */
  password?: string | null;
}

export interface CreatedAccount {
  user: User;
  /** The generated password, to show once; null when the admin set one. */
  oneTimePassword: string | null;
}

/** Tests pass cheap scrypt parameters; production uses the defaults. */
export interface HashingOptions {
  scrypt?: ScryptParams;
}

function invalid(field: string, message: string): AccountError {
  return new AccountError('account.invalid', message, field);
}

function checkInput(input: AccountInput) {
  const username = normaliseUsername(input.username);
  if (!USERNAME.test(username)) {
    throw invalid(
      'username',
      `用户名须为 2–32 个小写字母、数字或 . _ -，以字母或数字开头 ` +
        `(username: 2–32 of a–z 0–9 . _ -, starting with a letter or digit; got "${input.username}")`,
    );
  }
  if (!(USER_ROLES as readonly string[]).includes(input.role)) {
    throw invalid(
      'role',
      `角色须为 ${USER_ROLES.join('、')} 之一 (role: one of ${USER_ROLES.join(', ')}; got "${input.role}")`,
    );
  }
  const role = input.role as UserRole;
  const holderId = input.holderId?.trim() || null;
  if (role === 'rights_holder' && (holderId === null || holderId.length > MAX_HOLDER_ID)) {
    throw invalid(
      'holder',
      `权利人账号须指明其权利人编号 (holder: a rights_holder needs the registry holder id, at most ${MAX_HOLDER_ID} characters)`,
    );
  }
  if (role !== 'rights_holder' && holderId !== null) {
    throw invalid(
      'holder',
      `只有权利人账号才有权利人编号 (holder: only a rights_holder has a holder id; role is ${role})`,
    );
  }
  const displayName = input.displayName?.trim() || username;
  if ([...displayName].length > MAX_DISPLAY_NAME || /[\u0000-\u001f\u007f]/.test(displayName)) {
    throw invalid(
      'name',
      `显示名称须为不超过 ${MAX_DISPLAY_NAME} 个字符的单行文字 (name: one line of at most ${MAX_DISPLAY_NAME} characters)`,
    );
  }
  return { username, role, holderId, displayName };
}

/** Creates a user; with no password given, generates a one-time password. */
export async function createAccount(
  accounts: AccountRepository,
  input: AccountInput,
  who: WorkflowActor,
  options: HashingOptions = {},
): Promise<CreatedAccount> {
  const fields = checkInput(input);
  const oneTimePassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password || oneTimePassword!, { params: options.scrypt });
  const user = await accounts.createUser(
    { ...fields, passwordHash, mustChangePassword: oneTimePassword !== null },
    who,
  );
  return { user, oneTimePassword };
}

async function mustFind(accounts: AccountRepository, username: string): Promise<User> {
  const user = await accounts.findByUsername(normaliseUsername(username));
  if (!user) {
    throw new AccountError(
      'account.not_found',
      `没有用户 "${username}" (username: no user "${username}")`,
      'username',
    );
  }
  return user;
}

/** A new one-time password for `username`; their sessions end and they must change it at the next login. */
export async function resetAccountPassword(
  accounts: AccountRepository,
  username: string,
  who: WorkflowActor,
  options: HashingOptions = {},
): Promise<CreatedAccount> {
  const user = await mustFind(accounts, username);
  const oneTimePassword = generatePassword();
  const passwordHash = await hashPassword(oneTimePassword, { params: options.scrypt });
  const updated = await accounts.setPassword(user.id, { passwordHash, mustChangePassword: true }, who);
  return { user: updated, oneTimePassword };
}

/** Disables (ending every session) or enables `username`. */
export async function setAccountDisabled(
  accounts: AccountRepository,
  username: string,
  disabled: boolean,
  who: WorkflowActor,
): Promise<User> {
  const user = await mustFind(accounts, username);
  return accounts.setDisabled(user.id, disabled, who);
}

/**
 * A logged-in user changes their own password: the current one is checked, the new one must follow the rules
 * and differ from it; their other sessions end, the one in `keepSessionHash` stays. Errors name the form fields
 * `current_password` and `new_password`.
 */
export async function changeOwnPassword(
  accounts: AccountRepository,
  user: User,
  change: { current: string; next: string; keepSessionHash?: string },
  who: WorkflowActor,
  options: HashingOptions = {},
): Promise<User> {
  const stored = await accounts.passwordHashOf(user.id);
  if (stored === null || !(await verifyPassword(change.current, stored))) {
    throw new AccountError(
      'account.password',
      '当前密码不正确 (current_password: wrong password)',
      'current_password',
    );
  }
  if (change.next === change.current) {
    throw new AccountError(
      'account.password',
      '新密码不能与当前密码相同 (new_password: must differ from the current one)',
      'new_password',
    );
  }
  const passwordHash = await hashPassword(change.next, { field: 'new_password', params: options.scrypt });
  return accounts.setPassword(
    user.id,
    { passwordHash, mustChangePassword: false, keepSessionHash: change.keepSessionHash },
    who,
  );
}
