import { checkDocument, duplicateNameDiagnostics, type ResolvedDocument, type ResolvedRule } from '@wbrules/compiler';
import { type Diagnostic, LineIndex, type ParseResult } from '@wbrules/dsl';
import { IncrementalParser } from './incremental-parser.js';

/** Everything the handlers read about one version of a document. */
export interface DocumentAnalysis {
  /** The document's URI (also the file name its diagnostics carry). */
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly parsed: ParseResult;
  /** The compiler's resolution: each rule's scope, integration and automation name. */
  readonly resolved: ResolvedDocument;
  /** Every diagnostic `compileDocument` reports for the text, in its order. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The compiler's order for one file's diagnostics (see `compile.ts`): by
 * start, then end, then code.
 */
function byPlace(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);
}

/**
 * One open document. Each new text goes through the incremental parser and
 * then the compiler's checking entry points, the phases `compileDocument`
 * runs before lowering (resolution, the checks, duplicate names). Lowering
 * every rule on every keystroke would double the cost of a re-analysis and
 * adds no diagnostic, so it happens per rule, when hover asks for one. A
 * test holds these diagnostics equal to `compileDocument`'s.
 */
export class DocumentState {
  private readonly parser: IncrementalParser;
  private current: DocumentAnalysis | undefined;

  constructor(readonly uri: string) {
    this.parser = new IncrementalParser(uri);
  }

  /** The analysis of `text`, reusing what the previous text's analysis allows. */
  update(text: string): DocumentAnalysis {
    if (this.current !== undefined && this.current.text === text) return this.current;
    const parsed = this.parser.update(text);
    const { resolved, diagnostics: checked } = checkDocument(this.uri, parsed);
    const diagnostics = [
      ...checked,
      ...duplicateNameDiagnostics(resolved.rules.map((rule) => ({ file: this.uri, rule }))),
    ].sort(byPlace);
    this.current = { uri: this.uri, text, lines: new LineIndex(text), parsed, resolved, diagnostics };
    return this.current;
  }

  /** Characters the last update re-parsed. */
  lastParsedChars(): number {
    return this.parser.stats().parsedChars;
  }
}

/** Analyses a text from scratch (tests, one-off requests). */
export function analyzeText(uri: string, text: string): DocumentAnalysis {
  return new DocumentState(uri).update(text);
}

/** The resolved rule whose source span holds `offset` (a cursor right after a rule still counts). */
export function ruleAt(analysis: DocumentAnalysis, offset: number): ResolvedRule | undefined {
  return analysis.resolved.rules.find((r) => r.rule.span.start <= offset && offset <= r.rule.span.end);
}
