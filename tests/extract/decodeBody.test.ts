import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { canonicalCharset, decodeBody, decodeBodyDetailed } from '../../src/extract/index.js';
import { REAL_PAGES } from './realPageFixtures.js';

const GBK_PAGE = join(REAL_PAGES, 'aql-serps/jd/jd-1368578723.html');
const bytes = (text: string, charset = 'utf-8') => new Uint8Array(iconv.encode(text, charset));

describe('decodeBody', () => {
  it('decodes the real GBK JD page (meta http-equiv charset=GBK) to correct Chinese', () => {
    const raw = new Uint8Array(readFileSync(GBK_PAGE));
    const decoded = decodeBodyDetailed(raw);
    expect(decoded).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decoded.text).toContain('<font class="skcolor_ljg">创新</font>（Creative）Aurvana   LIVE 耳机');
    expect(decoded.text).toContain('北京有货');
    expect(decoded.text).not.toContain('\uFFFD');
  });

  it('a header charset beats the <meta> (the real GBK page served as UTF-8 turns to replacement chars)', () => {
    const raw = new Uint8Array(readFileSync(GBK_PAGE));
    const decoded = decodeBodyDetailed(raw, 'text/html; charset=utf-8');
    expect(decoded).toMatchObject({ charset: 'utf-8', source: 'header' });
    expect(decoded.text).toContain('\uFFFD');
    expect(decodeBody(raw, 'text/html;charset="GBK"')).toContain('（Creative）Aurvana   LIVE 耳机');
  });

  it('uses the <meta charset> when the header has none or an unknown one', () => {
    const html = '<html><head><meta charset="gbk"><title>耐克运动鞋</title></head></html>';
    const gbk = bytes(html, 'gbk');
    expect(decodeBodyDetailed(gbk, 'text/html')).toMatchObject({ charset: 'gb18030', source: 'meta' });
    expect(decodeBody(gbk, 'text/html; charset=x-no-such-charset')).toContain('耐克运动鞋');
  });

  it('ignores a <meta> inside a comment', () => {
    const html = '<!-- <meta charset="gbk"> --><meta charset="utf-8"><p>商标</p>';
    expect(decodeBodyDetailed(bytes(html))).toMatchObject({ charset: 'utf-8', source: 'meta' });
  });

  it('sniffs UTF-8 and GBK when nothing is declared', () => {
    const text = '<p>正品保障 李宁 运动鞋 199元</p>';
    expect(decodeBodyDetailed(bytes(text))).toMatchObject({ text, charset: 'utf-8', source: 'sniff' });
    expect(decodeBodyDetailed(bytes(text, 'gbk'))).toMatchObject({
      text,
      charset: 'gb18030',
      source: 'sniff',
    });
  });

  it('decodes GB2312/GBK labels as GB18030, so characters outside GB2312 survive', () => {
    // 𠀀 (U+20000) and € exist only in GB18030; servers label such pages gb2312 anyway.
    const text = '<p>𠀀 € 镕</p>';
    expect(decodeBody(bytes(text, 'gb18030'), 'text/html; charset=gb2312')).toBe(text);
    expect(canonicalCharset('GB2312')).toBe('gb18030');
    expect(canonicalCharset('x-gbk')).toBe('gb18030');
    expect(canonicalCharset('latin1')).toBe('windows-1252');
  });

  it('a byte-order mark wins over everything but a fixed profile charset', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('<meta charset="gbk">质量')]);
    expect(decodeBodyDetailed(withBom, 'text/html; charset=gbk')).toMatchObject({
      text: '<meta charset="gbk">质量',
      source: 'bom',
    });
    const gbk = bytes('<meta charset="utf-8">质量', 'gbk');
    expect(decodeBodyDetailed(gbk, 'text/html; charset=utf-8', { charset: 'gbk' })).toMatchObject({
      text: '<meta charset="utf-8">质量',
      source: 'fixed',
    });
    expect(() => decodeBody(gbk, undefined, { charset: 'klingon' })).toThrow(/unknown charset "klingon"/);
  });

  it('decodes the UTF-8 real pages (with and without BOM) unchanged', () => {
    const page = new Uint8Array(readFileSync(join(REAL_PAGES, 'aql-serps/jd/jd-song-yan-1434320372.html')));
    const decoded = decodeBodyDetailed(page);
    expect(decoded.source).toBe('bom');
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
    expect(decoded.text).toContain('抱歉');
  });
});
