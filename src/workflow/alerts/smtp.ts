import { MarkwatchError } from '../../common/errors.js';
import nodemailer from 'nodemailer';
import type { SmtpChannelConfig } from '../../config/schema.js';
import type { StoredAlert } from '../../store/alertRepository.js';
import type { AlertChannel, DeliveryAttempt } from './channel.js';
import { plainText } from './render.js';
import { DELIVERY_HEADER } from './signature.js';

/** The SMTP server refused the message, or could not be reached. */
export class SmtpError extends MarkwatchError {
  constructor(message: string, options?: ErrorOptions) {
    super('alerts.smtp', message, options);
  }
}

/** Alerts as e-mail over SMTP (nodemailer): the plain text and the HTML of the alert, one message per delivery. */
export function smtpChannel(
  config: SmtpChannelConfig & { id: string },
  password: string | null,
): AlertChannel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    ...(config.user ? { auth: { user: config.user, pass: password ?? '' } } : {}),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  return {
    id: config.id,
    kind: 'smtp',
    events: new Set(config.events),
    async send(alert: StoredAlert, delivery: DeliveryAttempt): Promise<void> {
      try {
        await transport.sendMail({
          from: config.from,
          to: config.to,
          subject: alert.subject,
          text: alert.text,
          html: alert.html,
          date: delivery.now,
          headers: { [DELIVERY_HEADER]: String(delivery.id), 'x-markwatch-alert': plainText(alert.dedupKey) },
        });
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new SmtpError(`邮件发送失败（${config.host}:${config.port}: ${why}）`, { cause: err });
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}
