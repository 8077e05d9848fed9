import iconv from 'iconv-lite';
import type { SiteProfile } from './siteProfile.js';

function encodeQuery(query: string, charset: SiteProfile['search']['queryCharset']): string {
  if (charset === 'utf-8') return encodeURIComponent(query);
  // Percent-encode the GBK/GB18030 bytes, leaving unreserved ASCII as is (as old JD search links did).
  let out = '';
  for (const byte of iconv.encode(query, 'gb18030')) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The value `{page}` takes for the n-th result page (1-based): firstPage + (n − 1) × step. */
export function pageValue(profile: SiteProfile, pageNo: number): number {
  const { firstPage, step } = profile.search.pagination;
  return firstPage + (pageNo - 1) * step;
}

/**
 * The URL of the n-th result page for `query`. `baseUrl` overrides the profile's `baseUrl` (the sample
 * marketplace runs on an ephemeral port).
 */
export function searchUrl(profile: SiteProfile, query: string, pageNo = 1, baseUrl?: string): string {
  const base = (baseUrl ?? profile.baseUrl ?? '').replace(/\/+$/, '');
  const template = profile.search.urlTemplate;
  if (template.includes('{base}') && !base) {
    throw new Error(
      `site profile ${profile.platform}: search.urlTemplate uses {base} but no base URL is set`,
    );
  }
  return template
    .replaceAll('{base}', base)
    .replaceAll('{q}', encodeQuery(query, profile.search.queryCharset))
    .replaceAll('{page}', String(pageValue(profile, pageNo)));
}
