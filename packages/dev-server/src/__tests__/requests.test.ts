import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { allOperations } from '@wbrules/runtime';
import { getIntrospectionQuery, parse } from 'graphql';
import { describe, expect, test } from 'vitest';
import { defaultRequestLimits, startDevServer, storeFromSeed } from '../index.js';
import { documentCost } from '../request-limits.js';
import { startHarness, testKey, vectorSeed } from './harness.js';

/**
 * What a request must pass before the server does any work for it: the
 * `Host`, the key and the content type before the body is read, then the
 * body's size and nesting, the document's depth and aliases. Each refusal
 * is a 4xx with a GraphQL error body, never a 500, and never a wait for a
 * body the server will not use. Raw HTTP (`node:http`) is used where a
 * header `fetch` will not send, or a body sent only in part, is the point.
 */

/** Parsed JSON from the vectors and responses, read field by field. */
// biome-ignore lint/suspicious/noExplicitAny: test data read from JSON
type Json = any;

const auth = `Basic ${Buffer.from(`api:${testKey}`).toString('base64')}`;
const json = { 'Content-Type': 'application/json' };

interface RawResponse {
  readonly status: number;
  readonly body: Json;
}

/**
 * One request over raw HTTP. With `partOf`, only `body` is sent of a body
 * declared `partOf` bytes long (Content-Length), and the answer must come
 * without the rest. Gives up after 3 s, so a server that waits for the rest
 * fails the test instead of hanging it.
 */
function raw(
  port: number,
  options: {
    headers?: OutgoingHttpHeaders;
    body?: string | Buffer;
    partOf?: number;
    chunks?: readonly Buffer[];
    setHost?: boolean;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: OutgoingHttpHeaders = { ...options.headers };
    if (options.partOf !== undefined) headers['Content-Length'] = options.partOf;
    else if (options.body !== undefined) headers['Content-Length'] = Buffer.byteLength(options.body);
    const request = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers, setHost: options.setHost ?? true },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          request.destroy();
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) });
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error('no answer within 3 s'));
    }, 3000);
    // A server that closes early may cut the upload short; the answer is what counts.
    request.on('error', (error) => {
      if (!(error as NodeJS.ErrnoException).code?.match(/^(EPIPE|ECONNRESET)$/)) reject(error);
    });
    if (options.chunks !== undefined) {
      const queue = [...options.chunks];
      const next = () => {
        const chunk = queue.shift();
        if (chunk === undefined) request.end();
        else if (!request.destroyed) request.write(chunk, next);
      };
      next();
    } else if (options.partOf !== undefined) request.write(options.body ?? '');
    else request.end(options.body);
  });
}

const lookup = JSON.stringify({ query: '{ serverInfo { __typename } }' });

describe('headers are checked before the body is read', () => {
  test('an empty host is refused: Node would listen on every interface', async () => {
    await expect(startDevServer({ store: storeFromSeed(vectorSeed), host: '' })).rejects.toThrow(
      'the host to listen on must not be empty: give an address, such as 127.0.0.1 or 0.0.0.0',
    );
  });

  test('without a key, 401 comes before the body does (a 15 MB one is never read or parsed)', async () => {
    const { server, serverLog } = await startHarness(vectorSeed);
    const answer = await raw(server.port, { headers: json, body: '['.repeat(1000), partOf: 15_000_000 });
    expect(answer.status).toBe(401);
    expect(answer.body.errors[0].message).toMatch(/^a valid API key is required/);
    // The whole body, sent: refused all the same, the connection closed rather than read to the end.
    const whole = await fetch(server.url, { method: 'POST', headers: json, body: '['.repeat(15_000_000) });
    expect([whole.status, whole.headers.get('connection')]).toEqual([401, 'close']);
    expect(serverLog.map((l) => l.replace(/ \d+\.\dms$/, ''))).toEqual(['POST /graphql - 401', 'POST /graphql - 401']);
  });

  test('a body declared or grown larger than 5 MB is 413, without reading it all; 5 MB is accepted', async () => {
    const { server } = await startHarness(vectorSeed);
    const headers = { ...json, Authorization: auth };
    const declared = await raw(server.port, { headers, body: '{', partOf: 6 * 1024 * 1024 });
    expect(declared).toEqual({
      status: 413,
      body: { errors: [{ message: 'the request body is larger than the server accepts (5242880 bytes)' }] },
    });
    const megabyte = Buffer.alloc(1024 * 1024, ' ');
    const streamed = await raw(server.port, { headers, chunks: Array.from({ length: 8 }, () => megabyte) });
    expect(streamed.status).toBe(413);
    const padded = `{"query": "{ serverInfo { __typename } }"${' '.repeat(defaultRequestLimits.maxBodyBytes - 60)}}`;
    expect(Buffer.byteLength(padded)).toBeLessThanOrEqual(defaultRequestLimits.maxBodyBytes);
    expect(await raw(server.port, { headers, body: padded })).toEqual({
      status: 200,
      body: { data: { serverInfo: { __typename: 'ServerInfo' } } },
    });
  });

  test('only JSON is accepted (415 otherwise): a web form cannot post to the server', async () => {
    const { server } = await startHarness(vectorSeed);
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      undefined,
    ]) {
      const answer = await raw(server.port, {
        headers: { Authorization: auth, ...(type === undefined ? {} : { 'Content-Type': type }) },
        body: lookup,
      });
      expect([type, answer.status, answer.body.errors[0].message]).toEqual([
        type,
        415,
        'the request body must be JSON, sent with "Content-Type: application/json"',
      ]);
    }
    const charset = await raw(server.port, {
      headers: { Authorization: auth, 'Content-Type': 'Application/JSON; charset=utf-8' },
      body: lookup,
    });
    expect(charset.status).toBe(200);
  });

  test('on a loopback address, only a loopback Host is answered (421 otherwise): no DNS rebinding', async () => {
    const { server } = await startHarness(vectorSeed);
    expect(server.loopback).toBe(true);
    const status = async (host: string | undefined) =>
      (
        await raw(server.port, {
          headers: { ...json, Authorization: auth, ...(host === undefined ? {} : { Host: host }) },
          body: lookup,
          setHost: host !== undefined,
        })
      ).status;
    for (const host of ['localhost', 'LOCALHOST:8080', '127.0.0.1', '127.1.2.3:1', '[::1]', '[::1]:65535'])
      expect([host, await status(host)]).toEqual([host, 200]);
    for (const host of [
      'rebind.example.com',
      'rebind.example.com:8080',
      'localhost.example.com',
      '127.0.0.256',
      '127.0.0.1.example.com',
      '10.0.0.1',
      '[::2]',
      undefined,
    ])
      expect([host, await status(host)]).toEqual([host, 421]);
    const refused = await raw(server.port, { headers: { ...json, Host: 'evil.example:80' }, body: lookup });
    expect(refused.body.errors[0].message).toBe(
      'the Host header "evil.example:80" does not name a loopback address; listening on one, the server answers only requests for localhost, 127.x.x.x or [::1] (a guard against DNS rebinding)',
    );
  });
});

describe('bad requests are 4xx with a GraphQL error body, never 500', () => {
  const post = async (port: number, body: string) => raw(port, { headers: { ...json, Authorization: auth }, body });
  /** A valid document `depth` selection sets deep: project → entity → project → … */
  const nested = (depth: number) => {
    const fields = Array.from({ length: depth - 1 }, (_, i) =>
      i === 0
        ? 'project(name: "my-project", entityName: "my-team")'
        : i % 2 === 1
          ? 'entity'
          : 'project(name: "my-project")',
    );
    return `{ ${fields.map((f) => `${f} { `).join('')}__typename${' }'.repeat(depth)}`;
  };
  const objectOnly = 'the request body must be a JSON object: {"query": ..., "variables": ...}';
  const tooDeep = 'the document is nested more than 20 levels deep';
  const tooManyAliases =
    'the document has more than 1000 aliased fields (a batched apply uses one per change: lower --batch-size)';

  test.each([
    ['body null', 'null', objectOnly],
    ['body an array', '[]', objectOnly],
    ['body a string', '"query"', objectOnly],
    ['body a number', '42', objectOnly],
    ['query not a string', '{"query": 1}', 'the request has no "query" string'],
    ['body not JSON', '{"query"', 'the request body must be JSON: {"query": ..., "variables": ...}'],
    [
      'body nested 10,000 deep',
      `{"variables": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
      'the request body is nested more than 20 levels deep',
    ],
    ['selections 21 deep', JSON.stringify({ query: nested(21) }), tooDeep],
    ['selections 10,000 deep', JSON.stringify({ query: nested(10_000) }), tooDeep],
    ['an argument 10,000 deep', JSON.stringify({ query: `{ serverInfo(x: ${'['.repeat(10_000)}) }` }), tooDeep],
    [
      'a chain of 31 fragments',
      JSON.stringify({
        query: `{ ...F0 } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} }`).join(' ')} fragment F30 on Query { __typename }`,
      }),
      tooDeep,
    ],
    [
      '1,001 aliases',
      JSON.stringify({ query: `{ ${Array.from({ length: 1001 }, (_, i) => `a${i}: __typename`).join(' ')} }` }),
      tooManyAliases,
    ],
    [
      // 100 aliases in a fragment, spread under 11 fields: 1,111.
      'a fragment of 100 aliases spread 11 times',
      JSON.stringify({
        query: `{ ${Array.from({ length: 11 }, (_, i) => `s${i}: serverInfo { ...F }`).join(' ')} } fragment F on ServerInfo { ${Array.from({ length: 100 }, (_, i) => `t${i}: __typename`).join(' ')} }`,
      }),
      tooManyAliases,
    ],
  ])('%s: 400', async (_label, body, message) => {
    const { server } = await startHarness(vectorSeed);
    expect(await post(server.port, body)).toEqual({ status: 400, body: { errors: [{ message }] } });
  });

  test('within the limits: 20 levels, 1,000 aliases, the introspection query, every document of the runtime', async () => {
    const { server } = await startHarness(vectorSeed);
    expect((await post(server.port, JSON.stringify({ query: nested(20) }))).status).toBe(200);
    const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    expect((await post(server.port, JSON.stringify({ query: aliases }))).status).toBe(200);
    expect((await post(server.port, JSON.stringify({ query: getIntrospectionQuery() }))).status).toBe(200);
    for (const operation of allOperations) {
      const cost = documentCost(parse(operation.document), defaultRequestLimits);
      expect([operation.name, cost.depth <= 12, cost.aliases <= 10]).toEqual([operation.name, true, true]);
    }
  });
});
