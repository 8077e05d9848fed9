import { describe, expect, it } from 'vitest';
import { cachedMatcherFor, watchListKey } from '../../src/crawl/matcherCache.js';
import type { Hit, Listing, Right } from '../../src/model/index.js';

const right = (id: string, name: string) => ({ id, name }) as unknown as Right;

describe('cachedMatcherFor', () => {
  it('builds once per watch-list content, and again when the list changes', () => {
    const built: string[][] = [];
    const matcherFor = cachedMatcherFor((rights) => {
      built.push(rights.map((r) => r.id));
      return (_l: Listing): Hit[] => [];
    });
    const first = matcherFor([right('r1', '五常大米'), right('r2', 'NIKE')]);
    // The same rights as new objects (the registry reads them afresh for every run): no rebuild.
    expect(matcherFor([right('r1', '五常大米'), right('r2', 'NIKE')])).toBe(first);
    expect(built).toEqual([['r1', 'r2']]);
    // A changed right (a revision of its name) is another watch list.
    const changed = matcherFor([right('r1', '五常大米'), right('r2', 'NIKE 耐克')]);
    expect(changed).not.toBe(first);
    expect(built).toEqual([
      ['r1', 'r2'],
      ['r1', 'r2'],
    ]);
  });

  it('builds again when the rule files change, the watch list being the same', () => {
    let stamp = 'weights.json:100:1';
    let builds = 0;
    const matcherFor = cachedMatcherFor(
      () => {
        builds++;
        return (_l: Listing): Hit[] => [];
      },
      () => stamp,
    );
    const list = [right('r1', '五常大米')];
    const first = matcherFor(list);
    expect(matcherFor(list)).toBe(first);
    stamp = 'weights.json:101:2';
    expect(matcherFor(list)).not.toBe(first);
    expect(builds).toBe(2);
  });

  it('keys a watch list by its content', () => {
    expect(watchListKey([right('r1', 'a')])).toBe(watchListKey([right('r1', 'a')]));
    expect(watchListKey([right('r1', 'a')])).not.toBe(watchListKey([right('r1', 'b')]));
    expect(watchListKey([])).toMatch(/^[0-9a-f]{64}$/);
  });
});
