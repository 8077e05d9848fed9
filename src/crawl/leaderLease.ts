import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaderRepository } from '../store/index.js';
import type { Clock } from './politeness.js';

/** A new owner id of this process: host/pid/nonce (a run's coordinator, a worker, a leader role's holder). */
export function newOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

export interface LeaderLeaseOptions {
  /** The role's name (one row per role): `scheduler`. */
  name: string;
  /** host/pid/nonce of this process. */
  owner: string;
  /** How long a taken lease lasts without renewal: how long a dead leader's role stays vacant. */
  ttlMs: number;
  /** How often the holder renews and a contender retries (well under ttlMs; a third by default). */
  renewMs?: number;
}

/**
 * One process's claim on a leader role in the store (issue 17: exactly one scheduler across machines). The
 * holder renews every `renewMs`; a contender tries as often, and takes the role once the holder's lease has
 * lapsed. `isLeader()` answers from the last renewal and the clock, so a holder cut off from the database
 * stops acting as leader when its lease would have lapsed, before anyone else may take over.
 */
export class LeaderLease {
  private heldUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<boolean> | null = null;

  constructor(
    private readonly repo: LeaderRepository,
    private readonly clock: Clock,
    readonly options: LeaderLeaseOptions,
  ) {}

  /** True while this process holds the role (per its last successful renewal). */
  isLeader(): boolean {
    return this.clock.now() < this.heldUntil;
  }

  /** Takes or renews the lease once; resolves with whether this process holds it. Never rejects. */
  tick(): Promise<boolean> {
    this.ticking ??= this.renew().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async renew(): Promise<boolean> {
    const { name, owner, ttlMs } = this.options;
    const now = this.clock.now();
    try {
      const held = await this.repo.acquire(name, owner, now, ttlMs);
      // Counted from before the statement ran: the row may say a little later, never earlier.
      this.heldUntil = held ? now + ttlMs : 0;
    } catch {
      // The database is unreachable: keep what was held until it lapses, take nothing new.
    }
    return this.isLeader();
  }

  /** Starts renewing in the background (the first attempt at once). */
  start(): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(
      () => void this.tick(),
      this.options.renewMs ?? Math.max(100, Math.floor(this.options.ttlMs / 3)),
    );
    this.timer.unref();
  }

  /** Stops renewing and gives the role up, so a successor takes over at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    if (this.heldUntil > 0) {
      this.heldUntil = 0;
      await this.repo.release(this.options.name, this.options.owner).catch(() => undefined);
    }
  }
}

/** The scheduler's lease name: one cron scheduler per store. */
export const SCHEDULER_ROLE = 'scheduler';
/** A dead scheduler is replaced within this long (and a live one renews every third of it). */
export const SCHEDULER_LEASE_MS = 30_000;

/** This process's claim on the scheduler role (`serve`: pass it to CrawlScheduler as `{ leader }`). */
export function schedulerLease(
  repo: LeaderRepository,
  clock: Clock,
  ttlMs = SCHEDULER_LEASE_MS,
): LeaderLease {
  return new LeaderLease(repo, clock, { name: SCHEDULER_ROLE, owner: newOwnerId(), ttlMs });
}
