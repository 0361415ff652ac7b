import { compile } from '@wbrules/compiler';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import {
  diagnosticsDocument,
  hasErrors,
  plural,
  renderDiagnostics,
  shownDiagnostics,
  tooManyWarnings,
} from '../output.js';
import type { DiagnosticFormatName } from '../options.js';
import { readSources } from '../read-sources.js';

/** How `check` reports: code frames, a JSON array or a SARIF log, on stdout. */
export type CheckFormat = DiagnosticFormatName;

/** Options of `wbrules check`. */
export interface CheckCommandOptions {
  readonly format: CheckFormat;
  /** Fail when there are more warnings than this. */
  readonly maxWarnings?: number;
  /** Also report notes (severity info), in every format. */
  readonly notes?: boolean;
}

/**
 * `wbrules check <files…>`: parses, resolves and checks, and reports the
 * diagnostics; nothing is lowered to output. Diagnostics are `check`'s
 * product, so they go to stdout in every format (`json`/`sarif`: always a
 * complete document, empty included). On success a one-line summary goes to
 * stderr (`checked 3 files: 12 rules, 0 errors, 0 warnings`) unless
 * `--quiet`. Exit 1 on any error, or on more warnings than `--max-warnings`.
 */
export function checkCommand(inputs: readonly string[], options: CheckCommandOptions, io: Io): ExitCode {
  const { sources, texts } = readSources(inputs);
  const { automations, diagnostics } = compile(sources);
  const fallback = sources[0]?.file ?? '';
  const shown = shownDiagnostics(diagnostics, { notes: options.notes ?? false, quiet: io.quiet });
  io.stdout(
    diagnosticsDocument(options.format, shown, texts, fallback) ??
      renderDiagnostics(shown, texts, fallback, io.stdoutColor === true, { notes: true }),
  );
  if (hasErrors(diagnostics)) return ExitCode.failed;
  const tooMany = tooManyWarnings(diagnostics, options.maxWarnings);
  if (tooMany !== undefined) {
    io.stderr(tooMany);
    return ExitCode.failed;
  }
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (io.quiet !== true) {
    const rules = plural(automations.length, 'rule');
    io.stderr(`checked ${plural(sources.length, 'file')}: ${rules}, 0 errors, ${plural(warnings, 'warning')}\n`);
  }
  return ExitCode.ok;
}
