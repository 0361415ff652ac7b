/**
 * Rules in the URL: `#src=` followed by the source deflated (raw DEFLATE,
 * as `CompressionStream('deflate-raw')` and zlib's `deflateRawSync` write
 * it) and base64url-encoded, so a link carries the whole file and no
 * server is involved.
 */

const prefix = '#src=';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** The URL fragment that carries `source`. */
export async function encodeSource(source: string): Promise<string> {
  const deflated = await pipe(new TextEncoder().encode(source), new CompressionStream('deflate-raw'));
  return `${prefix}${toBase64Url(deflated)}`;
}

/** The source a URL fragment carries, or `undefined` when it carries none (or a damaged one). */
export async function decodeSource(hash: string): Promise<string | undefined> {
  if (!hash.startsWith(prefix)) return undefined;
  try {
    const inflated = await pipe(fromBase64Url(hash.slice(prefix.length)), new DecompressionStream('deflate-raw'));
    return new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return undefined;
  }
}
