import type { RequestLogEntry } from '../../../marketplace/server.js';

/** One host's requests during a run, from the marketplace's own log (its clock, not the crawler's). */
export interface HostRate {
  requests: number;
  /** Requests per second between the host's first and last request. */
  perSecond: number;
  /** The most requests in any 1 s window (each window starting at a request). */
  peakPerSecond: number;
  /** The smallest gap between two consecutive requests, ms. */
  minGapMs: number;
}

export function hostRate(log: RequestLogEntry[]): HostRate {
  const times = log.map((e) => e.time).sort((a, b) => a - b);
  let peak = 0;
  let j = 0;
  let minGap = Infinity;
  for (let i = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
    if (i > 0) minGap = Math.min(minGap, times[i]! - times[i - 1]!);
  }
  const spanMs = times.length > 1 ? times.at(-1)! - times[0]! : 0;
  return {
    requests: times.length,
    perSecond: spanMs > 0 ? ((times.length - 1) * 1000) / spanMs : 0,
    peakPerSecond: peak,
    minGapMs: Number.isFinite(minGap) ? minGap : 0,
  };
}

/** First and last request over all hosts: the crawl's busy span (process start-up excluded). */
export function busySpanMs(logs: RequestLogEntry[][]): number {
  const times = logs.flat().map((e) => e.time);
  return times.length > 1 ? Math.max(...times) - Math.min(...times) : 0;
}

/**
 * Pages/s between the 10th and 90th percentile of the request times: the rate once every process is at work,
 * without the first pages (a run's frontier still filling, each process's code still cold) and the last
 * (the frontier draining).
 */
export function steadyRate(logs: RequestLogEntry[][]): number {
  const times = logs
    .flat()
    .map((e) => e.time)
    .sort((a, b) => a - b);
  if (times.length < 20) return 0;
  const lo = Math.floor(times.length * 0.1);
  const hi = Math.floor(times.length * 0.9);
  const spanMs = times[hi]! - times[lo]!;
  return spanMs > 0 ? ((hi - lo) * 1000) / spanMs : 0;
}
