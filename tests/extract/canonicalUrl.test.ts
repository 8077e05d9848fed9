import { describe, expect, it } from 'vitest';
import { canonicalUrl, itemIdFromUrl, loadSiteProfiles } from '../../src/extract/index.js';

const profiles = loadSiteProfiles('rules/sites');
const get = (id: string) => {
  const p = profiles.get(id);
  if (!p) throw new Error(id);
  return p;
};

describe('canonicalUrl', () => {
  it('lower-cases the host, drops fragment, default port and utm_*, sorts the query', () => {
    expect(canonicalUrl('HTTP://Item.JD.com:80/100.html?z=1&b=2&utm_source=x&a=3#comments')).toBe(
      'http://item.jd.com/100.html?a=3&b=2&z=1',
    );
    expect(canonicalUrl('https://a.example/p?utm_medium=x')).toBe('https://a.example/p');
  });

  it('spells the same page the same way (percent-escape case, parameter order)', () => {
    expect(canonicalUrl('http://x.example/s?q=%e8%80%90&p=1')).toBe(
      canonicalUrl('http://x.example/s?p=1&q=%E8%80%90'),
    );
  });

  it('keeps GBK-encoded values distinct (no lossy re-decoding)', () => {
    const a = canonicalUrl('http://search.jd.com/search?keyword=%B4%B4%D0%C2');
    const b = canonicalUrl('http://search.jd.com/search?keyword=%C4%DA%BF%E3');
    expect(a).toBe('http://search.jd.com/search?keyword=%B4%B4%D0%C2');
    expect(a).not.toBe(b);
  });

  it('drops the profile tracking parameters, or keeps only the listed ones', () => {
    const ebay =
      'https://www.ebay.com/itm/Fisher-Price/193552532655?hash=item2d10a144af:g:xxYAAOSw~ipfAJbm&_trkparms=ispr%3D1';
    expect(canonicalUrl(ebay, get('ebay'))).toBe('https://www.ebay.com/itm/Fisher-Price/193552532655');
    expect(canonicalUrl('http://item.jd.com/11609949.html?cu=true&utm=1', get('jd'))).toBe(
      'http://item.jd.com/11609949.html',
    );
    expect(
      canonicalUrl('https://www.etsy.com/listing/1/x?ref=sr&ga_search_query=a&variation=2', get('etsy')),
    ).toBe('https://www.etsy.com/listing/1/x?variation=2');
  });

  it('names a URL it cannot parse', () => {
    expect(() => canonicalUrl('/relative/only')).toThrow('not an absolute URL: "/relative/only"');
  });
});

describe('itemIdFromUrl', () => {
  it('reads platform item ids, including from ad-redirect URLs', () => {
    expect(itemIdFromUrl(get('jd'), 'http://item.jd.com/11609949.html')).toBe('11609949');
    expect(itemIdFromUrl(get('amazon'), 'https://www.amazon.de/x/dp/B072V37G4K/ref=sr_1_2')).toBe(
      'B072V37G4K',
    );
    expect(
      itemIdFromUrl(
        get('amazon'),
        'https://www.amazon.ca/gp/slredirect/picassoRedirect.html?url=%2FSamsung%2Fdp%2FB07TGMC29J%2Fref',
      ),
    ).toBe('B07TGMC29J');
    expect(itemIdFromUrl(get('ebay'), 'https://www.ebay.de/itm/403962570232?hash=x')).toBe('403962570232');
    expect(itemIdFromUrl(get('ebay'), 'https://www.ebay.com/itm/Some-Title/112701697749?x=1')).toBe(
      '112701697749',
    );
    expect(
      itemIdFromUrl(get('aliexpress'), 'http://www.aliexpress.com/product-fm/363247858-Baby-Gap.html'),
    ).toBe('363247858');
    expect(itemIdFromUrl(get('shopa'), 'http://127.0.0.1:9/shopa/item/%E8%80%90-1')).toBe('耐-1');
    expect(itemIdFromUrl(get('jd'), 'http://www.jd.com/')).toBeNull();
  });
});
