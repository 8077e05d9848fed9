import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MarkwatchError } from '../common/errors.js';
import type { NoticeChannelKind } from '../model/index.js';
import { noticeDocument, type NoticeBody } from './noticeBody.js';

/*
 * How a notice reaches a platform. A platform with a notice API (the sample marketplace's, modelled on
 * IPP/VeRO) gets one API complaint per listing and is asked for the outcome later; for one without, the notice
 * is written as a document the officer submits by hand, recording when and how.
 */

export interface SubmittedItem {
  findingId: number;
  externalId: string | null;
  status: 'sent' | 'rejected';
  rejectReason: string | null;
}

export interface Submission {
  items: SubmittedItem[];
  documentPath: string | null;
  /** The platform failed part-way: `items` are the complaints it did take (they must still be recorded). */
  error?: string;
}

/** A platform's answer about one complaint. */
export interface ComplaintStatus {
  status: 'received' | 'taken_down' | 'rejected' | 'counter_noticed';
  decidedAt: string | null;
  rejectReason: string | null;
  /** When the platform forwarded the seller's declaration to the notifier. */
  counterDeliveredAt: string | null;
}

export interface NoticeChannel {
  readonly kind: NoticeChannelKind;
  submit(body: NoticeBody, sentAt: string, noticeName: string): Promise<Submission>;
  /** The platform's answer for a complaint (API channels only). */
  status?(externalId: string): Promise<ComplaintStatus>;
}

export class NoticeChannelError extends MarkwatchError {}

async function requestJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new NoticeChannelError(
      'notice.channel_unreachable',
      `通知接口无法访问 (notice API unreachable): ${url}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new NoticeChannelError(
      'notice.channel_bad_answer',
      `通知接口返回的不是 JSON (notice API answered ${response.status}, not JSON): ${url}`,
    );
  }
}

const field = (body: unknown, key: string): unknown =>
  typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The notice API of a platform at `url` (POST one complaint per listing; GET `url/ID` for its outcome). */
export function apiChannel(url: string): NoticeChannel {
  return {
    kind: 'api',
    async submit(body) {
      const items: SubmittedItem[] = [];
      try {
        for (const listing of body.listings) {
          const answer = await requestJson(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              notifier: {
                name: body.notifier.name,
                contact: body.notifier.contact,
                identity: body.notifier.identity,
              },
              rightRef: [body.right.name, body.right.registrationNo].filter(Boolean).join(' '),
              listingUrl: listing.url,
              reason: listing.reason,
              evidenceRef: `sha256:${body.evidenceDigest}`,
              // The registration certificate the holder uploaded once (null: none was uploaded).
              proofOfRight: body.proofOfRight
                ? { sha256: body.proofOfRight.sha256, fileName: body.proofOfRight.fileName }
                : null,
            }),
          });
          if (answer.status === 201) {
            items.push({
              findingId: listing.findingId,
              externalId: text(field(answer.body, 'id')),
              status: 'sent',
              rejectReason: null,
            });
          } else if (answer.status === 400) {
            // The platform refused the complaint itself (a field it requires): kept as rejected, with its words.
            const why =
              `${text(field(answer.body, 'field')) ?? ''} ${text(field(answer.body, 'message')) ?? ''}`.trim();
            items.push({
              findingId: listing.findingId,
              externalId: null,
              status: 'rejected',
              rejectReason: why || 'invalid notice',
            });
          } else {
            throw new NoticeChannelError(
              'notice.channel_failed',
              `通知接口返回 ${answer.status} (notice API answered ${answer.status}): ${url} for ${listing.url}`,
            );
          }
        }
      } catch (err) {
        // Complaints already filed are on the platform: hand them back to be recorded, with the failure.
        if (items.length === 0) throw err;
        return { items, documentPath: null, error: (err as Error).message };
      }
      return { items, documentPath: null };
    },
    async status(externalId) {
      const target = `${url}/${encodeURIComponent(externalId)}`;
      const answer = await requestJson(target);
      if (answer.status !== 200) {
        throw new NoticeChannelError(
          'notice.channel_failed',
          `通知接口返回 ${answer.status} (notice API answered ${answer.status}): ${target}`,
        );
      }
      const status = text(field(answer.body, 'status'));
      if (
        status !== 'received' &&
        status !== 'taken_down' &&
        status !== 'rejected' &&
        status !== 'counter_noticed'
      ) {
        throw new NoticeChannelError(
          'notice.channel_bad_answer',
          `通知接口返回未知状态 (unknown status "${String(status)}"): ${target}`,
        );
      }
      const counter = field(answer.body, 'counterNotice');
      return {
        status,
        decidedAt: text(field(answer.body, 'decidedAt')),
        rejectReason: text(field(answer.body, 'rejectReason')),
        counterDeliveredAt: text(field(counter, 'submittedAt')),
      };
    },
  };
}

/** Notices written as documents under `dir` for manual submission. */
export function documentChannel(dir: string): NoticeChannel {
  return {
    kind: 'document',
    async submit(body, sentAt, noticeName) {
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${noticeName}.md`);
      writeFileSync(path, noticeDocument(body, sentAt), { flag: 'wx' });
      return {
        items: body.listings.map((l) => ({
          findingId: l.findingId,
          externalId: null,
          status: 'sent' as const,
          rejectReason: null,
        })),
        documentPath: path,
      };
    },
  };
}
