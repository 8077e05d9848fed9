#!/usr/bin/env node
// Derives data/confusion/confusion-classes.json (形近字 classes, one representative per class) from licensed data:
//   1. pycorrector same_stroke.txt groups (Apache-2.0) — the seed;
//   2. Unihan kFourCornerCode + kRSUnicode + kTotalStrokes (Unicode licence, Debian `unicode-data`), when present:
//      pairs of common characters with the same four-corner code, the same radical and |Δstrokes| ≤ 2;
//      the same features score how well a character fits each group it appears in;
//   3. data/confusion/reviewed-pairs.tsv — hand-reviewed pairs for characters of watched marks.
// Homophones are not classes here: they share pinyin syllable IDs at match time (pinyin-pro); this script only
// measures how far pycorrector's same_pinyin.txt agrees with those readings, for the attribution note.
//
// Usage: node scripts/build-confusion-table.mjs [--pycorrector DIR] [--unihan DIR] [--out DIR]
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pinyin } from 'pinyin-pro';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs),
      [],
    ),
);
const PYCORRECTOR = args.pycorrector ?? 'data/confusion/pycorrector';
const UNIHAN = args.unihan ?? '/usr/share/unicode';
const OUT = args.out ?? 'data/confusion';
/** A class larger than this chains unrelated characters; members beyond it stay in their own classes. */
const MAX_CLASS = 12;

const HAN = /^\p{Script=Han}$/u;
const today = new Date().toISOString().slice(0, 10);

function readLines(file) {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() && !line.startsWith('#'));
}

// ---- sources -------------------------------------------------------------------------------------------------
const strokeGroups = readLines(join(PYCORRECTOR, 'same_stroke.txt')).map((line) =>
  unique(line.split(/\s+/).filter((c) => HAN.test(c))),
);

const samePinyin = readLines(join(PYCORRECTOR, 'same_pinyin.txt')).map((line) => {
  const [head, sameTone = '', otherTone = ''] = line.split('\t');
  return { head, sameTone: [...sameTone], otherTone: [...otherTone] };
});
const commonChars = new Set(samePinyin.map((r) => r.head).filter((c) => c && HAN.test(c)));

const reviewedFile = join(OUT, 'reviewed-pairs.tsv');
const reviewed = existsSync(reviewedFile)
  ? readLines(reviewedFile).map((line) => {
      const [variant, markChar, why] = line.split('\t');
      return { group: [markChar, variant], why };
    })
  : [];

const GLYPH_FILE = args.glyph ?? 'data/confusion/glyph-neighbours.json';
const glyph = existsSync(GLYPH_FILE) ? JSON.parse(readFileSync(GLYPH_FILE, 'utf8')) : null;
/** Glyph cliques: at most this many characters, each pair a glyph neighbour within GLYPH_RANK either way. */
const GLYPH_CLIQUE = 4;
const GLYPH_RANK = 8;

const unihan = loadUnihan();
const radicals = loadRadicals();

/** CJK Radicals Supplement (and other radicals NFKC leaves alone) → their unified ideograph (⻗ → 雨). */
function loadRadicals() {
  const file = join(UNIHAN, 'EquivalentUnifiedIdeograph.txt');
  if (!existsSync(file)) return null;
  const map = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([0-9A-F]+)(?:\.\.([0-9A-F]+))?\s*;\s*([0-9A-F]+)/.exec(line);
    if (!m) continue;
    const to = String.fromCodePoint(parseInt(m[3], 16));
    for (let cp = parseInt(m[1], 16); cp <= parseInt(m[2] ?? m[1], 16); cp++) {
      const from = String.fromCodePoint(cp);
      if (from.normalize('NFKC') === from) map[from] = to;
    }
  }
  return map;
}

function loadUnihan() {
  const file = join(UNIHAN, 'Unihan_DictionaryLikeData.txt.bz2');
  const irg = join(UNIHAN, 'Unihan_IRGSources.txt.bz2');
  if (!existsSync(file) || !existsSync(irg)) return null;
  const chars = new Map();
  const get = (cp) => {
    const ch = String.fromCodePoint(parseInt(cp, 16));
    let entry = chars.get(ch);
    if (!entry) chars.set(ch, (entry = {}));
    return entry;
  };
  for (const [path, fields] of [
    [file, ['kFourCornerCode']],
    [irg, ['kRSUnicode', 'kTotalStrokes']],
  ]) {
    const text = execFileSync('bzcat', [path], { maxBuffer: 512 * 1024 * 1024 }).toString('utf8');
    for (const line of text.split('\n')) {
      const m = /^U\+([0-9A-F]+)\t(\w+)\t(.*)$/.exec(line);
      if (!m || !fields.includes(m[2])) continue;
      const entry = get(m[1]);
      if (m[2] === 'kFourCornerCode') entry.fourCorner ??= m[3].split(' ')[0];
      if (m[2] === 'kRSUnicode') entry.radical ??= m[3].split(' ')[0].split('.')[0].replace("'", '');
      if (m[2] === 'kTotalStrokes') entry.strokes ??= Number(m[3].split(' ')[0]);
    }
  }
  return chars;
}

/** Shape similarity 0–1 from Unihan features (0 when unknown): four-corner digits, radical, stroke count. */
function similarity(a, b) {
  const x = unihan?.get(a);
  const y = unihan?.get(b);
  if (!x || !y) return 0;
  let score = 0;
  if (x.fourCorner && y.fourCorner) {
    const dx = x.fourCorner.replace('.', '');
    const dy = y.fourCorner.replace('.', '');
    let same = 0;
    for (let i = 0; i < 4; i++) if (dx[i] === dy[i]) same++;
    score += 0.5 * (same / 4);
  }
  if (x.radical && x.radical === y.radical) score += 0.3;
  if (x.strokes && y.strokes) score += 0.2 * (1 - Math.min(Math.abs(x.strokes - y.strokes), 5) / 5);
  return score;
}

function unihanPairs() {
  if (!unihan) return [];
  const byCode = new Map();
  for (const ch of commonChars) {
    const e = unihan.get(ch);
    if (!e?.fourCorner) continue;
    const key = e.fourCorner;
    if (!byCode.has(key)) byCode.set(key, []);
    byCode.get(key).push(ch);
  }
  const pairs = [];
  for (const chars of byCode.values()) {
    for (let i = 0; i < chars.length; i++)
      for (let j = i + 1; j < chars.length; j++) {
        const x = unihan.get(chars[i]);
        const y = unihan.get(chars[j]);
        if (x.radical === y.radical && Math.abs((x.strokes ?? 0) - (y.strokes ?? 0)) <= 2)
          pairs.push([chars[i], chars[j]]);
      }
  }
  return pairs;
}

/**
 * Small cliques of glyph neighbours (scripts/build-glyph-neighbours.mjs): pairs taken best first (sum of the
 * two ranks), joined only while every pair of the union is a neighbour and the union stays ≤ GLYPH_CLIQUE, so a
 * class never chains characters that do not look alike.
 */
function glyphCliques() {
  if (!glyph) return [];
  const rankOf = (a, b) => {
    const i = [...(glyph.neighbours[a] ?? '')].slice(0, GLYPH_RANK).indexOf(b);
    return i < 0 ? Infinity : i;
  };
  const near = (a, b) => Math.min(rankOf(a, b), rankOf(b, a)) !== Infinity;
  const pairs = [];
  for (const [a, list] of Object.entries(glyph.neighbours)) {
    for (const b of [...list].slice(0, GLYPH_RANK)) {
      if (a < b || !near(b, a)) pairs.push([a, b, rankOf(a, b) + Math.min(rankOf(b, a), GLYPH_RANK)]);
    }
  }
  pairs.sort((x, y) => x[2] - y[2] || (x[0] + x[1] < y[0] + y[1] ? -1 : 1));
  const clique = new Map();
  for (const [a, b] of pairs) {
    const ca = clique.get(a) ?? [a];
    const cb = clique.get(b) ?? [b];
    if (ca === cb || ca.length + cb.length > GLYPH_CLIQUE) continue;
    if (!ca.every((x) => cb.every((y) => near(x, y)))) continue;
    const merged = [...ca, ...cb];
    for (const ch of merged) clique.set(ch, merged);
  }
  return [...new Set(clique.values())].filter((c) => c.length >= 2);
}

// ---- partition -----------------------------------------------------------------------------------------------
// Each character gets ONE home group: the group where it is most similar to the other members (then the smaller
// group, then the earlier one). A character listed in several groups therefore no longer chains them together.
const groups = [
  ...strokeGroups.map((members) => ({ members, source: 'same_stroke' })),
  ...unihanPairs().map((members) => ({ members, source: 'unihan' })),
  ...glyphCliques().map((members) => ({ members, source: 'glyph' })),
  ...reviewed.map((r) => ({ members: r.group, source: 'reviewed' })),
].filter((g) => g.members.length >= 2);

const home = new Map();
groups.forEach((group, index) => {
  for (const ch of group.members) {
    const others = group.members.filter((c) => c !== ch);
    const fit = others.reduce((s, c) => s + similarity(ch, c), 0) / others.length;
    // Reviewed pairs are decisions, not evidence: they win; glyph cliques (structure + print) beat pair lists.
    const rank = group.source === 'reviewed' ? 3 : group.source === 'glyph' ? 1 + fit : fit;
    const best = home.get(ch);
    if (
      !best ||
      rank > best.rank ||
      (rank === best.rank && group.members.length < groups[best.index].members.length)
    ) {
      home.set(ch, { index, rank });
    }
  }
});

const classes = [];
let split = 0;
groups.forEach((group, index) => {
  const members = group.members.filter((ch) => home.get(ch)?.index === index);
  if (members.length < group.members.length) split++;
  if (members.length >= 2) classes.push({ members: members.slice(0, MAX_CLASS), source: group.source });
});
// Merge classes that are the same set (a Unihan pair inside a stroke group, etc.).
const seen = new Set();
const finalClasses = [];
for (const c of classes) {
  const key = [...c.members].sort().join('');
  if (seen.has(key)) continue;
  seen.add(key);
  finalClasses.push(c);
}

// ---- homophone agreement (informational) ----------------------------------------------------------------------
const toneless = (ch) =>
  pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }).map((s) => s.replace(/ü/g, 'v'));
let pairsChecked = 0;
let pairsAgreeing = 0;
for (const row of samePinyin) {
  if (!row.head) continue;
  const head = new Set(toneless(row.head));
  for (const other of [...row.sameTone, ...row.otherTone]) {
    if (!HAN.test(other)) continue;
    pairsChecked++;
    if (toneless(other).some((s) => head.has(s))) pairsAgreeing++;
  }
}

// ---- output --------------------------------------------------------------------------------------------------
mkdirSync(OUT, { recursive: true });
const table = {
  source:
    'pycorrector same_stroke.txt (Apache-2.0, shibing624/pycorrector@fc8aa56c) + ' +
    (unihan ? 'Unihan 15.0 kFourCornerCode/kRSUnicode/kTotalStrokes (Unicode licence) + ' : '') +
    (glyph ? 'glyph-neighbours.json cliques + ' : '') +
    'data/confusion/reviewed-pairs.tsv; built by scripts/build-confusion-table.mjs',
  effectiveDate: today,
  derivation:
    'one home class per character (best Unihan shape fit, then smaller group); classes capped at ' +
    MAX_CLASS +
    '; the first member is the representative',
  classes: finalClasses.map((c) => c.members.join('')),
  ...(radicals ? { radicals } : {}),
};
writeFileSync(join(OUT, 'confusion-classes.json'), JSON.stringify(table, null, 1) + '\n');

const counts = finalClasses.reduce((m, c) => ((m[c.source] = (m[c.source] ?? 0) + 1), m), {});
const charCount = finalClasses.reduce((s, c) => s + c.members.length, 0);
// The glyph-neighbour section is written by scripts/build-glyph-neighbours.mjs: keep it.
const attributionFile = join(OUT, 'ATTRIBUTION.md');
const GLYPH_SECTION = '\n## Glyph neighbours';
const previous = existsSync(attributionFile) ? readFileSync(attributionFile, 'utf8') : '';
const glyphSection = previous.includes(GLYPH_SECTION) ? previous.slice(previous.indexOf(GLYPH_SECTION)) : '';
writeFileSync(
  attributionFile,
  `# Confusion-class table — sources and derivation

\`confusion-classes.json\` is derived by \`node scripts/build-confusion-table.mjs\` (last run ${today}).

| Source | Licence | Used for |
|---|---|---|
| pycorrector \`pycorrector/data/same_stroke.txt\` (github.com/shibing624/pycorrector, commit fc8aa56c336276fbd8cdd3a49eef505dc67b8a6e), copy in data/confusion/pycorrector | Apache-2.0 (Copyright shibing624; LICENSE alongside the copy) | ${strokeGroups.length} 形近字 groups, the seed |
| pycorrector \`same_pinyin.txt\` (same commit) | Apache-2.0 | checked only: ${pairsAgreeing} of ${pairsChecked} listed homophone pairs (${((100 * pairsAgreeing) / Math.max(1, pairsChecked)).toFixed(1)} %) share a toneless pinyin-pro reading, so homophones are matched by pinyin syllable IDs at run time instead of classes |
| ${unihan ? 'Unicode Unihan database 15.0 (Debian `unicode-data` 15.0.0-1): kFourCornerCode, kRSUnicode, kTotalStrokes' : 'Unihan: not available when built'} | Unicode License v3 | ${unihan ? 'shape fit of a character to each group (four-corner digits, radical, strokes); extra pairs: same four-corner code + same radical + Δstrokes ≤ 2 among the ' + commonChars.size + ' common characters of same_pinyin.txt' : '—'} |
| ${radicals ? 'Unicode `EquivalentUnifiedIdeograph.txt` 15.0 (same package)' : 'EquivalentUnifiedIdeograph.txt: not available when built'} | Unicode License v3 | ${radicals ? Object.keys(radicals).length + ' radicals that NFKC does not fold (CJK Radicals Supplement, ⻗ → 雨) → their unified ideograph (`radicals`)' : '—'} |
| ${glyph ? '`glyph-neighbours.json` (this folder; sources in the glyph section below)' : 'glyph neighbours: not available when built'} | see below | ${glyph ? 'cliques of ≤ ' + GLYPH_CLIQUE + ' characters, each pair a glyph neighbour within the best ' + GLYPH_RANK + ' either way; they beat the pair lists when a character is in several groups' : '—'} |
| \`reviewed-pairs.tsv\` (this folder) | project-owned | ${reviewed.length} hand-reviewed pair(s) for characters of watched marks |

Result: ${finalClasses.length} classes over ${charCount} characters (${Object.entries(counts)
    .map(([k, v]) => `${v} from ${k}`)
    .join(', ')}); ${split} source groups lost a member to a better-fitting class instead of chaining.

Derivation: every character gets one home class (the group where its mean Unihan shape similarity to the other
members is highest; reviewed pairs win; ties go to the smaller group). Classes are capped at ${MAX_CLASS} members.
At match time both the watched mark and the listing text are mapped to the first member of each class.
${glyphSection}`,
);
console.log(`confusion classes: ${finalClasses.length} classes, ${charCount} chars, ${split} groups split`);

function unique(xs) {
  return [...new Set(xs)];
}
