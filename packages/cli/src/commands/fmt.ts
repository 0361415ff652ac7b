import { applyInsertions, ruleNameInsertions } from '@wbrules/compiler';
import { type Diagnostic, format, parse } from '@wbrules/dsl';
import { ExitCode, UsageError } from '../exit-code.js';
import { expandInputs, readInput, rewriteFile, WriteError } from '../files.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';
import { plural, renderDiagnostics } from '../output.js';
import { SourceTexts } from '../source-texts.js';

/** Options of `wbrules fmt`. `check` and `write` exclude each other (commander enforces it). */
export interface FmtCommandOptions {
  /** List files that are not formatted; change nothing. */
  readonly check?: boolean;
  /** Rewrite files that are not formatted, in place (atomically unless hard-linked). */
  readonly write?: boolean;
  /** Also add `automation "NAME"` (its derived name) to each rule without one. */
  readonly nameRules?: boolean;
  /** `--stdin-filename`: the name standard input (`-`) is reported under. */
  readonly stdinFilename?: string;
}

/**
 * `wbrules fmt [--check | --write] <files…>`. Without a flag, prints one
 * file formatted to stdout (`-` reads stdin), always with `\n` line breaks
 * and no byte order mark. A file with syntax errors is never formatted, let
 * alone rewritten: its errors are reported and the exit code is 1. Only
 * errors are reported (warnings are `check`'s business).
 *
 * In place, a file keeps its byte order mark and its line breaks (those of
 * its first line), and is compared with the canonical layout in that style,
 * so a formatted CRLF file is formatted. Files already in canonical form are
 * not rewritten, so their mtime stays. Every file is read before any is
 * rewritten; one that cannot be rewritten (read-only, say) is listed at the
 * end and the others are still rewritten (exit 1).
 *
 * `--name-rules` also pins each derived name: a rule without `automation
 * "NAME"` gets the name it already has, so editing it later updates the
 * same automation by name. Its compiled `input` does not change.
 */
export function fmtCommand(inputs: readonly string[], options: FmtCommandOptions, io: Io): ExitCode {
  const inPlace = options.check === true || options.write === true;
  const paths = expandInputs(inputs, {
    allowStdin: options.write !== true,
    stdinRefusal: 'standard input ("-") cannot be rewritten; "wbrules fmt -" prints it formatted',
    ...(options.stdinFilename === undefined ? {} : { stdinFilename: options.stdinFilename }),
  });
  if (!inPlace && paths.length > 1) {
    throw new UsageError(`formatting ${paths.length} files needs --write (rewrite them) or --check (list them)`);
  }
  const sources = new SourceTexts();
  // All read first, so an unreadable file stops the command before anything is rewritten.
  const inputFiles = paths.map((path) => {
    const source = readInput(path, options);
    sources.add(source.file, source.text);
    return { path, source };
  });
  const errors: Diagnostic[] = [];
  const unformatted: string[] = [];
  const unwritten: string[] = [];
  for (const { path, source } of inputFiles) {
    const { ast, diagnostics } = parse(source.text, { file: source.file });
    const fileErrors = diagnostics.filter((d) => d.severity === 'error');
    if (fileErrors.length > 0) {
      for (const e of fileErrors) errors.push(e);
      continue;
    }
    const formatted = options.nameRules === true ? formatNamed(source.text, ast) : format(ast, { source: source.text });
    if (!inPlace) {
      io.stdout(formatted);
      continue;
    }
    const lineBreak = lineBreakOf(source.text);
    const expected = lineBreak === '\n' ? formatted : formatted.replaceAll('\n', lineBreak);
    if (expected === source.text) continue;
    unformatted.push(source.file);
    if (!options.write) continue;
    try {
      rewriteFile(path, source.bom === true ? `\ufeff${expected}` : expected);
    } catch (error) {
      if (!(error instanceof WriteError)) throw error;
      unwritten.push(`${printable(source.file)}: not rewritten: ${printable(error.reason)}\n`);
    }
  }
  io.stderr(renderDiagnostics(errors, sources, paths[0] ?? '', io.color));
  if (options.check && unformatted.length > 0) {
    const list = unformatted.map((file) => `${printable(file)}: not formatted\n`).join('');
    io.stderr(`${list}${plural(unformatted.length, 'file')} not formatted; run "wbrules fmt --write" to fix\n`);
  }
  if (unwritten.length > 0) io.stderr(`${unwritten.join('')}${plural(unwritten.length, 'file')} not rewritten\n`);
  if (errors.length > 0 || unwritten.length > 0) return ExitCode.failed;
  return options.check && unformatted.length > 0 ? ExitCode.failed : ExitCode.ok;
}

/** `text` with every unnamed rule named (its derived name), formatted. */
function formatNamed(text: string, ast: ReturnType<typeof parse>['ast']): string {
  const insertions = ruleNameInsertions(ast);
  if (insertions.length === 0) return format(ast, { source: text });
  const named = applyInsertions(text, insertions);
  return format(parse(named).ast, { source: named });
}

/**
 * The line break a file uses: that of its first line (a file that mixes them
 * is made uniform), `\n` when it has a single line.
 */
function lineBreakOf(text: string): '\n' | '\r\n' {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}
