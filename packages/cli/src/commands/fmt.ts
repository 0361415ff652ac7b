import { type Diagnostic, format, parse } from '@wbrules/dsl';
import { ExitCode, UsageError } from '../exit-code.js';
import { expandInputs, readInput, writeFileAtomic } from '../files.js';
import type { Io } from '../io.js';
import { plural, renderDiagnostics } from '../output.js';
import { SourceTexts } from '../source-texts.js';

/** Options of `wbrules fmt`. `check` and `write` exclude each other (commander enforces it). */
export interface FmtCommandOptions {
  /** List files that are not formatted; change nothing. */
  readonly check?: boolean;
  /** Rewrite files that are not formatted, in place and atomically. */
  readonly write?: boolean;
}

/**
 * `wbrules fmt [--check | --write] <files…>`. Without a flag, prints one
 * file formatted to stdout (`-` reads stdin). A file with syntax errors is
 * never formatted, let alone rewritten: its errors are reported and the exit
 * code is 1. Only errors are reported (warnings are `check`'s business).
 * Files already in canonical form are not rewritten, so their mtime stays.
 */
export function fmtCommand(inputs: readonly string[], options: FmtCommandOptions, io: Io): ExitCode {
  const inPlace = options.check === true || options.write === true;
  const paths = expandInputs(inputs, {
    allowStdin: options.write !== true,
    stdinRefusal: 'standard input ("-") cannot be rewritten; "wbrules fmt -" prints it formatted',
  });
  if (!inPlace && paths.length > 1) {
    throw new UsageError(`formatting ${paths.length} files needs --write (rewrite them) or --check (list them)`);
  }
  const sources = new SourceTexts();
  const errors: Diagnostic[] = [];
  const unformatted: string[] = [];
  for (const path of paths) {
    const source = readInput(path);
    sources.add(source.file, source.text);
    const fileErrors = parse(source.text, { file: source.file }).diagnostics.filter((d) => d.severity === 'error');
    if (fileErrors.length > 0) {
      errors.push(...fileErrors);
      continue;
    }
    const formatted = format(source.text);
    if (!inPlace) io.stdout(formatted);
    else if (formatted !== source.text) {
      unformatted.push(source.file);
      if (options.write) writeFileAtomic(path, formatted);
    }
  }
  io.stderr(renderDiagnostics(errors, sources, paths[0] ?? '', io.color));
  if (options.check && unformatted.length > 0) {
    const list = unformatted.map((file) => `${file}: not formatted\n`).join('');
    io.stderr(`${list}${plural(unformatted.length, 'file')} not formatted; run "wbrules fmt --write" to fix\n`);
  }
  if (errors.length > 0) return ExitCode.failed;
  return options.check && unformatted.length > 0 ? ExitCode.failed : ExitCode.ok;
}
