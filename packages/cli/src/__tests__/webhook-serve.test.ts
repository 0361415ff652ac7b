import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ensureBundle, wbrules } from './harness.js';
import { startReceiver } from './webhook-serve-process.js';

ensureBundle();

const secret = 'wh-secret-Zq81x';
const token = 'tok-Vb27nnq';
const env = { WANDB_WEBHOOK_SECRET: secret };
const body = '{"event_type":"RUN_METRIC","project_name":"vision"}';
const signature = createHmac('sha256', secret).update(body).digest('base64');

/** A POST as W&B sends it, to `path` on the receiver. */
async function post(url: string, path: string, headers: Record<string, string>, sent = body) {
  const response = await fetch(new URL(path, url), { method: 'POST', headers, body: sent });
  return { status: response.status, body: await response.text() };
}

/** A printed request with the varying Host port and the fetch client's own headers left out. */
function stable(printed: string): string {
  return printed
    .split('\n')
    .filter(
      (line) => !/^(host|connection|accept|accept-language|sec-fetch-mode|user-agent|accept-encoding): /i.test(line),
    )
    .join('\n');
}

describe('wbrules webhook serve', () => {
  test('prints each request, checks its signature, masks Authorization, answers 200, exits 0 on SIGTERM', async () => {
    const receiver = await startReceiver(['--signing-secret-env', 'WANDB_WEBHOOK_SECRET'], env);
    expect(receiver.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/\n$/);
    expect(receiver.url).not.toBe('http://127.0.0.1:0/');

    const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` };
    expect(await post(receiver.url, '/hook', { ...headers, 'X-Wandb-Signature': signature })).toEqual({
      status: 200,
      body: '{"ok":true}',
    });
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect((await post(receiver.url, '/hook?x=1', { ...headers, 'X-Wandb-Signature': hex })).status).toBe(200);
    // The secret itself as the signature (a common mistake) is not printed either.
    expect((await post(receiver.url, '/raw', { 'X-Wandb-Signature': secret }, '')).status).toBe(200);

    const printed = (await receiver.requests(3)).map(stable);
    expect(printed).toEqual([
      `POST /hook
Content-Type: application/json
Authorization: Bearer <redacted>
X-Wandb-Signature: ${signature}
content-length: ${body.length}

${body}
signature: valid`,
      `POST /hook?x=1
Content-Type: application/json
Authorization: Bearer <redacted>
X-Wandb-Signature: ${hex}
content-length: ${body.length}

${body}
signature: invalid (the header is the hex digest of the right HMAC; W&B sends base64 of the HMAC-SHA256 bytes, so encode the digest as base64)`,
      `POST /raw
X-Wandb-Signature: <signing secret>
content-type: text/plain;charset=UTF-8
content-length: 0

(no body)
signature: invalid (the header is the secret itself; W&B sends the base64 of the HMAC-SHA256 of the body keyed with the secret, never the secret)`,
    ]);
    expect(await receiver.stop()).toBe(0);
    expect(receiver.stdout()).not.toContain(secret);
    expect(receiver.stdout()).not.toContain(token);
    expect(receiver.stderr()).toBe('');
  });

  test('without a secret prints no signature line; a body over 1 MiB is 413', async () => {
    const receiver = await startReceiver([]);
    expect((await post(receiver.url, '/', { 'X-Wandb-Signature': signature })).status).toBe(200);
    expect(await post(receiver.url, '/big', {}, 'x'.repeat(1024 * 1024 + 1))).toEqual({
      status: 413,
      body: '{"ok":false,"error":"body too large"}',
    });
    const printed = (await receiver.requests(2)).map(stable);
    expect(printed[0]).toBe(`POST /
X-Wandb-Signature: ${signature}
content-type: text/plain;charset=UTF-8
content-length: ${body.length}

${body}`);
    expect(printed[1]).toMatch(/\n\n\(body over 1048576 bytes: answered 413\)$/);
    expect(await receiver.stop()).toBe(0);
  });

  test('--respond answers with that status; --delay holds the answer', async () => {
    const receiver = await startReceiver(['--respond', '503', '--delay', '300']);
    const started = performance.now();
    expect(await post(receiver.url, '/', {})).toEqual({ status: 503, body: '{"ok":false}' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(await receiver.stop()).toBe(0);
  });

  test('SIGTERM while a response is held still exits 0', async () => {
    const receiver = await startReceiver(['--delay', '60000']);
    const pending = post(receiver.url, '/', {}).catch(() => 'dropped');
    await receiver.requests(1);
    expect(await receiver.stop()).toBe(0);
    expect(await pending).toBe('dropped');
  });

  test.each([
    [['--port', '70000'], "option '--port <n>' argument '70000' is invalid. expected a port number from 0 to 65535"],
    [
      ['--respond', '99'],
      "option '--respond <status>' argument '99' is invalid. expected an HTTP status from 200 to 599",
    ],
    [['--delay', '-1'], "option '--delay <ms>' argument '-1' is invalid. expected milliseconds, from 0 to 9999999"],
    [
      ['--signing-secret-env', 'WBRULES_NOT_SET'],
      'the environment variable "WBRULES_NOT_SET" (--signing-secret-env) is not set',
    ],
  ])('%j is a usage error', (args, message) => {
    const result = wbrules(['webhook', 'serve', ...args]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wbrules: ${message}`);
  });

  test('--help documents the default port and the drill options', () => {
    const result = wbrules(['webhook', 'serve', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('(default: 8181)');
    expect(result.stdout).toContain('--respond <status>');
    expect(result.stdout).toContain('--delay <ms>');
  });
});
