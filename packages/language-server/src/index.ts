/**
 * `@wbrules/language-server` — the `.wbrules` language server. The handlers
 * are plain functions over a document analysis (so tests and other hosts can
 * call them without a connection); `startServer` wires them to LSP over
 * any connection. `./browser` starts it in a Web Worker; the `--stdio`
 * command is `main.ts`.
 */
export { codeActions } from './code-actions.js';
export { completion } from './completion.js';
export { analyzeText, type DocumentAnalysis, DocumentState, ruleAt } from './document-analysis.js';
export { documentSymbols } from './document-symbols.js';
export { decodeEventFilter, prettyJson, prettyPayload } from './event-filter-view.js';
export { formatDocument } from './formatting.js';
export { hover } from './hover.js';
export { IncrementalParser, type IncrementalStats } from './incremental-parser.js';
export {
  integrationDefinition,
  type IntegrationNameAt,
  integrationNameAt,
  integrationReferences,
  integrationUses,
} from './integration-references.js';
export { diagnosticSource, documentDiagnostics, toLspDiagnostic } from './lsp-diagnostics.js';
export { toOffset, toPosition, toRange } from './positions.js';
export { serverCapabilities, serverInfo, startServer } from './server.js';
export { shiftSpans } from './shift-spans.js';
