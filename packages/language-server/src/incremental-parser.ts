import { type Comment, type Diagnostic, type Document, type ParseResult, parse, type TopLevelItem } from '@wbrules/dsl';
import { distinctSpans, type MovableSpan } from './shift-spans.js';

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
  /** Offset in the current text (moved in place, like the spans). */
  start: number;
  end: number;
  /** With spans in the current text. */
  readonly items: readonly TopLevelItem[];
  readonly comments: readonly Comment[];
  readonly diagnostics: readonly Diagnostic[];
  /** Every span object in the items, comments and diagnostics, each once: what a move changes. */
  readonly spans: readonly MovableSpan[];
}

/** How much work the last update did (for the benchmark and tests). */
export interface IncrementalStats {
  /** Characters parsed by the last update. */
  readonly parsedChars: number;
  /** Regions the text is cut into after the last update. */
  readonly regions: number;
}

/**
 * What the last update changed: the previous text's `[start, oldEnd)` became
 * the new text's `[start, oldEnd + delta)`. Outside that stretch, every node
 * the update kept is the same object as before (moved by `delta` after it);
 * a node that was re-parsed is a new object.
 */
export interface TextEdit {
  readonly start: number;
  readonly oldEnd: number;
  readonly delta: number;
}

/**
 * An incremental front end for one document: feed it each new text, get
 * what `parse` would return. A result holds until the next update, which
 * reuses its nodes and moves their spans in place.
 */
export class IncrementalParser {
  private text = '';
  private regions: Region[] = [];
  private result: ParseResult | undefined;
  private parsedChars = 0;
  private edit: TextEdit | undefined;

  /** `file` is stamped on diagnostics, as `parse(text, { file })` does. */
  constructor(private readonly file?: string) {}

  /** The parse of `text`, reusing the regions an edit from the previous text left alone. */
  update(text: string): ParseResult {
    this.parsedChars = 0;
    if (this.result !== undefined && text === this.text) {
      this.edit = { start: 0, oldEnd: 0, delta: 0 };
      return this.result;
    }
    this.edit = undefined;
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

  /** The edit from the previous text to the last one (`undefined` after the first parse). */
  lastEdit(): TextEdit | undefined {
    return this.edit;
  }

  private reparse(text: string): void {
    const old = this.text;
    const regions = this.regions;
    const min = Math.min(old.length, text.length);
    const prefix = commonPrefix(old, text, min);
    const suffix = commonSuffix(old, text, min - prefix);
    const oldEnd = old.length - suffix;
    const delta = text.length - old.length;
    this.edit = { start: prefix, oldEnd, delta };
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
    const regions = this.regions;
    for (let i = last + 1; i < regions.length; i++) moveRegion(regions[i] as Region, delta);
    regions.splice(first, last - first + 1, ...(fresh ?? []));
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
          {
            start: from,
            end: to,
            items: regionItems,
            comments: regionComments,
            diagnostics: regionDiagnostics,
            spans: distinctSpans([regionItems, regionComments, regionDiagnostics]),
          },
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

/**
 * `region` moved by `delta`. Its items, comments and diagnostics are moved
 * in place, span by span (copying every node after an edit was most of a
 * keystroke's cost): the parser owns them, and a parse result it returned
 * earlier is stale once a newer text is parsed. A region's nodes share
 * spans only with each other (a diagnostic's related place is a clause of
 * the same rule), never with another region's: each region's distinct
 * spans move once.
 */
function moveRegion(region: Region, delta: number): Region {
  if (delta === 0) return region;
  for (const span of region.spans) {
    span.start += delta;
    span.end += delta;
  }
  region.start += delta;
  region.end += delta;
  return region;
}

/** Compared a block at a time: string slices compare much faster than characters one by one. */
const block = 2048;

/** How many characters `a` and `b` share at their starts (at most `max`). */
function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + block <= max && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** How many characters `a` and `b` share at their ends (at most `max`). */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + block <= max &&
    a.slice(a.length - n - block, a.length - n) === b.slice(b.length - n - block, b.length - n)
  ) {
    n += block;
  }
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
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
