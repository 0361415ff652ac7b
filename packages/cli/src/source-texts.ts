import { type LineColumn, LineIndex, type Span } from '@wbrules/dsl';

/** A span as 1-based lines and columns; the end is exclusive (the column after the last character). */
export interface Region {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * The texts of the files one invocation read, by the name diagnostics carry,
 * so any diagnostic (or related span) can be turned into lines and columns
 * and rendered with its source line. Line tables are built lazily, once.
 */
export class SourceTexts {
  private readonly indexes = new Map<string, LineIndex>();

  /** The texts of `texts` (file name → text), as `checkFiles` and `compileFiles` return them. */
  static of(texts: ReadonlyMap<string, string>): SourceTexts {
    const out = new SourceTexts();
    for (const [file, text] of texts) out.add(file, text);
    return out;
  }

  /** Remembers `text` as the content of `file`. */
  add(file: string, text: string): void {
    this.indexes.set(file, new LineIndex(text));
  }

  /** The text of `file` (empty for a file never added, so rendering degrades instead of failing). */
  text(file: string): string {
    return this.indexes.get(file)?.text ?? '';
  }

  /** The text of `file`, or `undefined` for a file never added. */
  get(file: string): string | undefined {
    return this.indexes.get(file)?.text;
  }

  /** The line index of `file` (of an empty text for a file never added), built once and shared by every diagnostic. */
  lineIndex(file: string): LineIndex {
    return this.index(file);
  }

  /** The line index of `file`, or `undefined` for a file never added. */
  lineIndexOf(file: string): LineIndex | undefined {
    return this.indexes.get(file);
  }

  /** The 1-based position of an offset in `file`. */
  locate(file: string, offset: number): LineColumn {
    return this.index(file).locate(offset);
  }

  /** The region a span covers in `file`. */
  region(file: string, span: Span): Region {
    const index = this.index(file);
    const start = index.locate(span.start);
    const end = index.locate(span.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }

  private index(file: string): LineIndex {
    return this.indexes.get(file) ?? empty;
  }
}

const empty = new LineIndex('');
