import type { Diagnostic, DiagnosticCode } from '@wbrules/dsl';
import { noSpan } from './ast.js';

/** How to give the names a bare payload's IDs stand for (the command line's words: the CLI is where payload files are decompiled). */
export const idsAdvice =
  'pass --ids ids.json (written by "wbrules resolve") or decompile "wbrules compile" output, which carries the names';

/** How to give the names of a payload that has no ID at all (`wbrules compile` without `--ids` leaves them out). */
export const entryAdvice = 'decompile the "wbrules compile" output it came from, which carries the names';

/** The part of a written rule a diagnostic is about: its scope (`in SCOPE`) or its integration declaration. */
export type DiagnosticAnchor = 'scope' | 'integration';

/**
 * The diagnostics of decompiling one payload. A payload has no source text,
 * so spans are empty and every message names the automation it is about.
 *
 * Two kinds of problem: `unsupported` means no rule can reproduce the
 * payload, so none is produced (never a silently different rule);
 * `placeholder` means a rule is produced but a name is missing: the rule
 * holds a visible placeholder that does not compile, and `decompileAll`
 * writes it commented out, so nothing that could be decompiled is lost and
 * no source is written that would fail later.
 */
export class DecompileReport {
  readonly diagnostics: Diagnostic[] = [];
  /** What in the written source each placeholder diagnostic is about, so `decompileAll` can point at it. */
  readonly anchors = new Map<Diagnostic, DiagnosticAnchor>();
  private blocked = false;
  /** The automation's name once read, for messages. */
  automation: string | undefined;
  /** What each placeholder stands for (the `detail` of each {@link placeholder} call), for the comment above the rule. */
  readonly missing: string[] = [];

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

  /**
   * A rule is produced with a visible placeholder (in its scope or its
   * integration) where `detail` says a name is missing; `advice` says how
   * to supply it.
   */
  placeholder(anchor: DiagnosticAnchor, code: DiagnosticCode, detail: string, advice?: string): void {
    this.missing.push(detail);
    const message = advice === undefined ? `${this.subject}: ${detail}` : `${this.subject}: ${detail}; ${advice}`;
    this.anchors.set(this.push(code, 'error', message), anchor);
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
