/*
 * Sessions after Crawlee's SessionPool: a session is one identity towards a host (its cookie jar, and in
 * the browser its own context). Errors raise its score, successes lower it; a blocked response retires it.
 * Bounded: at most `poolSize` live sessions per host, retired ones are dropped.
 */

export interface SessionOptions {
  poolSize: number;
  maxErrorScore: number;
  errorScoreDecrement: number;
  maxUsageCount: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = {
  poolSize: 4,
  maxErrorScore: 3,
  errorScoreDecrement: 0.5,
  maxUsageCount: 50,
};

export class Session {
  usage = 0;
  errorScore = 0;
  retired = false;
  readonly cookies = new Map<string, string>();

  constructor(
    readonly id: string,
    readonly host: string,
    private readonly options: SessionOptions,
  ) {}

  /** Not blocked and not failing: a request already holding it may go on using it. */
  get healthy(): boolean {
    return !this.retired && this.errorScore < this.options.maxErrorScore;
  }

  /** Healthy and not used up: it may be picked for another request. */
  get usable(): boolean {
    return this.healthy && this.usage < this.options.maxUsageCount;
  }

  markGood(): void {
    this.errorScore = Math.max(0, this.errorScore - this.options.errorScoreDecrement);
  }

  markBad(): void {
    this.errorScore += 1;
  }

  retire(): void {
    this.retired = true;
  }

  /** `Cookie` request header value, or undefined when the jar is empty. */
  cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Keeps name=value of each Set-Cookie header (attributes ignored: one host, one path). */
  storeCookies(setCookie: string | string[] | undefined): void {
    for (const line of typeof setCookie === 'string' ? [setCookie] : (setCookie ?? [])) {
      const pair = line.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

export class SessionPool {
  private readonly byHost = new Map<string, Session[]>();
  private seq = 0;
  private readonly options: SessionOptions;

  constructor(options: Partial<SessionOptions> = {}) {
    this.options = { ...DEFAULT_SESSION_OPTIONS, ...options };
  }

  /**
   * A usable session for the host (the least used), creating one while the pool has room. `poolSize`
   * overrides the pool's size for this host (browser pages: one context, so open pages can be reused).
   */
  pick(host: string, poolSize = this.options.poolSize): Session {
    const live = (this.byHost.get(host) ?? []).filter((s) => s.usable);
    if (live.length < poolSize) {
      const s = new Session(`s${++this.seq}`, host, this.options);
      live.push(s);
      this.byHost.set(host, live);
      s.usage++;
      return s;
    }
    this.byHost.set(host, live);
    const s = live.reduce((a, b) => (b.usage < a.usage ? b : a));
    s.usage++;
    return s;
  }

  /** Live sessions of a host (for tests and the progress line). */
  size(host: string): number {
    return (this.byHost.get(host) ?? []).filter((s) => s.usable).length;
  }
}
