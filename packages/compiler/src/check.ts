import {
  type Diagnostic,
  type DiagnosticCode,
  diagnosticCodes,
  type Fix,
  type RelatedInformation,
  type Span,
} from '@wbrules/dsl';
import type { ResolvedDocument } from './resolve.js';

/**
 * The checking phase: a list of checks, one invariant each, run by one
 * driver over a resolved file. A check never throws and never stops the
 * others; it reports what it finds through its context.
 */

/** What a check reports; the severity comes from the code table and the file from the context. */
export interface CheckReport {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly hints?: readonly string[];
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
}

/** What a check sees: the resolved file, and a way to report. */
export interface CheckContext {
  readonly resolved: ResolvedDocument;
  report(report: CheckReport): void;
}

/** One checker rule. */
export interface Check {
  /** Kebab-case, the file name under `checks/`. */
  readonly name: string;
  /** The one-sentence invariant the check enforces. */
  readonly invariant: string;
  /** The codes it may report. */
  readonly codes: readonly DiagnosticCode[];
  run(context: CheckContext): void;
}

/** Runs every check over one resolved file; diagnostics in check order, then as each check found them. */
export function runChecks(resolved: ResolvedDocument, checks: readonly Check[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context: CheckContext = {
    resolved,
    report(report) {
      const related = report.related?.map((r) => (r.file === undefined ? { ...r, file: resolved.file } : r));
      diagnostics.push({
        code: report.code,
        severity: diagnosticCodes[report.code].severity,
        message: report.message,
        span: report.span,
        file: resolved.file,
        ...(related === undefined ? {} : { related }),
        ...(report.hints === undefined ? {} : { hints: report.hints }),
        ...(report.fixes === undefined ? {} : { fixes: report.fixes }),
      });
    },
  };
  for (const check of checks) check.run(context);
  return diagnostics;
}

/** A one-edit fix. */
export function replaceFix(title: string, span: Span, newText: string): Fix {
  return { title, edits: [{ span, newText }] };
}
