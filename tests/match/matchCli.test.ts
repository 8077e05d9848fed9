import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describeMatchReport, runMatch } from '../../src/cli/commands/match.js';
import { formatProblem } from '../../src/common/jsonFile.js';
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

function collect() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return {
    stream,
    async lines(): Promise<string[]> {
      stream.end();
      await once(stream, 'end');
      return chunks.join('').split('\n').filter(Boolean);
    },
  };
}

async function run(file: string, all = false): Promise<string[]> {
  const out = collect();
  await runMatch({ watchlist: WATCHLIST, listings: file, all }, out.stream);
  return out.lines();
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
      'tier',
      'rules',
    ]);
    expect(flagged[0]).toMatchObject({ tier: 'lead' });
    const all = (await run(file, true)).map((l) => HitSchema.parse(JSON.parse(l)));
    expect(all.map((h) => [h.listingId, h.reason, h.flagged])).toEqual([
      ['a1', 'trademark.counterfeit', true],
      ['a2', 'trademark.use', false],
    ]);
  });

  it('prints watch signals with leads by default (tier watch, flagged false) and counts them', async () => {
    const watch = { ...base, id: 'w1', title: '耐克 跑鞋 海外代购', category: '运动户外/运动鞋', price: 899 };
    const file = listingsFile([JSON.stringify(good[0]), JSON.stringify(watch), JSON.stringify(good[1])]);
    const out = collect();
    const report = await runMatch({ watchlist: WATCHLIST, listings: file }, out.stream);
    const hits = (await out.lines()).map((l) => HitSchema.parse(JSON.parse(l)));
    expect(hits.map((h) => [h.listingId, h.reason, h.flagged, h.tier])).toEqual([
      ['a1', 'trademark.counterfeit', true, 'lead'],
      ['w1', 'trademark.grey_channel', false, 'watch'],
    ]);
    expect(report).toMatchObject({ flagged: 1, watch: 1, hits: 2 });
    expect(describeMatchReport(report, {}).join('\n')).toMatch(/1 watch/);
  });

  it('every rule carries its span in the original text', async () => {
    const [line] = await run(listingsFile([JSON.stringify(good[0])]));
    const hit = HitSchema.parse(JSON.parse(line!));
    for (const r of hit.rules.filter((x) => x.field === 'title' && x.span)) {
      expect(good[0]!.title.slice(r.span![0], r.span![1])).toBe(r.text);
    }
  });

  it('validates the whole file first: every bad line reported by line and field, nothing written', async () => {
    const bad = { ...good[1], seller: { name: '无编号店' } };
    const file = listingsFile([
      JSON.stringify(good[0]),
      '',
      JSON.stringify(bad),
      '{"id": "x",',
      JSON.stringify({ ...good[2], capturedAt: 'yesterday', price: 'cheap' }),
    ]);
    const out = collect();
    const report = await runMatch({ watchlist: WATCHLIST, listings: file }, out.stream);
    expect(await out.lines()).toEqual([]);
    expect(report).toMatchObject({ lines: 4, invalidLines: 3, matched: false, listings: 0 });
    const messages = report.problems.map(formatProblem);
    expect(messages[0]).toMatch(/listings\.jsonl:3: field "seller\.id" \(listing "a2"\): /);
    expect(messages[1]).toMatch(/listings\.jsonl:4: not valid JSON: /);
    expect(messages.slice(2).join('\n')).toMatch(/listings\.jsonl:5: field "price" \(listing "a3"\): /);
    expect(messages.slice(2).join('\n')).toMatch(/listings\.jsonl:5: field "capturedAt" \(listing "a3"\): /);
    expect(describeMatchReport(report, {}).at(-1)).toBe(
      'markwatch match: 3 of 4 lines invalid; nothing matched (--skip-invalid matches the valid lines)',
    );
  });

  it('--skip-invalid matches the valid lines and says how many were skipped', async () => {
    const file = listingsFile([JSON.stringify(good[0]), '{"id": "x",', JSON.stringify(good[2])]);
    const out = collect();
    const report = await runMatch({ watchlist: WATCHLIST, listings: file, skipInvalid: true }, out.stream);
    expect((await out.lines()).map((l) => (JSON.parse(l) as { listingId: string }).listingId)).toEqual([
      'a1',
    ]);
    expect(report).toMatchObject({ lines: 3, invalidLines: 1, matched: true, listings: 2 });
    expect(describeMatchReport(report, { skipInvalid: true })).toContain(
      'markwatch match: 1 of 3 lines skipped (invalid)',
    );
  });

  it('a bad watch list reports every right and field, and nothing is matched', async () => {
    const wl = join(tempDir(), 'wl.json');
    writeFileSync(
      wl,
      JSON.stringify({
        rights: [
          { id: 'x', kind: 'gi', name: '西湖龙井', category: '茶叶' },
          { id: 'y', kind: 'gi', name: '龙井', protectedArea: ['330100'], colour: 'red' },
        ],
      }),
    );
    const out = collect();
    const report = await runMatch(
      { watchlist: wl, listings: listingsFile([JSON.stringify(good[0]), '{']) },
      out.stream,
    );
    expect(await out.lines()).toEqual([]);
    const messages = report.problems.map(formatProblem).join('\n');
    expect(messages).toMatch(/wl\.json: field "rights\[0\]\.protectedArea" \(right "x"\): /);
    expect(messages).toMatch(/wl\.json: field "rights\[1\]\.colour" \(right "y"\): unknown field/);
    // The listings file is checked in the same run, so one pass shows every mistake.
    expect(messages).toMatch(/listings\.jsonl:2: not valid JSON/);
    expect(report.matched).toBe(false);
  });

  it('an unreadable listings file is named', async () => {
    const report = await runMatch(
      { watchlist: WATCHLIST, listings: join(tempDir(), 'none.jsonl') },
      collect().stream,
    );
    expect(report.problems.map(formatProblem)).toEqual([expect.stringMatching(/none\.jsonl: cannot read: /)]);
  });

  it('from the built CLI: exit 0 with JSONL on stdout; exit 1 naming line and field, stdout empty', () => {
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
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/listings\.jsonl:2: field "price" \(listing "a2"\): /);
    expect(bad.stderr).toMatch(/markwatch match: 1 of 2 lines invalid; nothing matched/);
  });

  it('reads listings from a pipe (/dev/stdin) too: both passes see every line, errors name the given path', () => {
    const lines = good.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const piped = spawnSync(
      process.execPath,
      ['bin/markwatch.js', 'match', '--watchlist', WATCHLIST, '--listings', '/dev/stdin'],
      { encoding: 'utf8', input: lines },
    );
    expect(piped.status).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    expect(piped.stderr).toContain('matched 3 listings');
    const bad = spawnSync(
      process.execPath,
      ['bin/markwatch.js', 'match', '--watchlist', WATCHLIST, '--listings', '/dev/stdin'],
      { encoding: 'utf8', input: lines + JSON.stringify({ ...good[1], price: -3 }) + '\n' },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/\/dev\/stdin:4: field "price"/);
  });
});
