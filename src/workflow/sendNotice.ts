import type { Notice } from '../model/index.js';
import type { WorkflowActor, WorkflowDeps } from './deps.js';
import { checkMove } from './moves.js';
import { transition } from './leadStateMachine.js';
import { buildNoticeBody, MAX_LISTINGS_PER_NOTICE, type NoticeListing } from './noticeBody.js';
import { WorkflowError } from './workflowError.js';

/*
 * Sends the notices of a lead: its confirmed findings not yet in a notice, in batches of up to 300 listings
 * per notice, through the platform's channel. Each notice is recorded with the lead's move to notice_sent in
 * one transaction; a platform that refuses every listing of a notice leaves the notice recorded as rejected.
 */
export async function sendNotices(
  deps: Pick<WorkflowDeps, 'store' | 'rightOf' | 'channelFor' | 'notifierFor' | 'proofOf'>,
  leadId: number,
  who: WorkflowActor,
): Promise<Notice[]> {
  const lead = await deps.store.leads.get(leadId);
  if (!lead) throw new WorkflowError('lead.not_found', `线索 ${leadId} 不存在 (lead ${leadId} not found)`);
  const reason = '向平台发送侵权通知 (notice sent to the platform)';
  // A lead already at notice_sent may notify listings that joined it since (a further notice, no move).
  if (lead.state !== 'notice_sent') checkMove(lead.state, 'notice_sent', reason, who);
  const noticed = new Set(
    (await deps.store.notices.forLead(leadId)).flatMap((n) => n.items.map((i) => i.findingId)),
  );
  const findings = (await deps.store.findings.list({ leadId, review: 'confirmed' })).filter(
    (f) => !noticed.has(f.id),
  );
  if (findings.length === 0) {
    throw new WorkflowError(
      'notice.nothing_to_send',
      `线索 ${leadId} 没有尚未通知的已确认发现 (lead ${leadId} has no confirmed finding not yet noticed)`,
    );
  }
  const right = lead.rightId ? await deps.rightOf(lead.rightId) : null;
  // The holder's certificate, uploaded once, goes with every notice for the right (or the notice says none was).
  const proof = lead.rightId && deps.proofOf ? await deps.proofOf(lead.rightId) : null;
  const channel = deps.channelFor(lead.platform);
  const sent: Notice[] = [];
  for (let start = 0; start < findings.length; start += MAX_LISTINGS_PER_NOTICE) {
    const batch: NoticeListing[] = [];
    for (const finding of findings.slice(start, start + MAX_LISTINGS_PER_NOTICE)) {
      batch.push({
        finding,
        evidence: await deps.store.evidence.forListing(finding.platform, finding.listingId),
      });
    }
    const body = buildNoticeBody(lead, right, deps.notifierFor(right), batch, proof);
    const name = `notice-lead${leadId}-${who.at.replace(/[^0-9]/g, '').slice(0, 14)}-${start / MAX_LISTINGS_PER_NOTICE + 1}`;
    const submission = await channel.submit(body, who.at, name);
    const current = (await deps.store.leads.get(leadId))?.state ?? lead.state;
    // The complaint is filed whatever happened to the lead meanwhile: it is recorded, and the lead moves only
    // when the state machine still allows it.
    const move =
      current !== 'notice_sent' &&
      transition(current, 'notice_sent', { actor: who.actor, at: who.at, reason }).ok
        ? { from: current, to: 'notice_sent' as const, reason }
        : null;
    const notice = await deps.store.notices.record(
      {
        leadId,
        platform: lead.platform,
        rightId: lead.rightId,
        channel: channel.kind,
        body,
        documentPath: submission.documentPath,
        items: submission.items.map((item) => ({
          ...item,
          listingPk: batch.find((b) => b.finding.id === item.findingId)?.finding.listingPk ?? 0,
          url: batch.find((b) => b.finding.id === item.findingId)?.finding.url ?? '',
        })),
      },
      // A second batch finds the lead already at notice_sent: the move is recorded once.
      move,
      who,
    );
    if (notice.items.length > 0 && notice.items.every((i) => i.status === 'rejected'))
      await deps.store.notices.setStatus(notice.id, 'rejected');
    sent.push((await deps.store.notices.get(notice.id)) ?? notice);
    if (submission.error) {
      throw new WorkflowError(
        'notice.channel_partial',
        `平台接口中途失败：已提交并记录 ${submission.items.length} 个链接（通知 ${notice.id}），其余未提交，可再次发送 ` +
          `(the platform failed part-way; ${submission.items.length} complaints filed and recorded): ${submission.error}`,
      );
    }
  }
  return sent;
}

/** Records that a notice written as a document was submitted by hand: when and how. */
export async function recordSubmission(
  deps: Pick<WorkflowDeps, 'store'>,
  noticeId: number,
  submission: { at: string; how: string },
  who: WorkflowActor,
): Promise<void> {
  const notice = await deps.store.notices.get(noticeId);
  if (!notice)
    throw new WorkflowError('notice.not_found', `通知 ${noticeId} 不存在 (notice ${noticeId} not found)`);
  if (notice.channel !== 'document') {
    throw new WorkflowError(
      'notice.not_document',
      `通知 ${noticeId} 已通过平台接口发送，无需手工提交 (notice ${noticeId} went through the platform API)`,
    );
  }
  await deps.store.notices.setStatus(
    noticeId,
    notice.status,
    {
      submittedAt: submission.at,
      submittedHow: submission.how,
    },
    who,
  );
}
