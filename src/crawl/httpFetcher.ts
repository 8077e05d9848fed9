import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { decodeBody } from '../extract/index.js';
import { CrawlError, classify } from './errors.js';
import type { FetchedPage, FetchRequest, PageFetcher } from './fetchTypes.js';

export interface HttpFetcherOptions {
  userAgent: string;
  timeoutMs: number;
  /** Sockets kept per origin; at least the highest per-host concurrency. */
  connectionsPerOrigin: number;
  /** Larger bodies are refused (listing content is hostile). */
  maxBodyBytes: number;
}

/** HTTP fetching with undici: keep-alive sockets, redirects, gzip/br decoding, hard timeouts, size cap. */
export class HttpFetcher implements PageFetcher {
  readonly mode = 'http' as const;
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: HttpFetcherOptions) {
    this.dispatcher = new Agent({
      connections: options.connectionsPerOrigin,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: Math.min(options.timeoutMs, 10_000),
      maxResponseSize: options.maxBodyBytes,
      keepAliveTimeout: 10_000,
    }).compose(interceptors.redirect({ maxRedirections: 5 }));
  }

  async fetch(req: FetchRequest): Promise<FetchedPage> {
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
      'accept-encoding': 'gzip, br',
    };
    const cookie = req.session.cookieHeader();
    if (cookie) headers.cookie = cookie;
    try {
      const res = await request(req.url, {
        dispatcher: this.dispatcher,
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const wire = Buffer.from(await res.body.arrayBuffer());
      // undici hands a keep-alive socket to the next request only one event-loop turn after a response
      // ends (setImmediate). Without this yield, a worker's next request waits until every response of the
      // same poll batch has been extracted and committed, and the workers fall into lock-step: measured
      // 288 instead of 409 pages/s at 16 workers, 20 ms latency, 2 ms of work per page.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const body = this.decode(wire, res.headers['content-encoding'], req.url);
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
      }
      req.session.storeCookies(res.headers['set-cookie']);
      const text = decodeBody(body, flat['content-type'] ?? null, { charset: req.profile.charset });
      return {
        url: req.url,
        finalUrl: req.url,
        status: res.statusCode,
        headers: flat,
        body,
        text,
        fetchedAt: new Date().toISOString(),
        close: async () => {},
      };
    } catch (err) {
      const e = classify(err);
      if (e.errorClass === 'internal' && /maxResponseSize|exceeded/i.test(e.message)) {
        throw new CrawlError('parse', `${req.url}: body larger than ${this.options.maxBodyBytes} bytes`);
      }
      throw new CrawlError(e.errorClass, `${req.url}: ${e.message}`, e.status, e.retryAfterMs, {
        cause: err,
      });
    }
  }

  /** Undoes the content coding; the size cap holds for the decoded bytes too (no decompression bombs). */
  private decode(wire: Buffer, coding: string | string[] | undefined, url: string): Buffer {
    const name = (Array.isArray(coding) ? coding.join(',') : (coding ?? '')).trim().toLowerCase();
    const opts = { maxOutputLength: this.options.maxBodyBytes };
    try {
      if (name === 'gzip' || name === 'x-gzip') return gunzipSync(wire, opts);
      if (name === 'br') return brotliDecompressSync(wire, opts);
      if (name === 'deflate') return inflateSync(wire, opts);
    } catch (err) {
      throw new CrawlError('parse', `${url}: cannot decode ${name} body: ${(err as Error).message}`);
    }
    return wire;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
