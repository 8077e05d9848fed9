import { afterEach, describe, expect, it, vi } from 'vitest';
import { leaseBeat, linkedRunSignal } from '../../src/crawl/engineFor.js';

/* What the coordinator (runCrawlJob) and a worker (joinRun) set up alike around one engine's run. */
describe('linkedRunSignal', () => {
  it("aborts with its parent until disposed, and on its own without touching the parent's", () => {
    const parent = new AbortController();
    const a = linkedRunSignal(parent.signal, 4);
    parent.abort();
    expect(a.signal.aborted).toBe(true);

    const parent2 = new AbortController();
    const b = linkedRunSignal(parent2.signal, 4);
    b.dispose();
    parent2.abort();
    expect(b.signal.aborted).toBe(false);
    b.abort();
    expect(b.signal.aborted).toBe(true);

    const c = linkedRunSignal(AbortSignal.abort(), 4);
    expect(c.signal.aborted).toBe(true);
    const d = linkedRunSignal(undefined, 4);
    expect(d.signal.aborted).toBe(false);
    d.dispose();
  });
});

describe('leaseBeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('beats every third of the lease (250 ms at least); with skipWhileBusy, not while the last beat waits', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let settle: () => void = () => {};
    const overlapping = leaseBeat(3000, () => {
      calls++;
      return new Promise<void>(() => {});
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(3);
    overlapping();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(3);

    let busyCalls = 0;
    const skipping = leaseBeat(
      300,
      () => {
        busyCalls++;
        return new Promise<void>((resolve) => (settle = resolve));
      },
      { skipWhileBusy: true },
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(busyCalls).toBe(1);
    settle();
    await vi.advanceTimersByTimeAsync(250);
    expect(busyCalls).toBe(2);
    skipping();
  });
});
