import { type Diagnostic, renderDiagnostic } from '@wbrules/dsl';
import { githubAnnotations } from './github.js';
import type { Io } from './io.js';
import type { DiagnosticFormatName } from './options.js';
import { printableJson } from './printable.js';
import { toSarif } from './sarif.js';
import type { Region, SourceTexts } from './source-texts.js';
import { cliVersion } from './version.js';

/** How diagnostics are printed: code frames for people, a JSON array or a SARIF log for tools, workflow commands for GitHub Actions. */
export type DiagnosticFormat = DiagnosticFormatName;

/**
 * The diagnostics to show: with `quiet` only errors; otherwise notes
 * (severity `info`) only when `notes` is set, since one per unnamed rule
 * would bury the errors.
 */
export function shownDiagnostics(
  all: readonly Diagnostic[],
  { notes = false, quiet = false }: { notes?: boolean; quiet?: boolean | undefined },
): readonly Diagnostic[] {
  if (quiet) return all.filter((d) => d.severity === 'error');
  return notes ? all : all.filter((d) => d.severity !== 'info');
}

/**
 * Diagnostics in a format for tools: one document (`json`, `sarif`), or one
 * workflow command per diagnostic (`github`, nothing when there is none);
 * `undefined` for `text`.
 */
export function diagnosticsDocument(
  format: DiagnosticFormat,
  diagnostics: readonly Diagnostic[],
  sources: SourceTexts,
  fallbackFile: string,
): string | undefined {
  if (format === 'json') return jsonText(toJsonDiagnostics(diagnostics, sources, fallbackFile));
  if (format === 'sarif') return jsonText(toSarif(diagnostics, sources, fallbackFile, cliVersion()));
  if (format === 'github') return githubAnnotations(diagnostics, sources, fallbackFile);
  return undefined;
}

/** A diagnostic's related place, as `--format json` prints it. */
export interface JsonRelated extends Region {
  readonly file: string;
  readonly message: string;
}

/**
 * A diagnostic as `--format json` prints it: positions are 1-based, columns
 * count UTF-16 code units (as editors and SARIF do), and the end is exclusive.
 */
export interface JsonDiagnostic extends Region {
  readonly file: string;
  readonly code: string;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly hints: readonly string[];
  readonly related: readonly JsonRelated[];
}

/** The file a diagnostic belongs to (`fallback` when the phase that made it did not say). */
export function diagnosticFile(diagnostic: Diagnostic, fallback: string): string {
  return diagnostic.file ?? fallback;
}

/** Diagnostics in the `--format json` shape, in the order given. */
export function toJsonDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: SourceTexts,
  fallbackFile: string,
): JsonDiagnostic[] {
  return diagnostics.map((d) => {
    const file = diagnosticFile(d, fallbackFile);
    return {
      file,
      ...sources.region(file, d.span),
      code: d.code,
      severity: d.severity,
      message: d.message,
      hints: d.hints ?? [],
      related: (d.related ?? []).map((r) => {
        const relatedFile = r.file ?? file;
        return { file: relatedFile, ...sources.region(relatedFile, r.span), message: r.message };
      }),
    };
  });
}

/** JSON as every command prints it: 2-space indent, no raw control character, and a final newline. */
export function jsonText(value: unknown): string {
  return `${printableJson(JSON.stringify(value, null, 2))}\n`;
}

/** How much text {@link jsonArrayChunks} aims to hand on at a time. */
const chunkChars = 1 << 20;

/** The most items stringified at once, whatever their size. */
const maxBatch = 1 << 16;

const rawInJsonOnce = /[\u007f-\u009f]/;

/**
 * `jsonText(items.map(toJson))`, byte for byte, as pieces of about 1 MB: for
 * large outputs (`compile` of a 5 MB file prints 44 MB) neither the whole
 * text nor a second copy of every item is ever held at once.
 *
 * Items are stringified a batch at a time (as many as make about 1 MB, learnt
 * from the batch before), as an array, so `JSON.stringify` indents them at
 * their depth in the whole array itself: `[\n  a,\n  b\n]`. Each batch's
 * text is handed on without its `\n]` (and, after the first, without its `[`,
 * with a `,` piece before it), as slices of the one string, never copied.
 */
export function* jsonArrayChunks<T>(items: readonly T[], toJson: (item: T) => unknown): Generator<string> {
  if (items.length === 0) {
    yield '[]\n';
    return;
  }
  let count = 1;
  for (let start = 0; start < items.length; ) {
    const end = Math.min(items.length, start + count);
    const batch: unknown[] = new Array(end - start);
    for (let i = start; i < end; i++) batch[i - start] = toJson(items[i] as T);
    let text = JSON.stringify(batch, null, 2);
    // A test first: the scan finds nothing in almost every batch, and then makes no copy.
    if (rawInJsonOnce.test(text)) text = printableJson(text);
    if (start === 0) yield text.slice(0, -2);
    else {
      yield ',';
      yield text.slice(1, -2);
    }
    count = Math.max(1, Math.min(maxBatch, Math.round(((end - start) * chunkChars) / Math.max(text.length, 1))));
    start = end;
  }
  yield '\n]\n';
}

/**
 * Every diagnostic as a code frame (`file:line:col: error[CODE]: message`, the
 * source line, a caret underline, hints), separated by blank lines, then a
 * count such as `2 errors, 1 warning` when there was any error or warning.
 * Notes (severity `info`, such as the name derived for an unnamed rule) are
 * left out unless `notes` is set: one per unnamed rule would bury the errors.
 */
export function renderDiagnostics(
  all: readonly Diagnostic[],
  sources: SourceTexts,
  fallbackFile: string,
  color: boolean,
  { notes = false, quiet = false }: { notes?: boolean; quiet?: boolean | undefined } = {},
): string {
  const diagnostics = shownDiagnostics(all, { notes, quiet });
  if (diagnostics.length === 0) return '';
  const frames = diagnostics.map((d) => {
    const file = diagnosticFile(d, fallbackFile);
    // The file's line index, not its text: one index for all its diagnostics keeps rendering linear.
    return trimEnd(
      renderDiagnostic(d, sources.lineIndex(file), { file, color, sourceOf: (other) => sources.lineIndexOf(other) }),
    );
  });
  const count = countDiagnostics(diagnostics);
  return `${frames.join('\n\n')}\n${count === '' ? '' : `\n${count}\n`}`;
}

/** `2 errors, 1 warning`; empty when there is neither. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
  }
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(', ');
}

/**
 * `--max-warnings`: when there are more warnings than `max`, the line that
 * says so (`wbrules: 3 warnings, more than --max-warnings 0`), for stderr
 * after the diagnostics; the command then fails (exit 1) without writing or
 * sending anything.
 */
export function tooManyWarnings(diagnostics: readonly Diagnostic[], max: number | undefined): string | undefined {
  if (max === undefined) return undefined;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return warnings > max ? `wbrules: ${plural(warnings, 'warning')}, more than --max-warnings ${max}\n` : undefined;
}

/** `1 file`, `2 files`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Prints diagnostics in the chosen format to stderr: code frames (only when
 * there are some), or with `json`/`sarif` always one document, empty
 * included, so a tool can parse stderr unconditionally, or with `github` one
 * workflow command each. With `--quiet` only errors are shown.
 */
export function reportDiagnostics(
  io: Io,
  format: DiagnosticFormat,
  all: readonly Diagnostic[],
  sources: SourceTexts,
  fallbackFile: string,
): void {
  const diagnostics = shownDiagnostics(all, { notes: false, quiet: io.quiet });
  io.stderr(
    diagnosticsDocument(format, diagnostics, sources, fallbackFile) ??
      renderDiagnostics(diagnostics, sources, fallbackFile, io.color),
  );
}

/** Whether any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return text.slice(0, end);
}
