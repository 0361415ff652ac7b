import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic } from '@wbrules/dsl';
import { diagnosticFile } from './output.js';
import { printable, printableLines } from './printable.js';
import type { Region, SourceTexts } from './source-texts.js';

/**
 * `--format github`: diagnostics as GitHub Actions workflow commands, one
 * line each, which the runner turns into annotations on the pull request:
 *
 *     ::error file=rules/a.wbrules,line=8,col=12,endLine=8,endColumn=16,title=WR3019::unknown slack integration "alert"
 *
 * Escaping is that of `@actions/core` (actions/toolkit, `command.ts`): in the
 * message `%`, CR and LF become `%25`, `%0D`, `%0A`; in a property value `:`
 * and `,` also become `%3A` and `%2C`. Lines and columns are 1-based and
 * count UTF-16 code units; `endColumn` is the column of the **last**
 * character (inclusive, as GitHub's check annotations take it), whereas
 * `--format json` and SARIF give the column after it. GitHub honours columns
 * only within one line, so a region over several lines names its lines only
 * (`line` and `endLine`). Other control characters are written as escapes
 * (`\u001b`), as in every other output ({@link printable}).
 */

/** A workflow command's severity: `::error`, `::warning` or `::notice`. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** One annotation: where, a title (the code, or `wbrules test`) and the message. */
export interface Annotation {
  readonly level: AnnotationLevel;
  readonly file: string;
  readonly region: Region;
  readonly title: string;
  readonly message: string;
}

const levels: Readonly<Record<Diagnostic['severity'], AnnotationLevel>> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

/** A message as a workflow command's data: `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value: as {@link escapeData}, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * The path GitHub matches against the checkout: relative to the working
 * directory (where the workflow step ran) with `/` separators.
 */
export function annotationPath(file: string, cwd = process.cwd()): string {
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  const slashed = path.replaceAll(sep, '/');
  return slashed.startsWith('./') ? slashed.slice(2) : slashed;
}

/** One annotation as its workflow command line (with the final newline). */
export function workflowCommand(annotation: Annotation): string {
  const { region } = annotation;
  const sameLine = region.endLine === region.line;
  const properties: [string, string | number][] = [
    ['file', printable(annotationPath(annotation.file))],
    ['line', region.line],
    // GitHub honours columns only within one line.
    ...(sameLine ? [['col', region.column] as [string, number]] : []),
    ['endLine', region.endLine],
    // The exclusive end less one, but never before the start (an empty region marks one column).
    ...(sameLine ? [['endColumn', Math.max(region.column, region.endColumn - 1)] as [string, number]] : []),
  ];
  properties.push(['title', printable(annotation.title)]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${annotation.level} ${props}::${escapeData(printableLines(annotation.message))}\n`;
}

/** Diagnostics as workflow commands, one line each (the message, then the hints on their own lines). */
export function githubAnnotations(
  diagnostics: readonly Diagnostic[],
  sources: SourceTexts,
  fallbackFile: string,
): string {
  return diagnostics
    .map((d) => {
      const file = diagnosticFile(d, fallbackFile);
      return workflowCommand({
        level: levels[d.severity],
        file,
        region: sources.region(file, d.span),
        title: d.code,
        message: [d.message, ...(d.hints ?? [])].join('\n'),
      });
    })
    .join('');
}
