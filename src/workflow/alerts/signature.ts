import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Webhook signatures. A receiver verifies an alert POST like this:
 *
 *   1. Read the raw request body as bytes (before any JSON parsing: re-serialising changes the bytes).
 *   2. Read `X-Markwatch-Timestamp` (Unix seconds) and `X-Markwatch-Signature` (`sha256=<hex>`).
 *   3. Compute HMAC-SHA256 with the shared secret over `<timestamp>.<raw body>` (the timestamp, one ASCII dot,
 *      the body bytes) and compare its lower-case hex with the header in constant time.
 *   4. Refuse a timestamp more than 5 minutes from the receiver's clock: a recorded request cannot be replayed
 *      later, because changing the timestamp breaks the signature.
 *   5. A retry sends the same `X-Markwatch-Delivery` id again: a receiver that acted on it already answers 2xx.
 *
 * `verifySignature` below does steps 2–4 for a Node receiver.
 */

export const SIGNATURE_HEADER = 'x-markwatch-signature';
export const TIMESTAMP_HEADER = 'x-markwatch-timestamp';
export const DELIVERY_HEADER = 'x-markwatch-delivery';

const SCHEME = 'sha256=';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The `X-Markwatch-Signature` value for `body` sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `${SCHEME}${mac}`;
}

export interface VerifyInput {
  secret: string;
  /** The raw request body, exactly as received. */
  body: string | Buffer;
  /** The header values (undefined when missing). */
  timestamp: string | undefined;
  signature: string | undefined;
  /** The receiver's clock. */
  now: Date;
  toleranceSeconds?: number;
}

/** True when the signature matches the body and timestamp, and the timestamp is within the tolerance. */
export function verifySignature(input: VerifyInput): boolean {
  const { timestamp, signature } = input;
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const seconds = Number(timestamp);
  const skew = Math.abs(input.now.getTime() / 1000 - seconds);
  if (skew > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(signBody(input.secret, seconds, input.body));
  const given = Buffer.from(signature.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
