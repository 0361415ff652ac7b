import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, extname, join, normalize } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * The end-to-end harness: the built page served over HTTP on 127.0.0.1 and
 * the system's Chromium (Debian's `chromium` package) driven by
 * playwright-core, headless, with a fresh profile. `.ci/run` installs
 * Chromium when it is missing; so does `apt-get install -y chromium`.
 */

const root = join(import.meta.dirname, '../../../..');
/** The built page. */
export const dist = join(root, 'packages/playground/dist');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return t;
}

/** Builds the page when it is missing or older than its sources (vitest run without `pnpm build`). */
export async function ensurePlayground(): Promise<void> {
  const page = join(dist, 'index.html');
  const sources = [
    'packages/playground/src',
    'packages/playground/index.html',
    'packages/playground/vite.config.ts',
    'packages/dsl/src',
    'packages/compiler/src',
    'packages/language-server/src',
  ];
  const newestSource = Math.max(
    ...sources.map((s) => {
      const path = join(root, s);
      return statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs;
    }),
  );
  if (existsSync(page) && statSync(page).mtimeMs >= newestSource) return;
  const { buildPlayground } = (await import(join(root, 'scripts/build-extras.mjs'))) as { buildPlayground: () => void };
  buildPlayground();
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** Serves `dist` on 127.0.0.1 at a free port; resolves with the server and the page's URL. */
export async function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}/index.html` };
}

/** The Chromium binary on PATH (Debian's package installs /usr/bin/chromium). */
export function chromiumPath(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  throw new Error('no chromium on PATH: install it with `apt-get update && apt-get install -y chromium`');
}

/** A headless Chromium with a fresh profile; `close` removes the profile. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'wbrules-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
