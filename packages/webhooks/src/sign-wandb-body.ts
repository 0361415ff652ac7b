import { base64Encode } from './base64.js';
import { hmacSha256, utf8Encode } from './web-platform.js';

/** A request body: text (hashed as its UTF-8 bytes) or the bytes themselves. */
export type WandbBody = string | Uint8Array | ArrayBuffer;

/** A webhook secret: text (used as its UTF-8 bytes, as W&B does) or raw key bytes. */
export type WandbSecret = string | Uint8Array;

/** The name of the header in which W&B sends a webhook request's signature. */
export const wandbSignatureHeader = 'X-Wandb-Signature';

/** The bytes of a body or secret: strings as UTF-8, byte arrays as they are. */
export function bytesOf(value: WandbBody): Uint8Array {
  if (typeof value === 'string') return utf8Encode(value);
  if (value instanceof Uint8Array) return value;
  // Other views (a DataView, a Node.js Buffer from another realm) by their bytes, not their elements.
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(value);
}

/** The HMAC-SHA256 bytes of a body keyed with a secret. */
export function wandbHmac(body: WandbBody, secret: WandbSecret): Promise<Uint8Array> {
  return hmacSha256(bytesOf(secret), bytesOf(body));
}

/**
 * The `X-Wandb-Signature` value W&B sends with `body` for a webhook with this
 * secret: base64 (standard alphabet, with padding) of the HMAC-SHA256 of the
 * body's exact bytes keyed with the secret. For tests and for senders.
 */
export async function signWandbBody(body: WandbBody, secret: WandbSecret): Promise<string> {
  return base64Encode(await wandbHmac(body, secret));
}
