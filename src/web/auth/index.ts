/*
 * The account layer of the web app (issue 15), for the login page, the middleware and the admin page. No HTTP
 * here: routes read the cookie and form, call these, and set the cookie with cookieAttributes().
 */
export {
  SESSION_COOKIE,
  SESSION_DEFAULTS,
  cookieAttributes,
  createSession,
  hashSessionToken,
  purgeEndedSessions,
  resolveSession,
  revokeSession,
  type NewSession,
  type ResolvedSession,
  type SessionOptions,
} from './sessions.js';
export { CSRF_FIELD, CSRF_HEADER, SAFE_METHODS, csrfMatches, originMatches } from './csrf.js';
export {
  LOGIN_LIMITS,
  addressKey,
  decideLogin,
  type LimitDecision,
  type LoginLimits,
} from './loginRateLimit.js';
export {
  LOGIN_DEFAULTS,
  attemptLogin,
  purgeLoginAttempts,
  warmUpLogin,
  type LoginOptions,
  type LoginResult,
} from './login.js';
export {
  PASSWORD_RULES,
  checkPasswordRules,
  generatePassword,
  hashPassword,
  verifyPassword,
} from './passwords.js';
export {
  changeOwnPassword,
  createAccount,
  normaliseUsername,
  resetAccountPassword,
  setAccountDisabled,
  type AccountInput,
  type CreatedAccount,
} from './userAdmin.js';
