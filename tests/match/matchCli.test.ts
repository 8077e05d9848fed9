import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runMatch } from '../../src/cli/commands/match.js';
import { HitSchema } from '../../src/model/index.js';
import { useTempDir } from '../helpers/tempDir.js';

const tempDir = useTempDir();
const WATCHLIST = 'tests/match/fixtures/watchlist.json';

const base = {
  platform: 'shopa',
  url: 'http://127.0.0.1/shopa/item/1',
  capturedAt: '2026-06-01T10:00:00+08:00',
  seller: { id: 's1', name: '好物优选店', location: '广东 广州' },
};
const good = [
  { ...base, id: 'a1', title: '耐克 高仿 运动鞋', category: '运动户外/运动鞋', price: 450 },
  { ...base, id: 'a2', title: '耐克 Air Max 跑鞋', category: '运动户外/运动鞋', price: 699 },
  { ...base, id: 'a3', title: '纯棉 短袖 T恤', category: '服饰/T恤', price: 39 },
];

function listingsFile(lines: string[]): string {
  const file = join(tempDir(), 'listings.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function run(file: string, all = false): Promise<string[]> {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  await runMatch({ watchlist: WATCHLIST, listings: file, all }, out);
  out.end();
  await once(out, 'end');
  return chunks.join('').split('\n').filter(Boolean);
}

describe('markwatch match', () => {
  it('writes flagged hits as JSONL in the documented shape, weak ones only with --all', async () => {
    const file = listingsFile(good.map((l) => JSON.stringify(l)));
    const flagged = (await run(file)).map((l) => HitSchema.parse(JSON.parse(l)));
    expect(flagged.map((h) => [h.listingId, h.rightId, h.reason, h.flagged])).toEqual([
      ['a1', 'tm-nike', 'trademark.counterfeit', true],
    ]);
    expect(Object.keys(JSON.parse((await run(file))[0]!))).toEqual([
      'listingId',
      'rightId',
      'kind',
      'reason',
      'score',
      'flagged',
      'rules',
    ]);
    const all = (await run(file, true)).map((l) => HitSchema.parse(JSON.parse(l)));
    expect(all.map((h) => [h.listingId, h.reason, h.flagged])).toEqual([
      ['a1', 'trademark.counterfeit', true],
      ['a2', 'trademark.use', false],
    ]);
  });

  it('every rule carries its span in the original text', async () => {
    const [line] = await run(listingsFile([JSON.stringify(good[0])]));
    const hit = HitSchema.parse(JSON.parse(line!));
    for (const r of hit.rules.filter((x) => x.field === 'title' && x.span)) {
      expect(good[0]!.title.slice(r.span![0], r.span![1])).toBe(r.text);
    }
  });

  it('a malformed line stops with the file, line and field named', async () => {
    const bad = { ...good[1], seller: { name: '无编号店' } };
    const file = listingsFile([JSON.stringify(good[0]), '', JSON.stringify(bad)]);
    await expect(run(file)).rejects.toThrow(/listings\.jsonl:3: field "seller\.id" \(listing "a2"\)/);
  });

  it('a line that is not JSON names the line', async () => {
    const file = listingsFile([JSON.stringify(good[0]), '{"id": "x",']);
    await expect(run(file)).rejects.toThrow(/listings\.jsonl:2: not valid JSON/);
  });

  it('a bad capture time names the field', async () => {
    const file = listingsFile([JSON.stringify({ ...good[0], capturedAt: 'yesterday' })]);
    await expect(run(file)).rejects.toThrow(/:1: field "capturedAt"/);
  });

  it('a bad watch list names the right and the field', async () => {
    const wl = join(tempDir(), 'wl.json');
    writeFileSync(
      wl,
      JSON.stringify({ rights: [{ id: 'x', kind: 'gi', name: '西湖龙井', category: '茶叶' }] }),
    );
    const out = new PassThrough();
    await expect(
      runMatch({ watchlist: wl, listings: listingsFile([JSON.stringify(good[0])]) }, out),
    ).rejects.toThrow(/field "rights\.0\.protectedArea" \(right "x"\)/);
  });

  it('from the built CLI: exit 0 with JSONL on stdout; exit 1 naming line and field', () => {
    const ok = listingsFile(good.map((l) => JSON.stringify(l)));
    const stdout = execFileSync(
      process.execPath,
      ['bin/markwatch.js', 'match', '--watchlist', WATCHLIST, '--listings', ok],
      { encoding: 'utf8' },
    );
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const badFile = listingsFile([JSON.stringify(good[0]), JSON.stringify({ ...good[1], price: -3 })]);
    const bad = spawnSync(
      process.execPath,
      ['bin/markwatch.js', 'match', '--watchlist', WATCHLIST, '--listings', badFile],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/listings\.jsonl:2: field "price"/);
  });
});
