import { describe, expect, it } from 'vitest';
import { signWandbBody, verifyWandbSignature } from '../index.js';

// RFC 4231 §4 (HMAC-SHA256 test vectors), cases 1-4, 6 and 7; case 5 checks
// a truncated output, which a W&B signature never is. The RFC gives hex; the
// header carries the same bytes as base64.
const bytes = (byte: number, count: number) => new Uint8Array(count).fill(byte);
const ascii = (text: string) => new TextEncoder().encode(text);
const base64OfHex = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

const cases: readonly { name: string; key: Uint8Array; data: Uint8Array | string; hex: string }[] = [
  {
    name: 'test case 1',
    key: bytes(0x0b, 20),
    data: 'Hi There',
    hex: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    name: 'test case 2 (a key shorter than the output)',
    key: ascii('Jefe'),
    data: 'what do ya want for nothing?',
    hex: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    name: 'test case 3 (50 bytes of 0xdd)',
    key: bytes(0xaa, 20),
    data: bytes(0xdd, 50),
    hex: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  },
  {
    name: 'test case 4 (key 0x01..0x19)',
    key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    data: bytes(0xcd, 50),
    hex: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    name: 'test case 6 (a key longer than a block)',
    key: bytes(0xaa, 131),
    data: 'Test Using Larger Than Block-Size Key - Hash Key First',
    hex: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    name: 'test case 7 (key and data longer than a block)',
    key: bytes(0xaa, 131),
    data:
      'This is a test using a larger than block-size key and a larger than block-size data. ' +
      'The key needs to be hashed before being used by the HMAC algorithm.',
    hex: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('RFC 4231 HMAC-SHA256 test vectors', () => {
  it.each(cases)('$name', async ({ key, data, hex }) => {
    const expected = base64OfHex(hex);
    expect(await signWandbBody(data, key)).toBe(expected);
    expect(await verifyWandbSignature(data, expected, key)).toBe(true);
  });

  it.each(cases)(
    '$name, with the body as an ArrayBuffer and as views into a larger buffer',
    async ({ key, data, hex }) => {
      const body = typeof data === 'string' ? ascii(data) : data;
      const padded = new Uint8Array(body.length + 7);
      padded.set(body, 3);
      expect(await signWandbBody(body.slice().buffer, key)).toBe(base64OfHex(hex));
      expect(await signWandbBody(padded.subarray(3, 3 + body.length), key)).toBe(base64OfHex(hex));
      const view = new DataView(padded.buffer, 3, body.length) as unknown as Uint8Array;
      expect(await signWandbBody(view, key)).toBe(base64OfHex(hex));
    },
  );

  it('test case 2 with the key given as a string', async () => {
    expect(await signWandbBody('what do ya want for nothing?', 'Jefe')).toBe(
      base64OfHex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
    );
  });
});
