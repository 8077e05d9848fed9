import { describe, expect, it } from 'vitest';
import { jsonProgress } from '../../src/crawl/progress.js';

/* The JSON lines of `crawl --json` and `worker --json` (a worker's lines lead with its pid). */
describe('jsonProgress', () => {
  it("writes one object per line; extra fields lead each line, before the time and the event's own", () => {
    const lines: string[] = [];
    const progress = jsonProgress((l) => lines.push(l), 0, { pid: 4242 });
    progress.start(3);
    progress.on({
      type: 'listing',
      url: 'http://h/1',
      listingId: '1',
      status: 'new',
      relistingOf: null,
      hits: 1,
      newFindings: 1,
    });
    expect(lines.every((l) => l.startsWith('{"pid":4242,"time":"') && l.endsWith('}\n'))).toBe(true);
    const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.event)).toEqual(['start', 'listing', 'progress']);
    expect(objects[0]).toMatchObject({ pid: 4242, event: 'start', planned: 3 });
    expect(objects[1]).toMatchObject({ pid: 4242, event: 'listing', listingId: '1', newFindings: 1 });

    const plain: string[] = [];
    jsonProgress((l) => plain.push(l)).start(1);
    expect(plain[0]).toMatch(/^\{"time":"[^"]+","event":"start","planned":1\}\n$/);
  });
});
