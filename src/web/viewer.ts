/** Who is looking: the signed-in user and the session's CSRF token (put into every form). */
export interface Viewer {
  userId: number;
  username: string;
  displayName: string;
  role: 'admin' | 'officer' | 'rights_holder';
  /** The rights registry account a rights holder acts as (their rights' ownerAccountId). */
  holderId: string | null;
  csrf: string;
  /** Signed in with a one-time password: every page leads to the password change until it is done. */
  mustChangePassword: boolean;
}

export const ROLE_LABELS: Record<Viewer['role'], string> = {
  admin: '管理员',
  officer: '执法人员',
  rights_holder: '权利人',
};

export const isStaff = (v: Viewer) => v.role === 'admin' || v.role === 'officer';
