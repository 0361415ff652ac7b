import { base64Encode, base64UrlEncode, hexEncode } from './base64.js';
import { constantTimeEqual } from './constant-time-equal.js';
import { reSerializations } from './re-serializations.js';
import { bytesOf, type WandbBody, type WandbSecret, wandbHmac } from './sign-wandb-body.js';
import { secretBytes, trimHeader } from './verify-wandb-signature.js';
import { utf8Decode } from './web-platform.js';

/** The common ways a webhook signature check goes wrong, as `explainWandbSignature` names them. */
export type SignatureMistake =
  | 'missing'
  | 'empty-secret'
  | 'raw-secret'
  | 'hex'
  | 'sha256-prefix'
  | 'base64url'
  | 'missing-padding'
  | 're-serialized'
  | 'wrong-secret-or-body'
  | 'not-base64';

/** What `explainWandbSignature` found: whether the header is valid, and if not, which mistake it looks like. */
export interface SignatureExplanation {
  readonly valid: boolean;
  /** Present exactly when `valid` is false. */
  readonly mistake?: SignatureMistake;
  /** One sentence: what the header is, and the fix. Never contains the secret or a signature. */
  readonly message: string;
}

/** The message for a valid header. */
export const validSignatureMessage =
  'the header is valid: it is the base64 of the HMAC-SHA256 of the body keyed with the secret';

/** Each mistake's message: what the header looks like, and the fix. */
export const signatureMistakeMessages: Readonly<Record<SignatureMistake, string>> = {
  missing:
    'the request has no X-Wandb-Signature header; W&B signs a webhook request only when the webhook has a secret, so set one (and read the header case-insensitively)',
  'empty-secret':
    'the secret is empty, so no signature can be verified; pass the webhook secret (is its environment variable set?)',
  'raw-secret':
    'the header is the secret itself; W&B sends the base64 of the HMAC-SHA256 of the body keyed with the secret, never the secret',
  hex: 'the header is the hex digest of the right HMAC; W&B sends base64 of the HMAC-SHA256 bytes, so encode the digest as base64',
  'sha256-prefix':
    'the header has a GitHub-style "sha256=" prefix; W&B sends the bare base64 of the HMAC-SHA256 bytes, with no prefix',
  base64url:
    'the header uses the base64url alphabet ("-" and "_"); W&B sends standard base64 ("+" and "/") with "=" padding',
  'missing-padding':
    'the header is base64 without its "=" padding; W&B sends standard base64 with padding, so compare the whole value',
  're-serialized':
    'the header is the HMAC of the body after it was parsed as JSON and serialized again; sign and verify the exact bytes of the body as sent, before any JSON parsing',
  'wrong-secret-or-body':
    "the header is a well-formed base64 HMAC-SHA256 but not of this body with this secret; check that the secret is this webhook's and that the body is the exact bytes received",
  'not-base64':
    'the header is not a base64 HMAC-SHA256 (44 characters ending in "="); W&B sends base64 of the HMAC-SHA256 of the body keyed with the secret',
};

/** A well-formed standard-base64 32-byte value: 43 characters and one `=`. */
const base64Digest = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** How `given` spells `digest`, if it does in a known way. */
function spelling(given: string, digest: Uint8Array): 'base64' | SignatureMistake | undefined {
  const base64 = base64Encode(digest);
  if (given === base64) return 'base64';
  const hex = hexEncode(digest);
  const lower = given.toLowerCase();
  if (lower === hex) return 'hex';
  if (lower.startsWith('sha256=')) {
    const rest = given.slice('sha256='.length);
    return spelling(rest, digest) === undefined ? undefined : 'sha256-prefix';
  }
  const url = base64UrlEncode(digest);
  if (given === url || given === url.replace(/=+$/, '')) return 'base64url';
  if (given === base64.replace(/=+$/, '')) return 'missing-padding';
  return undefined;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function explanation(mistake: SignatureMistake): SignatureExplanation {
  return { valid: false, mistake, message: signatureMistakeMessages[mistake] };
}

/**
 * Why a signature header does or does not verify: valid, or which common
 * mistake it looks like (missing, the secret itself, hex, a `sha256=` prefix,
 * base64url, no padding, the HMAC of a re-serialized JSON body, another
 * secret or body, not a signature at all). For logs and debugging, after
 * `verifyWandbSignature` said no; decide with `verifyWandbSignature`, whose
 * comparison is constant-time, and do not send the explanation back to the
 * caller. Never throws on a bad header.
 */
export async function explainWandbSignature(
  body: WandbBody,
  signatureHeader: string | null | undefined,
  secret: WandbSecret,
): Promise<SignatureExplanation> {
  const given = typeof signatureHeader === 'string' ? trimHeader(signatureHeader) : '';
  if (given === '') return explanation('missing');
  const key = secretBytes(secret);
  if (key.length === 0) return explanation('empty-secret');
  const digest = await wandbHmac(body, key);
  if (constantTimeEqual(base64Encode(digest), given)) return { valid: true, message: validSignatureMessage };
  if (equalBytes(bytesOf(given), key)) return explanation('raw-secret');
  const spelled = spelling(given, digest);
  if (spelled !== undefined && spelled !== 'base64') return explanation(spelled);
  const text = utf8Decode(bytesOf(body));
  for (const form of text === undefined ? [] : reSerializations(text)) {
    if (spelling(given, await wandbHmac(form, key)) !== undefined) return explanation('re-serialized');
  }
  return explanation(base64Digest.test(given) ? 'wrong-secret-or-body' : 'not-base64');
}
