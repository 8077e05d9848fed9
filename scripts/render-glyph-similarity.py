#!/usr/bin/env python3
"""Pixel similarity of characters as printed, for scripts/build-glyph-neighbours.mjs (a build-time input only).

Renders each character of CHARS_FILE (one per line) in Noto Sans CJK SC (Debian fonts-noto-cjk, SIL OFL 1.1),
blurs it (a reader sees shapes, not pixels) and writes, for every character, its TOP most similar characters by
cosine of the blurred images: {"字": [["学", 0.93], ...]}.

With --contain OUT2: also stroke-subset candidates, {"白": [["日", 0.97, 0.81], ...]}: characters of CHARS_FILE
or of the whole CJK Unified block (U+4E00–9FFF: rare knock-off forms such as 仐 and 坣) where one printed glyph
nearly contains the other (first score: share of the lighter glyph's ink inside the heavier one, dilated by
2 px) and adds little (second: share of the heavier glyph's ink inside the lighter one, dilated). Stroke counts
are checked by the caller.

Usage: /usr/bin/python3 scripts/render-glyph-similarity.py CHARS_FILE OUT_JSON [FONT] [TOP] [--contain OUT2]
Needs Debian python3-pil and python3-numpy.
"""
import json
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

argv = sys.argv[1:]
contain_file = None
if '--contain' in argv:
    i = argv.index('--contain')
    contain_file = argv[i + 1]
    argv = argv[:i] + argv[i + 2:]
chars_file, out_file = argv[0], argv[1]
font_path = argv[2] if len(argv) > 2 else '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
top = int(argv[3]) if len(argv) > 3 else 40
SIZE = 48

chars = [line.strip() for line in open(chars_file, encoding='utf-8') if line.strip()]
font = ImageFont.truetype(font_path, SIZE - 4, index=2)  # face 2 of the collection: SC
rows = []
for ch in chars:
    img = Image.new('L', (SIZE, SIZE), 0)
    ImageDraw.Draw(img).text((SIZE // 2, SIZE // 2), ch, fill=255, font=font, anchor='mm')
    img = img.filter(ImageFilter.GaussianBlur(2)).resize((24, 24), Image.BILINEAR)
    v = np.asarray(img, dtype=np.float32).ravel()
    v -= v.mean()
    rows.append(v / (np.linalg.norm(v) + 1e-6))
m = np.stack(rows)
out = {}
for start in range(0, len(chars), 512):
    sims = m[start:start + 512] @ m.T
    for i, row in enumerate(sims):
        row[start + i] = -1
        best = np.argpartition(-row, top)[:top]
        best = best[np.argsort(-row[best])]
        out[chars[start + i]] = [[chars[j], round(float(row[j]), 4)] for j in best]
json.dump(out, open(out_file, 'w', encoding='utf-8'), ensure_ascii=False)
print(f'pixel similarity: {len(chars)} characters, top {top} each')


# ---- stroke-subset candidates (--contain) ---------------------------------------------------------------------
CONTAIN_MIN = 0.9  # the lighter glyph lies (almost) wholly inside the heavier one
COVER_MIN = 0.6  # and the heavier one adds at most a small stroke group


def ink(ch):
    img = Image.new('L', (SIZE, SIZE), 0)
    ImageDraw.Draw(img).text((SIZE // 2, SIZE // 2), ch, fill=255, font=font, anchor='mm')
    return img.point(lambda v: 255 if v > 127 else 0)


if contain_file:
    keyset = set(chars)
    universe = chars + [c for c in map(chr, range(0x4E00, 0xA000)) if c not in keyset]
    bins, dils, names = [], [], []
    for ch in universe:
        img = ink(ch)
        b = np.asarray(img, dtype=np.float32).ravel() / 255
        if b.sum() < 8:
            continue  # not in the font
        names.append(ch)
        bins.append(b)
        dils.append(np.asarray(img.filter(ImageFilter.MaxFilter(5)), dtype=np.float32).ravel() / 255)
    bins = np.stack(bins)
    dils = np.stack(dils)
    mass = bins.sum(axis=1)
    nkeys = sum(1 for c in names if c in keyset)  # keys come first
    result = {}
    for start in range(0, nkeys, 256):
        rows = slice(start, min(nkeys, start + 256))
        in_other = bins[rows] @ dils.T / mass[rows, None]  # key's ink inside the other (dilated)
        other_in = dils[rows] @ bins.T / mass[None, :]  # the other's ink inside the key (dilated)
        for i in range(in_other.shape[0]):
            k = start + i
            lighter_in = np.where(mass[k] <= mass, in_other[i], other_in[i])
            heavier_in = np.where(mass[k] <= mass, other_in[i], in_other[i])
            ok = np.flatnonzero((lighter_in >= CONTAIN_MIN) & (heavier_in >= COVER_MIN))
            ok = ok[ok != k]
            ok = ok[np.argsort(-(lighter_in[ok] + heavier_in[ok]))][:24]
            if len(ok):
                result[names[k]] = [[names[j], round(float(lighter_in[j]), 3), round(float(heavier_in[j]), 3)] for j in ok]
    json.dump(result, open(contain_file, 'w', encoding='utf-8'), ensure_ascii=False)
    print(f'stroke-subset candidates: {len(result)} characters, {sum(map(len, result.values()))} pairs')
