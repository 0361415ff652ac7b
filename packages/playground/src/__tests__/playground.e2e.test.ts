import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { format } from '@wbrules/dsl';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePlayground, launch, serve } from './browser.js';

/**
 * The playground in a real browser: type a rule and see its payload, make
 * a mistake and see the diagnostic where it is (published by the language
 * server in its Web Worker), hover and complete through the same server,
 * format, and open a shared link. A screenshot is kept in test-artifacts/.
 */

const root = join(import.meta.dirname, '../../../..');
const artifacts = join(root, 'test-artifacts');

let server: Server;
let url: string;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
const pageErrors: string[] = [];

const editorText = () =>
  page.evaluate(() => [...document.querySelectorAll('#editor .cm-line')].map((l) => l.textContent).join('\n'));
const payloadNames = () => page.locator('#payloads article.automation h3').allTextContents();

/** Replaces the editor's text as a paste would. */
async function replaceText(text: string): Promise<void> {
  await page.locator('#editor .cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** Moves the mouse over the `column`th character (0-based) of the editor's `line`th line (0-based). */
async function hoverAt(line: number, column: number): Promise<void> {
  const box = await page.evaluate(
    ([l, c]) => {
      const lineNode = document.querySelectorAll('#editor .cm-line')[l as number];
      if (lineNode === undefined) throw new Error(`no line ${l}`);
      const walker = document.createTreeWalker(lineNode, NodeFilter.SHOW_TEXT);
      let left = c as number;
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const length = node.textContent?.length ?? 0;
        if (left < length) {
          const range = document.createRange();
          range.setStart(node, left);
          range.setEnd(node, left + 1);
          const rect = range.getBoundingClientRect();
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
        left -= length;
      }
      throw new Error(`line ${l} is shorter than ${c}`);
    },
    [line, column],
  );
  await page.mouse.move(0, 0);
  await page.mouse.move(box.x, box.y);
}

/** The text of the language server's hover tooltip, once it shows. */
async function hoverText(): Promise<string> {
  const tooltip = page.locator('.cm-tooltip-hover .lsp-hover');
  await tooltip.waitFor();
  return (await tooltip.textContent()) ?? '';
}

function shareHash(text: string): string {
  return `#src=${deflateRawSync(Buffer.from(text, 'utf8')).toString('base64url')}`;
}

beforeAll(async () => {
  await ensurePlayground();
  ({ server, url } = await serve());
  browser = await launch();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('playground', () => {
  it('opens on the quickstart example with its three payloads', async () => {
    expect(await page.locator('#examples').inputValue()).toBe('quickstart.wbrules');
    expect(await payloadNames()).toEqual([
      'loss-changes-by-10pct-within-5-webhook-ci',
      'accuracy-floor',
      'run-state-failed-crashed-slack-alerts',
    ]);
  });

  it('loads an example picked from the list', async () => {
    await page.locator('#examples').selectOption('registry-promotion.wbrules');
    const example = readFileSync(join(root, 'examples/registry-promotion.wbrules'), 'utf8');
    await expect.poll(editorText).toBe(example);
    const names = await payloadNames();
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBe(await page.locator('#payloads pre.event-filter').count());
  });

  it('compiles a rule as it is typed and shows the payload, eventFilter sent and decoded', async () => {
    await replaceText('');
    await page.keyboard.type('webhook ci = "github-dispatch"\nin project "acme/vision"\n');
    await page.keyboard.type('on run metric "loss" zscore over 20 < -3 -> webhook ci');
    expect(await editorText()).toBe(
      'webhook ci = "github-dispatch"\nin project "acme/vision"\non run metric "loss" zscore over 20 < -3 -> webhook ci',
    );
    await expect.poll(payloadNames).toEqual(['loss-zscore-over-20-lt-minus-3-webhook-ci']);
    const sent = await page.locator('#payloads pre.payload').textContent();
    expect(sent).toContain('"triggeringEventType": "RUN_METRIC_ZSCORE"');
    // As sent: the eventFilter is a JSON string holding JSON (whose run filter is a JSON string again);
    // "< -3" is the SDK's DECREASE with the threshold's absolute value.
    expect(JSON.parse(sent ?? '').eventFilter).toBe(
      String.raw`{"run_filter":"{\"$and\":[]}","run_metric_filter":{"zscore_filter":{"name":"loss","window_size":20,"threshold":3,"change_dir":"DECREASE"}},"metric_filter":null}`,
    );
    expect(await page.locator('#payloads pre.event-filter').textContent()).toBe(
      [
        '{',
        '  "run_filter": {',
        '    "$and": []',
        '  },',
        '  "run_metric_filter": {',
        '    "zscore_filter": {',
        '      "name": "loss",',
        '      "window_size": 20,',
        '      "threshold": 3,',
        '      "change_dir": "DECREASE"',
        '    }',
        '  },',
        '  "metric_filter": null',
        '}',
      ].join('\n'),
    );
  });

  it('lists and marks a mistake at its place as it is typed', async () => {
    await page.keyboard.press('Backspace');
    await page.keyboard.type('j');
    const item = page.locator('#diagnostics li[data-code="WR3019"]');
    await item.waitFor();
    expect(await item.getAttribute('data-line')).toBe('3');
    expect(await item.getAttribute('data-column')).toBe('53');
    expect(await item.locator('.message').textContent()).toBe('unknown webhook integration "cj"');
    expect(await item.locator('.hint').allTextContents()).toEqual(['Did you mean "ci"?']);
    // The editor underlines exactly the unknown name.
    await expect.poll(() => page.locator('#editor .cm-lintRange-error').allTextContents()).toEqual(['cj']);
    expect(await page.locator('#payloads .blocked').textContent()).toBe(
      '1 error: nothing is compiled until it is fixed.',
    );
  });

  it('gets its diagnostics from the language server in a Web Worker', async () => {
    expect(page.workers().map((w) => new URL(w.url()).pathname)).toEqual(['/lsp-worker.js']);
    // Nothing Node-only in the worker: it runs the server with the browser's globals.
    expect(await page.workers()[0]?.evaluate(() => [typeof process, typeof Buffer, typeof setImmediate])).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    const before = Number(await page.locator('body').getAttribute('data-lsp-published'));
    expect(before).toBeGreaterThan(0);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('x');
    await page.locator('#diagnostics li[data-code="WR3019"] .message', { hasText: '"cx"' }).waitFor();
    expect(Number(await page.locator('body').getAttribute('data-lsp-published'))).toBeGreaterThan(before);
    expect(Number(await page.locator('body').getAttribute('data-lsp-messages'))).toBeGreaterThan(before);
    // The editor's lint tooltip shows the server's diagnostic with its code.
    await hoverAt(2, 53);
    const lint = page.locator('.cm-tooltip-hover .cm-diagnostic-error');
    await lint.waitFor();
    expect(await lint.textContent()).toContain('unknown webhook integration "cx"');
    expect(await lint.locator('.cm-diagnosticSource').textContent()).toBe('WR3019');
  });

  it("shows the language server's hover on an integration name and on aria", async () => {
    await replaceText(
      'webhook ci = "github-dispatch"\nin project "acme/vision"\non run state failed -> webhook ci\non run state failed -> aria "Why did it fail?"',
    );
    await page.locator('#diagnostics[data-version]').waitFor();
    await hoverAt(2, 31);
    expect(await hoverText()).toContain('Generic webhook integration "github-dispatch"');
    await hoverAt(3, 24);
    expect(await hoverText()).toContain('research agent ARIA');
    await page.mouse.move(0, 0);
  });

  it('completes the actions after ->', async () => {
    await replaceText('webhook ci = "github-dispatch"\nin project "acme/vision"\non run state failed -> ');
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li .cm-completionLabel');
    await options.first().waitFor();
    expect(await options.allTextContents()).toEqual(expect.arrayContaining(['webhook', 'slack', 'aria', 'nothing']));
    await page.keyboard.press('Escape');
  });

  it('formats with the Format button', async () => {
    const messy = 'webhook   ci="github-dispatch"\nin project "acme/vision" on run state   failed  ->  webhook ci\n';
    await replaceText(messy);
    await page.locator('#format').click();
    const formatted = format(messy);
    expect(formatted).not.toBe(messy);
    await expect.poll(editorText).toBe(formatted.replace(/\n$/, '\n'));
    expect(await page.locator('#status').textContent()).toBe('Formatted.');
  });

  it('keeps the source in the URL and opens a shared link', async () => {
    const current = await editorText();
    await expect
      .poll(async () => {
        const hash = new URL(page.url()).hash;
        return hash.startsWith('#src=') ? inflateRawSync(Buffer.from(hash.slice(5), 'base64url')).toString('utf8') : '';
      })
      .toBe(current);
    const shared = `${readFileSync(join(root, 'examples/quickstart.wbrules'), 'utf8')}
automation "promote"
on alias "staging" added in collection "acme/vision/weights"
  -> webhook ci { "version": "\${artifact_verison}" }
`;
    const fresh = await browser.context.newPage();
    await fresh.goto(`${url}${shareHash(shared)}`);
    await fresh.locator('body[data-ready="true"]').waitFor();
    page = fresh;
    expect(await editorText()).toBe(shared.replace(/\n$/, '\n'));
    expect(await payloadNames()).toEqual([
      'loss-changes-by-10pct-within-5-webhook-ci',
      'accuracy-floor',
      'run-state-failed-crashed-slack-alerts',
      'promote',
    ]);
    expect(await page.locator('#diagnostics li[data-code="WR3021"] .hint').first().textContent()).toBe(
      'Did you mean "${artifact_version}"?',
    );
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'playground.png') });
    expect(pageErrors).toEqual([]);
  });
});
