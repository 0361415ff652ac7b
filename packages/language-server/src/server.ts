import {
  CodeActionKind,
  type Connection,
  type InitializeResult,
  RAL,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './code-actions.js';
import { completion } from './completion.js';
import { type DocumentAnalysis, DocumentState } from './document-analysis.js';
import { documentSymbols } from './document-symbols.js';
import { formatDocument } from './formatting.js';
import { hover } from './hover.js';
import { integrationDefinition, integrationReferences } from './integration-references.js';
import { documentDiagnostics } from './lsp-diagnostics.js';
import { packageVersion } from './package-version.js';
import { toOffset } from './positions.js';

/** The server's name and version, as `initialize` reports them. */
export const serverInfo = { name: 'wbrules-language-server', version: packageVersion } as const;

/** What the server can do, as `initialize` answers. */
export const serverCapabilities: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: { triggerCharacters: ['.', '{'] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  documentSymbolProvider: true,
  documentFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

/**
 * Wires the handlers to a connection. Documents are synced incrementally;
 * each change schedules one analysis per document (a burst of keystrokes
 * is analysed once) that publishes its diagnostics, and every request
 * analyses the document's current text first if it is stale. A handler
 * that throws (a bug) answers `null` and logs instead of killing the server.
 * Any connection will do: `main.ts` makes one over stdio, `browser.ts` one
 * over a Web Worker's messages; nothing here needs Node.
 */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const pending = new Set<string>();

  const analysisOf = (uri: string): DocumentAnalysis | undefined => {
    const document = documents.get(uri);
    if (document === undefined) return undefined;
    let state = states.get(uri);
    if (state === undefined) {
      state = new DocumentState(uri);
      states.set(uri, state);
    }
    return state.update(document.getText());
  };

  const guarded =
    <P, R>(name: string, handler: (analysis: DocumentAnalysis, params: P) => R) =>
    (params: P & { textDocument: { uri: string } }): R | null => {
      try {
        const analysis = analysisOf(params.textDocument.uri);
        return analysis === undefined ? null : handler(analysis, params);
      } catch (error) {
        connection.console.error(
          `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return null;
      }
    };

  const publish = (uri: string) => {
    pending.delete(uri);
    try {
      const analysis = analysisOf(uri);
      if (analysis === undefined) return;
      const document = documents.get(uri);
      void connection.sendDiagnostics({
        uri,
        ...(document === undefined ? {} : { version: document.version }),
        diagnostics: documentDiagnostics(analysis),
      });
    } catch (error) {
      connection.console.error(
        `diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  };

  connection.onInitialize((): InitializeResult => ({ capabilities: serverCapabilities, serverInfo }));
  documents.onDidChangeContent(({ document }) => {
    if (pending.has(document.uri)) return;
    pending.add(document.uri);
    // The connection's own scheduler (Node's `setImmediate` over stdio, a
    // queued microtask in a Web Worker): the analysis runs after the
    // message being handled, in the order the connection processes its queue.
    RAL().timer.setImmediate(() => publish(document.uri));
  });
  documents.onDidClose(({ document }) => {
    states.delete(document.uri);
    pending.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });
  connection.onCompletion(guarded('completion', (a, p) => completion(a, p.position)));
  connection.onHover(guarded('hover', (a, p) => hover(a, p.position)));
  connection.onDefinition(guarded('definition', (a, p) => integrationDefinition(a, toOffset(a.lines, p.position))));
  connection.onReferences(
    guarded('references', (a, p) =>
      integrationReferences(a, toOffset(a.lines, p.position), p.context.includeDeclaration),
    ),
  );
  connection.onDocumentSymbol(guarded('documentSymbol', (a) => documentSymbols(a)));
  connection.onDocumentFormatting(guarded('formatting', (a) => formatDocument(a)));
  connection.onCodeAction(guarded('codeAction', (a, p) => codeActions(a, p.range)));
  documents.listen(connection);
  connection.listen();
}
