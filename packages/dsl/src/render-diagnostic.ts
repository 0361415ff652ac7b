/**
 * Renders one diagnostic as a code frame for terminals and CI logs:
 *
 * ```text
 * rules.wbrules:3:22: error[WR1101]: expected a comparison ..., found "->"
 * 3 | on run metric "loss" -> webhook ci
 *   |                      ^^
 *   = hint: ...
 *   note: rules.wbrules:1:1: first "automation" here
 * 1 | automation "a" automation "b"
 *   | ^^^^^^^^^^^^^^
 * ```
 *
 * Line and column are 1-based; columns count UTF-16 units, as editors and
 * `LineIndex` do. The underline is laid out in display cells instead, so it
 * stays under the span when the line holds tabs (expanded to the next
 * multiple of `tabWidth`), wide CJK or emoji characters (two cells) or
 * combining marks (none). Control characters are shown as `�` so a source
 * line can never drive the terminal, and written as escapes (`\u001b`, as
 * a source spells them) in the message, hints, notes and file names, which
 * quote names from files and servers. A line wider than 120 cells (a minified
 * payload) shows only a window of 120 cells around the span, with `…` where
 * it is cut, so its errors do not each repeat the whole line.
 */
import { ansi, painter } from './ansi.js';
import type { Span } from './ast.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { LineIndex } from './source-location.js';

/** Options for `renderDiagnostic`. */
export interface RenderOptions {
  /** The file name shown in locations (default: the diagnostic's own `file`; none: `line:col` only). */
  readonly file?: string;
  /** Wrap parts in ANSI colours (callers decide: a TTY without `NO_COLOR`). */
  readonly color?: boolean;
  /** The text of another file (or its line index), for a related location there; without it only the note line is shown. */
  readonly sourceOf?: (file: string) => string | LineIndex | undefined;
}

/** Columns between tab stops when a source line holding tabs is shown. */
export const tabWidth = 4;

const severityColor: Record<Severity, string> = { error: ansi.red, warning: ansi.yellow, info: ansi.cyan };

/**
 * Renders `d` against the text it was reported on: a `file:line:col:` header
 * with the severity, code and message, the source line with a caret
 * underline (clipped to the first line of a multi-line span; one caret for
 * an empty span), each hint, and each related location with its own frame.
 * Lines are joined with `\n`, without a final newline.
 *
 * Given the text's `LineIndex` instead of the text, the work per diagnostic
 * no longer depends on the text's length, so rendering every diagnostic of
 * a file takes time linear in their number (given the text, each call
 * indexes it anew).
 */
export function renderDiagnostic(d: Diagnostic, text: string | LineIndex, options: RenderOptions = {}): string {
  const color = options.color === true;
  const paint = painter(color);
  const file = options.file ?? d.file;
  const index = typeof text === 'string' ? new LineIndex(text) : text;
  const start = index.locate(d.span.start);
  const frames: { index: LineIndex; span: Span }[] = [{ index, span: d.span }];
  const notes: { header: string; frame: { index: LineIndex; span: Span } | undefined }[] = [];
  for (const r of d.related ?? []) {
    const otherFile = r.file !== undefined && r.file !== d.file && r.file !== file;
    const otherText = otherFile ? options.sourceOf?.(r.file as string) : index;
    const relatedFile = otherFile ? r.file : file;
    if (otherText === undefined) {
      notes.push({ header: `${escapeControls(relatedFile ?? '')}: ${escapeControls(r.message)}`, frame: undefined });
      continue;
    }
    const relatedIndex = typeof otherText === 'string' ? new LineIndex(otherText) : otherText;
    const at = relatedIndex.locate(r.span.start);
    const frame = { index: relatedIndex, span: r.span };
    frames.push(frame);
    notes.push({ header: `${location(relatedFile, at.line, at.column)}: ${escapeControls(r.message)}`, frame });
  }
  const gutter = Math.max(...frames.map((f) => String(f.index.locate(f.span.start).line).length));
  const pad = ' '.repeat(gutter);
  const tone = severityColor[d.severity];
  const out = [
    `${paint(ansi.bold, `${location(file, start.line, start.column)}:`)} ${paint(ansi.bold + tone, `${d.severity}[${d.code}]`)}: ${paint(ansi.bold, escapeControls(d.message))}`,
    ...codeFrame(index, d.span, gutter, paint, tone),
  ];
  for (const hint of d.hints ?? [])
    out.push(`${pad} ${paint(ansi.blue, '=')} ${paint(ansi.bold, 'hint')}: ${escapeControls(hint)}`);
  for (const note of notes) {
    out.push(`${pad} ${paint(ansi.bold, 'note')}: ${note.header}`);
    if (note.frame !== undefined) out.push(...codeFrame(note.frame.index, note.frame.span, gutter, paint, ansi.blue));
  }
  return out.join('\n');
}

function location(file: string | undefined, line: number, column: number): string {
  return file === undefined ? `${line}:${column}` : `${escapeControls(file)}:${line}:${column}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
const controls = /[\u0000-\u001f\u007f-\u009f]/g;

const shortEscapes: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with each control character (C0, DEL, C1) written as its escape: `\n`, `\r`, `\t`, else `\u001b`. */
function escapeControls(text: string): string {
  return text.replace(controls, (c) => shortEscapes[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The widest stretch of a source line a frame shows, in display cells. A
 * longer line (a minified payload, a generated file) is cut to a window
 * around the span, with `…` where it is cut, so each frame stays about one
 * screen line instead of repeating the whole line for every diagnostic.
 */
const frameWidth = 120;

/**
 * UTF-16 units laid out on each side of the span's start on a long line:
 * room for `frameWidth` cells of context, and a bound on the work per frame
 * however long the line is.
 */
const frameReach = 4 * frameWidth;

/** The source line of `span.start` and its underline, with a line-number gutter `gutter` digits wide. */
function codeFrame(
  index: LineIndex,
  span: Span,
  gutter: number,
  paint: (style: string, s: string) => string,
  tone: string,
): string[] {
  const start = index.locate(span.start);
  const end = index.locate(Math.max(span.start, span.end));
  const line = index.lineSpan(start.line);
  const from = line.start + start.column - 1;
  const to = end.line === start.line ? line.start + end.column - 1 : line.end;
  const shown = frameLine(index.text, line, from, Math.max(to, from));
  const carets = Math.max(1, shown.underlineEnd - shown.underlineStart);
  const bar = paint(ansi.blue, '|');
  return [
    `${paint(ansi.blue, String(start.line).padStart(gutter))} ${bar}${shown.text === '' ? '' : ` ${shown.text}`}`,
    `${' '.repeat(gutter)} ${bar} ${' '.repeat(shown.underlineStart)}${paint(ansi.bold + tone, '^'.repeat(carets))}`,
  ];
}

/** A source line as a frame shows it, and the display cells its underline covers. */
interface FrameLine {
  readonly text: string;
  readonly underlineStart: number;
  readonly underlineEnd: number;
}

/**
 * The line `[bounds.start, bounds.end)` of `source` as it will appear on
 * screen, and the display cells the UTF-16 range `[from, to)` of it covers
 * (offsets into `source`). A line wider than `frameWidth` cells is cut
 * to a window that wide around the range, with `…` in place of the text cut
 * off on either side; the range's start is always inside the window, and an
 * underline longer than the window stops at its edge.
 */
function frameLine(source: string, bounds: Span, from: number, to: number): FrameLine {
  // On a long line only the text near the span is read and laid out, never
  // the whole line (a 1 MB line with thousands of diagnostics would make
  // rendering quadratic); tab stops then count from there, which is all the
  // alignment inside the frame needs.
  let lo = Math.max(bounds.start, from - frameReach);
  let hi = Math.min(bounds.end, from + frameReach);
  if (lo > bounds.start && isLowSurrogate(source.charCodeAt(lo))) lo++;
  if (hi < bounds.end && isLowSurrogate(source.charCodeAt(hi))) hi++;
  const whole = lo === bounds.start && hi === bounds.end;
  const line = displayLine(source.slice(lo, hi), from - lo, Math.min(to, hi) - lo);
  const cutBefore = lo > bounds.start;
  const cutAfter = !whole && hi < bounds.end && /\S/.test(source.slice(hi, Math.min(bounds.end, hi + frameReach)));
  if (!cutBefore && !cutAfter && line.width <= frameWidth) {
    return {
      text: line.glyphs.join('').trimEnd(),
      underlineStart: line.underlineStart,
      underlineEnd: line.underlineEnd,
    };
  }
  // Centre an underline that fits with room to spare; show a longer one from its start, after some context.
  const underline = Math.max(1, line.underlineEnd - line.underlineStart);
  const lead = underline <= frameWidth / 2 ? Math.floor((frameWidth - underline) / 2) : 20;
  // Past the text's end only the underline's start needs room (a span at the end of the line).
  const extent = Math.max(line.width, line.underlineStart + 1);
  const first = Math.max(0, Math.min(line.underlineStart - lead, extent - frameWidth));
  const last = first + frameWidth;
  let text = '';
  for (let g = 0; g < line.glyphs.length; g++) {
    const at = line.starts[g] as number;
    const next = line.starts[g + 1] as number;
    if (at >= first && next <= last) text += line.glyphs[g];
    // A wide character the window's edge cuts in two: blank cells keep the rest aligned.
    else if (next > first && at < last) text += ' '.repeat(Math.min(next, last) - Math.max(at, first));
  }
  const before = cutBefore || first > 0 ? '…' : '';
  const after = cutAfter || last < line.width ? '…' : '';
  const shift = before.length - first;
  return {
    text: after === '' ? `${before}${text}`.trimEnd() : `${before}${text}${after}`,
    underlineStart: Math.min(Math.max(line.underlineStart, first), last) + shift,
    underlineEnd: Math.min(line.underlineEnd, last) + shift,
  };
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** A line laid out in display cells. */
interface DisplayLine {
  /** What each code point shows as (a tab as spaces, a control character as `�`). */
  readonly glyphs: readonly string[];
  /** The cell each glyph starts at, and one more entry: the cells of the whole line. */
  readonly starts: readonly number[];
  /** The cells up to the end of the last glyph that is not blank. */
  readonly width: number;
  /** The cells the UTF-16 range `[from, to)` covers. */
  readonly underlineStart: number;
  readonly underlineEnd: number;
}

/**
 * The line as it will appear on screen, and the display cells the UTF-16
 * range `[from, to)` of it covers.
 */
function displayLine(source: string, from: number, to: number): DisplayLine {
  const glyphs: string[] = [];
  const starts: number[] = [];
  let cells = 0;
  let width = 0;
  let underlineStart = -1;
  let underlineEnd = -1;
  let i = 0;
  while (i < source.length) {
    if (i >= from && underlineStart < 0) underlineStart = cells;
    if (i >= to && underlineEnd < 0) underlineEnd = cells;
    const cp = source.codePointAt(i) as number;
    const units = cp > 0xffff ? 2 : 1;
    starts.push(cells);
    let glyph: string;
    if (cp === 9) {
      const next = (Math.floor(cells / tabWidth) + 1) * tabWidth;
      glyph = ' '.repeat(next - cells);
      cells = next;
    } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      glyph = '\ufffd';
      cells += 1;
    } else {
      glyph = String.fromCodePoint(cp);
      cells += cellWidth(cp);
    }
    glyphs.push(glyph);
    if (glyph.trim() !== '') width = cells;
    i += units;
  }
  starts.push(cells);
  if (underlineStart < 0) underlineStart = cells;
  if (underlineEnd < 0) underlineEnd = cells;
  return { glyphs, starts, width, underlineStart, underlineEnd };
}

const combining = /^[\p{Mn}\p{Me}]$/u;
const emoji = /^\p{Extended_Pictographic}$/u;

/** Terminal cells a code point takes: East Asian wide and emoji 2, combining marks 0, else 1. */
function cellWidth(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (combining.test(ch) || (cp >= 0x200b && cp <= 0x200f) || cp === 0x2060) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    (cp >= 0x1f000 && emoji.test(ch))
  ) {
    return 2;
  }
  return 1;
}
