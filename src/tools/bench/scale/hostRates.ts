import type { RequestLogEntry } from '../../../marketplace/server.js';

/** One host's requests during a run, from the marketplace's own log (its clock, not the crawler's). */
export interface HostRate {
  /** Requests per second between the host's first and last request. */
  perSecond: number;
  /** The most requests in any 1 s window (each window starting at a request). */
  peakPerSecond: number;
}

/** The request times of the logs (one per host), ascending. */
export function requestTimes(logs: RequestLogEntry[][]): number[] {
  return logs
    .flat()
    .map((e) => e.time)
    .sort((a, b) => a - b);
}

function maxInWindowOf(times: number[], windowMs: number): number {
  let max = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

/**
 * The most requests the log shows in any window of `windowMs` (each window starting at a request): a host
 * whose minimum interval is D never gets more than floor(windowMs / D) + 1 in one, give or take the jitter
 * between a slot being granted and the request arriving.
 */
export function maxInWindow(log: RequestLogEntry[], windowMs: number): number {
  return maxInWindowOf(requestTimes([log]), windowMs);
}

export function hostRate(log: RequestLogEntry[]): HostRate {
  const times = requestTimes([log]);
  const spanMs = times.length > 1 ? times.at(-1)! - times[0]! : 0;
  return {
    perSecond: spanMs > 0 ? ((times.length - 1) * 1000) / spanMs : 0,
    peakPerSecond: maxInWindowOf(times, 1000),
  };
}

/**
 * From the first to the last of the request times (ascending, all hosts): the crawl's busy span (process
 * start-up excluded).
 */
export function busySpanMs(times: number[]): number {
  return times.length > 1 ? times.at(-1)! - times[0]! : 0;
}

/**
 * Pages/s between the 10th and 90th percentile of the request times (ascending, all hosts): the rate once
 * every process is at work, without the first pages (a run's frontier still filling, each process's code
 * still cold) and the last (the frontier draining).
 */
export function steadyRate(times: number[]): number {
  if (times.length < 20) return 0;
  const lo = Math.floor(times.length * 0.1);
  const hi = Math.floor(times.length * 0.9);
  const spanMs = times[hi]! - times[lo]!;
  return spanMs > 0 ? ((hi - lo) * 1000) / spanMs : 0;
}
