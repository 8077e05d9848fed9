import type { HostPolicyRepository } from '../store/index.js';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** The politeness key of a URL: host[:port], lower-case. */
export function domainOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

/**
 * Waits for a request slot on a host. The slot is taken in SQLite (one atomic UPDATE), so the minimum
 * interval, Crawl-delay, token bucket and back-off hold across all workers and processes sharing the store.
 */
export class Politeness {
  constructor(
    private readonly hosts: HostPolicyRepository,
    private readonly clock: Clock,
    /** Upper bound on one wait, so a worker re-checks (and notices an abort) regularly. */
    private readonly maxWaitMs = 1000,
  ) {}

  /** Resolves when a slot was taken; false when aborted first. */
  async slot(domain: string, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) return false;
      const grant = await this.hosts.acquire(domain, this.clock.now());
      if (grant.granted) return true;
      await this.clock.sleep(Math.min(grant.waitMs, this.maxWaitMs), signal);
    }
  }
}
