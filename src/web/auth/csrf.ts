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
