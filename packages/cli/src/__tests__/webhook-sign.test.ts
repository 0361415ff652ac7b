import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ensureBundle, type RunResult, tempDir, wbrules } from './harness.js';

ensureBundle();

const secret = 'wh-secret-Zq81x';
const env = { WANDB_WEBHOOK_SECRET: secret };
// Bytes that a text reader would change: a byte order mark, CRLF, no final newline, non-ASCII.
const body = '\uFEFF{"event_type": "RUN_METRIC",\r\n "project_name": "vision ✓"}';
const hmac = (text: string, key = secret) => createHmac('sha256', key).update(text, 'utf8');
const expected = hmac(body).digest('base64');

/** The secret's value appears in neither stream. */
function expectNoSecret(result: RunResult): void {
  expect(result.stdout).not.toContain(secret);
  expect(result.stderr).not.toContain(secret);
}

describe('wbrules webhook sign', () => {
  test('prints the base64 HMAC-SHA256 of the exact bytes of a file, of -, and of standard input', () => {
    const cwd = tempDir({ 'body.json': body });
    for (const args of [['body.json'], ['-'], []]) {
      const result = wbrules(['webhook', 'sign', '--signing-secret-env', 'WANDB_WEBHOOK_SECRET', ...args], {
        cwd,
        env,
        input: body,
      });
      expect(result).toEqual({ status: 0, stdout: `${expected}\n`, stderr: '' });
    }
  });

  test.each([
    [
      'an unset variable',
      ['--signing-secret-env', 'WBRULES_NOT_SET', 'body.json'],
      'wbrules: the environment variable "WBRULES_NOT_SET" (--signing-secret-env) is not set\n',
    ],
    [
      'an empty variable',
      ['--signing-secret-env', 'EMPTY', 'body.json'],
      'wbrules: the environment variable "EMPTY" (--signing-secret-env) is empty\n',
    ],
    [
      'an unreadable file',
      ['--signing-secret-env', 'WANDB_WEBHOOK_SECRET', 'missing.json'],
      'wbrules: cannot read "missing.json": no such file or directory\n',
    ],
  ])('%s is a usage error (exit 2)', (_name, args, stderr) => {
    const cwd = tempDir({ 'body.json': body });
    const result = wbrules(['webhook', 'sign', ...args], { cwd, env: { ...env, EMPTY: '' } });
    expect(result).toEqual({ status: 2, stdout: '', stderr });
  });

  test('the secret never comes from the command line', () => {
    const result = wbrules(
      ['webhook', 'sign', '--signing-secret-env', 'WANDB_WEBHOOK_SECRET', '--signing-secret', secret],
      { env },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("unknown option '--signing-secret'");
    expectNoSecret(result);
  });

  test('--help names the option and the input', () => {
    const result = wbrules(['webhook', 'sign', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wbrules webhook sign [options] [file]');
    expect(result.stdout).toContain('--signing-secret-env <envvar>');
  });
});

describe('wbrules webhook verify', () => {
  const run = (signature: string, args: readonly string[] = ['body.json']) =>
    wbrules(['webhook', 'verify', '--signing-secret-env', 'WANDB_WEBHOOK_SECRET', '--signature', signature, ...args], {
      cwd: tempDir({ 'body.json': body }),
      env,
      input: body,
    });

  test('a valid signature is exit 0, from a file or standard input', () => {
    for (const args of [['body.json'], ['-'], []]) {
      const result = run(expected, args);
      expect(result).toEqual({ status: 0, stdout: '', stderr: 'signature: valid\n' });
    }
  });

  const digest = hmac(body).digest();
  test.each([
    [
      'the hex digest',
      digest.toString('hex'),
      'the header is the hex digest of the right HMAC; W&B sends base64 of the HMAC-SHA256 bytes, so encode the digest as base64',
    ],
    [
      'a sha256= prefix',
      `sha256=${expected}`,
      'the header has a GitHub-style "sha256=" prefix; W&B sends the bare base64 of the HMAC-SHA256 bytes, with no prefix',
    ],
    [
      'the secret itself',
      secret,
      'the header is the secret itself; W&B sends the base64 of the HMAC-SHA256 of the body keyed with the secret, never the secret',
    ],
    [
      'another secret',
      hmac(body, 'other').digest('base64'),
      "the header is a well-formed base64 HMAC-SHA256 but not of this body with this secret; check that the secret is this webhook's and that the body is the exact bytes received",
    ],
  ])('%s is exit 1, with one line saying which mistake it looks like', (_name, signature, message) => {
    const result = run(signature);
    expect(result).toEqual({ status: 1, stdout: '', stderr: `signature: invalid (${message})\n` });
    expectNoSecret(result);
  });

  test('a body read as text and re-encoded does not verify: the bytes are what count', () => {
    const result = run(hmac(body.replace(/\r\n/g, '\n')).digest('base64'));
    expect(result.status).toBe(1);
  });

  test.each([
    ['an unset variable', ['--signing-secret-env', 'WBRULES_NOT_SET', 'body.json'], /is not set\n$/],
    [
      'an unreadable file',
      ['--signing-secret-env', 'WANDB_WEBHOOK_SECRET', 'missing.json'],
      /^wbrules: cannot read "missing.json": /,
    ],
  ])('%s is a usage error (exit 2)', (_name, args, stderr) => {
    const result = wbrules(['webhook', 'verify', '--signature', expected, ...args], {
      cwd: tempDir({ 'body.json': body }),
      env,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
  });

  test('a missing --signature is a usage error', () => {
    const result = wbrules(['webhook', 'verify', '--signing-secret-env', 'WANDB_WEBHOOK_SECRET', '-'], {
      env,
      input: body,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("required option '--signature <value>' not specified");
  });

  test('--help names the options', () => {
    const result = wbrules(['webhook', 'verify', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wbrules webhook verify [options] [file]');
    expect(result.stdout).toContain('--signature <value>');
  });
});
