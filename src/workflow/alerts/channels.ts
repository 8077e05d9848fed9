import { MarkwatchError } from '../../common/errors.js';
import type { AlertsConfig } from '../../config/schema.js';
import type { AlertChannel } from './channel.js';
import { smtpChannel } from './smtp.js';
import { webhookChannel } from './webhook.js';

/** A channel that cannot be built: a secret or password named in the configuration is not in the environment. */
export class AlertChannelError extends MarkwatchError {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super('alerts.channel', message);
  }
}

function fromEnv(env: NodeJS.ProcessEnv, name: string, field: string, channelId: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new AlertChannelError(
      `提醒通道 ${channelId} 所需的环境变量 ${name} 未设置（${field}: environment variable ${name} is not set）`,
      field,
    );
  }
  return value;
}

/** The configured channels, ready to send; secrets are read from `env` now, so a missing one fails at start. */
export function channelsFromConfig(
  config: AlertsConfig,
  env: NodeJS.ProcessEnv = process.env,
): AlertChannel[] {
  return config.channels.map((channel, i) => {
    const field = `alerts.channels[${i}]`;
    if (channel.kind === 'webhook') {
      const secret =
        channel.secret ?? fromEnv(env, channel.secretEnv ?? '', `${field}.secretEnv`, channel.id);
      return webhookChannel(channel, secret);
    }
    const password = channel.passEnv ? fromEnv(env, channel.passEnv, `${field}.passEnv`, channel.id) : null;
    return smtpChannel(channel, password);
  });
}
