import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `@wbrules/language-server/browser` runs in a Web Worker: bundled for the
 * browser with no Node polyfills (esbuild fails on a `node:` import or a
 * Node built-in with `platform: 'browser'`), the bundle names none of
 * Node's globals, and it answers LSP in a context that has only what a
 * worker has (a `vm` context: no `process`, `Buffer`, `setImmediate` or
 * `require`, so a Node global on the path would throw).
 */

const root = join(import.meta.dirname, '../../../..');

/** The browser entry as one classic-worker script, as the playground ships it. */
async function bundleBrowserEntry(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'packages/language-server/src/browser.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    conditions: ['wbrules-source'],
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  expect(result.errors).toEqual([]);
  return (result.outputFiles[0] as { text: string }).text;
}

/** A JSON-RPC message as the worker posts it. */
interface Message {
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

/** The bundle running in a worker-like context, and a client that talks to it. */
function startWorker(bundle: string) {
  const received: Message[] = [];
  const waiters: Array<() => void> = [];
  const worker = {
    onmessage: null as ((event: { data: unknown }) => void) | null,
    addEventListener() {},
    removeEventListener() {},
    postMessage(message: Message) {
      // Through JSON, as structured cloning would copy it out of the worker's realm.
      received.push(JSON.parse(JSON.stringify(message)) as Message);
      for (const wake of waiters.splice(0)) wake();
    },
  };
  const context = createContext({
    self: worker,
    console,
    queueMicrotask,
    setTimeout,
    clearTimeout,
    TextEncoder,
    TextDecoder,
  });
  runInContext(bundle, context);
  let nextId = 1;
  const post = (message: object) => worker.onmessage?.({ data: { jsonrpc: '2.0', ...message } });
  const until = async (test: (m: Message) => boolean): Promise<Message> => {
    for (;;) {
      const found = received.find(test);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    notify: (method: string, params: unknown) => post({ method, params }),
    async request(method: string, params: unknown): Promise<unknown> {
      const id = nextId++;
      post({ id, method, params });
      const answer = await until((m) => m.id === id && m.method === undefined);
      expect(answer.error).toBeUndefined();
      return answer.result;
    },
    until,
  };
}

let bundle: string;

beforeAll(async () => {
  bundle = await bundleBrowserEntry();
}, 30_000);

describe('the browser entry', () => {
  it('bundles for the browser without naming a Node global', () => {
    // Free references only: `timer.setImmediate(...)` (the connection's own scheduler) or
    // `MessageBuffer` are properties and names of vscode-jsonrpc's, not Node's globals.
    const free = (name: string) => new RegExp(`(?<![\\w$.])${name}(?![\\w$])(?!\\([^()]*\\)\\{)`);
    for (const name of ['setImmediate', 'process', 'Buffer', 'require', '__dirname', '__filename']) {
      expect(bundle, name).not.toMatch(free(name));
    }
  });

  it('answers initialize, publishes diagnostics, hovers and completes in a worker-like context', async () => {
    const worker = startWorker(bundle);
    const init = (await worker.request('initialize', { processId: null, rootUri: null, capabilities: {} })) as {
      serverInfo: { name: string };
    };
    expect(init.serverInfo.name).toBe('wbrules-language-server');
    worker.notify('initialized', {});
    const uri = 'inmemory://playground.wbrules';
    const rule = 'on run metric "loss" zscore over 20 < -3 -> webhook cj';
    const text = `webhook ci = "github-dispatch"\nin project "acme/vision"\n${rule}\n`;
    const action = { line: 2, character: rule.indexOf('webhook') };
    worker.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'wbrules', version: 1, text } });
    const published = await worker.until((m) => m.method === 'textDocument/publishDiagnostics');
    expect((published.params as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toContain(
      'WR3019',
    );
    const hover = (await worker.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 9 },
    })) as { contents: { value: string } };
    expect(hover.contents.value).toContain('github-dispatch');
    worker.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: action, end: { line: 2, character: rule.length } }, text: '' }],
    });
    const items = (await worker.request('textDocument/completion', {
      textDocument: { uri },
      position: action,
    })) as { label: string }[] | { items: { label: string }[] };
    const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(['webhook', 'slack', 'aria', 'nothing']));
  });
});
