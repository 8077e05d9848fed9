import type { FrontierEntry, Store } from '../store/index.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { dispositionOf, type CrawlError } from './errors.js';
import type { CrawlEvent } from './crawlEvents.js';
import type { Clock } from './politeness.js';

/**
 * 429s a row may take: the host said "later" (Retry-After is honoured, the whole host pauses), which is no
 * failure of the page and so does not spend its retry budget; but a host that says it this often about one
 * page is not coming back within the run.
 */
export const MAX_RATE_LIMITS = 20;

export interface FailureContext {
  store: Store;
  clock: Clock;
  emit: (event: CrawlEvent) => void;
  runPk: number;
  owner: string;
  maxRetries: number;
  maxSessionRotations: number;
  backoff: BackoffOptions;
  blockCooldownMs: number;
}

type Outcome = 'retry' | 'failed' | 'blocked' | 'skipped';

/**
 * Records the failed request with its class and decides: retry later (with back-off; a 429 or 503 pauses
 * the whole host), rotate the session after a block, or give up — each from its own budget.
 */
export async function handleFailure(
  ctx: FailureContext,
  entry: FrontierEntry,
  e: CrawlError,
  status: number | null,
): Promise<void> {
  const { store, clock, owner } = ctx;
  if (e.errorClass === 'lease_lost') return;
  const now = clock.now();
  await store.frontier.recordFailure({
    runPk: ctx.runPk,
    frontierId: entry.id,
    url: entry.url,
    errorClass: e.errorClass,
    status,
    message: e.message,
  });
  const emit = (outcome: Outcome) =>
    ctx.emit({ type: 'failure', url: entry.url, errorClass: e.errorClass, message: e.message, outcome });
  if (e.errorClass === 'robots' || e.errorClass === 'offline') {
    await store.frontier.settle(entry.id, owner, 'skipped', e.errorClass, e.message);
    return emit('skipped');
  }
  const disposition = dispositionOf(e.errorClass);
  if (disposition === 'rotate_session') {
    // A block or captcha: the whole host cools down, the page comes back with a fresh session.
    const until = now + ctx.blockCooldownMs;
    await store.hosts.backOff(entry.domain, until, 'blocked');
    if (entry.sessionRotations >= ctx.maxSessionRotations) {
      await store.frontier.settle(entry.id, owner, 'blocked', e.errorClass, e.message);
      return emit('blocked');
    }
    await store.frontier.retry(entry.id, owner, {
      nextAttemptAt: until,
      errorClass: e.errorClass,
      message: e.message,
      spend: 'rotation',
    });
    return emit('retry');
  }
  const rateLimited = e.errorClass === 'http_429';
  const budgetLeft = rateLimited ? entry.rateLimits < MAX_RATE_LIMITS : entry.attempts < ctx.maxRetries;
  if (disposition === 'retry' && budgetLeft) {
    const attempt = (rateLimited ? entry.rateLimits : entry.attempts) + 1;
    const wait = Math.max(e.retryAfterMs ?? 0, backoffDelay(attempt, ctx.backoff));
    // Rate limits and overload pause the host for every worker and process, not just this page.
    if (rateLimited || e.status === 503) await store.hosts.backOff(entry.domain, now + wait, e.errorClass);
    await store.frontier.retry(entry.id, owner, {
      nextAttemptAt: now + wait,
      errorClass: e.errorClass,
      message: e.message,
      spend: rateLimited ? 'rate_limit' : 'retry',
    });
    return emit('retry');
  }
  await store.frontier.settle(entry.id, owner, 'failed', e.errorClass, e.message);
  return emit('failed');
}
