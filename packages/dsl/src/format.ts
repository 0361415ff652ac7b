/**
 * The formatter: one canonical layout for `.wbrules` files.
 *
 * ```wbrules
 * # Declarations one per line, single spaces; only end-of-line comments line up.
 * webhook ci = "github-dispatch" # an end-of-line comment stays at the end of its line,
 * slack alerts = "#ml-alerts"    # in the same column as those on the lines next to it
 *
 * in project "acme/vision"
 *
 * on run metric "loss" changes by 10% within 5 -> webhook ci
 *
 * automation "accuracy-floor"
 * description "Page when validation accuracy sags"
 * disabled
 * on run metric "val/acc" avg over 5 < 0.8 in team "acme"
 *   where run.name matches "^prod-"
 *   -> slack alerts title "Accuracy dropped" message "val/acc fell under 0.8" severity warn
 *
 * on alias "staging" added
 *   -> webhook ci { "event_type": "${event_type}", "version": "${artifact_version_string}" }
 * ```
 *
 * - One blank line between items of different kinds, around every `in`
 *   default and between rules; none between declarations.
 * - A rule with no header, no `where` and no payload stays on one line when
 *   that line fits in `formatLineWidth` columns (code points). Any other rule
 *   has its header clauses one per line, always in the order `automation`,
 *   `description`, `disabled`; then `on EVENT [in SCOPE]`; then `  where
 *   FILTER` and `  -> ACTION`, indented two spaces.
 * - A filter too wide for its line, or with a comment between its operands,
 *   breaks before each top-level `or` (or `and`) with continuation lines
 *   indented four spaces. A slack action breaks the same way, one option per
 *   line, always in the order `title`, `message`, `severity`.
 * - A payload stays inline (`{ "a": 1, "b": [1, 2] }`) when it fits and holds
 *   no comment; otherwise one member (or element) per line, two more spaces
 *   per level, nested values inline wherever they fit.
 * - Leaves print as written: strings from `raw` (escapes and `r"..."` kept),
 *   numbers from `raw` plus `%`. Parentheses appear exactly where the AST has
 *   `GroupExpression`s; only a hand-built tree no source could produce (an
 *   `or` directly inside an `and`) gets the parentheses its meaning needs.
 * - Lines never end in whitespace; the file ends with exactly one `\n` (an
 *   empty file stays empty).
 *
 * Comments are never lost and keep their order (their trailing spaces are
 * trimmed). A comment on its own line between items stays on its own line
 * before the same item, and one blank line the author left around it is
 * kept. An end-of-line comment stays at the end of the output line where
 * the text before it ends, one space after the code, or further right to
 * line up with the comments of the lines next to it (see
 * `alignTrailingComments`). A comment inside something the layout prints on
 * one line moves to its own line just above that line, so it still precedes
 * the same item. Layout decisions (one-line rule, broken filter, slack
 * action or payload) count only the comments that formatting leaves inside
 * the construct, which is what makes `format` idempotent.
 */
import type {
  Action,
  Comment,
  Document,
  Event,
  Expression,
  IntegrationDecl,
  JsonArray,
  JsonObject,
  JsonValue,
  Literal,
  Rule,
  Scope,
  ScopeDefault,
  SlackAction,
  Span,
  StringLiteral,
  TopLevelItem,
} from './ast.js';
import { parse } from './parse.js';

/** The column limit the layout aims for (lines may exceed it only where nothing can break). */
export const formatLineWidth = 100;

/** Options for `format`. */
export interface FormatOptions {
  /** The comments to place back when formatting a `Document` (default: the document's own). */
  readonly comments?: readonly Comment[];
  /**
   * The text a `Document` was parsed from. With it, end-of-line comments stay
   * at the end of their line and blank lines around comments are kept; without
   * it, every comment goes on its own line. Ignored when `source` is a string.
   */
  readonly source?: string;
}

/**
 * Formats `.wbrules` source into the canonical layout. Given text with any
 * syntax error, returns the text unchanged: formatting never destroys what
 * the user wrote. Given a `Document` (parsed or built by hand), prints it and
 * places its comments back. The output always parses to the same AST, spans
 * aside.
 */
export function format(source: string | Document, options: FormatOptions = {}): string {
  if (typeof source === 'string') {
    const { ast, diagnostics } = parse(source);
    if (diagnostics.some((d) => d.severity === 'error')) return source;
    return new Printer(ast.comments, source).document(ast);
  }
  return new Printer(options.comments ?? source.comments, options.source).document(source);
}

// ---------------------------------------------------------------------------
// Lines and slots

/**
 * One output line and the source range it came from: `a` is where its
 * content starts in the source, `e` where its last token ends. Comments are
 * placed by comparing their offsets with these anchors.
 */
interface Line {
  readonly text: string;
  readonly indent: number;
  readonly a: number;
  readonly e: number;
  /** The indentation of an own-line comment placed just before this line (deeper before a closing `}`). */
  readonly commentIndent: number;
}

/**
 * A run of lines that comments treat as one: a single line, or lines printed
 * in an order different from the source (reordered header clauses or slack
 * options), whose inner comments all go before the run.
 */
interface Slot {
  readonly lines: Line[];
  readonly a: number;
  readonly e: number;
}

/**
 * One line of output: its code (possibly empty, or an own-line comment) and
 * the end-of-line comment after it, kept apart until `alignTrailingComments`
 * decides the column.
 */
interface Printed {
  readonly code: string;
  readonly comment?: string;
}

function printed(code: string): Printed {
  return { code };
}

function line(text: string, indent: number, a: number, e: number, commentIndent = indent): Line {
  return { text, indent, a, e, commentIndent };
}

function slotOf(lines: Line[]): Slot {
  const first = lines[0] as Line;
  let a = first.a;
  let e = first.e;
  for (const l of lines) {
    a = Math.min(a, l.a);
    e = Math.max(e, l.e);
  }
  return { lines, a, e };
}

/** Width in code points, so a metric name in CJK or emoji is not counted twice. */
function width(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff || i === 0 || !isHighSurrogate(text.charCodeAt(i - 1))) n++;
  }
  return n;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function fits(indent: number, text: string): boolean {
  return indent + width(text) <= formatLineWidth;
}

const inlineWhitespace = /[ \t\f\v\u00a0\ufeff]/;

// ---------------------------------------------------------------------------
// Leaves

function str(s: StringLiteral): string {
  return s.raw;
}

function literal(l: Literal): string {
  switch (l.kind) {
    case 'StringLiteral':
      return l.raw;
    case 'NumberLiteral':
      return l.percent ? `${l.raw}%` : l.raw;
    case 'BooleanLiteral':
      return l.value ? 'true' : 'false';
    case 'NullLiteral':
      return 'null';
  }
}

function scope(s: Scope): string {
  return `${s.scopeKind} ${str(s.path)}`;
}

function event(e: Event): string {
  switch (e.kind) {
    case 'MetricThresholdEvent': {
      let text = `run metric ${str(e.metric)}`;
      if (e.aggregation !== undefined) text += ` ${e.aggregation.op}`;
      if (e.aggregation?.window !== undefined) text += ` over ${literal(e.aggregation.window)}`;
      return `${text} ${e.comparator.op} ${literal(e.threshold)}`;
    }
    case 'MetricChangeEvent': {
      let text = `run metric ${str(e.metric)}`;
      if (e.aggregation !== undefined) text += ` ${e.aggregation.op}`;
      text += ` ${e.direction.direction} by ${literal(e.amount)}`;
      if (e.window !== undefined) text += ` within ${literal(e.window)}`;
      if (e.priorWindow !== undefined) text += ` vs ${literal(e.priorWindow)}`;
      return text;
    }
    case 'MetricZScoreEvent': {
      let text = `run metric ${str(e.metric)}${e.abs ? ' abs' : ''} zscore`;
      if (e.window !== undefined) text += ` over ${literal(e.window)}`;
      return `${text} ${e.comparator.op} ${literal(e.threshold)}`;
    }
    case 'RunStateEvent':
      return `run state ${e.states.map((s) => s.name).join(', ')}`;
    case 'ArtifactEvent':
      return `artifact ${e.action}`;
    case 'AliasEvent':
      return e.alias === undefined ? 'alias added' : `alias ${str(e.alias)} added`;
    case 'TagEvent': {
      const head = e.target === 'collection' ? 'collection tag' : 'tag';
      return e.tag === undefined ? `${head} ${e.change}` : `${head} ${str(e.tag)} ${e.change}`;
    }
  }
}

/** Where an expression stands, which decides whether it needs parentheses to keep its shape. */
type Position = 'top' | 'or' | 'and' | 'not';

function expression(e: Expression, at: Position = 'top'): string {
  switch (e.kind) {
    case 'OrExpression': {
      const text = e.operands.map((o) => expression(o, 'or')).join(' or ');
      return at === 'top' ? text : `(${text})`;
    }
    case 'AndExpression': {
      const text = e.operands.map((o) => expression(o, 'and')).join(' and ');
      return at === 'top' || at === 'or' ? text : `(${text})`;
    }
    case 'NotExpression':
      return `not ${expression(e.operand, 'not')}`;
    case 'GroupExpression':
      return `(${expression(e.expression)})`;
    case 'ComparisonExpression':
      return `${e.field.path} ${e.comparator.op} ${literal(e.value)}`;
    case 'MembershipExpression':
      return `${e.field.path} ${e.negated ? 'not in' : 'in'} [${e.list.elements.map(literal).join(', ')}]`;
    case 'MatchesExpression':
      return `${e.field.path} matches ${str(e.pattern)}`;
    case 'ContainsExpression':
      return `${e.field.path} contains ${str(e.text)}`;
    case 'ExistsExpression':
      return `${e.field.path} ${e.negated ? 'not exists' : 'exists'}`;
  }
}

function slackOptions(a: SlackAction): { text: string; node: Span }[] {
  const out: { text: string; node: Span }[] = [];
  if (a.title !== undefined) out.push({ text: `title ${str(a.title)}`, node: a.title.span });
  if (a.message !== undefined) out.push({ text: `message ${str(a.message)}`, node: a.message.span });
  if (a.severity !== undefined) out.push({ text: `severity ${a.severity.name}`, node: a.severity.span });
  return out;
}

function action(a: Action): string {
  switch (a.kind) {
    case 'WebhookAction':
      return a.payload === undefined
        ? `webhook ${a.integration.name}`
        : `webhook ${a.integration.name} ${json(a.payload)}`;
    case 'SlackAction':
      return [`slack ${a.integration.name}`, ...slackOptions(a).map((o) => o.text)].join(' ');
    case 'NothingAction':
      return 'nothing';
    case 'AriaAction':
      return `aria ${str(a.prompt)}`;
  }
}

/** A JSON value on one line: `{ "a": 1, "b": [1, 2] }`. */
function json(v: JsonValue): string {
  switch (v.kind) {
    case 'JsonObject':
      return v.members.length === 0
        ? '{}'
        : `{ ${v.members.map((m) => `${str(m.key)}: ${json(m.value)}`).join(', ')} }`;
    case 'JsonArray':
      return `[${v.elements.map(json).join(', ')}]`;
    default:
      return literal(v);
  }
}

function isInTopLevelOrder(spans: readonly Span[]): boolean {
  for (let i = 1; i < spans.length; i++) if ((spans[i] as Span).start < (spans[i - 1] as Span).start) return false;
  return true;
}

// ---------------------------------------------------------------------------
// The printer

// Lines and slots are appended in loops, never with `push(...lines)`: a
// spread passes every element as an argument, which overflows the stack on a
// payload of some 100,000 elements.
class Printer {
  private readonly comments: readonly Comment[];
  private readonly out: Printed[] = [];

  constructor(
    comments: readonly Comment[],
    private readonly text: string | undefined,
  ) {
    this.comments = [...comments].sort((x, y) => x.span.start - y.span.start);
  }

  document(doc: Document): string {
    const comments = this.comments;
    let j = 0;
    let previous: TopLevelItem | undefined;
    let previousLast = -1;
    for (const item of doc.items) {
      const gap: Comment[] = [];
      while (j < comments.length && (comments[j] as Comment).span.start < item.span.start)
        gap.push(comments[j++] as Comment);
      const interior: Comment[] = [];
      while (j < comments.length && (comments[j] as Comment).span.start < item.span.end)
        interior.push(comments[j++] as Comment);
      if (previous !== undefined && gap[0] !== undefined && this.isEndOfLine(gap[0])) {
        this.appendTrailing(previousLast, gap.shift() as Comment);
      }
      const slots = this.item(item);
      const { leading, body } = this.placeInterior(slots, interior);
      const block = [...gap, ...leading];
      const gapCount = gap.length;
      if (previous !== undefined) {
        const first = block[0];
        const blank =
          needsBlankLine(previous, item) ||
          (first !== undefined && gapCount > 0 && this.blankBetween(previous.span.end, first.span.start));
        if (blank) this.out.push(printed(''));
      }
      block.forEach((c, i) => {
        if (i > 0 && this.blankBetween((block[i - 1] as Comment).span.end, c.span.start)) this.out.push(printed(''));
        this.out.push(printed(commentText(c)));
      });
      const lastOfBlock = block.at(-1);
      if (
        lastOfBlock !== undefined &&
        block.length === gapCount &&
        this.blankBetween(lastOfBlock.span.end, item.span.start)
      ) {
        this.out.push(printed(''));
      }
      for (const printedLine of body) this.out.push(printedLine);
      previous = item;
      previousLast = this.out.length - 1;
    }
    const tail = comments.slice(j);
    if (previous !== undefined && tail[0] !== undefined && this.isEndOfLine(tail[0])) {
      this.appendTrailing(previousLast, tail.shift() as Comment);
    }
    tail.forEach((c, i) => {
      const before = i > 0 ? (tail[i - 1] as Comment).span.end : previous?.span.end;
      if (before !== undefined && this.blankBetween(before, c.span.start)) this.out.push(printed(''));
      this.out.push(printed(commentText(c)));
    });
    return this.out.length === 0 ? '' : `${alignTrailingComments(this.out).join('\n')}\n`;
  }

  private appendTrailing(index: number, c: Comment): void {
    this.out[index] = { code: (this.out[index] as Printed).code, comment: commentText(c) };
  }

  /** True when the comment follows something else on its source line (an end-of-line comment). */
  private isEndOfLine(c: Comment): boolean {
    const text = this.text;
    if (text === undefined) return false;
    for (let i = c.span.start - 1; i >= 0; i--) {
      const ch = text[i] as string;
      if (ch === '\n' || ch === '\r') return false;
      if (!inlineWhitespace.test(ch)) return true;
    }
    return false;
  }

  /** True when the source has an empty line somewhere between two offsets. */
  private blankBetween(from: number, to: number): boolean {
    const text = this.text;
    if (text === undefined) return false;
    let breaks = 0;
    for (let i = Math.max(0, from); i < to && i < text.length; i++) {
      const ch = text[i] as string;
      if (ch === '\r' && text[i + 1] === '\n') continue;
      if (ch === '\n' || ch === '\r') {
        if (++breaks >= 2) return true;
      } else if (!inlineWhitespace.test(ch)) {
        breaks = 0;
      }
    }
    return false;
  }

  /** Whether a comment lies in `[start, end)` of the source. */
  private hasCommentIn(start: number, end: number): boolean {
    const comments = this.comments;
    let lo = 0;
    let hi = comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((comments[mid] as Comment).span.start < start) lo = mid + 1;
      else hi = mid;
    }
    const c = comments[lo];
    return c !== undefined && c.span.end <= end;
  }

  /**
   * Places an item's inner comments among its lines: a comment inside a
   * slot's content goes on its own line before the slot; one after it goes
   * at the end of the slot's last line when it ended a source line (and is
   * the first there), else on its own line after the slot. Comments before
   * the first slot are returned as `leading`, to join the comments above the
   * item.
   */
  private placeInterior(slots: Slot[], comments: Comment[]): { leading: Comment[]; body: Printed[] } {
    const before: Comment[][] = slots.map(() => []);
    const after: Comment[][] = slots.map(() => []);
    let s = 0;
    for (const c of comments) {
      while (s + 1 < slots.length && (slots[s + 1] as Slot).a <= c.span.start) s++;
      const slot = slots[s] as Slot;
      if (c.span.start < slot.e || c.span.start < slot.a) (before[s] as Comment[]).push(c);
      else (after[s] as Comment[]).push(c);
    }
    const leading = before[0] ?? [];
    const body: Printed[] = [];
    slots.forEach((slot, i) => {
      if (i > 0) {
        const indent = (slot.lines[0] as Line).commentIndent;
        for (const c of before[i] as Comment[]) body.push(printed(indented(indent, commentText(c))));
      }
      for (const l of slot.lines) body.push(printed(indented(l.indent, l.text)));
      const afterHere = after[i] as Comment[];
      const next = slots[i + 1]?.lines[0];
      const indent = next?.commentIndent ?? (slot.lines.at(-1) as Line).indent;
      afterHere.forEach((c, k) => {
        if (k === 0 && this.isEndOfLine(c)) body.push({ code: (body.pop() as Printed).code, comment: commentText(c) });
        else body.push(printed(indented(indent, commentText(c))));
      });
    });
    return { leading, body };
  }

  private item(item: TopLevelItem): Slot[] {
    switch (item.kind) {
      case 'IntegrationDecl':
        return [slotOf([line(declaration(item), 0, item.span.start, item.span.end)])];
      case 'ScopeDefault':
        return [slotOf([line(scopeDefault(item), 0, item.span.start, item.span.end)])];
      case 'Rule':
        return this.rule(item);
    }
  }

  private rule(rule: Rule): Slot[] {
    const eventEnd = (rule.scope ?? rule.event).span.end;
    const onText =
      rule.scope === undefined ? `on ${event(rule.event)}` : `on ${event(rule.event)} in ${scope(rule.scope)}`;
    const hasHeader = rule.name !== undefined || rule.description !== undefined || rule.disabled !== undefined;
    const hasPayload = rule.action.kind === 'WebhookAction' && rule.action.payload !== undefined;
    if (!hasHeader && rule.filter === undefined && !hasPayload && !this.hasCommentIn(eventEnd, rule.span.end)) {
      const single = `${onText} -> ${action(rule.action)}`;
      if (fits(0, single)) return [slotOf([line(single, 0, rule.span.start, rule.span.end)])];
    }
    const slots: Slot[] = [];
    const headers: Line[] = [];
    const headerSpans: Span[] = [];
    if (rule.name !== undefined) {
      headers.push(line(`automation ${str(rule.name)}`, 0, rule.name.span.start, rule.name.span.end));
      headerSpans.push(rule.name.span);
    }
    if (rule.description !== undefined) {
      headers.push(
        line(`description ${str(rule.description)}`, 0, rule.description.span.start, rule.description.span.end),
      );
      headerSpans.push(rule.description.span);
    }
    if (rule.disabled !== undefined) {
      headers.push(line('disabled', 0, rule.disabled.span.start, rule.disabled.span.end));
      headerSpans.push(rule.disabled.span);
    }
    if (isInTopLevelOrder(headerSpans)) for (const h of headers) slots.push(slotOf([h]));
    else slots.push(slotOf(headers));
    slots.push(slotOf([line(onText, 0, rule.event.span.start, eventEnd)]));
    if (rule.filter !== undefined) for (const slot of this.filter(rule.filter)) slots.push(slot);
    for (const slot of this.action(rule.action)) slots.push(slot);
    // The first line starts where the rule does, so comments before its first token are never inside it.
    const first = slots[0] as Slot;
    slots[0] = { ...first, a: Math.min(first.a, rule.span.start) };
    return slots;
  }

  private filter(filter: Expression): Slot[] {
    const whole = `where ${expression(filter)}`;
    if (filter.kind === 'OrExpression' || filter.kind === 'AndExpression') {
      const operands = filter.operands;
      const first = operands[0];
      if (
        first !== undefined &&
        operands.length > 1 &&
        (!fits(2, whole) || this.hasCommentIn(first.span.end, filter.span.end))
      ) {
        const word = filter.kind === 'OrExpression' ? 'or' : 'and';
        return operands.map((o, i) =>
          slotOf([
            i === 0
              ? line(`where ${expression(o, word)}`, 2, filter.span.start, o.span.end)
              : line(`${word} ${expression(o, word)}`, 4, o.span.start, o.span.end),
          ]),
        );
      }
    }
    return [slotOf([line(whole, 2, filter.span.start, filter.span.end)])];
  }

  private action(a: Action): Slot[] {
    if (a.kind === 'WebhookAction' && a.payload !== undefined) {
      const prefix = `-> webhook ${a.integration.name} `;
      return this.json(a.payload, 2, prefix, '', a.span.start).map((l) => slotOf([l]));
    }
    const whole = `-> ${action(a)}`;
    if (a.kind === 'SlackAction' && (!fits(2, whole) || this.hasCommentIn(a.integration.span.end, a.span.end))) {
      const options = slackOptions(a);
      const head = slotOf([line(`-> slack ${a.integration.name}`, 2, a.span.start, a.integration.span.end)]);
      const lines = options.map((o) => line(o.text, 4, o.node.start, o.node.end));
      if (lines.length === 0) return [head];
      if (isInTopLevelOrder(options.map((o) => o.node))) return [head, ...lines.map((l) => slotOf([l]))];
      return [head, slotOf(lines)];
    }
    return [slotOf([line(whole, 2, a.span.start, a.span.end)])];
  }

  /**
   * A JSON value as lines: inline when it fits after `prefix` and holds no
   * comment, else opened on the prefix line, one member per line, closed on
   * a line of its own followed by `suffix`.
   */
  private json(value: JsonValue, indent: number, prefix: string, suffix: string, a: number): Line[] {
    const inline = `${prefix}${json(value)}${suffix}`;
    if (
      (value.kind !== 'JsonObject' && value.kind !== 'JsonArray') ||
      (fits(indent, inline) && !this.hasCommentIn(value.span.start, value.span.end))
    ) {
      return [line(inline, indent, a, value.span.end)];
    }
    const [open, close] = value.kind === 'JsonObject' ? ['{', '}'] : ['[', ']'];
    const lines = [line(`${prefix}${open}`, indent, a, value.span.start + 1)];
    const children = jsonChildren(value);
    children.forEach((child, i) => {
      const comma = i < children.length - 1 ? ',' : '';
      for (const l of this.json(child.value, indent + 2, child.prefix, comma, child.start)) lines.push(l);
    });
    lines.push(line(`${close}${suffix}`, indent, value.span.end - 1, value.span.end, indent + 2));
    return lines;
  }
}

function jsonChildren(value: JsonObject | JsonArray): { value: JsonValue; prefix: string; start: number }[] {
  if (value.kind === 'JsonObject') {
    return value.members.map((m) => ({ value: m.value, prefix: `${str(m.key)}: `, start: m.span.start }));
  }
  return value.elements.map((v) => ({ value: v, prefix: '', start: v.span.start }));
}

function declaration(d: IntegrationDecl): string {
  return `${d.integrationKind} ${d.name.name} = ${str(d.target)}`;
}

function scopeDefault(d: ScopeDefault): string {
  return `in ${scope(d.scope)}`;
}

/** Items of different kinds, rules and `in` defaults are set apart by a blank line; declarations are not. */
function needsBlankLine(previous: TopLevelItem, next: TopLevelItem): boolean {
  return !(previous.kind === 'IntegrationDecl' && next.kind === 'IntegrationDecl');
}

/**
 * Lines up end-of-line comments as gofmt does. A run is a stretch of
 * consecutive output lines that each end in a comment; every comment of a
 * run starts one space after the widest code of the run (indentation
 * counted, so the lines of a rule or payload line up across depths). Any
 * other line ends the run: a blank line, a comment on its own line, or code
 * with no comment after it. This simple rule keeps a comment's column
 * predictable (it depends only on the lines right next to it) and makes
 * formatting idempotent, because it reads only the printed code, never the
 * spacing of the source. A long line can push its run's comments past
 * `formatLineWidth`; the layout never breaks code to make room for a comment.
 */
function alignTrailingComments(lines: readonly Printed[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    let end = i;
    let column = 0;
    for (; end < lines.length && (lines[end] as Printed).comment !== undefined; end++) {
      column = Math.max(column, width((lines[end] as Printed).code.trimEnd()) + 1);
    }
    if (end === i) {
      out.push((lines[i++] as Printed).code.trimEnd());
      continue;
    }
    for (; i < end; i++) {
      const { code, comment } = lines[i] as Printed;
      const trimmed = code.trimEnd();
      out.push(`${trimmed}${' '.repeat(column - width(trimmed))}${comment}`);
    }
  }
  return out;
}

function commentText(c: Comment): string {
  return c.text.trimEnd();
}

function indented(indent: number, text: string): string {
  return ' '.repeat(indent) + text;
}
