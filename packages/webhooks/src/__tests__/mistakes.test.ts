import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  explainWandbSignature,
  type SignatureMistake,
  signatureMistakeMessages,
  verifyWandbSignature,
} from '../index.js';

// Each common way of getting the signature wrong, as a receiver or a test
// sender writes it: `explainWandbSignature` names it and
// `verifyWandbSignature` refuses it.
const secret = 'whsec-🔑-s3cr3t';
const body = '{"event_type":"RUN_METRIC","project_name":"vision","tags":["prod","ümlaut"],"n":3}\n';
const hmac = (data: string, key: string = secret) => createHmac('sha256', key).update(data);
const pythonDumps = '{"event_type": "RUN_METRIC", "project_name": "vision", "tags": ["prod", "\\u00fcmlaut"], "n": 3}';

const cases: readonly { name: string; header: string | null | undefined; mistake: SignatureMistake; key?: string }[] = [
  { name: 'no header (undefined)', header: undefined, mistake: 'missing' },
  { name: 'no header (null, as Headers.get gives it)', header: null, mistake: 'missing' },
  { name: 'an empty header', header: '  ', mistake: 'missing' },
  { name: 'an empty secret', header: hmac(body, '').digest('base64'), mistake: 'empty-secret', key: '' },
  { name: 'the secret itself', header: secret, mistake: 'raw-secret' },
  { name: 'the hex digest', header: hmac(body).digest('hex'), mistake: 'hex' },
  { name: 'the hex digest in capitals', header: hmac(body).digest('hex').toUpperCase(), mistake: 'hex' },
  { name: '"sha256=" and the hex digest', header: `sha256=${hmac(body).digest('hex')}`, mistake: 'sha256-prefix' },
  { name: '"sha256=" and base64', header: `sha256=${hmac(body).digest('base64')}`, mistake: 'sha256-prefix' },
  { name: 'base64url without padding', header: hmac(body).digest('base64url'), mistake: 'base64url' },
  {
    name: 'base64url with padding',
    header: `${hmac(body).digest('base64url')}=`,
    mistake: 'base64url',
  },
  {
    name: 'base64 without padding',
    header: hmac(body).digest('base64').replace(/=+$/, ''),
    mistake: 'missing-padding',
  },
  {
    name: 'the HMAC of JSON.stringify(JSON.parse(body))',
    header: hmac(JSON.stringify(JSON.parse(body))).digest('base64'),
    mistake: 're-serialized',
  },
  {
    name: 'the HMAC of JSON.stringify(JSON.parse(body), null, 2)',
    header: hmac(JSON.stringify(JSON.parse(body), null, 2)).digest('base64'),
    mistake: 're-serialized',
  },
  {
    name: "the HMAC of Python's json.dumps(json.loads(body))",
    header: hmac(pythonDumps).digest('base64'),
    mistake: 're-serialized',
  },
  {
    name: 'the hex HMAC of a re-serialized body',
    header: hmac(JSON.stringify(JSON.parse(body))).digest('hex'),
    mistake: 're-serialized',
  },
  { name: 'another secret', header: hmac(body, 'other').digest('base64'), mistake: 'wrong-secret-or-body' },
  { name: 'another body', header: hmac('{}').digest('base64'), mistake: 'wrong-secret-or-body' },
  { name: 'a truncated header', header: hmac(body).digest('base64').slice(0, 40), mistake: 'not-base64' },
  { name: 'the hex digest of another body', header: hmac('{}').digest('hex'), mistake: 'not-base64' },
  { name: 'a bearer token', header: 'Bearer abc.def', mistake: 'not-base64' },
];

describe('explainWandbSignature and verifyWandbSignature on the common mistakes', () => {
  it.each(cases)('$name: $mistake', async ({ header, mistake, key = secret }) => {
    const explained = await explainWandbSignature(body, header, key);
    expect(explained).toEqual({ valid: false, mistake, message: signatureMistakeMessages[mistake] });
    expect(await verifyWandbSignature(body, header, key)).toBe(false);
  });

  it('says valid for the right header, with whitespace around it', async () => {
    for (const header of [hmac(body).digest('base64'), ` ${hmac(body).digest('base64')}\r\n`]) {
      const explained = await explainWandbSignature(body, header, secret);
      expect(explained.valid).toBe(true);
      expect(explained.mistake).toBeUndefined();
      expect(await verifyWandbSignature(body, header, secret)).toBe(true);
    }
  });

  it('refuses, and calls empty, a secret that JavaScript callers left unset', async () => {
    const header = hmac(body, '').digest('base64');
    for (const unset of [undefined, null] as unknown as string[]) {
      expect(await verifyWandbSignature(body, header, unset)).toBe(false);
      expect((await explainWandbSignature(body, header, unset)).mistake).toBe('empty-secret');
    }
  });

  it('explains a body given as bytes the same way', async () => {
    const bytes = new TextEncoder().encode(body);
    const header = hmac(JSON.stringify(JSON.parse(body))).digest('base64');
    expect((await explainWandbSignature(bytes, header, secret)).mistake).toBe('re-serialized');
    expect((await explainWandbSignature(bytes.buffer, hmac(body).digest('hex'), secret)).mistake).toBe('hex');
  });

  it('does not call a body that is not JSON re-serialized', async () => {
    const header = hmac('other').digest('base64');
    expect((await explainWandbSignature('not json', header, secret)).mistake).toBe('wrong-secret-or-body');
    expect((await explainWandbSignature(new Uint8Array([0xff, 0xfe]), header, secret)).mistake).toBe(
      'wrong-secret-or-body',
    );
  });

  it('has one plain sentence per mistake, naming neither the secret nor a signature', async () => {
    for (const [mistake, message] of Object.entries(signatureMistakeMessages)) {
      expect(message, mistake).toMatch(/^[a-z"]/);
      expect(message, mistake).not.toMatch(/\.\s|\.$|\n/);
      expect(message, mistake).not.toContain(secret);
    }
    for (const { header, key = secret } of cases) {
      const { message } = await explainWandbSignature(body, header, key);
      expect(message).not.toContain(hmac(body).digest('base64'));
      expect(message).not.toContain(hmac(body).digest('hex'));
    }
  });
});
