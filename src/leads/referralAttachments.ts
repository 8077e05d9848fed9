import { MarkwatchError } from '../common/errors.js';
import { loadReferralAttachments, type ReferralAttachment, type ReferralAttachments } from './leadRules.js';

/*
 * The attachments Order 310 Art. 6 lists for a referral (rules/leads/referral-attachments.json): which ones a
 * referral records, and which required ones it still lacks.
 */

/** An attachment a referral records: its code and a reference (document number, file, evidence hash). */
export interface RecordedAttachment {
  code: string;
  ref: string;
}

export interface AttachmentStatus extends ReferralAttachment {
  recorded: boolean;
  refs: string[];
}

export interface AttachmentChecklist {
  items: AttachmentStatus[];
  /** Codes of required attachments not recorded. */
  missingRequired: string[];
  complete: boolean;
  basis: string;
}

/** Every Art. 6 attachment with whether the referral records it; an unknown code is an error naming it. */
export function referralAttachmentChecklist(
  recorded: readonly RecordedAttachment[],
  file: ReferralAttachments = loadReferralAttachments(),
): AttachmentChecklist {
  const known = new Set(file.attachments.map((a) => a.code));
  recorded.forEach((r, i) => {
    if (!known.has(r.code)) {
      throw new MarkwatchError(
        'leads.attachment_unknown',
        `移送附件第 ${i + 1} 项的代码 "${r.code}" 不在国务院令第310号第六条的附件清单中` +
          `（unknown attachment code at attachments[${i}].code; expected one of ${[...known].join(', ')}）`,
      );
    }
  });
  const items = file.attachments.map((a): AttachmentStatus => {
    const refs = recorded.filter((r) => r.code === a.code).map((r) => r.ref);
    return { ...a, recorded: refs.length > 0, refs };
  });
  const missingRequired = items.filter((i) => i.required && !i.recorded).map((i) => i.code);
  return { items, missingRequired, complete: missingRequired.length === 0, basis: file.source };
}
