import { SingleBar } from 'cli-progress';
import type { CrawlEvent } from './engine.js';

/** Counters of a run as it goes (bounded: numbers and one small map of error classes). */
export class CrawlCounters {
  pages = 0;
  listings = 0;
  newFindings = 0;
  errors = 0;
  pending = 0;
  readonly errorsByClass: Record<string, number> = {};
  readonly startedAt = Date.now();

  on(event: CrawlEvent): void {
    switch (event.type) {
      case 'page':
        this.pages++;
        break;
      case 'listing':
        this.listings++;
        this.newFindings += event.newFindings;
        break;
      case 'failure':
        this.errors++;
        this.errorsByClass[event.errorClass] = (this.errorsByClass[event.errorClass] ?? 0) + 1;
        break;
      case 'queue':
        this.pending = event.pending;
        break;
    }
  }

  pagesPerSecond(): number {
    const s = (Date.now() - this.startedAt) / 1000;
    return s > 0 ? this.pages / s : 0;
  }
}

export interface ProgressReporter {
  start(total: number): void;
  on(event: CrawlEvent): void;
  stop(): void;
}

/** On a terminal: a live bar with pages/s, queue size, errors and ETA. */
export function terminalProgress(stream: NodeJS.WriteStream): ProgressReporter {
  const counters = new CrawlCounters();
  const bar = new SingleBar(
    {
      format:
        '抓取 [{bar}] {value}/{total} 页 | {speed} 页/s | 队列 {queue} | 商品 {listings} | 新发现 {leads} | 错误 {errors} | ETA {eta_formatted}',
      stream,
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    undefined,
  );
  const payload = () => ({
    speed: counters.pagesPerSecond().toFixed(1),
    queue: counters.pending,
    listings: counters.listings,
    leads: counters.newFindings,
    errors: counters.errors,
  });
  return {
    start: (total) => bar.start(Math.max(1, total), 0, payload()),
    on: (event) => {
      counters.on(event);
      if (event.type === 'page' || event.type === 'failure') {
        const total = Math.max(bar.getTotal(), counters.pages + counters.pending);
        bar.setTotal(total);
        bar.update(counters.pages, payload());
      } else if (event.type === 'queue') bar.update(counters.pages, payload());
    },
    stop: () => bar.stop(),
  };
}

/**
 * Elsewhere: one JSON object per line — each listing stored and each failure as it happens, and a
 * progress line at most every `intervalMs`. `fields` lead every line (a worker's `pid`).
 */
export function jsonProgress(
  write: (line: string) => void,
  intervalMs = 1000,
  fields: Record<string, unknown> = {},
): ProgressReporter {
  const counters = new CrawlCounters();
  let last = 0;
  const line = (o: Record<string, unknown>) =>
    write(`${JSON.stringify({ ...fields, time: new Date().toISOString(), ...o })}\n`);
  return {
    start: (total) => line({ event: 'start', planned: total }),
    on: (event) => {
      counters.on(event);
      if (event.type === 'listing') line({ event: 'listing', ...event, type: undefined });
      else if (event.type === 'failure') line({ event: 'failure', ...event, type: undefined });
      const now = Date.now();
      if (now - last >= intervalMs) {
        last = now;
        line({
          event: 'progress',
          pages: counters.pages,
          pagesPerSecond: Number(counters.pagesPerSecond().toFixed(2)),
          queue: counters.pending,
          listings: counters.listings,
          errors: counters.errors,
        });
      }
    },
    stop: () => {},
  };
}
