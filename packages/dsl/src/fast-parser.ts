import type { IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { isJsonNumber, stringValue, tokenSpan } from './lexer.js';
import { percentToFraction } from './percent-to-fraction.js';
import {
  AggregationKeyword,
  AnyString,
  ArtifactActionKeyword,
  allTokens,
  Arrow,
  ChangeKeyword,
  Colon,
  Comma,
  ComparisonOperator,
  Dot,
  Equals,
  FieldHead,
  AriaWord,
  Identifier,
  keywords as K,
  LBrace,
  LBracket,
  LParen,
  NumberToken,
  Percent,
  RawString,
  RBrace,
  RBracket,
  RParen,
  ScopeKeyword,
  TagChangeKeyword,
  UnterminatedRawString,
  Word,
} from './tokens.js';

/** How deep parentheses and payload brackets may nest before parsing stops with WR1105. */
export const maxNestingDepth = 100;

/** Thrown out of the grammar when nesting passes the limit; caught by the driver in `parse.ts`. */
export class NestingLimitError extends Error {
  constructor(readonly token: IToken) {
    super('nesting limit');
  }
}

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The header clauses of a rule. */
export interface Header {
  readonly name?: ast.StringLiteral | undefined;
  readonly description?: ast.StringLiteral | undefined;
  readonly disabled?: ast.DisabledFlag | undefined;
}

/** The options of a slack action. */
export interface SlackOptions {
  readonly title?: ast.StringLiteral | undefined;
  readonly message?: ast.StringLiteral | undefined;
  readonly severity?: ast.Identifier | undefined;
}

export function span(first: IToken, last: IToken): ast.Span {
  return { start: first.startOffset, end: last.startOffset + last.image.length };
}

export function spanOf(first: ast.Span, last: ast.Span): ast.Span {
  return { start: first.start, end: last.end };
}

/**
 * The fast path of the parser, and what it shares with the Chevrotain rules
 * of `grammar-parser.ts` (string interning, literals, the soft diagnostics).
 * It needs no Chevrotain: a file that parses here never loads it (the CLI's
 * bundle loads `grammar-parser.ts` and Chevrotain on the first item this
 * gives up on, see `parse.ts`).
 */
export class FastParser {
  /** Diagnostics the grammar actions report without failing the parse (duplicate clauses, misplaced `%`). */
  softDiagnostics: Diagnostic[] = [];
  /** How deep the fast path is in parentheses and payload brackets (it gives up past the limit). */
  private depth = 0;
  /** The header clauses of the rule being parsed (rules do not nest). */
  private readonly header: Mutable<Header> = {};
  /** The options of the slack action being parsed (actions do not nest). */
  private readonly slackOptions: Mutable<SlackOptions> = {};

  /** Forgets the strings interned while parsing one document (called once per parse). */
  clearInterned(): void {
    this.raws.fill(undefined);
    this.values.fill('');
  }

  /**
   * Parses items from `tokens[at]` on into `items`, as many as the fast path
   * takes; returns the index of the first token it did not take (where an
   * item it gave up on starts, or the end).
   */
  items(tokens: IToken[], at: number, items: ast.TopLevelItem[]): number {
    let next = at;
    for (let item = this.item(tokens, next); item !== undefined; item = this.item(tokens, next)) {
      items.push(item);
      next = this.fastAt;
    }
    return next;
  }

  /*
   * The fast path. Parsing through Chevrotain costs a rule invocation per
   * rule (state stacks, try/finally, argument arrays) and a lookahead
   * function call per OR/OPTION/MANY: most of the parser's time on big
   * files. So each item is first parsed by the plain recursive descent
   * below, which follows the productions above one for one (the same LL(1)
   * decisions as grammar-lookahead.ts, the same nodes, the same soft
   * diagnostics). It gives up at the first token it does not expect, and
   * then the item is parsed again by the Chevrotain rules, from the same
   * token, with everything the fast path did undone: every syntax error, and
   * the nesting limit, is reported by Chevrotain exactly as before. The
   * fast path only ever decides what the Chevrotain rules decide for input
   * they accept; fast-path.test.ts holds the two parsers (`fastPath: false`)
   * to the same results on examples, fixtures, truncations, generated
   * documents and token soup. A change to a production is made in both.
   */

  /** The tokens the fast path reads and the index of the next one. */
  private fastTokens: IToken[] = [];
  private fastAt = 0;

  /** The index of the token after the last item `item` returned. */
  get next(): number {
    return this.fastAt;
  }

  /** The item at `tokens[at]` by the fast path (`next` is then past it); undefined (nothing changed) when it gave up. */
  item(tokens: IToken[], at: number): ast.TopLevelItem | undefined {
    if (T === undefined) setUpFastPath();
    this.fastTokens = tokens;
    this.fastAt = at;
    if (at >= tokens.length) return undefined;
    const soft = this.softDiagnostics.length;
    const depth = this.depth;
    try {
      return this.fastTopLevelItem();
    } catch (error) {
      if (error !== giveUp) throw error;
      this.softDiagnostics.length = soft;
      this.depth = depth;
      return undefined;
    }
  }

  /** The type index of the next token; -1 at the end of the tokens. */
  private peek(): number {
    const t = this.fastTokens[this.fastAt];
    return t === undefined ? -1 : (t.tokenTypeIdx as number);
  }

  /** Takes the next token if a token of that type index (exactly), else gives up. */
  private take(idx: number): IToken {
    const t = this.fastTokens[this.fastAt];
    if (t === undefined || t.tokenTypeIdx !== idx) throw giveUp;
    this.fastAt++;
    return t;
  }

  /** Takes the next token if `accepts` holds its type (a token type with its categories), else gives up. */
  private takeOf(accepts: Uint8Array): IToken {
    const t = this.fastTokens[this.fastAt];
    if (t === undefined || accepts[t.tokenTypeIdx as number] !== 1) throw giveUp;
    this.fastAt++;
    return t;
  }

  private fastTopLevelItem(): ast.TopLevelItem {
    const k = this.peek();
    if (k === T.webhook || k === T.slack) return this.fastIntegrationDecl();
    if (k === T.in) {
      const kw = this.take(T.in);
      const scope = this.fastScope();
      return { kind: 'ScopeDefault', scope, span: { start: kw.startOffset, end: scope.span.end } };
    }
    return this.fastRule();
  }

  private fastIntegrationDecl(): ast.IntegrationDecl {
    const kw = this.fastTokens[this.fastAt++] as IToken;
    const name = this.takeOf(A.Identifier);
    this.take(T.Equals);
    const target = this.fastStr();
    return {
      kind: 'IntegrationDecl',
      integrationKind: kw.tokenType === K.webhook ? 'webhook' : 'slack',
      name: identifier(name),
      target,
      span: { start: kw.startOffset, end: target.span.end },
    };
  }

  private fastScope(): ast.Scope {
    const kw = this.takeOf(A.ScopeKeyword);
    const path = this.fastStr();
    return {
      kind: 'Scope',
      scopeKind: kw.image as ast.ScopeKind,
      path,
      span: { start: kw.startOffset, end: path.span.end },
    };
  }

  private fastRule(): ast.Rule {
    const first = this.fastTokens[this.fastAt];
    if (first === undefined) throw giveUp;
    const header = this.header;
    header.name = undefined;
    header.description = undefined;
    header.disabled = undefined;
    for (;;) {
      const k = this.peek();
      if (k === T.automation) {
        const kw = this.take(k);
        const value = this.fastStr();
        if (header.name === undefined) header.name = value;
        else this.setHeader(header, 'name', value, kw);
      } else if (k === T.description) {
        const kw = this.take(k);
        const value = this.fastStr();
        if (header.description === undefined) header.description = value;
        else this.setHeader(header, 'description', value, kw);
      } else if (k === T.disabled) {
        const kw = this.take(k);
        const value: ast.DisabledFlag = { kind: 'DisabledFlag', span: tokenSpan(kw) };
        if (header.disabled === undefined) header.disabled = value;
        else this.setHeader(header, 'disabled', value, kw);
      } else break;
    }
    const { name, description, disabled } = header;
    this.take(T.on);
    const event = this.fastEvent();
    let scope: ast.Scope | undefined;
    if (this.peek() === T.in) {
      this.fastAt++;
      scope = this.fastScope();
    }
    let filter: ast.Expression | undefined;
    if (this.peek() === T.where) {
      this.fastAt++;
      filter = this.fastExpression();
    }
    this.take(T.Arrow);
    const action = this.fastAction();
    return {
      kind: 'Rule',
      name,
      description,
      disabled,
      event,
      scope,
      filter,
      action,
      span: { start: first.startOffset, end: action.span.end },
    };
  }

  private fastEvent(): ast.Event {
    const k = this.peek();
    if (k === T.run) return this.fastRunEvent();
    if (k === T.artifact) {
      const kw = this.take(k);
      const t = this.takeOf(A.ArtifactActionKeyword);
      return { kind: 'ArtifactEvent', action: t.image as ast.ArtifactAction, span: span(kw, t) };
    }
    if (k === T.alias) {
      const kw = this.take(k);
      const alias = A.AnyString[this.peek()] === 1 ? this.fastStr() : undefined;
      const end = this.take(T.added);
      return { kind: 'AliasEvent', alias, span: span(kw, end) };
    }
    if (k === T.tag) {
      const kw = this.take(k);
      const tag = A.AnyString[this.peek()] === 1 ? this.fastStr() : undefined;
      const end = this.takeOf(A.TagChangeKeyword);
      return { kind: 'TagEvent', target: 'artifact', tag, change: end.image as ast.TagChange, span: span(kw, end) };
    }
    const kw = this.take(T.collection);
    this.take(T.tag);
    const tag = A.AnyString[this.peek()] === 1 ? this.fastStr() : undefined;
    const end = this.takeOf(A.TagChangeKeyword);
    return { kind: 'TagEvent', target: 'collection', tag, change: end.image as ast.TagChange, span: span(kw, end) };
  }

  private fastRunEvent(): ast.Event {
    const run = this.take(T.run);
    if (this.peek() === T.state) {
      this.fastAt++;
      const states: ast.Identifier[] = [identifier(this.takeOf(A.Identifier))];
      while (this.peek() === T.Comma) {
        this.fastAt++;
        states.push(identifier(this.takeOf(A.Identifier)));
      }
      return {
        kind: 'RunStateEvent',
        states,
        span: { start: run.startOffset, end: (states.at(-1) as ast.Identifier).span.end },
      } satisfies ast.RunStateEvent;
    }
    this.take(T.metric);
    const metric = this.fastStr();
    const k = this.peek();
    if (k === T.abs || k === T.zscore) {
      const abs = k === T.abs ? this.take(k) : undefined;
      this.take(T.zscore);
      let window: ast.NumberLiteral | undefined;
      if (this.peek() === T.over) {
        this.fastAt++;
        window = this.fastNum('window');
      }
      const op = this.takeOf(A.ComparisonOperator);
      const threshold = this.fastNum('value');
      return {
        kind: 'MetricZScoreEvent',
        metric,
        abs: abs === undefined ? undefined : { kind: 'AbsFlag', span: tokenSpan(abs) },
        window,
        comparator: comparator(op),
        threshold,
        span: { start: run.startOffset, end: threshold.span.end },
      } satisfies ast.MetricZScoreEvent;
    }
    if (A.AggregationKeyword[k] === 1) {
      const agg = this.take(k);
      if (this.peek() !== T.over) return this.fastChange(run, metric, agg);
      this.fastAt++;
      const window = this.fastNum('window');
      const op = this.takeOf(A.ComparisonOperator);
      const threshold = this.fastNum('value');
      return {
        kind: 'MetricThresholdEvent',
        metric,
        aggregation: {
          kind: 'Aggregation',
          op: agg.image as ast.AggregationOp,
          window,
          span: { start: agg.startOffset, end: window.span.end },
        },
        comparator: comparator(op),
        threshold,
        span: { start: run.startOffset, end: threshold.span.end },
      } satisfies ast.MetricThresholdEvent;
    }
    if (A.ComparisonOperator[k] === 1) {
      const op = this.take(k);
      const threshold = this.fastNum('value');
      return {
        kind: 'MetricThresholdEvent',
        metric,
        aggregation: undefined,
        comparator: comparator(op),
        threshold,
        span: { start: run.startOffset, end: threshold.span.end },
      } satisfies ast.MetricThresholdEvent;
    }
    return this.fastChange(run, metric, undefined);
  }

  private fastChange(run: IToken, metric: ast.StringLiteral, agg: IToken | undefined): ast.MetricChangeEvent {
    const dir = this.takeOf(A.ChangeKeyword);
    this.take(T.by);
    const amount = this.fastNum('amount');
    let window: ast.NumberLiteral | undefined;
    let priorWindow: ast.NumberLiteral | undefined;
    if (this.peek() === T.within) {
      this.fastAt++;
      window = this.fastNum('window');
      if (this.peek() === T.vs) {
        this.fastAt++;
        priorWindow = this.fastNum('window');
      }
    }
    const last = priorWindow ?? window ?? amount;
    return {
      kind: 'MetricChangeEvent',
      metric,
      aggregation:
        agg === undefined
          ? undefined
          : { kind: 'Aggregation', op: agg.image as ast.AggregationOp, window: undefined, span: tokenSpan(agg) },
      direction: { kind: 'Direction', direction: dir.image as ast.ChangeDirection, span: tokenSpan(dir) },
      amount,
      window,
      priorWindow,
      span: { start: run.startOffset, end: last.span.end },
    };
  }

  private fastExpression(): ast.Expression {
    const first = this.fastAndExpression();
    if (this.peek() !== T.or) return first;
    const operands = [first];
    while (this.peek() === T.or) {
      this.fastAt++;
      operands.push(this.fastAndExpression());
    }
    return { kind: 'OrExpression', operands, span: spanOf(first.span, (operands.at(-1) as ast.Expression).span) };
  }

  private fastAndExpression(): ast.Expression {
    const first = this.fastNotExpression();
    if (this.peek() !== T.and) return first;
    const operands = [first];
    while (this.peek() === T.and) {
      this.fastAt++;
      operands.push(this.fastNotExpression());
    }
    return { kind: 'AndExpression', operands, span: spanOf(first.span, (operands.at(-1) as ast.Expression).span) };
  }

  private fastNotExpression(): ast.Expression {
    const k = this.peek();
    if (k === T.not) {
      const kw = this.take(k);
      if (++this.depth > maxNestingDepth) throw giveUp;
      const operand = this.fastNotExpression();
      this.depth--;
      return { kind: 'NotExpression', operand, span: { start: kw.startOffset, end: operand.span.end } };
    }
    if (k === T.LParen) {
      const open = this.take(k);
      if (++this.depth > maxNestingDepth) throw giveUp;
      const expression = this.fastExpression();
      const close = this.take(T.RParen);
      this.depth--;
      return { kind: 'GroupExpression', expression, span: span(open, close) };
    }
    return this.fastPredicate();
  }

  private fastPredicate(): ast.Expression {
    const head = this.takeOf(A.FieldHead);
    let last = head;
    let path = head.image;
    while (this.peek() === T.Dot) {
      this.fastAt++;
      last = this.takeOf(A.Word);
      path += `.${last.image}`;
    }
    const field: ast.FieldRef = { kind: 'FieldRef', path, span: span(head, last) };
    const k = this.peek();
    if (A.ComparisonOperator[k] === 1) {
      const op = this.take(k);
      const value = this.fastLiteral();
      return {
        kind: 'ComparisonExpression',
        field,
        comparator: comparator(op),
        value,
        span: spanOf(field.span, value.span),
      } satisfies ast.ComparisonExpression;
    }
    if (k === T.in || k === T.not) {
      this.fastAt++;
      const negated = k === T.not;
      if (negated && this.peek() === T.exists) {
        const end = this.take(T.exists);
        return {
          kind: 'ExistsExpression',
          field,
          negated: true,
          span: { start: field.span.start, end: end.startOffset + end.image.length },
        } satisfies ast.ExistsExpression;
      }
      if (negated) this.take(T.in);
      const list = this.fastList();
      return {
        kind: 'MembershipExpression',
        field,
        negated,
        list,
        span: spanOf(field.span, list.span),
      } satisfies ast.MembershipExpression;
    }
    if (k === T.matches) {
      this.fastAt++;
      const pattern = this.fastStr();
      return {
        kind: 'MatchesExpression',
        field,
        pattern,
        span: spanOf(field.span, pattern.span),
      } satisfies ast.MatchesExpression;
    }
    if (k === T.contains) {
      this.fastAt++;
      const text = this.fastStr();
      return {
        kind: 'ContainsExpression',
        field,
        text,
        span: spanOf(field.span, text.span),
      } satisfies ast.ContainsExpression;
    }
    const end = this.take(T.exists);
    return {
      kind: 'ExistsExpression',
      field,
      negated: false,
      span: { start: field.span.start, end: end.startOffset + end.image.length },
    } satisfies ast.ExistsExpression;
  }

  private fastList(): ast.LiteralList {
    const open = this.take(T.LBracket);
    const elements: ast.Literal[] = [];
    if (A.literal[this.peek()] === 1) {
      elements.push(this.fastLiteral());
      while (this.peek() === T.Comma) {
        this.fastAt++;
        elements.push(this.fastLiteral());
      }
    }
    const close = this.take(T.RBracket);
    return { kind: 'LiteralList', elements, span: span(open, close) };
  }

  private fastLiteral(): ast.Literal {
    const k = this.peek();
    if (A.AnyString[k] === 1) return this.fastStr();
    if (k === T.Number) return this.fastNum('value');
    if (k === T.true || k === T.false) {
      const t = this.take(k);
      return { kind: 'BooleanLiteral', value: k === T.true, span: tokenSpan(t) };
    }
    const t = this.take(T.null);
    return { kind: 'NullLiteral', span: tokenSpan(t) };
  }

  private fastAction(): ast.Action {
    const k = this.peek();
    if (k === T.webhook) {
      const kw = this.take(k);
      const name = this.takeOf(A.Identifier);
      const payload = this.peek() === T.LBrace ? this.fastJsonObject() : undefined;
      return {
        kind: 'WebhookAction',
        integration: identifier(name),
        payload,
        span: { start: kw.startOffset, end: payload?.span.end ?? name.startOffset + name.image.length },
      } satisfies ast.WebhookAction;
    }
    if (k === T.slack) {
      const kw = this.take(k);
      const name = this.takeOf(A.Identifier);
      const options = this.slackOptions;
      options.title = undefined;
      options.message = undefined;
      options.severity = undefined;
      for (;;) {
        const o = this.peek();
        if (o === T.title) {
          const t = this.take(o);
          const value = this.fastStr();
          if (options.title === undefined) options.title = value;
          else this.setOption(options, 'title', value, t);
        } else if (o === T.message) {
          const t = this.take(o);
          const value = this.fastStr();
          if (options.message === undefined) options.message = value;
          else this.setOption(options, 'message', value, t);
        } else if (o === T.severity) {
          const t = this.take(o);
          const value = identifier(this.takeOf(A.Identifier));
          if (options.severity === undefined) options.severity = value;
          else this.setOption(options, 'severity', value, t);
        } else break;
      }
      return {
        kind: 'SlackAction',
        integration: identifier(name),
        title: options.title,
        message: options.message,
        severity: options.severity,
        span: span(kw, this.fastTokens[this.fastAt - 1] as IToken),
      } satisfies ast.SlackAction;
    }
    if (k === T.nothing) {
      const t = this.take(k);
      return { kind: 'NothingAction', span: tokenSpan(t) } satisfies ast.NothingAction;
    }
    const kw = this.take(T.AriaWord);
    const prompt = this.fastStr();
    return { kind: 'AriaAction', prompt, span: spanOf(tokenSpan(kw), prompt.span) } satisfies ast.AriaAction;
  }

  private fastJsonValue(): ast.JsonValue {
    const k = this.peek();
    if (k === T.LBrace) return this.fastJsonObject();
    if (k === T.LBracket) return this.fastJsonArray();
    return this.fastLiteral();
  }

  private fastJsonObject(): ast.JsonObject {
    const open = this.take(T.LBrace);
    if (++this.depth > maxNestingDepth) throw giveUp;
    const members: ast.JsonMember[] = [];
    if (A.AnyString[this.peek()] === 1) {
      for (;;) {
        const key = this.fastStr();
        this.take(T.Colon);
        const value = this.fastJsonValue();
        members.push({ kind: 'JsonMember', key, value, span: spanOf(key.span, value.span) });
        if (this.peek() !== T.Comma) break;
        this.fastAt++;
      }
    }
    const close = this.take(T.RBrace);
    this.depth--;
    return { kind: 'JsonObject', members, span: span(open, close) };
  }

  private fastJsonArray(): ast.JsonArray {
    const open = this.take(T.LBracket);
    if (++this.depth > maxNestingDepth) throw giveUp;
    const elements: ast.JsonValue[] = [];
    if (A.jsonValue[this.peek()] === 1) {
      elements.push(this.fastJsonValue());
      while (this.peek() === T.Comma) {
        this.fastAt++;
        elements.push(this.fastJsonValue());
      }
    }
    const close = this.take(T.RBracket);
    this.depth--;
    return { kind: 'JsonArray', elements, span: span(open, close) };
  }

  /** `str` on the fast path. */
  private fastStr(): ast.StringLiteral {
    return this.stringLiteral(this.takeOf(A.AnyString));
  }

  /** `num` on the fast path. */
  private fastNum(role: 'amount' | 'window' | 'value'): ast.NumberLiteral {
    const t = this.take(T.Number);
    const pct = this.peek() === T.Percent ? this.take(T.Percent) : undefined;
    return this.numberLiteral(t, pct, role);
  }

  /** The literal of a string token. */
  stringLiteral(t: IToken): ast.StringLiteral {
    // Rule files repeat the same strings (metric names, patterns, channels):
    // one copy of each raw text and value keeps the AST smaller. The copies
    // sit in a small table indexed by a few of the text's characters, not a
    // Map: hashing every string and a Map growing with every rule name (each
    // one unique) cost more than the rest of parsing a string. A string
    // whose slot another string took is simply not shared.
    const image = t.image;
    const n = image.length;
    const slot =
      (n * 961 + image.charCodeAt(n - 2) * 31 + image.charCodeAt(n - 3) + image.charCodeAt(n >> 1) * 7) &
      (internedSlots - 1);
    let raw = this.raws[slot];
    let value: string;
    if (raw === image) {
      value = this.values[slot] as string;
    } else {
      // Two arrays rather than a pair per string: every rule name is a new string, and a miss then allocates nothing more.
      raw = image;
      value = stringValue(t);
      this.raws[slot] = raw;
      this.values[slot] = value;
    }
    return {
      kind: 'StringLiteral',
      value,
      raw,
      style: t.tokenType === RawString || t.tokenType === UnterminatedRawString ? 'raw' : 'json',
      span: tokenSpan(t),
    };
  }

  /** Raw string texts seen in this parse, with their decoded values, by a hash of the text (see `stringLiteral`). */
  private readonly raws: (string | undefined)[] = new Array(internedSlots).fill(undefined);
  /** The decoded value of each of `raws`. */
  private readonly values: string[] = new Array(internedSlots).fill('');

  /** The literal of a number token and the `%` after it, if any (reported unless `role` is "amount"). */
  numberLiteral(t: IToken, pct: IToken | undefined, role: 'amount' | 'window' | 'value'): ast.NumberLiteral {
    const raw = t.image;
    if (pct !== undefined && role !== 'amount') this.softDiagnostics.push(misplacedPercent(t, pct, role));
    return {
      kind: 'NumberLiteral',
      raw,
      isInteger: isIntegerSpelling(raw),
      percent: pct !== undefined,
      span: { start: t.startOffset, end: (pct ?? t).startOffset + (pct ?? t).image.length },
    };
  }

  setHeader<K extends keyof Header>(header: Mutable<Header>, key: K, value: NonNullable<Header[K]>, kw: IToken) {
    this.setClause(header, key, value, kw, 'WR1103', 'rule');
  }

  setOption<K extends keyof SlackOptions>(
    options: Mutable<SlackOptions>,
    key: K,
    value: NonNullable<SlackOptions[K]>,
    kw: IToken,
  ): void {
    this.setClause(options, key, value, kw, 'WR1104', 'slack action');
  }

  /** Records a clause that may come once, in any order; a second one is an error pointing at the first. */
  private setClause<T extends Record<K, { readonly span: ast.Span } | undefined>, K extends keyof T>(
    clauses: T,
    key: K,
    value: NonNullable<T[K]>,
    kw: IToken,
    code: 'WR1103' | 'WR1104',
    where: string,
  ): void {
    const existing = clauses[key];
    if (existing !== undefined) {
      this.softDiagnostics.push({
        code,
        severity: 'error',
        message: `"${kw.image}" is given twice on this ${where}`,
        span: { start: kw.startOffset, end: value.span.end },
        related: [{ message: `first "${kw.image}" here`, span: existing.span }],
      });
      return;
    }
    clauses[key] = value;
  }
}

/** The size of the parser's table of interned strings (a power of two). */
const internedSlots = 1024;

/** What the fast path throws to give up on an item (no `Error`: nothing to capture). */
const giveUp = { giveUp: true };

/** The token types the fast path matches exactly (none has a category of its own). */
const exactTypes = {
  webhook: K.webhook,
  slack: K.slack,
  in: K.in,
  on: K.on,
  automation: K.automation,
  description: K.description,
  disabled: K.disabled,
  run: K.run,
  metric: K.metric,
  state: K.state,
  abs: K.abs,
  zscore: K.zscore,
  over: K.over,
  by: K.by,
  within: K.within,
  vs: K.vs,
  artifact: K.artifact,
  alias: K.alias,
  tag: K.tag,
  collection: K.collection,
  added: K.added,
  where: K.where,
  or: K.or,
  and: K.and,
  not: K.not,
  matches: K.matches,
  contains: K.contains,
  exists: K.exists,
  true: K.true,
  false: K.false,
  null: K.null,
  nothing: K.nothing,
  title: K.title,
  message: K.message,
  severity: K.severity,
  Equals,
  Comma,
  Arrow,
  Dot,
  Colon,
  Percent,
  Number: NumberToken,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  AriaWord,
};

/** The token types (with their categories) and sets of them the fast path matches by table. */
const acceptedTypes = {
  Identifier: [Identifier],
  ScopeKeyword: [ScopeKeyword],
  ArtifactActionKeyword: [ArtifactActionKeyword],
  TagChangeKeyword: [TagChangeKeyword],
  AnyString: [AnyString],
  ComparisonOperator: [ComparisonOperator],
  AggregationKeyword: [AggregationKeyword],
  ChangeKeyword: [ChangeKeyword],
  FieldHead: [FieldHead],
  Word: [Word],
  /** The first tokens of `literal`. */
  literal: [AnyString, NumberToken, K.true, K.false, K.null],
  /** The first tokens of `jsonValue`. */
  jsonValue: [LBrace, LBracket, AnyString, NumberToken, K.true, K.false, K.null],
};

/** Token type indexes for the fast path's exact matches, set up on first use. */
let T: Readonly<Record<keyof typeof exactTypes, number>> = undefined as never;
/** For each of `acceptedTypes`, whether it takes a token, by the token's type index (a type or one of its categories). */
let A: Readonly<Record<keyof typeof acceptedTypes, Uint8Array>> = undefined as never;

function setUpFastPath(): void {
  const indexes: Record<string, number> = {};
  for (const [name, type] of Object.entries(exactTypes)) {
    // A type with subtypes matches more than its own index: it needs a table.
    if ((type.categoryMatches?.length ?? 0) > 0)
      throw new Error(`the fast path matches ${type.name} by its index only`);
    indexes[name] = type.tokenTypeIdx as number;
  }
  let size = 0;
  for (const type of allTokens) size = Math.max(size, (type.tokenTypeIdx as number) + 1);
  const accepts: Record<string, Uint8Array> = {};
  for (const [name, types] of Object.entries(acceptedTypes)) {
    const table = new Uint8Array(size);
    for (const accepted of types) {
      table[accepted.tokenTypeIdx as number] = 1;
      for (const member of accepted.categoryMatches ?? []) table[member] = 1;
    }
    accepts[name] = table;
  }
  T = indexes as typeof T;
  A = accepts as typeof A;
}

/** WR1106 for the `%` after `number`, with the plain number meant (a malformed number gets no rewrite). */
function misplacedPercent(number: IToken, pct: IToken, role: 'window' | 'value'): Diagnostic {
  const raw = number.image;
  const meant = !isJsonNumber(raw) ? undefined : role === 'window' ? raw : percentToFraction(raw);
  const diagnostic: Diagnostic = {
    code: 'WR1106',
    severity: 'error',
    message: 'a percentage is allowed only on change amounts ("changes by 10%")',
    span: tokenSpan(pct),
  };
  if (meant === undefined) return { ...diagnostic, hints: ['Write the value as a plain number.'] };
  return {
    ...diagnostic,
    hints: [
      role === 'window'
        ? `A window counts logged values: write ${meant} rather than ${raw}%.`
        : `Write the value as a plain number (${meant} rather than ${raw}%).`,
    ],
    fixes: [
      {
        title: `Write ${meant}`,
        edits: [{ span: { start: number.startOffset, end: pct.startOffset + pct.image.length }, newText: meant }],
      },
    ],
  };
}

export function comparator(t: IToken): ast.Comparator {
  return { kind: 'Comparator', op: t.image as ast.ComparisonOp, span: tokenSpan(t) };
}

/** `3` is an integer; `3.0`, `1e2` are floats. */
export function isIntegerSpelling(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return true;
}

export function identifier(t: IToken): ast.Identifier {
  return { kind: 'Identifier', name: t.image, span: tokenSpan(t) };
}
