import { compile } from '@wbrules/compiler';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { hasErrors, jsonText, plural, renderDiagnostics, toJsonDiagnostics } from '../output.js';
import { readSources } from '../read-sources.js';
import { toSarif } from '../sarif.js';
import { cliVersion } from '../version.js';

/** How `check` reports: code frames on stderr, or a JSON array / SARIF log on stdout. */
export type CheckFormat = 'text' | 'json' | 'sarif';

/** Options of `wbrules check`. */
export interface CheckCommandOptions {
  readonly format: CheckFormat;
  /** Fail when there are more warnings than this. */
  readonly maxWarnings?: number;
  /** Also print notes (severity info) in text output. */
  readonly notes?: boolean;
}

/**
 * `wbrules check <files…>`: parses, resolves and checks, and reports the
 * diagnostics; nothing is lowered to output. Diagnostics are `check`'s
 * product, so `--format json|sarif` writes them to stdout (always a complete
 * document, empty included); text goes to stderr like every other command's
 * diagnostics. Exit 1 on any error, or on more warnings than `--max-warnings`.
 */
export function checkCommand(inputs: readonly string[], options: CheckCommandOptions, io: Io): ExitCode {
  const { sources, texts } = readSources(inputs);
  const { diagnostics } = compile(sources);
  const fallback = sources[0]?.file ?? '';
  if (options.format === 'sarif') io.stdout(jsonText(toSarif(diagnostics, texts, fallback, cliVersion())));
  else if (options.format === 'json') io.stdout(jsonText(toJsonDiagnostics(diagnostics, texts, fallback)));
  else io.stderr(renderDiagnostics(diagnostics, texts, fallback, io.color, { notes: options.notes ?? false }));
  if (hasErrors(diagnostics)) return ExitCode.failed;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) {
    io.stderr(`wbrules: ${plural(warnings, 'warning')}, more than --max-warnings ${options.maxWarnings}\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
