/**
 * `@wbrules/language-server/browser` — the language server in a Web
 * Worker. Loading this module in a worker starts the server on the
 * worker's own message channel: the page talks LSP to it with
 * `worker.postMessage` (one JSON-RPC message per call, no headers), as
 * `vscode-jsonrpc/browser`'s reader and writer do. The server is the one the
 * `--stdio` command runs; nothing on its path needs Node.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { startServer } from './server.js';

/** The worker's global scope (typed by what the reader accepts: this package compiles without the DOM lib). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

startServer(createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self)));
