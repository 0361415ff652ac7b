import { type Comment, type Diagnostic, type Document, type ParseResult, parse, type TopLevelItem } from '@wbrules/dsl';
import { shiftSpans } from './shift-spans.js';

/**
 * Re-parses only what an edit touched, with the same result as `parse` on
 * the whole text.
 *
 * The text is cut into regions at top-level item starts. Parsing a region
 * on its own gives the same items, comments and diagnostics as the whole
 * parse when two things hold at its end boundary: no token can cross it
 * (the boundary is the first non-blank character of its line, and no token
 * but white space spans a line break), and the region before it ended
 * cleanly (its last item parsed and nothing but comments follows it), so
 * the whole parse starts a fresh item right there, exactly as a parse of
 * the next region alone does. An edit re-parses the regions it touches,
 * growing the stretch region by region until its end boundary holds again;
 * the regions after it are only moved by the edit's length change.
 */

interface Region {
  /** Offset in the current text. */
  readonly start: number;
  readonly end: number;
  /** With spans in the current text. */
  readonly items: readonly TopLevelItem[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
}

/** How much work the last update did (for the benchmark and tests). */
export interface IncrementalStats {
  /** Characters parsed by the last update. */
  readonly parsedChars: number;
  /** Regions the text is cut into after the last update. */
  readonly regions: number;
}

/** An incremental front end for one document: feed it each new text, get what `parse` would return. */
export class IncrementalParser {
  private text = '';
  private regions: Region[] = [];
  private result: ParseResult | undefined;
  private parsedChars = 0;

  /** `file` is stamped on diagnostics, as `parse(text, { file })` does. */
  constructor(private readonly file?: string) {}

  /** The parse of `text`, reusing the regions an edit from the previous text left alone. */
  update(text: string): ParseResult {
    this.parsedChars = 0;
    if (this.result !== undefined && text === this.text) return this.result;
    if (this.result === undefined) {
      this.regions = this.split(text, 0, text.length) ?? [];
      this.parsedChars = text.length;
    } else {
      this.reparse(text);
    }
    this.text = text;
    this.result = assemble(this.regions, text.length);
    return this.result;
  }

  /** How much the last update parsed. */
  stats(): IncrementalStats {
    return { parsedChars: this.parsedChars, regions: this.regions.length };
  }

  private reparse(text: string): void {
    const old = this.text;
    const regions = this.regions;
    const min = Math.min(old.length, text.length);
    let prefix = 0;
    while (prefix < min && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (
      suffix < min - prefix &&
      old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)
    ) {
      suffix++;
    }
    const oldEnd = old.length - suffix;
    const delta = text.length - old.length;
    const edited = regionAt(regions, prefix);
    let last = oldEnd > prefix ? regionAt(regions, oldEnd - 1) : edited;
    // A region's first token decides whether the item before it is complete (a `{` after
    // `-> webhook ci` opens its payload), so an edit there re-parses the region before too.
    const editedStart = (regions[edited] as Region).start;
    const first = edited > 0 && prefix <= editedStart + nonBlankRun(old, editedStart) ? edited - 1 : edited;
    const start = (regions[first] as Region).start;
    // Grow the stretch until its end is a boundary the rest of the text can start from.
    for (;;) {
      const end = (regions[last] as Region).end + delta;
      if (end >= text.length || last === regions.length - 1) {
        this.replace(first, regions.length - 1, this.split(text, start, text.length), 0);
        return;
      }
      if (isLineStart(text, end)) {
        const parsed = this.split(text, start, end);
        if (parsed !== undefined) {
          this.replace(first, last, parsed, delta);
          return;
        }
      }
      last++;
    }
  }

  /** Replaces regions `first..last` by `fresh`, moving the regions after them by `delta`. */
  private replace(first: number, last: number, fresh: Region[] | undefined, delta: number): void {
    const after = this.regions.slice(last + 1).map((r) => (delta === 0 ? r : moveRegion(r, delta)));
    this.regions = [...this.regions.slice(0, first), ...(fresh ?? []), ...after];
  }

  /**
   * Parses `text[start, end)` alone and cuts it into regions; `undefined`
   * when the stretch does not end cleanly (it must then grow), unless it
   * runs to the end of the text.
   */
  private split(text: string, start: number, end: number): Region[] | undefined {
    const slice = text.slice(start, end);
    this.parsedChars += slice.length;
    const parsed = parse(slice, this.file === undefined ? {} : { file: this.file });
    const items = parsed.ast.items;
    const diagnostics = parsed.diagnostics;
    const atEnd = end >= text.length;
    if (!atEnd && !endsCleanly(items, diagnostics)) return undefined;
    // Cut at each item start that is a clean boundary.
    const cuts: number[] = [0];
    for (let i = 1; i < items.length; i++) {
      const at = (items[i] as TopLevelItem).span.start;
      const previousEnd = (items[i - 1] as TopLevelItem).span.end;
      if (!isLineStart(slice, at)) continue;
      if (diagnostics.some((d) => d.span.start >= previousEnd && d.span.start <= at)) continue;
      cuts.push(at);
    }
    cuts.push(slice.length);
    const out: Region[] = [];
    let itemIndex = 0;
    let commentIndex = 0;
    let diagnosticIndex = 0;
    const comments = parsed.ast.comments;
    for (let c = 0; c + 1 < cuts.length; c++) {
      const from = cuts[c] as number;
      const to = cuts[c + 1] as number;
      const isLast = c + 2 === cuts.length;
      const take = <T extends { span: { start: number } }>(list: readonly T[], index: number): [T[], number] => {
        const taken: T[] = [];
        let i = index;
        while (i < list.length && (isLast || (list[i] as T).span.start < to)) taken.push(list[i++] as T);
        return [taken, i];
      };
      const [regionItems, nextItem] = take(items, itemIndex);
      const [regionComments, nextComment] = take(comments, commentIndex);
      const [regionDiagnostics, nextDiagnostic] = take(diagnostics, diagnosticIndex);
      itemIndex = nextItem;
      commentIndex = nextComment;
      diagnosticIndex = nextDiagnostic;
      out.push(
        moveRegion(
          { start: from, end: to, items: regionItems, comments: regionComments, diagnostics: regionDiagnostics },
          start,
        ),
      );
    }
    return out;
  }
}

/** The index of the region holding `offset` (the last one for the end of the text). */
function regionAt(regions: readonly Region[], offset: number): number {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((regions[mid] as Region).start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many non-blank characters follow `offset` (at least the length of the token there). */
function nonBlankRun(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !/\s/.test(text[i] as string)) i++;
  return i - offset;
}

/** True when `offset` is the first non-blank character of a line that is not the first. */
function isLineStart(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return false;
}

/** True when the parse's last item completed and no diagnostic follows it (only comments and blanks do). */
function endsCleanly(items: readonly TopLevelItem[], diagnostics: readonly Diagnostic[]): boolean {
  const lastEnd = items.at(-1)?.span.end ?? 0;
  return !diagnostics.some((d) => d.span.start >= lastEnd);
}

function moveRegion(region: Region, delta: number): Region {
  if (delta === 0) return region;
  return {
    start: region.start + delta,
    end: region.end + delta,
    items: shiftSpans(region.items, delta),
    comments: shiftSpans(region.comments, delta),
    diagnostics: shiftSpans(region.diagnostics, delta),
  };
}

function assemble(regions: readonly Region[], length: number): ParseResult {
  const items: TopLevelItem[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const region of regions) {
    for (const item of region.items) items.push(item);
    for (const comment of region.comments) comments.push(comment);
    for (const diagnostic of region.diagnostics) diagnostics.push(diagnostic);
  }
  const ast: Document = { kind: 'Document', items, comments, span: { start: 0, end: length } };
  return { ast, diagnostics };
}
