#!/usr/bin/env python3
"""Pixel similarity of characters as printed, for scripts/build-glyph-neighbours.mjs (a build-time input only).

Renders each character of CHARS_FILE (one per line) in Noto Sans CJK SC (Debian fonts-noto-cjk, SIL OFL 1.1),
blurs it (a reader sees shapes, not pixels) and writes, for every character, its TOP most similar characters by
cosine of the blurred images: {"字": [["学", 0.93], ...]}.

Usage: /usr/bin/python3 scripts/render-glyph-similarity.py CHARS_FILE OUT_JSON [FONT] [TOP]
Needs Debian python3-pil and python3-numpy.
"""
import json
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

chars_file, out_file = sys.argv[1], sys.argv[2]
font_path = sys.argv[3] if len(sys.argv) > 3 else '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
top = int(sys.argv[4]) if len(sys.argv) > 4 else 40
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
