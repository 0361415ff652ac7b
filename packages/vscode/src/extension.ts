import { join } from 'node:path';
import type { ExtensionContext } from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

/**
 * The VS Code side of wbrules: starts the bundled language server
 * (`dist/server.cjs`, the same file as `wbrules-language-server`) over stdio
 * for `.wbrules` documents. Highlighting, comments and brackets are
 * declared in package.json and need no code.
 */

let client: LanguageClient | undefined;

/** Called by VS Code when a `.wbrules` document opens. */
export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(join('dist', 'server.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = { documentSelector: [{ language: 'wbrules' }] };
  client = new LanguageClient('wbrules', 'wbrules language server', serverOptions, clientOptions);
  await client.start();
}

/** Called by VS Code on shutdown: stops the server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
