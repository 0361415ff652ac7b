import type { Span } from './ast.js';
import type { DiagnosticCode } from './diagnostic-codes.js';

/** How serious a diagnostic is. Errors stop compilation; warnings do not. */
export type Severity = 'error' | 'warning' | 'info';

/** Another place in the sources that explains a diagnostic (a conflicting declaration). */
export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
  /** The file of the related span, when it differs from the diagnostic's. */
  readonly file?: string;
}

/** A text edit that fixes a diagnostic: replace `span` with `newText`. */
export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

/** A named fix (an editor shows it as a quick fix). */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/**
 * A problem found in a source file. `message` is one sentence with names
 * quoted; suggestions ("did you mean ...") go in `hints`.
 */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly file?: string;
  readonly related?: readonly RelatedInformation[];
  readonly hints?: readonly string[];
  readonly fixes?: readonly Fix[];
}
