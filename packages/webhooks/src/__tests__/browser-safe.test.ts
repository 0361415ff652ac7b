import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';

// Receivers run the package in browsers and edge runtimes: prove it bundles
// for the browser platform (esbuild fails on any `node:` import there) and
// signs, verifies and explains in the system's headless Chromium, with the
// browser's own WebCrypto, agreeing with Node's HMAC.
function chromiumPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

const executablePath = chromiumPath();

describe('@wbrules/webhooks in a browser', () => {
  it.skipIf(executablePath === undefined)('bundles for the browser and verifies in Chromium', async () => {
    const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'wbrulesWebhooks',
      conditions: ['wbrules-source'],
      write: false,
      logLevel: 'silent',
    });
    const code = out.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/require\(["']node:/);

    const body = '{"event_type":"RUN_STATE","note":"läuft ✓"}';
    const secret = 'sëcret';
    const header = createHmac('sha256', secret).update(body).digest('base64');
    const hex = createHmac('sha256', secret).update(body).digest('hex');

    // WebCrypto exists only in secure contexts: a page from 127.0.0.1 is one.
    const server = createServer((_, response) => {
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end('<!doctype html><title>receiver</title>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const profile = mkdtempSync(join(tmpdir(), 'wbrules-webhooks-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.addScriptTag({ content: code });
      const result = await page.evaluate(
        async ({ body, secret, header, hex }) => {
          const w = (globalThis as unknown as { wbrulesWebhooks: typeof import('../index.js') }).wbrulesWebhooks;
          const bytes = new TextEncoder().encode(body);
          return {
            nodeGlobals: typeof (globalThis as { process?: unknown }).process,
            signed: await w.signWandbBody(body, secret),
            valid: await w.verifyWandbSignature(bytes, ` ${header} `, secret),
            flipped: await w.verifyWandbSignature(`${body} `, header, secret),
            explained: (await w.explainWandbSignature(body, hex, secret)).mistake,
          };
        },
        { body, secret, header, hex },
      );
      expect(result).toEqual({
        nodeGlobals: 'undefined',
        signed: header,
        valid: true,
        flipped: false,
        explained: 'hex',
      });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      server.close();
    }
  });
});
