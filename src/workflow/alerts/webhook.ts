import { MarkwatchError } from '../../common/errors.js';
import type { WebhookChannelConfig } from '../../config/schema.js';
import type { StoredAlert } from '../../store/alertRepository.js';
import type { AlertChannel, DeliveryAttempt } from './channel.js';
import { DELIVERY_HEADER, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature.js';

/** The JSON body of an alert POST (`schema` changes when a field's meaning does). */
export interface WebhookPayload {
  schema: 'markwatch.alert/1';
  deliveryId: number;
  kind: StoredAlert['kind'];
  dedupKey: string;
  subject: string;
  text: string;
  data: Record<string, unknown>;
  createdAt: string;
}

/** A delivery the receiver did not accept: an HTTP status other than 2xx, or no answer. */
export class WebhookError extends MarkwatchError {
  constructor(
    message: string,
    readonly status: number | null,
    options?: ErrorOptions,
  ) {
    super('alerts.webhook', message, options);
  }
}

/** Enough of an error page to say what went wrong. */
const MAX_ERROR_BODY_CHARS = 200;

export function webhookChannel(config: WebhookChannelConfig & { id: string }, secret: string): AlertChannel {
  return {
    id: config.id,
    kind: 'webhook',
    events: new Set(config.events),
    async send(alert: StoredAlert, delivery: DeliveryAttempt): Promise<void> {
      const payload: WebhookPayload = {
        schema: 'markwatch.alert/1',
        deliveryId: delivery.id,
        kind: alert.kind,
        dedupKey: alert.dedupKey,
        subject: alert.subject,
        text: alert.text,
        data: alert.data,
        createdAt: alert.createdAt,
      };
      const body = JSON.stringify(payload);
      const timestamp = Math.floor(delivery.now.getTime() / 1000);
      let response: Response;
      try {
        response = await fetch(config.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'markwatch-alerts/1',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
            [DELIVERY_HEADER]: String(delivery.id),
          },
          body,
          // A redirect would re-send a signed alert to a place nobody configured.
          redirect: 'error',
          signal: AbortSignal.timeout(config.timeoutMs),
        });
      } catch (err) {
        const why =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
        throw new WebhookError(`webhook 无法送达（${config.url}: ${why || String(err)}）`, null, {
          cause: err,
        });
      }
      const answer = (await response.text().catch(() => '')).slice(0, MAX_ERROR_BODY_CHARS);
      if (!response.ok) {
        throw new WebhookError(
          `webhook 返回 HTTP ${response.status}（${config.url} answered HTTP ${response.status}${answer ? `: ${answer}` : ''}）`,
          response.status,
        );
      }
    },
    async close(): Promise<void> {},
  };
}
