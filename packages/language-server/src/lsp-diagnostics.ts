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
  const hints = d.hints ?? [];
  const related = (d.related ?? []).filter((r) => r.file === undefined || r.file === analysis.uri);
  return {
    range: toRange(analysis.lines, d.span),
    severity: severities[d.severity],
    code: d.code,
    source: diagnosticSource,
    message: [d.message, ...hints.map((h) => `hint: ${h}`)].join('\n'),
    ...(related.length === 0
      ? {}
      : {
          relatedInformation: related.map((r) => ({
            location: { uri: analysis.uri, range: toRange(analysis.lines, r.span) },
            message: r.message,
          })),
        }),
  };
}

/** Every diagnostic of the document, parse and compile, in the compiler's order. */
export function documentDiagnostics(analysis: DocumentAnalysis): Diagnostic[] {
  return analysis.diagnostics
    .filter((d) => d.file === undefined || d.file === analysis.uri)
    .map((d) => toLspDiagnostic(analysis, d));
}
