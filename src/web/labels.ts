import { chinaTimestamp } from '../common/chinaTime.js';

/* Display labels of the web pages that no other surface shows: audit actions, and times in China time. */

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'lead.open': '开立线索',
  'lead.move': '状态变更',
  'lead.relisting': '发现重新上架',
  'finding.confirm': '确认发现',
  'finding.dismiss': '排除发现',
  'whitelist.add': '加入白名单',
  'whitelist.revoke': '撤销白名单',
  'notice.send': '发送通知',
  'notice.update': '通知更新',
};

/** An ISO instant as China time (2026-12-04 21:30:05), or the text as given when it is not one. */
export function chinaTime(iso: string): string {
  return Number.isNaN(Date.parse(iso)) ? iso : chinaTimestamp(iso);
}

/** Roles as the audit log records them (web roles, the CLI's staff/holder, the shell and the scheduler). */
export const AUDIT_ROLE_LABELS: Record<string, string> = {
  admin: '管理员',
  officer: '执法人员',
  rights_holder: '权利人',
  staff: '执法人员',
  holder: '权利人',
  shell: '命令行',
  system: '系统',
};
