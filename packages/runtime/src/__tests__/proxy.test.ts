import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer as createTcpServer,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GraphQLClient, NetworkError, resolveConnection, WandbApi } from '../index.js';

/**
 * Requests through an HTTP proxy named by the environment, end to end: a
 * proxy written here (on loopback, counting what it carries) in front of a
 * small W&B stand-in that answers the project lookups these tests send.
 * Everything listens on 127.0.0.1 and is closed after the file; every
 * client has a short timeout and no retries.
 */

/** The API key the stand-in accepts. */
const testKey = 'test-key-5f0c2a9e7d3b41c8a6e2f9d0b7c4a1e3';

/** What the proxy saw: one line per request, `GET http://…` or `CONNECT host:port`, and its Proxy-Authorization headers. */
interface ProxyLog {
  readonly connections: number;
  readonly requests: string[];
  readonly authorizations: (string | undefined)[];
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

/** Listens on a free loopback port; the server and every connection it accepted (tunnels too) end after the file. */
function listen(server: Server | TcpServer): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/**
 * A forward proxy: absolute-URI requests (`POST http://host/path`) are
 * sent on to their host, `CONNECT host:port` opens a tunnel. With `answer`,
 * every absolute-URI request gets that answer instead (a proxy's own error).
 */
async function startProxy(answer?: { status: number; body: (authorization: string | undefined) => string }) {
  const log = { connections: 0, requests: [] as string[], authorizations: [] as (string | undefined)[] };
  const server = createHttpServer((request, response) => {
    log.requests.push(`${request.method} ${request.url}`);
    const authorization = request.headers['proxy-authorization'];
    log.authorizations.push(authorization);
    if (answer !== undefined) {
      response.writeHead(answer.status, { 'Content-Type': 'application/json' });
      response.end(answer.body(authorization));
      return;
    }
    const target = new URL(request.url ?? '');
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(target, { method: request.method, headers, agent: false }, (upstreamResponse) => {
      response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connection', () => log.connections++);
  server.on('connect', (request, socket, head) => {
    log.requests.push(`CONNECT ${request.url}`);
    log.authorizations.push(request.headers['proxy-authorization']);
    const [host, port] = (request.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, log: log as ProxyLog };
}

/**
 * W&B as far as `lookupProject` goes: `POST /graphql` with the test key
 * finds the projects `acme/vision` (`Project:1`, as W&B spells IDs:
 * base64) and `acme/nlp` (`Project:2`); any other request is a 401 or a 404.
 */
async function startWandbStandIn() {
  const projects = ['acme/vision', 'acme/nlp'];
  const server = createHttpServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const authorized = request.headers.authorization === `Basic ${Buffer.from(`api:${testKey}`).toString('base64')}`;
    const status = request.method !== 'POST' || request.url !== '/graphql' ? 404 : authorized ? 200 : 401;
    response.writeHead(status, { 'Content-Type': 'application/json' });
    if (status !== 200) {
      response.end(JSON.stringify({ errors: [{ message: status === 401 ? 'unauthorized' : 'not found' }] }));
      return;
    }
    const { entity, name } = (JSON.parse(body) as { variables: { entity: string; name: string } }).variables;
    const n = projects.indexOf(`${entity}/${name}`) + 1;
    const id = Buffer.from(`Project:${n}`).toString('base64');
    response.end(JSON.stringify({ data: { project: n === 0 ? null : { __typename: 'Project', id, name } } }));
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/graphql`, port };
}

let server: { url: string; port: number };

beforeAll(async () => {
  server = await startWandbStandIn();
});

/** A client configured as the CLI configures it: from `--base-url` and the environment. */
function clientFor(baseUrl: string, env: Record<string, string>) {
  const connection = resolveConnection({ baseUrl, env: { WANDB_API_KEY: testKey, ...env }, readFile: () => undefined });
  const client = new GraphQLClient({ connection, retry: { maxRetries: 0 }, timeoutMs: 5_000 });
  return { connection, client, api: new WandbApi(client) };
}

describe('HTTP_PROXY for an http:// server', () => {
  test('every request goes through the proxy, as absolute-URI requests, and succeeds', async () => {
    const proxy = await startProxy();
    const { connection, api } = clientFor(server.url, { HTTP_PROXY: proxy.url });
    expect(connection.proxy?.variable).toBe('HTTP_PROXY');
    expect(await api.lookupProject('acme', 'vision')).toMatchObject({ id: 'UHJvamVjdDox', name: 'vision' });
    expect(await api.lookupProject('acme', 'nlp')).toMatchObject({ name: 'nlp' });
    expect(proxy.log.connections).toBeGreaterThan(0);
    expect(proxy.log.requests).toEqual([`POST ${server.url}`, `POST ${server.url}`]);
  });

  test('loopback is proxied too unless NO_PROXY names it (what requests does)', async () => {
    const proxy = await startProxy();
    await clientFor(server.url, { http_proxy: proxy.url }).api.lookupProject('acme', 'vision');
    expect(proxy.log.requests).toHaveLength(1);
  });

  test.each<[string, (port: number) => string]>([
    ['the host', () => '127.0.0.1'],
    ['the host and its port', (port) => `127.0.0.1:${port}`],
    ['one of a list', () => 'example.com, 127.0.0.1'],
    ['everything', () => '*'],
  ])('NO_PROXY naming %s: sent directly', async (_, noProxy) => {
    const proxy = await startProxy();
    const { api } = clientFor(server.url, { HTTP_PROXY: proxy.url, NO_PROXY: noProxy(server.port) });
    expect(await api.lookupProject('acme', 'vision')).toMatchObject({ name: 'vision' });
    expect(proxy.log).toEqual({ connections: 0, requests: [], authorizations: [] });
  });

  test('NO_PROXY naming another port or host: still proxied', async () => {
    const proxy = await startProxy();
    const noProxy = `127.0.0.1:${server.port + 1},localhost,wandb.example.com`;
    await clientFor(server.url, { HTTP_PROXY: proxy.url, no_proxy: noProxy }).api.lookupProject('acme', 'vision');
    expect(proxy.log.requests).toEqual([`POST ${server.url}`]);
  });

  test("the proxy's credentials go to the proxy only, and never into a message", async () => {
    const proxy = await startProxy({
      status: 400,
      body: (authorization) =>
        JSON.stringify({ errors: [{ message: `bad credentials: ${authorization} (p@ss w0rd)` }] }),
    });
    const withCredentials = proxy.url.replace('http://', 'http://user:p%40ss%20w0rd@');
    const { client, api } = clientFor(server.url, { HTTP_PROXY: withCredentials });
    const error = await api.lookupProject('acme', 'vision').catch((e: unknown) => e);
    const expected = `Basic ${Buffer.from('user:p@ss w0rd').toString('base64')}`;
    expect(proxy.log.authorizations).toEqual([expected]);
    expect(String(error)).toContain('bad credentials: Basic [redacted] ([redacted])');
    expect(String(error)).not.toContain('p@ss');
    expect(client.stats.attempts).toBe(1);
  });

  test('a proxy that cannot be reached: the error says which proxy, without credentials', async () => {
    const closed = createTcpServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const { api } = clientFor(server.url, { HTTP_PROXY: `http://user:hunter2@127.0.0.1:${port}` });
    const error = await api.lookupProject('acme', 'vision').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      `ProjectScopeLookup: could not reach ${server.url} through the proxy http://127.0.0.1:${port} (HTTP_PROXY): connection refused`,
    );
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('HTTPS_PROXY for an https:// server', () => {
  test('the request is tunnelled with CONNECT through the proxy', async () => {
    // Not a TLS server: the tunnel is opened, then the handshake fails, which is all this test needs.
    const target = createTcpServer((socket) => socket.destroy());
    const port = await listen(target);
    const proxy = await startProxy();
    const { api } = clientFor(`https://127.0.0.1:${port}`, { HTTPS_PROXY: proxy.url });
    const error = await api.lookupProject('acme', 'vision').catch((e: unknown) => e);
    expect(proxy.log.requests).toEqual([`CONNECT 127.0.0.1:${port}`]);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toContain(
      `could not reach https://127.0.0.1:${port}/graphql through the proxy ${proxy.url} (HTTPS_PROXY): `,
    );
  });

  test('HTTP_PROXY alone does not apply to it', async () => {
    const proxy = await startProxy();
    const { connection } = clientFor('https://127.0.0.1:1', { HTTP_PROXY: proxy.url });
    expect(connection.proxy).toBeUndefined();
  });
});
