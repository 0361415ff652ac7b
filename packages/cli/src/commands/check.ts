import { checkFiles } from '@wbrules/runtime/files';
import { ExitCode } from '../exit-code.js';
import { cliError } from '../files.js';
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
import { SourceTexts } from '../source-texts.js';

/** How `check` reports: code frames, a JSON array or a SARIF log, on stdout. */
export type CheckFormat = DiagnosticFormatName;

/** Options of `wbrules check`. */
export interface CheckCommandOptions {
  readonly format: CheckFormat;
  /** Fail when there are more warnings than this. */
  readonly maxWarnings?: number;
  /** Also report notes (severity info), in every format. */
  readonly notes?: boolean;
  /** `--stdin-filename`: the name standard input (`-`) is reported under. */
  readonly stdinFilename?: string;
}

/**
 * `wbrules check <files…>`: reads them with `checkFiles` (the API of
 * `@wbrules/runtime/files`, so both report the same), parses, resolves and checks, and reports the
 * diagnostics; nothing is lowered to output. Diagnostics are `check`'s
 * product, so they go to stdout in every format (`json`/`sarif`: always a
 * complete document, empty included). On success a one-line summary goes to
 * stderr (`checked 3 files: 12 rules, 0 errors, 0 warnings`) unless
 * `--quiet`. Exit 1 on any error, or on more warnings than `--max-warnings`.
 */
export function checkCommand(inputs: readonly string[], options: CheckCommandOptions, io: Io): ExitCode {
  const { files, diagnostics, texts: read, rules } = checkInputs(inputs, options.stdinFilename);
  const texts = SourceTexts.of(read);
  const fallback = files[0] ?? '';
  const shown = shownDiagnostics(diagnostics, { notes: options.notes ?? false, quiet: io.quiet });
  const document = diagnosticsDocument(options.format, shown, texts, fallback);
  if (document !== undefined) io.stdout(document);
  // Nothing to show: not even whether stdout is a terminal is asked (finding out makes Node's stream for it).
  else if (shown.length > 0)
    io.stdout(renderDiagnostics(shown, texts, fallback, io.stdoutColor === true, { notes: true }));
  if (hasErrors(diagnostics)) return ExitCode.failed;
  const tooMany = tooManyWarnings(diagnostics, options.maxWarnings);
  if (tooMany !== undefined) {
    io.stderr(tooMany);
    return ExitCode.failed;
  }
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (io.quiet !== true) {
    const ruleCount = plural(rules, 'rule');
    io.stderr(`checked ${plural(files.length, 'file')}: ${ruleCount}, 0 errors, ${plural(warnings, 'warning')}\n`);
  }
  return ExitCode.ok;
}

/** {@link checkFiles} with its errors as the CLI reports them. */
function checkInputs(inputs: readonly string[], stdinFilename: string | undefined): ReturnType<typeof checkFiles> {
  try {
    return checkFiles(inputs, stdinFilename === undefined ? {} : { stdinFilename });
  } catch (error) {
    throw cliError(error);
  }
}
