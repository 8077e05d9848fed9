import { readFileSync, readdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Session } from './session.js';

/**
 * Memory of a process group (the browser and its renderers) in MB: the sum of each process's proportional
 * set size (PSS, /proc/<pid>/smaps_rollup), so libraries shared by a dozen Chromium processes count once —
 * summing RSS would count them a dozen times.
 */
export function processGroupMemoryMb(pgid: number): number {
  let kb = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp …
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid) continue;
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${name}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // The process ended while we looked.
    }
  }
  return kb / 1024;
}

/** Our direct child processes that are Chromium (comm "chromium"/"chrome"). */
export function childProcesses(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && /chrom/i.test(comm)) out.push(Number(name));
    } catch {
      // Gone.
    }
  }
  return out;
}

/** At most n holders at once; the rest wait in order. */
export class Semaphore {
  private waiters: (() => void)[] = [];
  constructor(private free: number) {}
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
  give(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

/** One browser context (a session's) and its open pages. */
export interface ContextSlot {
  context: BrowserContext;
  session: Session;
  pages: number;
  /** Fetches using this context now. */
  busy: number;
  /** Open pages waiting for the next URL (opening a page costs more than navigating one). */
  idle: Page[];
}

/** One launched browser, from launch to its replacement. */
export interface Generation {
  browser: Browser;
  pid: number;
  pages: number;
  /** Fetches in progress. */
  open: number;
  /** Pages open, busy or idle: never more than maxPages. */
  openPages: number;
  contexts: Map<string, ContextSlot>;
  /** Contexts being opened, by session: concurrent first fetches of a session share one. */
  opening: Map<string, Promise<ContextSlot>>;
  dead: boolean;
  /** Set when the browser is to be replaced (old, over memory, killed): fetches wait for it to drain. */
  retiring: boolean;
  drained: (() => void)[];
}
