import type { Diagnostic, DiagnosticCode } from '@wbrules/dsl';
import { noSpan } from './decompile-ast.js';

/** The part of a written rule a diagnostic is about: its scope (`in SCOPE`) or its integration declaration. */
export type DiagnosticAnchor = 'scope' | 'integration';

/**
 * The diagnostics of decompiling one payload. A payload has no source text,
 * so spans are empty and every message names the automation it is about.
 *
 * Two kinds of problem: `unsupported` means no rule can reproduce the
 * payload, so none is produced (never a silently different rule);
 * `placeholder` means a rule is produced but a name is missing, and the
 * source holds a visible placeholder that does not compile.
 */
export class DecompileReport {
  readonly diagnostics: Diagnostic[] = [];
  /** What in the written source each placeholder diagnostic is about, so `decompileAll` can point at it. */
  readonly anchors = new Map<Diagnostic, DiagnosticAnchor>();
  private blocked = false;
  /** The automation's name once read, for messages. */
  automation: string | undefined;

  /** True once a problem rules out producing a rule. */
  get failed(): boolean {
    return this.blocked;
  }

  /** How messages name the automation. */
  get subject(): string {
    return this.automation === undefined ? 'the automation' : `automation ${JSON.stringify(this.automation)}`;
  }

  /** No rule can reproduce the payload: `detail` says what the language cannot express. */
  unsupported(code: DiagnosticCode, detail: string, hints?: readonly string[]): void {
    this.blocked = true;
    this.push(code, 'error', `${this.subject} cannot be written as a rule: ${detail}`, hints);
  }

  /** A rule is produced with a visible placeholder (in its scope or its integration) where `detail` says a name is missing. */
  placeholder(anchor: DiagnosticAnchor, code: DiagnosticCode, detail: string, hints?: readonly string[]): void {
    this.anchors.set(this.push(code, 'error', `${this.subject}: ${detail}`, hints), anchor);
  }

  /** A rule is produced and reproduces the payload, but something about its scope or integration deserves a look. */
  warning(anchor: DiagnosticAnchor, code: DiagnosticCode, detail: string, hints?: readonly string[]): void {
    this.anchors.set(this.push(code, 'warning', `${this.subject}: ${detail}`, hints), anchor);
  }

  private push(
    code: DiagnosticCode,
    severity: Diagnostic['severity'],
    message: string,
    hints?: readonly string[],
  ): Diagnostic {
    const diagnostic: Diagnostic =
      hints === undefined || hints.length === 0
        ? { code, severity, message, span: noSpan }
        : { code, severity, message, span: noSpan, hints };
    this.diagnostics.push(diagnostic);
    return diagnostic;
  }
}
