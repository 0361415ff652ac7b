import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { type DeliveryRequest, deliver } from '../deliver.js';
import { ensureBundle } from './harness.js';
import { startReceiver } from './webhook-serve-process.js';

ensureBundle();

const secret = 'wh-secret-Zq81x';
const body = '{"event_type":"RUN_METRIC","run_name":"prod-1"}';

/** The request W&B would send to `url`. */
function request(url: string): DeliveryRequest {
  return {
    method: 'POST',
    url,
    headers: {
      'Content-Type': 'application/json',
      Authorization: 'Bearer tok-Vb27nnq',
      'X-Wandb-Signature': createHmac('sha256', secret).update(body).digest('base64'),
    },
    body,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('deliver', () => {
  test('a 200 is ok, with its status and latency; the receiver gets the signed request', async () => {
    const receiver = await startReceiver(['--signing-secret-env', 'SECRET'], { SECRET: secret });
    const result = await deliver(request(`${receiver.url}hook`), { timeoutMs: 5000 });
    expect(result).toEqual({ ok: true, status: 200, ms: expect.any(Number) });
    const [printed] = await receiver.requests(1);
    expect(printed).toMatch(/^POST \/hook\n/);
    expect(printed).toMatch(/\n\{"event_type":"RUN_METRIC","run_name":"prod-1"\}\nsignature: valid$/);
    expect(await receiver.stop()).toBe(0);
  });

  test('a 500 is reported as not ok, not thrown', async () => {
    const receiver = await startReceiver(['--respond', '500']);
    expect(await deliver(request(receiver.url), { timeoutMs: 5000 })).toEqual({
      ok: false,
      status: 500,
      ms: expect.any(Number),
    });
    expect(await receiver.stop()).toBe(0);
  });

  test('a receiver slower than the timeout is reported as a timeout', async () => {
    const receiver = await startReceiver(['--delay', '5000']);
    const result = await deliver(request(receiver.url), { timeoutMs: 200 });
    expect(result).toEqual({ ok: false, ms: expect.any(Number), error: 'timed out after 200 ms' });
    expect(result.ms).toBeGreaterThanOrEqual(190);
    expect(result.ms).toBeLessThan(3000);
    expect(await receiver.stop()).toBe(0);
  });

  test('a closed port is reported, not thrown', async () => {
    const receiver = await startReceiver([]);
    expect(await receiver.stop()).toBe(0);
    const result = await deliver(request(receiver.url), { timeoutMs: 5000 });
    expect(result.ok).toBe(false);
    expect(result.error).toBe(`cannot send to ${new URL(receiver.url).origin}: connection refused (ECONNREFUSED)`);
  });

  test('plain http:// to a host that is not loopback is refused without sending, unless insecure', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const result = await deliver(request('http://hooks.example.com/wandb?token=abc'), { timeoutMs: 5000 });
    expect(result).toEqual({
      ok: false,
      ms: 0,
      error:
        'refused to send to http://hooks.example.com over plain http:// (the body, token and signature would travel unencrypted); use https://, or pass --insecure',
    });
    expect(fetch).not.toHaveBeenCalled();

    fetch.mockResolvedValue(new Response('{}', { status: 202 }));
    expect(await deliver(request('http://hooks.example.com/wandb'), { timeoutMs: 5000, insecure: true })).toMatchObject(
      { ok: true, status: 202 },
    );
    expect(await deliver(request('https://hooks.example.com/wandb'), { timeoutMs: 5000 })).toMatchObject({ ok: true });
    expect(await deliver(request('http://localhost:1/'), { timeoutMs: 5000 })).toMatchObject({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  test.each([
    ['not a URL', 'the URL is not valid'],
    ['ftp://example.com/', 'the URL must be http:// or https://, not ftp://'],
  ])('%s is an error result', async (url, error) => {
    expect(await deliver(request(url), { timeoutMs: 5000 })).toEqual({ ok: false, ms: 0, error });
  });
});
