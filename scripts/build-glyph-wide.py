#!/usr/bin/env python3
"""Wide glyph look-alikes: data/confusion/glyph-wide.json (a build-time script; the JSON is what runs).

For each common character (CHARS_FILE, one per line: the GB 2312 list of `build-glyph-neighbours.mjs
--chars-out`), rendered in Noto Sans CJK SC (Debian fonts-noto-cjk, SIL OFL 1.1) at 48 px:
- wide: the common characters printed alike (blurred 24 px cosine >= COSINE_MIN) that either overlap it both ways
  (at least OVERLAP_MIN of each binarised glyph's ink within 2 px of the other's: 川/州, 六/大) or share its
  Unihan radical (海/河, 康/廉), ranked by the cosine, best PER_CHAR; with --order FILE (npm cnchar-order's
  cnchar.order.min.js, MIT, build input only) also the characters of the same stroke count whose stroke sequence
  differs in one stroke of the five classes 横竖撇点折 (日 2511 / 月 3511, 由 / 田), printed alike too; they are
  listed first, as the strokes are the structure a 形近 reader sees;
- rare: characters of the whole CJK Unified block outside the common set (knock-off forms, and traditional forms
  that normalisation folds: 雲 beside 雪) where the lighter glyph lies >= CONTAIN_MIN inside the heavier one and
  the heavier adds little (>= COVER_MIN of its ink inside the lighter), ranked by the cosine, best RARE_PER_CHAR.
Both need |strokes| <= MAX_STROKE_DIFF (Unihan kTotalStrokes).

The text index uses these lists only for the characters of a short watch list (glyphCoarse.ts: each watched
character's extra look-alikes become scan patterns of their own), never as classes.

Usage: python3 scripts/build-glyph-wide.py CHARS_FILE [OUT_JSON] [--order cnchar.order.min.js]
Needs Debian python3-pil, python3-numpy, unicode-data (Unihan) and fonts-noto-cjk. About 3 minutes.
"""
import bz2
import datetime
import json
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 48
OVERLAP_MIN = 0.7
COSINE_MIN = 0.6
MAX_STROKE_DIFF = 4
PER_CHAR = 24
# Characters outside the common set (坣, and traditional forms such as 雲) only when printed very alike.
RARE_PER_CHAR = 2
CONTAIN_MIN = 0.9
COVER_MIN = 0.6
SHORTLIST = 400
# More faces can be listed (the cosine is then their mean): Noto Serif CJK beside Sans was tried and lost more
# look-alikes than it found (大/六 print apart in Serif).
FONTS = ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc']
UNIHAN = '/usr/share/unicode/Unihan_IRGSources.txt.bz2'

argv = sys.argv[1:]
only = None
if '--keys' in argv:  # exploration: lists for these characters only
    i = argv.index('--keys')
    only = {line.strip() for line in open(argv[i + 1], encoding='utf-8') if line.strip()}
    argv = argv[:i] + argv[i + 2:]
order_file = None
if '--order' in argv:
    i = argv.index('--order')
    order_file = argv[i + 1]
    argv = argv[:i] + argv[i + 2:]
chars_file = argv[0]
out_file = argv[1] if len(argv) > 1 else 'data/confusion/glyph-wide.json'
keys = [line.strip() for line in open(chars_file, encoding='utf-8') if line.strip()]
keyset = set(keys)
# face 2 of each collection: SC
fonts = [ImageFont.truetype(f, SIZE - 4, index=2) for f in FONTS]

strokes = {}
radicals = {}
with bz2.open(UNIHAN, 'rt', encoding='utf-8') as f:
    for line in f:
        parts = line.rstrip('\n').split('\t')
        if len(parts) == 3 and parts[1] == 'kTotalStrokes':
            strokes[chr(int(parts[0][2:], 16))] = int(parts[2].split()[0])
        if len(parts) == 3 and parts[1] == 'kRSUnicode':
            radicals[chr(int(parts[0][2:], 16))] = int(parts[2].split()[0].split('.')[0].rstrip("'"))


# Stroke sequences in the five classes of the 札 order: 横/提 1, 竖/竖钩 2, 撇 3, 点/捺 4, every turning stroke 5.
FIVE = {'j': '1', 'i': '1', 'f': '2', 'g': '2', 's': '3', 'k': '4', 'd': '4', 'l': '4'}
orders = {}
if order_file:
    import re
    src = open(order_file, encoding='utf-8').read()
    table = max(re.findall(r"JSON\.parse\('(\{[^']*\})'\)", src), key=len)
    orders = {c: ''.join(FIVE.get(s, '5') for s in o) for c, o in json.loads(table).items() if len(c) == 1}


def one_stroke_apart(a, b):
    x, y = orders.get(a), orders.get(b)
    return x is not None and y is not None and len(x) == len(y) and sum(p != q for p, q in zip(x, y)) <= 1


def render(face, ch):
    img = Image.new('L', (SIZE, SIZE), 0)
    ImageDraw.Draw(img).text((SIZE // 2, SIZE // 2), ch, fill=255, font=face, anchor='mm')
    return img


def glyphs(face, chars):
    """Binarised ink, the same dilated by 2 px, and the blurred 24 px image (centred, unit length) per character."""
    bins, dils, blurs = [], [], []
    for ch in chars:
        img = render(face, ch)
        ink = img.point(lambda v: 255 if v > 127 else 0)
        bins.append(np.asarray(ink, dtype=np.float32).ravel() / 255)
        dils.append(np.asarray(ink.filter(ImageFilter.MaxFilter(5)), dtype=np.float32).ravel() / 255)
        v = np.asarray(img.filter(ImageFilter.GaussianBlur(2)).resize((24, 24), Image.BILINEAR), dtype=np.float32)
        v = v.ravel() - v.mean()
        blurs.append(v / (np.linalg.norm(v) + 1e-6))
    return np.stack(bins), np.stack(dils), np.stack(blurs)


universe = keys + [c for c in map(chr, range(0x4E00, 0xA000)) if c not in keyset]
names = [c for c in universe if c in strokes and all(render(f, c).getbbox() for f in fonts)]
faces = [glyphs(f, names) for f in fonts]
stroke = np.array([strokes[c] for c in names])
radical = np.array([radicals.get(c, 0) for c in names])
nkeys = sum(1 for c in names if c in keyset)  # keys come first
common = np.arange(len(names)) < nkeys
todo = [k for k in range(nkeys) if only is None or names[k] in only]
by_length = {}
for j in range(nkeys):
    if names[j] in orders:
        by_length.setdefault(len(orders[names[j]]), []).append(j)
stroke_neighbours = {
    k: [j for j in by_length.get(len(orders[names[k]]), []) if j != k and one_stroke_apart(names[k], names[j])]
    for k in todo
    if names[k] in orders
}

# The cosine of the blurred 24 px images picks SHORTLIST candidates per character in each group (common, rare);
# the overlaps are computed for those only (Debian's reference BLAS makes full 48 px products take half an hour).
bins, dils, blurs = faces[0]
mass = bins.sum(axis=1)
groups = [np.flatnonzero(common), np.flatnonzero(~common)]
wide = {}
rare = {}
for start in range(0, len(todo), 512):
    rows = todo[start:start + 512]
    cosine = sum(f[2][rows] @ f[2].T for f in faces) / len(faces)
    for i, k in enumerate(rows):
        cosine[i][k] = -1
        for group, out, count in ((groups[0], wide, PER_CHAR), (groups[1], rare, RARE_PER_CHAR)):
            cos = cosine[i][group]
            top = group[np.argpartition(-cos, SHORTLIST)[:SHORTLIST]]
            top = top[(cosine[i][top] >= COSINE_MIN) & (np.abs(stroke[top] - stroke[k]) <= MAX_STROKE_DIFF)]
            if len(top) == 0:
                continue
            mine_in_other = (dils[top] @ bins[k]) / mass[k]
            other_in_mine = (bins[top] @ dils[k]) / mass[top]
            if out is wide:
                # printed alike, and overlapping both ways or under the same radical
                both = np.minimum(mine_in_other, other_in_mine)
                ok = top[(both >= OVERLAP_MIN) | (radical[top] == radical[k])]
                # not limited to the shortlist: a simple glyph has hundreds of blurred look-alikes (日 ranks past
                # 400 for 月), while its one-stroke neighbours are few
                strokes_near = [j for j in stroke_neighbours.get(k, []) if cosine[i][j] >= COSINE_MIN]
                if strokes_near:
                    near = np.array(sorted(strokes_near, key=lambda j: -cosine[i][j]), dtype=int)
                    rest = ok[~np.isin(ok, near)]
                    rest = rest[np.argsort(-cosine[i][rest], kind='stable')]
                    order = np.concatenate([near, rest])[:count]
                    out[names[k]] = ''.join(names[j] for j in order)
                    continue
            else:
                # one glyph (almost) inside the other, adding little (坣 is 堂 without 口; 雲 and 雪 share 雨)
                heavy = mass[k] <= mass[top]
                lighter = np.where(heavy, mine_in_other, other_in_mine)
                heavier = np.where(heavy, other_in_mine, mine_in_other)
                ok = top[(lighter >= CONTAIN_MIN) & (heavier >= COVER_MIN)]
            order = ok[np.argsort(-cosine[i][ok], kind='stable')][:count]
            if len(order):
                out[names[k]] = ''.join(names[j] for j in order)

json.dump(
    {
        'source': 'data/confusion/ATTRIBUTION-glyph-wide.md: Noto Sans CJK SC glyphs (SIL OFL 1.1) and Unihan kTotalStrokes/kRSUnicode (Unicode 15.0, Debian unicode-data), '
        'by scripts/build-glyph-wide.py',
        'effectiveDate': datetime.date.today().isoformat(),
        'derivation': f'wide: cosine >= {COSINE_MIN} and (both glyphs >= {OVERLAP_MIN} of their ink within 2 px of '
        f'the other, or the same radical), best {PER_CHAR} by cosine; rare: lighter >= {CONTAIN_MIN} inside the '
        f'heavier, heavier >= {COVER_MIN} inside the lighter, best {RARE_PER_CHAR}; |strokes| <= {MAX_STROKE_DIFF}'
        + ('; first in each wide list: the same stroke count with one stroke of the five classes changed '
           '(cnchar-order stroke sequences, MIT)' if orders else ''),
        'wide': wide,
        'rare': rare,
    },
    open(out_file, 'w', encoding='utf-8'),
    ensure_ascii=False,
    indent=0,
)
print(f'wide glyph look-alikes: {len(wide)} characters, {sum(map(len, wide.values()))} common and {sum(map(len, rare.values()))} rare pairs → {out_file}')
