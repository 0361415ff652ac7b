import { constantTimeEqual } from './constant-time-equal.js';
import { bytesOf, signWandbBody, type WandbBody, type WandbSecret } from './sign-wandb-body.js';

/**
 * The header value as compared: HTTP drops whitespace around a header's value
 * (RFC 9110 §5.5), and some frameworks and proxies do not, so leading and
 * trailing spaces, tabs and line breaks are ignored. Nothing else is changed.
 */
export function trimHeader(header: string): string {
  // A loop, not a regular expression: `/\s+$/` takes quadratic time on a long
  // run of spaces followed by anything else, and the header is the caller's.
  let start = 0;
  let end = header.length;
  while (start < end && isSpace(header.charCodeAt(start))) start++;
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--;
  return header.slice(start, end);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

/**
 * The secret's bytes; none for `undefined` or `null`, which JavaScript callers
 * pass when the variable holding the secret is unset.
 */
export function secretBytes(secret: WandbSecret | null | undefined): Uint8Array {
  return secret === undefined || secret === null ? new Uint8Array() : bytesOf(secret);
}

/**
 * Whether `signatureHeader` is W&B's signature of `body` for a webhook with
 * this secret. `body` must be the exact bytes received (read the raw body
 * before parsing it as JSON). Compares in constant time. Returns false, never
 * throws, when the header is missing or malformed, and when the secret is
 * empty (an empty secret proves nothing: it is usually an unset variable).
 * Whitespace around the header's value is ignored.
 */
export async function verifyWandbSignature(
  body: WandbBody,
  signatureHeader: string | null | undefined,
  secret: WandbSecret,
): Promise<boolean> {
  if (typeof signatureHeader !== 'string' || secretBytes(secret).length === 0) return false;
  const expected = await signWandbBody(body, secret);
  return constantTimeEqual(expected, trimHeader(signatureHeader));
}
