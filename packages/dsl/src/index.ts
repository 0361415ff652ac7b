/**
 * `@wbrules/dsl` — the `.wbrules` language: lexer, parser, typed AST,
 * formatter, visitor and diagnostics. Browser-safe: no Node.js imports.
 */
export type * from './ast.js';
export type { Diagnostic, Fix, RelatedInformation, Severity, TextEdit } from './diagnostic.js';
export { type DiagnosticCode, diagnosticCodes } from './diagnostic-codes.js';
export { decodeJsonString, isJsonNumber, tokenize, type LexResult } from './lexer.js';
export { maxNestingDepth } from './fast-parser.js';
export { percentToFraction } from './percent-to-fraction.js';
export {
  grammarParser,
  type ParsedChunk,
  type ParseOptions,
  type ParseResult,
  parse,
  parseInChunks,
} from './parse.js';
export { LineIndex, type LineColumn } from './source-location.js';
export { contextualWordNames, keywordNames, type KeywordName } from './tokens.js';
export { grammarEbnf } from './grammar-ebnf.js';
export { grammarDiagramsHtml } from './grammar-diagrams.js';
export { grammarLookaheadSource } from './grammar-lookahead-source.js';
export { equalIgnoringSpans, stripSpans } from './ast-equality.js';
export { format, formatLineWidth, type FormatOptions } from './format.js';
export { ansi, painter } from './ansi.js';
export { renderDiagnostic, tabWidth, type RenderOptions } from './render-diagnostic.js';
export {
  type ChildKey,
  childKeys,
  childKeysComplete,
  childrenOf,
  type KindVisitor,
  type NodeOfKind,
  nodeAt,
  nodePathAt,
  type UnlistedChildKeys,
  type VisitFns,
  type Visitor,
  visit,
} from './visitor.js';
