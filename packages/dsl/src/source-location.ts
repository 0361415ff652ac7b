/** A 1-based line and column (columns count UTF-16 units, as editors do). */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets to lines and columns for one text. Line starts are computed
 * once, lazily; each lookup is a binary search.
 */
export class LineIndex {
  /**
   * `starts`, when given, must be the text's line starts, each the offset
   * of a line's first character (`[0]` and one after each line break, a
   * `\r\n` counting as one): an editor that updates them after each edit
   * saves a scan of the whole text.
   */
  constructor(
    readonly text: string,
    private starts?: number[],
  ) {}

  private lineStarts(): number[] {
    if (this.starts === undefined) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.starts = starts;
    }
    return this.starts;
  }

  /** The line and column of an offset (clamped into the text). */
  locate(offset: number): LineColumn {
    const starts = this.lineStarts();
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (starts[lo] as number) + 1 };
  }

  /** The offset of a 1-based line and column (clamped into the text). */
  offsetOf(position: LineColumn): number {
    const starts = this.lineStarts();
    const line = Math.max(1, Math.min(position.line, starts.length));
    const start = starts[line - 1] as number;
    return Math.min(start + Math.max(0, position.column - 1), this.text.length);
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const { start, end } = this.lineSpan(line);
    return this.text.slice(start, end);
  }

  /** Where a 1-based line lies in the text, without its line break (without copying it, however long it is). */
  lineSpan(line: number): { readonly start: number; readonly end: number } {
    const starts = this.lineStarts();
    const start = starts[line - 1] ?? this.text.length;
    let end = starts[line] ?? this.text.length;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return { start, end };
  }

  /** How many lines the text has. */
  get lineCount(): number {
    return this.lineStarts().length;
  }
}
