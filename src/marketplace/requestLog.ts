/** One request as the marketplace saw it; tests read these to assert politeness. */
export interface RequestLogEntry {
  /** `X-Client-Id` header if sent, else `remoteAddress + ' ' + User-Agent`. */
  client: string;
  /** Epoch ms when the request arrived. */
  time: number;
  method: string;
  /** Path and query as requested. */
  path: string;
  /** HTTP status sent; 0 when the connection was left hanging. */
  status: number;
  /** The fault injected, if any: 429, 5xx, slow, hang, truncated, captcha, duplicate. */
  fault?: string;
}

/** A bounded log: the oldest entries go first when `limit` is reached. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly limit: number) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.slice();
  }

  clear(): void {
    this.entries = [];
  }
}
