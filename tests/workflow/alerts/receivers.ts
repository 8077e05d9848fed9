import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/*
 * The outside world of an alert, on 127.0.0.1 at a free port: a webhook receiver and an SMTP server, each
 * answering from a script (fail the next N requests, then accept) and recording what it received.
 */

export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  requests: WebhookRequest[];
  /** Statuses for the next requests, in order; 200 once used up. */
  answers: number[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(answers: number[] = []): Promise<WebhookReceiver> {
  const requests: WebhookRequest[] = [];
  const receiver = { answers, requests } as WebhookReceiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = receiver.answers.shift() ?? 200;
      requests.push({ headers: req.headers, rawBody: Buffer.concat(chunks), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : '服务暂不可用');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  receiver.url = `http://127.0.0.1:${port}/hooks/markwatch`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

export interface SmtpReceiver {
  port: number;
  messages: (ParsedMail & { envelopeTo: string[] })[];
  /** Messages to refuse (451) before accepting. */
  rejectNext: number;
  /** Each AUTH seen: user and password. */
  logins: { username: string | undefined; password: string | null | undefined }[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(rejectNext = 0): Promise<SmtpReceiver> {
  const receiver = { messages: [], rejectNext, logins: [] } as unknown as SmtpReceiver;
  const server = new SMTPServer({
    // Plain SMTP on loopback: the test checks what is sent, not TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      receiver.logins.push({ username: auth.username, password: auth.password });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      void simpleParser(stream).then((mail) => {
        if (receiver.rejectNext > 0) {
          receiver.rejectNext -= 1;
          const err: SMTPServerError = new Error('mailbox busy, try again later');
          err.responseCode = 451;
          callback(err);
          return;
        }
        receiver.messages.push(
          Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }),
        );
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.server.address() as AddressInfo).port;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}
