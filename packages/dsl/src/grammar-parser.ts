import { EmbeddedActionsParser, type ILookaheadStrategy, type IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { chevrotainVocabulary } from './chevrotain-vocabulary.js';
import { grammarLookahead } from './grammar-lookahead.js';
import {
  comparator,
  FastParser,
  type Header,
  identifier,
  type Mutable,
  maxNestingDepth,
  NestingLimitError,
  type SlackOptions,
  span,
  spanOf,
} from './fast-parser.js';
import { tokenSpan } from './lexer.js';
import { TableLookaheadStrategy } from './lookahead.js';
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
  RBrace,
  RBracket,
  RParen,
  ScopeKeyword,
  TagChangeKeyword,
  Word,
} from './tokens.js';

/** The tokens the parser looks ahead at most (Chevrotain's LL(k)). */
export const maxLookahead = 3;

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
  /** The fast path, which also holds what the rules share with it (interned strings, soft diagnostics). */
  readonly fast: FastParser;
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
    fast = new FastParser(),
  }: { validate?: boolean; lookaheadStrategy?: ILookaheadStrategy; fastPath?: boolean; fast?: FastParser } = {}) {
    const strategy =
      lookaheadStrategy ??
      (validate ? undefined : new TableLookaheadStrategy(grammarLookahead, allTokens, maxLookahead));
    super(chevrotainVocabulary(), {
      maxLookahead,
      recoveryEnabled: false,
      skipValidations: !validate,
      errorMessageProvider: syntaxMessages,
      ...(strategy === undefined ? {} : { lookaheadStrategy: strategy }),
    });
    this.fast = fast;
    this.performSelfAnalysis();
    this.fastPath = fastPath;
  }

  /** Whether items are parsed by the fast path first (see `fastItem`); tests turn it off to compare. */
  readonly fastPath: boolean;

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

  /**
   * Continues parsing after token `lastConsumed`, where an item starts (used
   * to resume after an error, which leaves the rules it broke off in nested).
   */
  seek(lastConsumed: number): void {
    (this as unknown as { importLexerState(index: number): void }).importLexerState(lastConsumed);
    this.depth = 0;
  }

  /** Resets per-parse state (not the fast path's: the driver resets it). */
  override reset(): void {
    super.reset();
    this.items = [];
    this.depth = 0;
  }

  /** Soft diagnostics, the fast path's and the rules' alike. */
  get softDiagnostics(): Diagnostic[] {
    return this.fast.softDiagnostics;
  }

  /** The next item by the fast path, the parser advanced past it; undefined (nothing changed) when it gave up. */
  private fastItem(): ast.TopLevelItem | undefined {
    const lexer = this as unknown as { tokVector: IToken[]; currIdx: number };
    const item = this.fast.item(lexer.tokVector, lexer.currIdx + 1);
    if (item !== undefined) lexer.currIdx = this.fast.next - 1;
    return item;
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
        if (!this.RECORDING_PHASE) this.fast.setHeader(this.header, 'name', value, kw);
      },
    },
    {
      ALT: (): void => {
        const kw = this.CONSUME(K.description);
        const value = this.str(2);
        if (!this.RECORDING_PHASE) this.fast.setHeader(this.header, 'description', value, kw);
      },
    },
    {
      ALT: (): void => {
        const kw = this.CONSUME(K.disabled);
        if (!this.RECORDING_PHASE)
          this.fast.setHeader(this.header, 'disabled', { kind: 'DisabledFlag', span: tokenSpan(kw) }, kw);
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
        if (!this.RECORDING_PHASE) this.fast.setOption(this.slackOptions, 'title', v, k);
      },
    },
    {
      ALT: (): void => {
        const k = this.CONSUME(K.message);
        const v = this.str(2);
        if (!this.RECORDING_PHASE) this.fast.setOption(this.slackOptions, 'message', v, k);
      },
    },
    {
      ALT: (): void => {
        const k = this.CONSUME(K.severity);
        const v = this.CONSUME3(Identifier);
        if (!this.RECORDING_PHASE) this.fast.setOption(this.slackOptions, 'severity', identifier(v), k);
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
    return this.fast.stringLiteral(t);
  }

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
    return this.fast.numberLiteral(t, this.percentToken, role);
  }

  private percentToken: IToken | undefined;
  private percentIdx = 0;
  /** The body of `num`'s `%` option, made once rather than as a closure per number. */
  private readonly takePercent = (): void => {
    this.percentToken = this.consume(this.percentIdx, Percent);
  };

  private enter(token: IToken): void {
    if (this.RECORDING_PHASE) return;
    if (++this.depth > maxNestingDepth) throw new NestingLimitError(token);
  }
}
