import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelledJsonl } from '../../src/tools/eval/labelledFile.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();
const listing = {
  id: 'a1',
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/1',
  capturedAt: '2026-06-01T10:00:00+08:00',
  seller: { id: 's1', name: '店', location: '广东 广州' },
  title: '耐克 运动鞋',
  price: 450,
};

describe('labelled JSONL (eval input)', () => {
  it('reports every bad line and field, and yields nothing from a file with problems', async () => {
    const file = join(tempDir(), 'labelled.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify({ listingId: 'a1', expected: [], listing }),
        JSON.stringify({ listingId: 'zz', expected: [], listing }),
        JSON.stringify({ listingId: 'a1', expected: [{ rightId: null, reason: 'nope' }], listing }),
      ].join('\n'),
    );
    const read: unknown[] = [];
    const error = await (async () => {
      for await (const item of readLabelledJsonl(file)) read.push(item);
    })().catch((err: Error) => err);
    expect(read).toEqual([]);
    expect(String(error)).toMatch(/labelled\.jsonl:2: field "listingId".*differs from listing\.id/);
    expect(String(error)).toMatch(/labelled\.jsonl:3: field "expected\[0\]\.reason"/);
  });
});
