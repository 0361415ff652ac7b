import { parse } from '@wbrules/dsl';
import { ExitCode } from '../exit-code.js';
import { writeFileAtomic } from '../files.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics } from '../output.js';
import { readSources } from '../read-sources.js';

/** Options of `wbrules parse`. */
export interface ParseCommandOptions {
  /** Print the AST as JSON instead of the summary line. */
  readonly json?: boolean;
  /** Write the output here instead of stdout. */
  readonly output?: string;
  readonly format: DiagnosticFormat;
}

/**
 * `wbrules parse <files…>`: parses files (directories give their `*.wbrules`
 * files; `-` reads stdin). For one file it prints `ok: N items` when it parses
 * without errors, or with `--json` the AST (also the partial one recovery
 * produced when there are errors, for tools); for a directory or several, one
 * `FILE: ok: N items` line each, or with `--json` an array of `{file, ast}`.
 * Diagnostics go to stderr; exit 1 when any is an error.
 */
export function parseCommand(inputs: readonly string[], options: ParseCommandOptions, io: Io): ExitCode {
  const { sources, texts } = readSources(inputs, { allowStdin: true });
  const parsed = sources.map((source) => ({ file: source.file, ...parse(source.text, { file: source.file }) }));
  const diagnostics = parsed.flatMap((p) => p.diagnostics);
  // One file named as such prints as it always has; a directory or several files name each file.
  const named = inputs.length === 1 && (inputs[0] === '-' || sources[0]?.file === inputs[0]);
  const single = named ? parsed[0] : undefined;
  let out = '';
  if (options.json === true) {
    out = jsonText(single !== undefined ? single.ast : parsed.map((p) => ({ file: p.file, ast: p.ast })));
  } else if (single !== undefined) {
    if (!hasErrors(single.diagnostics)) out = `ok: ${plural(single.ast.items.length, 'item')}\n`;
  } else {
    out = parsed
      .filter((p) => !hasErrors(p.diagnostics))
      .map((p) => `${printable(p.file)}: ok: ${plural(p.ast.items.length, 'item')}\n`)
      .join('');
  }
  if (options.output !== undefined) writeFileAtomic(options.output, out);
  else io.stdout(out);
  reportDiagnostics(io, options.format, diagnostics, texts, sources[0]?.file ?? '');
  return hasErrors(diagnostics) ? ExitCode.failed : ExitCode.ok;
}
