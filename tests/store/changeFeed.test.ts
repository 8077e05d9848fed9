import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed, type ChangeSource } from '../../src/store/changeFeed.js';

/* The frontier change feed: one source for all listeners, stopped a while after the last one left. */
function fakeSource(options: { failStart?: number } = {}) {
  let starts = 0;
  let stops = 0;
  let emit: (() => void) | null = null;
  const source: ChangeSource = {
    start(e) {
      starts++;
      if (starts <= (options.failStart ?? 0)) throw new Error('cannot connect');
      emit = e;
    },
    stop: async () => {
      stops++;
      emit = null;
    },
  };
  return { source, counts: () => ({ starts, stops }), signal: () => emit?.() };
}

afterEach(() => vi.useRealTimers());

describe('ChangeFeed', () => {
  it('starts one source for all listeners and stops it only after the idle delay', async () => {
    vi.useFakeTimers();
    const f = fakeSource();
    const feed = new ChangeFeed(f.source, 1000);
    const heard: string[] = [];
    const offA = feed.subscribe(() => heard.push('a'));
    const offB = feed.subscribe(() => heard.push('b'));
    f.signal();
    expect(heard).toEqual(['a', 'b']);
    offA();
    offB();
    await vi.advanceTimersByTimeAsync(999);
    expect(f.counts()).toEqual({ starts: 1, stops: 0 });
    // A listener back within the delay keeps the same source.
    const offC = feed.subscribe(() => heard.push('c'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(f.counts()).toEqual({ starts: 1, stops: 0 });
    offC();
    await vi.advanceTimersByTimeAsync(1000);
    expect(f.counts()).toEqual({ starts: 1, stops: 1 });
    feed.subscribe(() => heard.push('d'));
    expect(f.counts()).toEqual({ starts: 2, stops: 1 });
    await feed.close();
    expect(f.counts()).toEqual({ starts: 2, stops: 2 });
    // Closed: a late subscriber starts nothing.
    feed.subscribe(() => heard.push('e'));
    expect(f.counts()).toEqual({ starts: 2, stops: 2 });
  });

  it('survives a source that cannot start, and tries again for a later subscriber', async () => {
    const f = fakeSource({ failStart: 1 });
    const feed = new ChangeFeed(f.source, 1000);
    const off = feed.subscribe(() => undefined);
    expect(f.counts()).toEqual({ starts: 1, stops: 0 });
    let heard = 0;
    feed.subscribe(() => heard++);
    expect(f.counts().starts).toBe(2);
    f.signal();
    expect(heard).toBe(1);
    off();
    await feed.close();
    expect(f.counts().stops).toBe(1);
  });
});
