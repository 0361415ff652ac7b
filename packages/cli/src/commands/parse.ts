import { parse } from '@wbrules/dsl';
import { ExitCode } from '../exit-code.js';
import { readInput } from '../files.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics } from '../output.js';
import { SourceTexts } from '../source-texts.js';

/** Options of `wbrules parse`. */
export interface ParseCommandOptions {
  /** Print the AST as JSON instead of the summary line. */
  readonly json?: boolean;
  readonly format: DiagnosticFormat;
}

/**
 * `wbrules parse <file|->`: parses one file (`-` reads stdin). Prints
 * `ok: N items` on stdout when it parses without errors, or with `--json` the
 * AST (also the partial one recovery produced when there are errors, for
 * tools). Diagnostics go to stderr; exit 1 when any is an error.
 */
export function parseCommand(input: string, options: ParseCommandOptions, io: Io): ExitCode {
  const source = readInput(input);
  const sources = new SourceTexts();
  sources.add(source.file, source.text);
  const { ast, diagnostics } = parse(source.text, { file: source.file });
  const failed = hasErrors(diagnostics);
  if (options.json) io.stdout(jsonText(ast));
  else if (!failed) io.stdout(`ok: ${plural(ast.items.length, 'item')}\n`);
  reportDiagnostics(io, options.format, diagnostics, sources, source.file);
  return failed ? ExitCode.failed : ExitCode.ok;
}
