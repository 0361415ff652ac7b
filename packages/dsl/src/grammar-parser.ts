import { EmbeddedActionsParser, EOF, type ILookaheadStrategy, type IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { grammarLookahead } from './grammar-lookahead.js';
import { isJsonNumber, stringValue, tokenSpan } from './lexer.js';
import { TableLookaheadStrategy } from './lookahead.js';
import { percentToFraction } from './percent-to-fraction.js';
import { syntaxMessages } from './syntax-messages.js';
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

/** The tokens the parser looks ahead at most (Chevrotain's LL(k)). */
export const maxLookahead = 3;

/** How deep parentheses and payload brackets may nest before parsing stops with WR1105. */
export const maxNestingDepth = 100;

/** Thrown out of the grammar when nesting passes the limit; caught by the driver in `parse.ts`. */
export class NestingLimitError extends Error {
  constructor(readonly token: IToken) {
    super('nesting limit');
  }
}

/**
 * The DSL methods Chevrotain's grammar recording replaces on the parser
 * instance (its `GastRecorder.enableRecording`, chevrotain 11).
 */
const recordingMethodNames: readonly string[] = [
  ...Array.from({ length: 10 }, (_, i) => (i === 0 ? '' : String(i))).flatMap((suffix) =>
    ['CONSUME', 'SUBRULE', 'OPTION', 'OR', 'MANY', 'MANY_SEP', 'AT_LEAST_ONE', 'AT_LEAST_ONE_SEP'].map(
      (name) => `${name}${suffix}`,
    ),
  ),
  'consume',
  'subrule',
  'option',
  'or',
  'many',
  'atLeastOne',
  'ACTION',
  'BACKTRACK',
  'LA',
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The header clauses of a rule. */
interface Header {
  readonly name?: ast.StringLiteral | undefined;
  readonly description?: ast.StringLiteral | undefined;
  readonly disabled?: ast.DisabledFlag | undefined;
}

/** The options of a slack action. */
interface SlackOptions {
  readonly title?: ast.StringLiteral | undefined;
  readonly message?: ast.StringLiteral | undefined;
  readonly severity?: ast.Identifier | undefined;
}

function span(first: IToken, last: IToken): ast.Span {
  return { start: first.startOffset, end: last.startOffset + last.image.length };
}

function spanOf(first: ast.Span, last: ast.Span): ast.Span {
  return { start: first.start, end: last.end };
}

/**
 * The `.wbrules` grammar as a Chevrotain embedded-actions parser: each rule
 * builds its AST node directly (no CST), which keeps parsing fast. Each rule's
 * doc comment is its production; `grammar/wbrules.ebnf` is generated from
 * these rules and a test fails when it is stale.
 *
 * Errors are not recovered inside a rule: the driver (`parse.ts`) invokes
 * `item` once per top-level item and, after an error, skips to the next token
 * that can start an item, so every broken rule in a file is reported once.
 */
export class WbrulesParser extends EmbeddedActionsParser {
  /** Diagnostics the grammar actions report without failing the parse (duplicate clauses, misplaced `%`). */
  softDiagnostics: Diagnostic[] = [];
  private depth = 0;

  /**
   * `validate` runs Chevrotain's grammar checks (ambiguities, left recursion)
   * at construction and has Chevrotain compute the lookahead. Both cost
   * milliseconds of every CLI start, so production skips the checks and
   * builds its lookahead from the paths in `grammar-lookahead.ts`; tests
   * build the parser with `validate` and hold the two to the same results.
   * `lookaheadStrategy` replaces either (how that file is generated).
   */
  constructor({
    validate = false,
    lookaheadStrategy,
    fastPath = true,
  }: { validate?: boolean; lookaheadStrategy?: ILookaheadStrategy; fastPath?: boolean } = {}) {
    const strategy =
      lookaheadStrategy ??
      (validate ? undefined : new TableLookaheadStrategy(grammarLookahead, allTokens, maxLookahead));
    super(allTokens, {
      maxLookahead,
      recoveryEnabled: false,
      skipValidations: !validate,
      errorMessageProvider: syntaxMessages,
      ...(strategy === undefined ? {} : { lookaheadStrategy: strategy }),
    });
    this.performSelfAnalysis();
    this.fastPath = fastPath;
    if (T === undefined) setUpFastPath();
  }

  /** Whether items are parsed by the fast path first (see `fastItem`); tests turn it off to compare. */
  private readonly fastPath: boolean;

  /**
   * Ends Chevrotain's grammar recording (called from `performSelfAnalysis`).
   * Recording puts ~85 recording versions of the DSL methods (`CONSUME1`,
   * `OR2`, `LA`, …) on the instance; Chevrotain's own version then
   * `delete`s each, and as the instance is in V8's prototype mode by then
   * (Chevrotain's `toFastProperties`), every delete costs ~30 µs: 2.6 ms of
   * every `wbrules` start. Pointing each at the prototype's method instead
   * costs 0.1 ms and calls exactly what the prototype lookup would.
   * (Checked by "the parser ends recording" in grammar-parser.test.ts.)
   */
  protected disableRecording(): void {
    const self = this as unknown as Record<string, unknown>;
    const prototype = Object.getPrototypeOf(this) as Record<string, unknown>;
    self.RECORDING_PHASE = false;
    for (const name of recordingMethodNames) if (Object.hasOwn(self, name)) self[name] = prototype[name];
  }

  /** The index of the last consumed token (-1 before the first). */
  get position(): number {
    return (this as unknown as { exportLexerState(): number }).exportLexerState();
  }

  /** Continues parsing after token `lastConsumed` (used to resume after an error). */
  seek(lastConsumed: number): void {
    (this as unknown as { importLexerState(index: number): void }).importLexerState(lastConsumed);
  }

  /** Resets per-parse state. */
  override reset(): void {
    super.reset();
    this.softDiagnostics = [];
    this.items = [];
    this.depth = 0;
  }

  /** Forgets the strings interned while parsing one document (called once per parse). */
  clearInterned(): void {
    this.strings.fill(undefined);
  }

  /** Items parsed so far; kept on the parser so an error in one item loses none before it. */
  items: ast.TopLevelItem[] = [];

  /**
   * document ::= item*
   *
   * The driver in `parse.ts` re-enters this rule after each syntax error,
   * past the broken item, so items accumulate in `this.items`.
   */
  document = this.RULE('document', () => {
    this.MANY(this.documentItem);
  });

  /*
   * The arguments of OR, MANY and OPTION below are made once per parser
   * rather than as fresh arrays and closures on every call: a 5 MB file runs
   * them millions of times, and the garbage they made cost more than the
   * syntax tree itself. State an alternative needs from its rule goes
   * through fields (saved and restored where rules recurse).
   */
  private readonly documentItem = (): void => {
    if (this.fastPath && !this.RECORDING_PHASE) {
      // The items after it too, while the fast path takes them (as this repetition would, one by one).
      let fast = this.fastItem();
      if (fast !== undefined) {
        do {
          this.items.push(fast);
          fast = this.fastItem();
        } while (fast !== undefined);
        return;
      }
    }
    const item = this.SUBRULE(this.item);
    if (!this.RECORDING_PHASE) this.items.push(item);
  };

  /** item ::= integrationDecl | scopeDefault | rule */
  item = this.RULE('item', (): ast.TopLevelItem => this.OR(this.itemAlternatives));

  private readonly itemAlternatives = {
    DEF: [
      { ALT: (): ast.TopLevelItem => this.SUBRULE(this.integrationDecl) },
      { ALT: (): ast.TopLevelItem => this.SUBRULE(this.scopeDefault) },
      { ALT: (): ast.TopLevelItem => this.SUBRULE(this.rule) },
    ],
    ERR_MSG:
      'a rule ("on ..."), an integration ("webhook NAME = ...", "slack NAME = ...") or a default scope ("in project ...")',
  };

  /** integrationDecl ::= ("webhook" | "slack") Identifier "=" String */
  integrationDecl = this.RULE('integrationDecl', (): ast.IntegrationDecl => {
    const kw = this.OR(this.integrationKinds);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Equals);
    const target = this.str(1);
    if (this.RECORDING_PHASE) return undefined as never;
    return {
      kind: 'IntegrationDecl',
      integrationKind: kw.tokenType === K.webhook ? 'webhook' : 'slack',
      name: identifier(name),
      target,
      span: { start: kw.startOffset, end: target.span.end },
    };
  });

  private readonly integrationKinds = [{ ALT: () => this.CONSUME(K.webhook) }, { ALT: () => this.CONSUME(K.slack) }];

  /** scopeDefault ::= "in" scope */
  scopeDefault = this.RULE('scopeDefault', (): ast.ScopeDefault => {
    const kw = this.CONSUME(K.in);
    const scope = this.SUBRULE(this.scope);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'ScopeDefault', scope, span: { start: kw.startOffset, end: scope.span.end } };
  });

  /** scope ::= ScopeKeyword String   (ScopeKeyword ::= "project" | "registry" | "collection" | "team" | "org") */
  scope = this.RULE('scope', (): ast.Scope => {
    const kw = this.CONSUME(ScopeKeyword);
    const path = this.str(1);
    if (this.RECORDING_PHASE) return undefined as never;
    return {
      kind: 'Scope',
      scopeKind: kw.image as ast.ScopeKind,
      path,
      span: { start: kw.startOffset, end: path.span.end },
    };
  });

  /**
   * rule ::= ( "automation" String | "description" String | "disabled" )*
   *          "on" event [ "in" scope ] [ "where" expression ] "->" action
   */
  rule = this.RULE('rule', (): ast.Rule => {
    const first = this.LA(1);
    const header = this.header;
    header.name = undefined;
    header.description = undefined;
    header.disabled = undefined;
    this.MANY(this.headerClause);
    const { name, description, disabled } = header;
    this.CONSUME(K.on);
    const event = this.SUBRULE(this.event);
    const scope = this.OPTION(this.ruleScope);
    const filter = this.OPTION2(this.ruleFilter);
    this.CONSUME(Arrow);
    const action = this.SUBRULE(this.action);
    if (this.RECORDING_PHASE) return undefined as never;
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
  });

  /** The header clauses of the rule being parsed (rules do not nest). */
  private readonly header: Mutable<Header> = {};

  private readonly headerAlternatives = [
    {
      ALT: (): void => {
        const kw = this.CONSUME(K.automation);
        const value = this.str(1);
        if (!this.RECORDING_PHASE) this.setHeader(this.header, 'name', value, kw);
      },
    },
    {
      ALT: (): void => {
        const kw = this.CONSUME(K.description);
        const value = this.str(2);
        if (!this.RECORDING_PHASE) this.setHeader(this.header, 'description', value, kw);
      },
    },
    {
      ALT: (): void => {
        const kw = this.CONSUME(K.disabled);
        if (!this.RECORDING_PHASE)
          this.setHeader(this.header, 'disabled', { kind: 'DisabledFlag', span: tokenSpan(kw) }, kw);
      },
    },
  ];

  private readonly headerClause = (): void => this.OR(this.headerAlternatives);

  private readonly ruleScope = (): ast.Scope => {
    this.CONSUME(K.in);
    return this.SUBRULE(this.scope);
  };

  private readonly ruleFilter = (): ast.Expression => {
    this.CONSUME(K.where);
    return this.SUBRULE(this.expression);
  };

  /** event ::= runEvent | artifactEvent | aliasEvent | tagEvent | collectionTagEvent */
  event = this.RULE('event', (): ast.Event => this.OR(this.eventAlternatives));

  private readonly eventAlternatives = {
    DEF: [
      { ALT: (): ast.Event => this.SUBRULE(this.runEvent) },
      { ALT: (): ast.Event => this.SUBRULE(this.artifactEvent) },
      { ALT: (): ast.Event => this.SUBRULE(this.aliasEvent) },
      { ALT: (): ast.Event => this.SUBRULE(this.tagEvent) },
      { ALT: (): ast.Event => this.SUBRULE(this.collectionTagEvent) },
    ],
    ERR_MSG:
      'an event such as run metric "loss" > 0.5, run state failed, artifact linked, alias "prod" added or tag "x" added',
  };

  /*
   * The run event being parsed: `run`, the metric name and the aggregation
   * keyword, read by `metricCondition` and `change` (events do not nest).
   */
  private eventRun: IToken = undefined as never;
  private eventMetric: ast.StringLiteral = undefined as never;
  private eventAggregation: IToken | undefined;
  private eventStates: ast.Identifier[] = [];

  /** runEvent ::= "run" ( "metric" String metricCondition | "state" Identifier ( "," Identifier )* ) */
  runEvent = this.RULE('runEvent', (): ast.Event => {
    this.eventRun = this.CONSUME(K.run);
    return this.OR(this.runEventAlternatives);
  });

  private readonly runEventAlternatives = {
    DEF: [
      {
        ALT: (): ast.Event => {
          this.CONSUME(K.metric);
          this.eventMetric = this.str(1);
          return this.SUBRULE(this.metricCondition);
        },
      },
      {
        ALT: (): ast.Event => {
          const run = this.eventRun;
          this.CONSUME(K.state);
          const states: ast.Identifier[] = [];
          this.eventStates = states;
          this.AT_LEAST_ONE_SEP(this.stateList);
          if (this.RECORDING_PHASE) return undefined as never;
          return {
            kind: 'RunStateEvent',
            states,
            span: { start: run.startOffset, end: (states.at(-1) as ast.Identifier).span.end },
          } satisfies ast.RunStateEvent;
        },
      },
    ],
    ERR_MSG: '"metric" or "state" after "run"',
  };

  private readonly stateList = {
    SEP: Comma,
    DEF: (): void => {
      const s = this.CONSUME(Identifier);
      if (!this.RECORDING_PHASE) this.eventStates.push(identifier(s));
    },
    ERR_MSG: 'a run state (running, finished, failed or crashed) after "state"',
  };

  /**
   * metricCondition ::= [ "abs" ] "zscore" [ "over" Number ] ComparisonOperator Number
   *                   | AggregationKeyword ( "over" Number ComparisonOperator Number | change )
   *                   | ComparisonOperator Number
   *                   | change
   */
  metricCondition = this.RULE(
    'metricCondition',
    (): ast.MetricThresholdEvent | ast.MetricChangeEvent | ast.MetricZScoreEvent =>
      this.OR(this.metricConditionAlternatives),
  );

  private readonly metricConditionAlternatives = {
    DEF: [
      {
        ALT: (): ast.MetricZScoreEvent => {
          const abs = this.OPTION(this.absKeyword);
          this.CONSUME(K.zscore);
          const window = this.OPTION2(this.zscoreWindow);
          const op = this.CONSUME(ComparisonOperator);
          const threshold = this.num(2, 'value');
          if (this.RECORDING_PHASE) return undefined as never;
          return {
            kind: 'MetricZScoreEvent',
            metric: this.eventMetric,
            abs: abs === undefined ? undefined : { kind: 'AbsFlag', span: tokenSpan(abs) },
            window,
            comparator: comparator(op),
            threshold,
            span: { start: this.eventRun.startOffset, end: threshold.span.end },
          } satisfies ast.MetricZScoreEvent;
        },
      },
      {
        ALT: (): ast.MetricThresholdEvent | ast.MetricChangeEvent => {
          this.eventAggregation = this.CONSUME(AggregationKeyword);
          return this.OR2(this.aggregatedAlternatives);
        },
      },
      {
        ALT: (): ast.MetricThresholdEvent => {
          const op = this.CONSUME3(ComparisonOperator);
          const threshold = this.num(5, 'value');
          if (this.RECORDING_PHASE) return undefined as never;
          return {
            kind: 'MetricThresholdEvent',
            metric: this.eventMetric,
            aggregation: undefined,
            comparator: comparator(op),
            threshold,
            span: { start: this.eventRun.startOffset, end: threshold.span.end },
          } satisfies ast.MetricThresholdEvent;
        },
      },
      {
        ALT: (): ast.MetricChangeEvent => {
          this.eventAggregation = undefined;
          return this.SUBRULE2(this.change);
        },
      },
    ],
    ERR_MSG: 'a comparison such as "> 0.5" or "changes by 10%"',
  };

  private readonly absKeyword = (): IToken => this.CONSUME(K.abs);

  private readonly zscoreWindow = (): ast.NumberLiteral => {
    this.CONSUME(K.over);
    return this.num(1, 'window');
  };

  private readonly aggregatedAlternatives = {
    DEF: [
      {
        ALT: (): ast.MetricThresholdEvent => {
          this.CONSUME2(K.over);
          const window = this.num(3, 'window');
          const op = this.CONSUME2(ComparisonOperator);
          const threshold = this.num(4, 'value');
          if (this.RECORDING_PHASE) return undefined as never;
          const agg = this.eventAggregation as IToken;
          return {
            kind: 'MetricThresholdEvent',
            metric: this.eventMetric,
            aggregation: {
              kind: 'Aggregation',
              op: agg.image as ast.AggregationOp,
              window,
              span: { start: agg.startOffset, end: window.span.end },
            },
            comparator: comparator(op),
            threshold,
            span: { start: this.eventRun.startOffset, end: threshold.span.end },
          } satisfies ast.MetricThresholdEvent;
        },
      },
      { ALT: (): ast.MetricChangeEvent => this.SUBRULE(this.change) },
    ],
    ERR_MSG: `"over N" and a comparison (a threshold on the aggregate, e.g. "avg over 5 < 0.8") or "changes by ..." after the aggregation`,
  };

  /** change ::= ChangeKeyword "by" Number [ "%" ] [ "within" Number [ "vs" Number ] ]   (ChangeKeyword ::= "changes" | "increases" | "decreases") */
  change = this.RULE('change', (): ast.MetricChangeEvent => {
    const dir = this.CONSUME(ChangeKeyword);
    this.CONSUME(K.by);
    const amount = this.num(1, 'amount');
    this.priorWindow = undefined;
    const window = this.OPTION(this.changeWindow);
    const priorWindow = this.priorWindow;
    if (this.RECORDING_PHASE) return undefined as never;
    const agg = this.eventAggregation;
    const last = priorWindow ?? window ?? amount;
    return {
      kind: 'MetricChangeEvent',
      metric: this.eventMetric,
      aggregation:
        agg === undefined
          ? undefined
          : { kind: 'Aggregation', op: agg.image as ast.AggregationOp, window: undefined, span: tokenSpan(agg) },
      direction: { kind: 'Direction', direction: dir.image as ast.ChangeDirection, span: tokenSpan(dir) },
      amount,
      window,
      priorWindow,
      span: { start: this.eventRun.startOffset, end: last.span.end },
    };
  });

  private priorWindow: ast.NumberLiteral | undefined;

  private readonly changeWindow = (): ast.NumberLiteral => {
    this.CONSUME(K.within);
    const window = this.num(2, 'window');
    this.priorWindow = this.OPTION2(this.changePriorWindow);
    return window;
  };

  private readonly changePriorWindow = (): ast.NumberLiteral => {
    this.CONSUME(K.vs);
    return this.num(3, 'window');
  };

  /** artifactEvent ::= "artifact" ArtifactActionKeyword   (ArtifactActionKeyword ::= "created" | "linked" | "unlinked") */
  artifactEvent = this.RULE('artifactEvent', (): ast.ArtifactEvent => {
    const kw = this.CONSUME(K.artifact);
    const t = this.CONSUME(ArtifactActionKeyword);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'ArtifactEvent', action: t.image as ast.ArtifactAction, span: span(kw, t) };
  });

  /** aliasEvent ::= "alias" [ String ] "added" */
  aliasEvent = this.RULE('aliasEvent', (): ast.AliasEvent => {
    const kw = this.CONSUME(K.alias);
    const alias = this.OPTION(this.optionalString);
    const end = this.CONSUME(K.added);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'AliasEvent', alias, span: span(kw, end) };
  });

  private readonly optionalString = (): ast.StringLiteral => this.str(1);

  /** tagEvent ::= "tag" [ String ] TagChangeKeyword   (TagChangeKeyword ::= "added" | "removed") */
  tagEvent = this.RULE('tagEvent', (): ast.TagEvent => {
    const kw = this.CONSUME(K.tag);
    const tag = this.OPTION(this.optionalString);
    const end = this.CONSUME(TagChangeKeyword);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'TagEvent', target: 'artifact', tag, change: end.image as ast.TagChange, span: span(kw, end) };
  });

  /** collectionTagEvent ::= "collection" "tag" [ String ] TagChangeKeyword */
  collectionTagEvent = this.RULE('collectionTagEvent', (): ast.TagEvent => {
    const kw = this.CONSUME(K.collection);
    this.CONSUME(K.tag);
    const tag = this.OPTION(this.optionalString);
    const end = this.CONSUME(TagChangeKeyword);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'TagEvent', target: 'collection', tag, change: end.image as ast.TagChange, span: span(kw, end) };
  });

  /*
   * The operands after the first of the `or` / `and` chain being parsed.
   * Expressions nest (parentheses), so each rule saves the outer chain's
   * list and puts it back.
   */
  private orOperands: ast.Expression[] | undefined;
  private andOperands: ast.Expression[] | undefined;

  /** expression ::= andExpression ( "or" andExpression )* */
  expression = this.RULE('expression', (): ast.Expression => {
    const first = this.SUBRULE(this.andExpression);
    const outer = this.orOperands;
    this.orOperands = undefined;
    this.MANY(this.orOperand);
    const rest = this.orOperands;
    this.orOperands = outer;
    if (this.RECORDING_PHASE || rest === undefined) return first;
    const operands = [first, ...rest];
    return { kind: 'OrExpression', operands, span: spanOf(first.span, (operands.at(-1) as ast.Expression).span) };
  });

  private readonly orOperand = (): void => {
    this.CONSUME(K.or);
    const next = this.SUBRULE2(this.andExpression);
    if (this.RECORDING_PHASE) return;
    this.orOperands ??= [];
    this.orOperands.push(next);
  };

  /** andExpression ::= notExpression ( "and" notExpression )* */
  andExpression = this.RULE('andExpression', (): ast.Expression => {
    const first = this.SUBRULE(this.notExpression);
    const outer = this.andOperands;
    this.andOperands = undefined;
    this.MANY(this.andOperand);
    const rest = this.andOperands;
    this.andOperands = outer;
    if (this.RECORDING_PHASE || rest === undefined) return first;
    const operands = [first, ...rest];
    return { kind: 'AndExpression', operands, span: spanOf(first.span, (operands.at(-1) as ast.Expression).span) };
  });

  private readonly andOperand = (): void => {
    this.CONSUME(K.and);
    const next = this.SUBRULE2(this.notExpression);
    if (this.RECORDING_PHASE) return;
    this.andOperands ??= [];
    this.andOperands.push(next);
  };

  /** notExpression ::= "not" notExpression | "(" expression ")" | predicate */
  notExpression = this.RULE('notExpression', (): ast.Expression => this.OR(this.notExpressionAlternatives));

  private readonly notExpressionAlternatives = {
    DEF: [
      {
        ALT: (): ast.Expression => {
          const kw = this.CONSUME(K.not);
          this.enter(kw);
          const operand = this.SUBRULE(this.notExpression);
          this.depth--;
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'NotExpression', operand, span: { start: kw.startOffset, end: operand.span.end } };
        },
      },
      {
        ALT: (): ast.Expression => {
          const open = this.CONSUME(LParen);
          this.enter(open);
          const expression = this.SUBRULE(this.expression);
          const close = this.CONSUME(RParen);
          this.depth--;
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'GroupExpression', expression, span: span(open, close) };
        },
      },
      { ALT: (): ast.Expression => this.SUBRULE(this.predicate) },
    ],
    ERR_MSG: 'a condition such as run.name matches "^prod-", alias == "prod" or tag in ["a", "b"]',
  };

  /*
   * The predicate being parsed: its field path so far and the field, read
   * by the operator alternatives (a predicate holds no other predicate).
   */
  private pathText = '';
  private pathLast: IToken = undefined as never;
  private field: ast.FieldRef = undefined as never;

  /**
   * predicate ::= FieldHead ( "." Word )*
   *               ( ComparisonOperator literal | "in" list | "not" ( "in" list | "exists" )
   *               | "matches" String | "contains" String | "exists" )
   */
  predicate = this.RULE('predicate', (): ast.Expression => {
    const head = this.CONSUME(FieldHead);
    this.pathLast = head;
    this.pathText = head.image;
    this.MANY(this.pathSegment);
    this.field = this.RECORDING_PHASE
      ? (undefined as never)
      : { kind: 'FieldRef', path: this.pathText, span: span(head, this.pathLast) };
    return this.OR(this.predicateAlternatives);
  });

  private readonly pathSegment = (): void => {
    this.CONSUME(Dot);
    this.pathLast = this.CONSUME(Word);
    this.pathText += `.${this.pathLast.image}`;
  };

  private readonly predicateAlternatives = {
    DEF: [
      {
        ALT: (): ast.Expression => {
          const op = this.CONSUME(ComparisonOperator);
          const value = this.SUBRULE(this.literal);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'ComparisonExpression',
            field,
            comparator: comparator(op),
            value,
            span: spanOf(field.span, value.span),
          } satisfies ast.ComparisonExpression;
        },
      },
      {
        ALT: (): ast.Expression => {
          this.CONSUME(K.in);
          const list = this.SUBRULE(this.list);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'MembershipExpression',
            field,
            negated: false,
            list,
            span: spanOf(field.span, list.span),
          } satisfies ast.MembershipExpression;
        },
      },
      {
        ALT: (): ast.Expression => {
          this.CONSUME(K.not);
          return this.OR2(this.negatedPredicateAlternatives);
        },
      },
      {
        ALT: (): ast.Expression => {
          this.CONSUME(K.matches);
          const pattern = this.str(1);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'MatchesExpression',
            field,
            pattern,
            span: spanOf(field.span, pattern.span),
          } satisfies ast.MatchesExpression;
        },
      },
      {
        ALT: (): ast.Expression => {
          this.CONSUME(K.contains);
          const text = this.str(2);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'ContainsExpression',
            field,
            text,
            span: spanOf(field.span, text.span),
          } satisfies ast.ContainsExpression;
        },
      },
      {
        ALT: (): ast.Expression => {
          const end = this.CONSUME2(K.exists);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'ExistsExpression',
            field,
            negated: false,
            span: { start: field.span.start, end: end.startOffset + end.image.length },
          } satisfies ast.ExistsExpression;
        },
      },
    ],
    ERR_MSG: 'an operator such as ==, !=, in [...], matches "...", contains "..." or exists after the field',
  };

  private readonly negatedPredicateAlternatives = {
    DEF: [
      {
        ALT: (): ast.Expression => {
          this.CONSUME2(K.in);
          const list = this.SUBRULE2(this.list);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'MembershipExpression',
            field,
            negated: true,
            list,
            span: spanOf(field.span, list.span),
          } satisfies ast.MembershipExpression;
        },
      },
      {
        ALT: (): ast.Expression => {
          const end = this.CONSUME(K.exists);
          if (this.RECORDING_PHASE) return undefined as never;
          const field = this.field;
          return {
            kind: 'ExistsExpression',
            field,
            negated: true,
            span: { start: field.span.start, end: end.startOffset + end.image.length },
          } satisfies ast.ExistsExpression;
        },
      },
    ],
    ERR_MSG: '"in [...]" or "exists" after "not"',
  };

  /** The elements of the list being parsed (a list holds no list). */
  private listElements: ast.Literal[] = [];

  /** list ::= "[" [ literal ( "," literal )* ] "]" */
  list = this.RULE('list', (): ast.LiteralList => {
    const open = this.CONSUME(LBracket);
    const elements: ast.Literal[] = [];
    this.listElements = elements;
    this.MANY_SEP(this.listItems);
    const close = this.CONSUME(RBracket);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'LiteralList', elements, span: span(open, close) };
  });

  private readonly listItems = {
    SEP: Comma,
    DEF: (): void => {
      this.listElements.push(this.SUBRULE(this.literal));
    },
  };

  /** literal ::= String | Number | "true" | "false" | "null" */
  literal = this.RULE('literal', (): ast.Literal => this.OR(this.literalAlternatives));

  private readonly literalAlternatives = {
    DEF: [
      { ALT: (): ast.Literal => this.str(1) },
      { ALT: (): ast.Literal => this.num(1, 'value') },
      {
        ALT: (): ast.Literal => {
          const t = this.CONSUME(K.true);
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'BooleanLiteral', value: true, span: tokenSpan(t) };
        },
      },
      {
        ALT: (): ast.Literal => {
          const t = this.CONSUME(K.false);
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'BooleanLiteral', value: false, span: tokenSpan(t) };
        },
      },
      {
        ALT: (): ast.Literal => {
          const t = this.CONSUME(K.null);
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'NullLiteral', span: tokenSpan(t) };
        },
      },
    ],
    ERR_MSG: 'a value such as "text", 42, true, false or null',
  };

  /**
   * action ::= "webhook" Identifier [ jsonObject ]
   *          | "slack" Identifier ( "title" String | "message" String | "severity" Identifier )*
   *          | "nothing"
   *          | "aria" String
   */
  action = this.RULE('action', (): ast.Action => this.OR(this.actionAlternatives));

  private readonly actionAlternatives = {
    DEF: [
      {
        ALT: (): ast.Action => {
          const kw = this.CONSUME(K.webhook);
          const name = this.CONSUME(Identifier);
          const payload = this.OPTION(this.webhookPayload);
          if (this.RECORDING_PHASE) return undefined as never;
          return {
            kind: 'WebhookAction',
            integration: identifier(name),
            payload,
            span: { start: kw.startOffset, end: payload?.span.end ?? name.startOffset + name.image.length },
          } satisfies ast.WebhookAction;
        },
      },
      {
        ALT: (): ast.Action => {
          const kw = this.CONSUME(K.slack);
          const name = this.CONSUME2(Identifier);
          const options = this.slackOptions;
          options.title = undefined;
          options.message = undefined;
          options.severity = undefined;
          this.MANY(this.slackOption);
          if (this.RECORDING_PHASE) return undefined as never;
          return {
            kind: 'SlackAction',
            integration: identifier(name),
            title: options.title,
            message: options.message,
            severity: options.severity,
            span: span(kw, this.LA(0)),
          } satisfies ast.SlackAction;
        },
      },
      {
        ALT: (): ast.Action => {
          const t = this.CONSUME(K.nothing);
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'NothingAction', span: tokenSpan(t) } satisfies ast.NothingAction;
        },
      },
      {
        ALT: (): ast.Action => {
          const kw = this.CONSUME(AriaWord);
          const prompt = this.str(3);
          if (this.RECORDING_PHASE) return undefined as never;
          return { kind: 'AriaAction', prompt, span: spanOf(tokenSpan(kw), prompt.span) } satisfies ast.AriaAction;
        },
      },
    ],
    ERR_MSG: 'an action: webhook NAME, slack NAME, aria "PROMPT" or nothing',
  };

  private readonly webhookPayload = (): ast.JsonObject => this.SUBRULE(this.jsonObject);

  /** The options of the slack action being parsed (actions do not nest). */
  private readonly slackOptions: Mutable<SlackOptions> = {};

  private readonly slackOptionAlternatives = [
    {
      ALT: (): void => {
        const k = this.CONSUME(K.title);
        const v = this.str(1);
        if (!this.RECORDING_PHASE) this.setOption(this.slackOptions, 'title', v, k);
      },
    },
    {
      ALT: (): void => {
        const k = this.CONSUME(K.message);
        const v = this.str(2);
        if (!this.RECORDING_PHASE) this.setOption(this.slackOptions, 'message', v, k);
      },
    },
    {
      ALT: (): void => {
        const k = this.CONSUME(K.severity);
        const v = this.CONSUME3(Identifier);
        if (!this.RECORDING_PHASE) this.setOption(this.slackOptions, 'severity', identifier(v), k);
      },
    },
  ];

  private readonly slackOption = (): void => this.OR2(this.slackOptionAlternatives);

  /** jsonValue ::= jsonObject | jsonArray | literal */
  jsonValue = this.RULE('jsonValue', (): ast.JsonValue => this.OR(this.jsonValueAlternatives));

  private readonly jsonValueAlternatives = {
    DEF: [
      { ALT: (): ast.JsonValue => this.SUBRULE(this.jsonObject) },
      { ALT: (): ast.JsonValue => this.SUBRULE(this.jsonArray) },
      { ALT: (): ast.JsonValue => this.SUBRULE(this.literal) },
    ],
    ERR_MSG: 'a JSON value (a string, number, object, array, true, false or null)',
  };

  /*
   * The members (elements) of the innermost JSON object (array) being
   * parsed; payloads nest, so each rule saves the outer list and puts it back.
   */
  private jsonMembers: ast.JsonMember[] = [];
  private jsonElements: ast.JsonValue[] = [];

  /** jsonObject ::= "{" [ String ":" jsonValue ( "," String ":" jsonValue )* ] "}" */
  jsonObject = this.RULE('jsonObject', (): ast.JsonObject => {
    const open = this.CONSUME(LBrace);
    this.enter(open);
    const outer = this.jsonMembers;
    const members: ast.JsonMember[] = [];
    this.jsonMembers = members;
    this.MANY_SEP(this.jsonObjectMembers);
    this.jsonMembers = outer;
    const close = this.CONSUME(RBrace);
    this.depth--;
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'JsonObject', members, span: span(open, close) };
  });

  private readonly jsonObjectMembers = {
    SEP: Comma,
    DEF: (): void => {
      const key = this.str(1);
      this.CONSUME(Colon);
      const value = this.SUBRULE(this.jsonValue);
      if (!this.RECORDING_PHASE)
        this.jsonMembers.push({ kind: 'JsonMember', key, value, span: spanOf(key.span, value.span) });
    },
  };

  /** jsonArray ::= "[" [ jsonValue ( "," jsonValue )* ] "]" */
  jsonArray = this.RULE('jsonArray', (): ast.JsonArray => {
    const open = this.CONSUME(LBracket);
    this.enter(open);
    const outer = this.jsonElements;
    const elements: ast.JsonValue[] = [];
    this.jsonElements = elements;
    this.MANY_SEP(this.jsonArrayElements);
    this.jsonElements = outer;
    const close = this.CONSUME(RBracket);
    this.depth--;
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'JsonArray', elements, span: span(open, close) };
  });

  private readonly jsonArrayElements = {
    SEP: Comma,
    DEF: (): void => {
      this.jsonElements.push(this.SUBRULE(this.jsonValue));
    },
  };
  /**
   * String ::= a double-quoted string with JSON escapes, or r"..." (no escapes).
   * Not a grammar rule of its own: a terminal consumed in place, which keeps
   * the hottest path of the parser free of a rule invocation.
   */
  private str(idx: number): ast.StringLiteral {
    const t = this.consume(idx, AnyString);
    if (this.RECORDING_PHASE) return undefined as never;
    return this.stringLiteral(t);
  }

  /** The literal of a string token. */
  private stringLiteral(t: IToken): ast.StringLiteral {
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
    let interned = this.strings[slot];
    if (interned === undefined || interned[0] !== image) {
      interned = [image, stringValue(t)];
      this.strings[slot] = interned;
    }
    return {
      kind: 'StringLiteral',
      value: interned[1],
      raw: interned[0],
      style: t.tokenType === RawString || t.tokenType === UnterminatedRawString ? 'raw' : 'json',
      span: tokenSpan(t),
    };
  }

  /** Raw string texts seen in this parse, with their decoded values, by a hash of the text (see `stringLiteral`). */
  private readonly strings: (readonly [string, string] | undefined)[] = new Array(internedSlots).fill(undefined);

  /**
   * Number [ "%" ] — consumed in place. A `%` is allowed only on a change
   * amount (`role` "amount"); elsewhere it is reported, with the number the
   * user meant: a window counts values (`5%` → `5`), any other value is the
   * fraction (`80%` → `0.8`).
   */
  private num(idx: number, role: 'amount' | 'window' | 'value'): ast.NumberLiteral {
    const t = this.consume(idx, NumberToken);
    this.percentToken = undefined;
    // Most numbers have no `%`: skip the OPTION machinery then (it must still run while recording the grammar).
    if (this.RECORDING_PHASE || this.LA(1).tokenType === Percent) {
      this.percentIdx = idx;
      this.option(idx + 100, this.takePercent);
    }
    if (this.RECORDING_PHASE) return undefined as never;
    return this.numberLiteral(t, this.percentToken, role);
  }

  /** The literal of a number token and the `%` after it, if any (reported unless `role` is "amount"). */
  private numberLiteral(t: IToken, pct: IToken | undefined, role: 'amount' | 'window' | 'value'): ast.NumberLiteral {
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

  private percentToken: IToken | undefined;
  private percentIdx = 0;
  /** The body of `num`'s `%` option, made once rather than as a closure per number. */
  private readonly takePercent = (): void => {
    this.percentToken = this.consume(this.percentIdx, Percent);
  };

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

  /** The next item by the fast path, the parser advanced past it; undefined (nothing changed) when it gave up. */
  private fastItem(): ast.TopLevelItem | undefined {
    const lexer = this as unknown as { tokVector: IToken[]; currIdx: number };
    this.fastTokens = lexer.tokVector;
    this.fastAt = lexer.currIdx + 1;
    if (this.fastAt >= this.fastTokens.length) return undefined;
    const soft = this.softDiagnostics.length;
    const depth = this.depth;
    try {
      const item = this.fastTopLevelItem();
      lexer.currIdx = this.fastAt - 1;
      return item;
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

  private enter(token: IToken): void {
    if (this.RECORDING_PHASE) return;
    if (++this.depth > maxNestingDepth) throw new NestingLimitError(token);
  }

  private setHeader<K extends keyof Header>(
    header: Mutable<Header>,
    key: K,
    value: NonNullable<Header[K]>,
    kw: IToken,
  ) {
    this.setClause(header, key, value, kw, 'WR1103', 'rule');
  }

  private setOption<K extends keyof SlackOptions>(
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

/** Token type indexes for the fast path's exact matches, set up with the first parser (Chevrotain numbers the types). */
let T: Readonly<Record<keyof typeof exactTypes, number>> = undefined as never;
/** For each of `acceptedTypes`, whether it takes a token, by the token's type index (Chevrotain's token matching). */
let A: Readonly<Record<keyof typeof acceptedTypes, Uint8Array>> = undefined as never;

function setUpFastPath(): void {
  const indexes: Record<string, number> = {};
  for (const [name, type] of Object.entries(exactTypes)) {
    // A type with subtypes matches more than its own index: it needs a table.
    if (type.isParent === true) throw new Error(`the fast path matches ${type.name} by its index only`);
    indexes[name] = type.tokenTypeIdx as number;
  }
  let size = 0;
  for (const type of allTokens) size = Math.max(size, (type.tokenTypeIdx as number) + 1);
  const accepts: Record<string, Uint8Array> = {};
  for (const [name, types] of Object.entries(acceptedTypes)) {
    const table = new Uint8Array(size);
    for (let idx = 0; idx < size; idx++) {
      for (const type of types) {
        if (idx === type.tokenTypeIdx || (type.isParent === true && type.categoryMatchesMap?.[idx] === true)) {
          table[idx] = 1;
        }
      }
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

function comparator(t: IToken): ast.Comparator {
  return { kind: 'Comparator', op: t.image as ast.ComparisonOp, span: tokenSpan(t) };
}

/** `3` is an integer; `3.0`, `1e2` are floats. */
function isIntegerSpelling(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return false;
  }
  return true;
}

function identifier(t: IToken): ast.Identifier {
  return { kind: 'Identifier', name: t.image, span: tokenSpan(t) };
}

/** The end-of-input token type, re-exported for the driver. */
export { EOF };
