import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../src/marketplace/server.js';
import { arg, argValue } from '../../src/tools/bench/args.js';
import {
  busySpanMs,
  hostRate,
  maxInWindow,
  requestTimes,
  steadyRate,
} from '../../src/tools/bench/scale/hostRates.js';
import { withDatabase } from '../../src/tools/pg/pgUrl.js';

const log = (...times: number[]): RequestLogEntry[] =>
  times.map((time) => ({ client: 'c', time, method: 'GET', path: '/', status: 200 }));

describe('bench arguments', () => {
  const args = ['--workers', '1,2', '--stores', '', '--latency'];

  it('reads the token after the first --name, at any index', () => {
    expect(argValue(args, 'workers')).toBe('1,2');
    expect(argValue(['--a', 'x', '--a', 'y'], 'a')).toBe('x');
    expect(argValue(args, 'stores')).toBe('');
    expect(argValue(args, 'latency')).toBeUndefined();
    expect(argValue(args, 'budget')).toBeUndefined();
  });

  it('falls back when the option is absent, last or empty', () => {
    expect(arg(args, 'workers', '8')).toBe('1,2');
    expect(arg(args, 'stores', 'sqlite')).toBe('sqlite');
    expect(arg(args, 'latency', '200')).toBe('200');
    expect(arg(args, 'budget', '500')).toBe('500');
  });
});

describe('scale bench host rates', () => {
  it('counts the most requests in any window starting at a request', () => {
    expect(maxInWindow([], 1000)).toBe(0);
    expect(maxInWindow(log(2500, 0, 999, 1000, 1999, 2000), 1000)).toBe(3);
    expect(maxInWindow(log(0, 10, 20), 10)).toBe(1);
  });

  it("gives a host's mean rate between its first and last request and its peak in 1 s", () => {
    expect(hostRate(log(3000, 0, 500, 1000, 2000))).toEqual({ perSecond: 4 / 3, peakPerSecond: 2 });
    expect(hostRate(log(7))).toEqual({ perSecond: 0, peakPerSecond: 1 });
    expect(hostRate([])).toEqual({ perSecond: 0, peakPerSecond: 0 });
  });

  it('sorts the times of all hosts once for the busy span and the steady rate', () => {
    const times = requestTimes([log(30, 10), log(20, 0)]);
    expect(times).toEqual([0, 10, 20, 30]);
    expect(busySpanMs(times)).toBe(30);
    expect(busySpanMs([5])).toBe(0);
    expect(busySpanMs([])).toBe(0);
    expect(steadyRate(times)).toBe(0); // fewer than 20 requests
  });

  it('takes the steady rate between the 10th and 90th percentile', () => {
    // 20 requests: a slow start and end around 18 requests 100 ms apart.
    const times = [0, ...Array.from({ length: 18 }, (_, i) => 5000 + i * 100), 20_000];
    // lo = 2 (5100), hi = 18 (6700): 16 requests in 1.6 s.
    expect(steadyRate(times)).toBeCloseTo(10);
    expect(steadyRate(Array.from({ length: 20 }, () => 1))).toBe(0);
  });
});

describe('withDatabase', () => {
  it('keeps the server and user and swaps the database', () => {
    expect(withDatabase('postgres://markwatch@127.0.0.1:5432/postgres', 'scale_1_2')).toBe(
      'postgres://markwatch@127.0.0.1:5432/scale_1_2',
    );
  });
});
