import type { Diagnostic as WbrulesDiagnostic } from '@wbrules/dsl';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { DocumentAnalysis } from './document-analysis.js';
import { toRange } from './positions.js';

const severities = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** The name clients show as each diagnostic's source. */
export const diagnosticSource = 'wbrules';

/**
 * A toolchain diagnostic as an LSP diagnostic: its code, its span as a range,
 * its related places as related information, and its hints as lines under
 * the message (editors show related information only on demand, hints
 * belong with the problem).
 */
export function toLspDiagnostic(analysis: DocumentAnalysis, d: WbrulesDiagnostic): Diagnostic {
  // Run on every diagnostic after every keystroke: no intermediate arrays or spreads.
  let message = d.message;
  if (d.hints !== undefined) for (const hint of d.hints) message += `\nhint: ${hint}`;
  const diagnostic: Diagnostic = {
    range: toRange(analysis.lines, d.span),
    severity: severities[d.severity],
    code: d.code,
    source: diagnosticSource,
    message,
  };
  if (d.related !== undefined) {
    const related = d.related.filter((r) => r.file === undefined || r.file === analysis.uri);
    if (related.length > 0) {
      diagnostic.relatedInformation = related.map((r) => ({
        location: { uri: analysis.uri, range: toRange(analysis.lines, r.span) },
        message: r.message,
      }));
    }
  }
  return diagnostic;
}

/** Every diagnostic of the document, parse and compile, in the compiler's order. */
export function documentDiagnostics(analysis: DocumentAnalysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of analysis.diagnostics) {
    if (d.file === undefined || d.file === analysis.uri) out.push(toLspDiagnostic(analysis, d));
  }
  return out;
}
