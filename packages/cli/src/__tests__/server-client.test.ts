import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { bin, ensureBundle, type RunResult, root, tempDir } from './harness.js';

/**
 * How the server commands find the server, the key and the proxy, W&B's
 * way, shown by running the real `wbrules resolve` against `wbrules
 * dev-server`: the host `wandb login --host` saved, a base URL ending in
 * `/graphql`, `localhost` in ~/.netrc for a server on 127.0.0.1, and
 * `HTTP_PROXY`/`NO_PROXY` with a proxy written here. The command runs
 * asynchronously (not with the harness's `spawnSync`), so the proxy in this
 * process can answer it.
 */

ensureBundle();

/** The key of examples/dev-seed.json. */
const key = 'local-dev-key';

let server: DevServerProcess;
let cwd: string;

beforeAll(async () => {
  cwd = tempDir();
  for (const file of ['dev-seed.json', 'quickstart.wbrules'])
    copyFileSync(join(root, 'examples', file), join(cwd, file));
  server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** Variables of the machine running the tests that would change what the command connects to. */
const machineSettings =
  /^(WANDB_|NETRC$|HOME$|USERPROFILE$|(HTTPS?|NO|ALL)_PROXY$|NO_COLOR$|FORCE_COLOR$|TERM$|NODE_OPTIONS$)/i;

/** Runs the real command (at most 20 s) with a clean environment plus `env`; `HOME` is an empty directory unless given. */
function wbrulesAsync(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<RunResult> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !machineSettings.test(name)));
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { ...clean, HOME: tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

/** A forward proxy on loopback that records every request it carries (`POST http://…`); closed after the file. */
async function startProxy(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const proxy = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(request.url ?? '', { method: request.method, headers, agent: false }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  const sockets = new Set<Socket>();
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  closers.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, requests };
}
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

/** The IDs `resolve quickstart.wbrules` prints against examples/dev-seed.json. */
function expectResolved(result: RunResult): void {
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ projects: { 'acme/vision': 'UHJvamVjdDox' } });
}

describe('the base URL', () => {
  test('one ending in /graphql (what dev-server prints) works, with a note on stderr; --quiet drops the note', async () => {
    const env = { WANDB_API_KEY: key };
    const result = await wbrulesAsync(['resolve', 'quickstart.wbrules', '--base-url', server.url], env);
    expectResolved(result);
    expect(result.stderr).toBe(
      `wbrules: note: the base URL from --base-url ends in /graphql, which wbrules adds itself; using "${server.baseUrl}"\n`,
    );
    const quiet = await wbrulesAsync(['resolve', 'quickstart.wbrules', '--base-url', server.url, '--quiet'], env);
    expectResolved(quiet);
    expect(quiet.stderr).toBe('');
  });

  test('the host "wandb login --host" saved, with its key for localhost in ~/.netrc', async () => {
    const home = tempDir({
      '.config/wandb/settings': `[default]\nbase_url = ${server.baseUrl}\n`,
      '.netrc': `machine localhost\n  login user\n  password "${key}"\n`,
    });
    const result = await wbrulesAsync(['resolve', 'quickstart.wbrules', '--verbose'], { HOME: home });
    expectResolved(result);
    expect(result.stderr.split('\n')[0]).toBe(
      `resolve: ${server.url} (base URL from the wandb settings file, API key from ~/.netrc)`,
    );
  });

  test('WANDB_CONFIG_DIR replaces ~/.config/wandb; WANDB_BASE_URL and --base-url win over both', async () => {
    const config = tempDir({ settings: `[default]\nbase_url = ${server.baseUrl}\n` });
    const home = tempDir({ '.config/wandb/settings': '[default]\nbase_url = not-a-url\n' });
    const env = { HOME: home, WANDB_API_KEY: key };
    expectResolved(await wbrulesAsync(['resolve', 'quickstart.wbrules'], { ...env, WANDB_CONFIG_DIR: config }));
    expectResolved(await wbrulesAsync(['resolve', 'quickstart.wbrules'], { ...env, WANDB_BASE_URL: server.baseUrl }));
    expectResolved(await wbrulesAsync(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl], env));
    const settings = join(home, '.config', 'wandb', 'settings');
    expect(await wbrulesAsync(['resolve', 'quickstart.wbrules'], env)).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: the base URL from base_url in ${settings} is not a URL: "not-a-url"\n`,
    });
  });
});

/** The bundle files (dist/cjs) a run of the command loaded: those the launcher wrote a compile cache for in `cache`. */
function loadedFiles(cache: string): string[] {
  const [folder] = readdirSync(cache); // one folder per V8 version, architecture and flags
  return readdirSync(join(cache, folder as string)).map((name) => name.replace(/\.v8$/, ''));
}

describe('HTTP_PROXY and NO_PROXY', () => {
  test('every request goes through the proxy; --verbose names it without its credentials', async () => {
    const proxy = await startProxy();
    const withCredentials = proxy.url.replace('http://', 'http://user:hunter2@');
    const cache = tempDir();
    const result = await wbrulesAsync(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl, '--verbose'], {
      WANDB_API_KEY: key,
      HTTP_PROXY: withCredentials,
      WBRULES_COMPILE_CACHE: cache,
    });
    expectResolved(result);
    // What the launcher cached is what the command loaded: undici, for the proxy.
    expect(loadedFiles(cache).filter((name) => name.startsWith('undici-'))).toHaveLength(1);
    expect(proxy.requests.length).toBeGreaterThan(0);
    expect(new Set(proxy.requests)).toEqual(new Set([`POST ${server.url}`]));
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      `resolve: ${server.url} (API key from WANDB_API_KEY)`,
      `resolve: through the proxy ${proxy.url} (HTTP_PROXY)`,
    ]);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr).not.toContain(key);
  });

  test('NO_PROXY naming the host: nothing goes through the proxy (and undici is not loaded)', async () => {
    const proxy = await startProxy();
    const cache = tempDir();
    const result = await wbrulesAsync(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl, '--verbose'], {
      WANDB_API_KEY: key,
      http_proxy: proxy.url,
      NO_PROXY: 'localhost,127.0.0.1',
      WBRULES_COMPILE_CACHE: cache,
    });
    expectResolved(result);
    expect(loadedFiles(cache).some((name) => name.startsWith('resolve-'))).toBe(true);
    expect(loadedFiles(cache).filter((name) => name.startsWith('undici-'))).toEqual([]);
    expect(proxy.requests).toEqual([]);
    expect(result.stderr).not.toContain('through the proxy');
  });

  test('a proxy variable that is not a URL is a usage error that does not repeat it', async () => {
    const result = await wbrulesAsync(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl], {
      WANDB_API_KEY: key,
      HTTP_PROXY: 'http://user:hunter2@[bad',
    });
    expect(result).toEqual({ status: 2, stdout: '', stderr: 'wbrules: the proxy in HTTP_PROXY is not a URL\n' });
  });
});

describe('the bundle', () => {
  // Which commands load it is shown by what the launcher cached (the proxy tests above; check in compile-cache.test.ts).
  test('undici, loaded only for a proxy, is one file of its own', () => {
    const cjs = join(root, 'packages/cli/dist/cjs');
    /** A message only undici's proxy agent contains. */
    const holdsUndici = readdirSync(cjs).filter((name) =>
      readFileSync(join(cjs, name), 'utf8').includes('when HTTP Tunneling'),
    );
    expect(holdsUndici).toEqual([expect.stringMatching(/^undici-[\w-]{12}\.cjs$/)]);
  });
});
