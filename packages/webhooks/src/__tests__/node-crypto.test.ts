import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signWandbBody, verifyWandbSignature } from '../index.js';

// Node's own HMAC is the reference: what a Python or Node sender computes is
// `createHmac('sha256', secret).update(body).digest('base64')`.
const nodeSignature = (body: string | Uint8Array, secret: string | Uint8Array) =>
  createHmac('sha256', secret).update(body).digest('base64');

const text = fc.string({ unit: 'grapheme', maxLength: 300 });
const body = fc.oneof(text, fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 400 }));
const secret = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.uint8Array({ maxLength: 150 }));
const nonEmptySecret = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }),
  fc.uint8Array({ minLength: 1, maxLength: 150 }),
);
const asBytes = (value: string | Uint8Array) =>
  typeof value === 'string' ? new TextEncoder().encode(value) : Uint8Array.from(value);

describe('signWandbBody against node:crypto', () => {
  it('gives the same base64 for any body and secret, text (UTF-8) or bytes', async () => {
    await fc.assert(
      fc.asyncProperty(body, secret, async (b, s) => {
        expect(await signWandbBody(b, s)).toBe(nodeSignature(b, s));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same for non-ASCII text and for the empty body and secret', async () => {
    for (const [b, s] of [
      ['{"event":"Läuft ✓ 🚀"}', 'sëcret-🔑'],
      ['', ''],
      ['', 'secret'],
      ['body', ''],
    ] as const) {
      expect(await signWandbBody(b, s)).toBe(nodeSignature(b, s));
    }
  });
});

describe('verifyWandbSignature', () => {
  it('accepts the right header, with or without surrounding whitespace', async () => {
    await fc.assert(
      fc.asyncProperty(body, nonEmptySecret, fc.constantFrom('', ' ', '\t', '\r\n', '  '), async (b, s, ws) => {
        const header = nodeSignature(b, s);
        expect(await verifyWandbSignature(b, header, s)).toBe(true);
        expect(await verifyWandbSignature(b, `${ws}${header}${ws}`, s)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects the header of a body with one byte flipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        nonEmptySecret,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (b, s, at, mask) => {
          const header = nodeSignature(b, s);
          const flipped = Uint8Array.from(b);
          const i = at % flipped.length;
          flipped[i] = (flipped[i] as number) ^ mask;
          expect(await verifyWandbSignature(flipped, header, s)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects the header made with a different secret', async () => {
    await fc.assert(
      fc.asyncProperty(body, nonEmptySecret, nonEmptySecret, async (b, s, other) => {
        fc.pre(Buffer.compare(asBytes(s), asBytes(other)) !== 0);
        expect(await verifyWandbSignature(b, nodeSignature(b, other), s)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a truncated header', async () => {
    await fc.assert(
      fc.asyncProperty(body, nonEmptySecret, fc.integer({ min: 0, max: 43 }), async (b, s, keep) => {
        expect(await verifyWandbSignature(b, nodeSignature(b, s).slice(0, keep), s)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('returns false, never throws, for a missing or malformed header', async () => {
    const headers = [
      undefined,
      null,
      '',
      ' ',
      '=',
      'not base64 at all',
      '%%%%',
      '\u0000',
      'a'.repeat(10_000),
      // Quick, not quadratic: a long run of spaces before and after something.
      `${' '.repeat(200_000)}x${' '.repeat(200_000)}`,
    ];
    for (const header of headers) expect(await verifyWandbSignature('{}', header, 'secret')).toBe(false);
    await fc.assert(
      fc.asyncProperty(body, fc.string({ unit: 'binary' }), nonEmptySecret, async (b, header, s) => {
        fc.pre(header.trim() !== nodeSignature(b, s));
        expect(await verifyWandbSignature(b, header, s)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects everything when the secret is empty, even the empty-key HMAC', async () => {
    expect(await verifyWandbSignature('{}', nodeSignature('{}', ''), '')).toBe(false);
    expect(await verifyWandbSignature('{}', nodeSignature('{}', ''), new Uint8Array())).toBe(false);
  });
});
