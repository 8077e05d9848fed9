import { timingSafeEqual } from 'node:crypto';

/*
 * CSRF protection by the synchronizer-token pattern: each session has a random token (sessions.ts), every
 * state-changing form carries it in a hidden field and every script request in a header, and the server
 * compares the two. SameSite=Strict on the session cookie is the second line of defence, not the only one.
 */

/** The hidden form field and the request header that carry the token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Methods that change nothing and so need no token. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether `submitted` is the session's token, compared in constant time; a missing value never matches. */
export function csrfMatches(sessionToken: string, submitted: string | null | undefined): boolean {
  if (typeof submitted !== 'string' || sessionToken.length === 0) return false;
  const expected = Buffer.from(sessionToken, 'utf8');
  const given = Buffer.from(submitted, 'utf8');
  // timingSafeEqual needs equal lengths; the tokens' length is public, so comparing it first leaks nothing.
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Whether a state-changing request comes from a page of this site: its Origin header (or, failing that, its
 * Referer's origin) must be `expectedOrigin` (e.g. `https://markwatch.example.gov.cn`). A request with
 * neither header is not from a modern browser form, so CSRF cannot forge it; it passes. Use it beside the
 * token check, and on the login form, which has no session and so no token (login CSRF).
 */
export function originMatches(
  headers: { origin?: string | null; referer?: string | null },
  expectedOrigin: string,
): boolean {
  const expected = originOf(expectedOrigin);
  if (expected === null) return false;
  if (headers.origin) return originOf(headers.origin) === expected;
  if (headers.referer) return originOf(headers.referer) === expected;
  return true;
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}
