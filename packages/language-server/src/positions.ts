import type { LineIndex, Span } from '@wbrules/dsl';
import type { Position, Range } from 'vscode-languageserver';

/**
 * Offsets (UTF-16 units, as the AST's spans count) to LSP positions and
 * back. LSP lines and characters are 0-based and count UTF-16 units by
 * default, which is what `LineIndex` counts, so no re-encoding is needed.
 */

/** The LSP position of an offset. */
export function toPosition(lines: LineIndex, offset: number): Position {
  const { line, column } = lines.locate(offset);
  return { line: line - 1, character: column - 1 };
}

/** The LSP range of a span. */
export function toRange(lines: LineIndex, span: Span): Range {
  return { start: toPosition(lines, span.start), end: toPosition(lines, span.end) };
}

/** The offset of an LSP position; a character past the end of its line means the line's end. */
export function toOffset(lines: LineIndex, position: Position): number {
  const line = Math.max(0, position.line);
  if (line >= lines.lineCount) return lines.text.length;
  const length = lines.lineText(line + 1).length;
  return lines.offsetOf({ line: line + 1, column: Math.max(0, Math.min(position.character, length)) + 1 });
}
