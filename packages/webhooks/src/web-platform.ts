/**
 * The few Web platform globals this package uses, typed here so the package
 * compiles against plain ES2022 (no DOM or Node.js types) and its published
 * declarations mention neither. Every runtime that has them (browsers, Node.js
 * 20+, Deno, Bun, Cloudflare Workers and other edge runtimes) runs it.
 */

/** The part of WebCrypto's `SubtleCrypto` used for HMAC-SHA256. */
interface HmacSubtleCrypto {
  importKey(
    format: 'raw',
    keyData: Uint8Array,
    algorithm: { readonly name: 'HMAC'; readonly hash: 'SHA-256' },
    extractable: false,
    keyUsages: readonly 'sign'[],
  ): Promise<unknown>;
  sign(algorithm: 'HMAC', key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
}

interface WebGlobals {
  readonly crypto?: { readonly subtle?: HmacSubtleCrypto };
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new (
    label: 'utf-8',
    options: { readonly fatal: boolean },
  ) => { decode(bytes: Uint8Array): string };
}

const web = globalThis as unknown as WebGlobals;

/** HMAC's block size for SHA-256, in bytes. */
const blockBytes = 64;

/** HMAC-SHA256 of `data` keyed with `key`, by WebCrypto. */
export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const subtle = web.crypto?.subtle;
  if (subtle === undefined) {
    throw new Error(
      '@wbrules/webhooks needs WebCrypto (globalThis.crypto.subtle): Node.js 20+, an edge runtime, or a browser page served over HTTPS or from localhost',
    );
  }
  // WebCrypto refuses a zero-length HMAC key; HMAC pads every key shorter than
  // a block with zero bytes, so a block of zeros is the same key (RFC 2104 §2).
  const keyData = key.length === 0 ? new Uint8Array(blockBytes) : key;
  const cryptoKey = await subtle.importKey('raw', keyData, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', cryptoKey, data));
}

/** The UTF-8 bytes of a string (lone surrogates become U+FFFD, as everywhere on the Web). */
export function utf8Encode(text: string): Uint8Array {
  return new web.TextEncoder().encode(text);
}

/** The text of UTF-8 bytes, or undefined when they are not valid UTF-8. */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  try {
    return new web.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
