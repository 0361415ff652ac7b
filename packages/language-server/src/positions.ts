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

/** The offset each line of `text` starts at, as `LineIndex` counts lines (`\r\n`, `\n` or a lone `\r` ends one). */
export function lineStarts(text: string): number[] {
  return scanLineStarts(text, [0], 0, text.length);
}

/**
 * The line starts of `text`, made from `previous` (those of the text before
 * `edit`) without scanning the whole text: the starts before the edit are
 * kept, those after it moved, and only the edited stretch is scanned.
 */
export function editedLineStarts(
  previous: readonly number[],
  text: string,
  edit: { readonly start: number; readonly oldEnd: number; readonly delta: number },
): number[] {
  const { start, oldEnd, delta } = edit;
  const newEnd = oldEnd + delta;
  // A line start depends on the two characters around it (a `\r` starts a line unless `\n` follows).
  let keep = 1;
  while (keep < previous.length && (previous[keep] as number) < start) keep++;
  const starts = previous.slice(0, keep);
  scanLineStarts(text, starts, Math.max(0, start - 1), Math.min(text.length, newEnd + 1));
  for (let i = keep; i < previous.length; i++) {
    const moved = (previous[i] as number) + delta;
    if (moved > newEnd + 1) starts.push(moved);
  }
  return starts;
}

/** Appends the line starts after the line breaks at `from..to-1`. */
function scanLineStarts(text: string, starts: number[], from: number, to: number): number[] {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}
