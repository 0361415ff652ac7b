import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';

/**
 * A minimal LSP client for tests: spawns the real bundled server with
 * `node <bin> --stdio` and talks JSON-RPC to it, recording every
 * notification the server sends.
 */

const root = join(import.meta.dirname, '../../../..');
/** The server bundle, as the package's `bin` names it. */
export const serverBin = join(root, 'packages/language-server/dist/wbrules-language-server.cjs');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Rebuilds the bundle when a source it is made from is newer (running vitest without `pnpm build`). */
export async function ensureServerBundle(): Promise<void> {
  const sources = ['packages/language-server/src', 'packages/dsl/src', 'packages/compiler/src'].map((d) =>
    newestSource(join(root, d)),
  );
  if (existsSync(serverBin) && statSync(serverBin).mtimeMs >= Math.max(...sources)) return;
  const script = join(root, 'scripts/build-extras.mjs');
  const { bundleLanguageServer } = (await import(script)) as { bundleLanguageServer: () => Promise<void> };
  await bundleLanguageServer();
}

/** A notification the server sent. */
export interface Notification {
  readonly method: string;
  readonly params: unknown;
}

/** A running server and the connection to it. */
export interface LspSession {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  readonly notifications: Notification[];
  /** Resolves with the params of the next notification of `method` that satisfies `test`. */
  next<T>(method: string, test?: (params: T) => boolean): Promise<T>;
  /** Sends shutdown and exit; resolves with the process's exit code. */
  close(): Promise<number | null>;
}

/** Spawns `node <bin> ...args` (default `--stdio`) and connects to it. */
export function spawnServer(bin = serverBin, args = ['--stdio']): LspSession {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const notifications: Notification[] = [];
  const waiters: { method: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  connection.onNotification((method, params) => {
    notifications.push({ method, params });
    const i = waiters.findIndex((w) => w.method === method && w.test(params));
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(params);
  });
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    connection,
    notifications,
    next<T>(method: string, test: (params: T) => boolean = () => true): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} notification within 10 s`)), 10_000);
        waiters.push({
          method,
          test: test as (p: unknown) => boolean,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p as T);
          },
        });
      });
    },
    async close() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}
