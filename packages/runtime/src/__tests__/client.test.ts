import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  AuthError,
  backoffDelay,
  ClientConfigError,
  defaultRetryPolicy,
  GraphQLClient,
  type GraphQLClientOptions,
  GraphQLResponseError,
  HttpStatusError,
  NetworkError,
  netrcPassword,
  parseRetryAfter,
  ProtocolError,
  projectScopeLookup,
  resolveConnection,
  WandbApi,
} from '../index.js';

const key = 'secret-key-91c2d7e4a8b3f6051e9d2c7a4b8f3e60';
const basic = Buffer.from(`api:${key}`).toString('base64');

/** A scripted answer: status, JSON body (or raw text), headers; `hang` never answers. */
interface Answer {
  readonly status?: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly headers?: Record<string, string>;
  readonly hang?: boolean;
}

const servers: Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** A server that answers each request with the next scripted answer (the last one repeats), recording what it got. */
async function scripted(answers: Answer[]): Promise<{ url: string; received: IncomingMessage[]; bodies: string[] }> {
  const received: IncomingMessage[] = [];
  const bodies: string[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push(request);
    bodies.push(body);
    const answer = answers[Math.min(received.length - 1, answers.length - 1)] as Answer;
    if (answer.hang) return;
    response.writeHead(answer.status ?? 200, { 'Content-Type': 'application/json', ...answer.headers });
    response.end(
      answer.text ??
        JSON.stringify(answer.body ?? { data: { project: { __typename: 'Project', id: 'P1', name: 'p' } } }),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, received, bodies };
}

/** A client with a fake clock: sleeps are recorded, not waited; jitter is fixed at its midpoint. */
function fakeClock(url: string, options: Partial<GraphQLClientOptions> = {}) {
  const slept: number[] = [];
  const log: string[] = [];
  const client = new GraphQLClient({
    connection: { endpoint: url, apiKey: key },
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0.5,
    now: () => Date.parse('2025-01-01T00:00:00Z'),
    log: (line) => log.push(line),
    ...options,
  });
  return { client, slept, log };
}

describe('requests', () => {
  test('POST with the SDK document, variables, operation name and basic auth api:<key>', async () => {
    const { url, received, bodies } = await scripted([{}]);
    const { client } = fakeClock(url);
    expect(await new WandbApi(client).lookupProject('acme', 'vision')).toEqual({
      __typename: 'Project',
      id: 'P1',
      name: 'p',
    });
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expect(received[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(bodies[0] as string)).toEqual({
      query: projectScopeLookup.document,
      variables: { entity: 'acme', name: 'vision' },
      operationName: 'ProjectScopeLookup',
    });
  });

  test("GraphQL errors become a typed error with the server's messages", async () => {
    const { url } = await scripted([
      { body: { data: null, errors: [{ message: 'boom one' }, { message: 'boom two' }] } },
    ]);
    const error = await fakeClock(url)
      .client.request(projectScopeLookup, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLResponseError);
    expect((error as GraphQLResponseError).serverMessages).toEqual(['boom one', 'boom two']);
    expect((error as Error).message).toBe('ProjectScopeLookup: boom one; boom two');
  });

  test('an answer that is not GraphQL JSON is a protocol error', async () => {
    const { url } = await scripted([{ text: '<html>proxy login</html>' }]);
    await expect(fakeClock(url).client.request(projectScopeLookup, {})).rejects.toThrow(
      new ProtocolError('ProjectScopeLookup: the server answered HTTP 200 with a body that is not GraphQL JSON'),
    );
  });
});

describe('retries', () => {
  test('5xx is retried with exponential backoff and jitter, then succeeds', async () => {
    const { url, received } = await scripted([{ status: 500 }, { status: 502 }, { status: 503 }, {}]);
    const { client, slept, log } = fakeClock(url);
    await client.request(projectScopeLookup, {});
    expect(received.length).toBe(4);
    // Nominal 500, 1000, 2000 ms, times 0.75 (jitter factor 0.5 + 0.5/2).
    expect(slept).toEqual([375, 750, 1500]);
    expect(client.stats).toEqual({ requests: 1, attempts: 4 });
    expect(log.map((l) => l.replace(/^(\w+: HTTP \d+) in \d+ ms$/, '$1 in <t> ms'))).toEqual([
      'ProjectScopeLookup: HTTP 500 in <t> ms',
      'ProjectScopeLookup: HTTP 500; retrying in 375 ms (attempt 2 of 5)',
      'ProjectScopeLookup: HTTP 502 in <t> ms',
      'ProjectScopeLookup: HTTP 502; retrying in 750 ms (attempt 3 of 5)',
      'ProjectScopeLookup: HTTP 503 in <t> ms',
      'ProjectScopeLookup: HTTP 503; retrying in 1.5 s (attempt 4 of 5)',
      'ProjectScopeLookup: HTTP 200 in <t> ms',
    ]);
  });

  test('429 honours Retry-After (seconds and HTTP dates)', async () => {
    const { url } = await scripted([
      { status: 429, headers: { 'Retry-After': '7' } },
      { status: 429, headers: { 'Retry-After': 'Wed, 01 Jan 2025 00:00:03 GMT' } },
      { status: 429, headers: { 'Retry-After': '3600' } },
      {},
    ]);
    const { client, slept } = fakeClock(url);
    await client.request(projectScopeLookup, {});
    expect(slept).toEqual([7000, 3000, 60_000]);
  });

  test("retries give up after the policy's attempts with the last status", async () => {
    const { url, received } = await scripted([{ status: 503, body: { errors: [{ message: 'maintenance' }] } }]);
    const { client, slept } = fakeClock(url, { retry: { maxRetries: 2 } });
    const error = await client.request(projectScopeLookup, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as Error).message).toBe('ProjectScopeLookup: the server answered HTTP 503: maintenance');
    expect(received.length).toBe(3);
    expect(slept.length).toBe(2);
  });

  test.each([400, 403, 404, 409, 422])('HTTP %i is never retried', async (status) => {
    const { url, received } = await scripted([{ status, body: { errors: [{ message: 'no' }] } }]);
    const { client, slept } = fakeClock(url);
    await expect(client.request(projectScopeLookup, {})).rejects.toBeInstanceOf(HttpStatusError);
    expect(received.length).toBe(1);
    expect(slept).toEqual([]);
  });

  test('network errors are retried, then reported without a stack', async () => {
    const spare = createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    const closed = `http://127.0.0.1:${(spare.address() as AddressInfo).port}/graphql`;
    await new Promise((r) => spare.close(r));
    const { client, slept } = fakeClock(closed, { retry: { maxRetries: 2 } });
    const error = await client.request(projectScopeLookup, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(`ProjectScopeLookup: could not reach ${closed}: connection refused`);
    expect((error as NetworkError).attempts).toBe(3);
    expect(slept).toEqual([375, 750]);
  });

  test('a request that gets no answer times out and is retried', async () => {
    const { url, received } = await scripted([{ hang: true }, {}]);
    const { client, log } = fakeClock(url, { timeoutMs: 100 });
    await client.request(projectScopeLookup, {});
    expect(received.length).toBe(2);
    expect(log[0]).toBe('ProjectScopeLookup: no answer within 100 ms; retrying in 375 ms (attempt 2 of 5)');
  });

  test('backoff is capped and Retry-After parses', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(defaultRetryPolicy, n, () => 0))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect(backoffDelay(defaultRetryPolicy, 1, () => 0.999999)).toBe(500);
    expect(parseRetryAfter('12', 0)).toBe(12_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe('the API key never leaks', () => {
  test('not in errors or verbose logs, even when the server echoes it back', async () => {
    const echo = (status: number) => ({
      status,
      body: { errors: [{ message: `bad key ${key} (header Basic ${basic})` }] },
    });
    for (const answer of [echo(401), echo(400), echo(500), { body: { errors: [{ message: key }] } }]) {
      const { url } = await scripted([answer]);
      const { client, log } = fakeClock(url, { retry: { maxRetries: 1 } });
      const error = (await client.request(projectScopeLookup, { entity: 'acme' }).catch((e: unknown) => e)) as Error;
      const everything = [error.message, String(error), error.stack ?? '', JSON.stringify(error), ...log].join('\n');
      expect(everything).not.toContain(key);
      expect(everything).not.toContain(basic);
      expect(error.message).toContain('[redacted]');
    }
  });

  test('nor any encoding of it: base64 and base64url, padded or not, of the key and of "api:KEY"', async () => {
    const encodings = (text: string) => {
      const base64 = Buffer.from(text).toString('base64');
      return [base64, base64.replace(/=+$/, ''), Buffer.from(text).toString('base64url')];
    };
    const spellings = [...new Set([key, ...encodings(key), ...encodings(`api:${key}`)])];
    const { url } = await scripted([{ status: 400, body: { errors: spellings.map((s) => ({ message: `<${s}>` })) } }]);
    const { client } = fakeClock(url);
    const error = (await client.request(projectScopeLookup, {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `ProjectScopeLookup: the server answered HTTP 400: ${spellings.map(() => '<[redacted]>').join('; ')}`,
    );
    for (const s of spellings) expect(client.redact(`a ${s} b`)).toBe('a [redacted] b');
  });

  test('holdsSecret finds the key, in any of those spellings, anywhere in a value', () => {
    const { client } = fakeClock('http://127.0.0.1:1/graphql');
    const encoded = Buffer.from(key).toString('base64url');
    expect(client.holdsSecret({ name: 'ok', action: { config: [1, null, `x${encoded}y`] } })).toBe(true);
    expect(client.holdsSecret({ [key]: 1 })).toBe(true);
    expect(client.holdsSecret({ name: 'ok', description: 'secret-key', action: [1, true, null] })).toBe(false);
  });

  test('a key shorter than 8 characters is refused: "redacting" it would garble every message', () => {
    expect(() => new GraphQLClient({ connection: { endpoint: 'http://127.0.0.1:1/graphql', apiKey: 'k' } })).toThrow(
      new ClientConfigError(
        "the API key from the connection has 1 character, fewer than the 8 needed to keep it out of every message (W&B's keys have 40)",
      ),
    );
  });

  test('401 is an AuthError that says where the key comes from', async () => {
    const { url } = await scripted([{ status: 401, body: { errors: [{ message: 'unauthorized' }] } }]);
    const error = await fakeClock(url)
      .client.request(projectScopeLookup, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe(
      'the server refused the API key (HTTP 401: unauthorized); check WANDB_API_KEY or the ~/.netrc entry for this host',
    );
  });
});

describe('connection settings', () => {
  const home = mkdtempSync(join(tmpdir(), 'wbrules-home-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  writeFileSync(
    join(home, '.netrc'),
    [
      '# wandb login writes entries like these',
      'machine api.wandb.ai',
      '  login user',
      '  password netrc-cloud-key',
      'machine localhost login user password netrc-local-key',
      'default login x password netrc-default-key',
      '',
    ].join('\n'),
  );

  test('base URL: --base-url, then WANDB_BASE_URL, then https://api.wandb.ai', () => {
    const env = { WANDB_API_KEY: 'env-key-3f9a1c7e', WANDB_BASE_URL: 'https://wandb.example.com/', HOME: home };
    expect(resolveConnection({ env: { WANDB_API_KEY: 'env-key-3f9a1c7e', HOME: home } }).endpoint).toBe(
      'https://api.wandb.ai/graphql',
    );
    expect(resolveConnection({ env }).endpoint).toBe('https://wandb.example.com/graphql');
    expect(resolveConnection({ env, baseUrl: 'http://127.0.0.1:8080' }).endpoint).toBe('http://127.0.0.1:8080/graphql');
    expect(resolveConnection({ env, baseUrl: 'https://host/prefix/' }).baseUrl).toBe('https://host/prefix');
  });

  test('key: WANDB_API_KEY, else the netrc entry for the host (port ignored), else default', () => {
    expect(resolveConnection({ env: { WANDB_API_KEY: 'env-key-3f9a1c7e', HOME: home } })).toMatchObject({
      apiKey: 'env-key-3f9a1c7e',
      keySource: 'WANDB_API_KEY',
    });
    expect(resolveConnection({ env: { HOME: home } })).toMatchObject({ apiKey: 'netrc-cloud-key', keySource: 'netrc' });
    expect(resolveConnection({ env: { HOME: home }, baseUrl: 'http://localhost:9000' }).apiKey).toBe('netrc-local-key');
    expect(resolveConnection({ env: { HOME: home }, baseUrl: 'https://other.example.com' }).apiKey).toBe(
      'netrc-default-key',
    );
    expect(
      netrcPassword('machine a password p1\nmacdef init\n  machine a password evil\n\nmachine b password p2', 'b'),
    ).toBe('p2');
  });

  test('no key at all is a config error that says what to do', () => {
    expect(() => resolveConnection({ env: { HOME: join(home, 'nowhere') } })).toThrow(
      new ClientConfigError(
        `no API key for "api.wandb.ai": set WANDB_API_KEY, or add a "machine api.wandb.ai" entry to ${join(home, 'nowhere', '.netrc')} (wandb login writes one)`,
      ),
    );
  });

  test('plain http is refused for non-loopback hosts unless insecure', () => {
    const env = { WANDB_API_KEY: 'env-key-3f9a1c7e', HOME: home };
    expect(() => resolveConnection({ env, baseUrl: 'http://wandb.example.com' })).toThrow(
      'refusing to send the API key over plain http to "wandb.example.com"; use https://, or pass --insecure if you trust the network',
    );
    expect(resolveConnection({ env, baseUrl: 'http://wandb.example.com', insecure: true }).endpoint).toBe(
      'http://wandb.example.com/graphql',
    );
    for (const loopback of ['http://localhost:1', 'http://127.0.0.1:2', 'http://127.3.4.5', 'http://[::1]:3']) {
      expect(() => resolveConnection({ env, baseUrl: loopback })).not.toThrow();
    }
    expect(() => resolveConnection({ env, baseUrl: 'https://api:k@host' })).toThrow('must not contain credentials');
    expect(() => resolveConnection({ env, baseUrl: 'ftp://host' })).toThrow('must start with https://');
    expect(() => resolveConnection({ env, baseUrl: 'not a url' })).toThrow(
      'the base URL from --base-url is not a URL: "not a url"',
    );
  });
});
