import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain';
import type * as ast from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { stringValue, tokenSpan } from './lexer.js';
import { syntaxMessages } from './syntax-messages.js';
import {
  allTokens,
  AnyString,
  Arrow,
  Colon,
  Comma,
  Dot,
  EqualEqual,
  Equals,
  FieldHead,
  Greater,
  GreaterEqual,
  Identifier,
  keywords as K,
  LBrace,
  LBracket,
  Less,
  LessEqual,
  LParen,
  NotEqual,
  NumberToken,
  Percent,
  RawString,
  RBrace,
  RBracket,
  RParen,
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const comparatorOps = new Map<TokenType, ast.ComparisonOp>([
  [Greater, '>'],
  [GreaterEqual, '>='],
  [Less, '<'],
  [LessEqual, '<='],
  [EqualEqual, '=='],
  [NotEqual, '!='],
]);

const scopeKinds = new Map<TokenType, ast.ScopeKind>([
  [K.project, 'project'],
  [K.registry, 'registry'],
  [K.collection, 'collection'],
  [K.team, 'team'],
  [K.org, 'org'],
]);

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

  constructor() {
    super(allTokens, {
      maxLookahead: 3,
      recoveryEnabled: false,
      skipValidations: false,
      errorMessageProvider: syntaxMessages,
    });
    this.performSelfAnalysis();
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

  /** Items parsed so far; kept on the parser so an error in one item loses none before it. */
  items: ast.TopLevelItem[] = [];

  /**
   * document ::= item*
   *
   * The driver in `parse.ts` re-enters this rule after each syntax error,
   * past the broken item, so items accumulate in `this.items`.
   */
  document = this.RULE('document', () => {
    this.MANY(() => {
      const item = this.SUBRULE(this.item);
      this.ACTION(() => this.items.push(item));
    });
  });

  /** item ::= integrationDecl | scopeDefault | rule */
  item = this.RULE('item', (): ast.TopLevelItem => {
    return this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.integrationDecl) },
        { ALT: () => this.SUBRULE(this.scopeDefault) },
        { ALT: () => this.SUBRULE(this.rule) },
      ],
      ERR_MSG: 'a rule ("on ..."), an integration ("webhook NAME = ...", "slack NAME = ...") or a default scope ("in project ...")',
    });
  });

  /** integrationDecl ::= ("webhook" | "slack") Identifier "=" String */
  integrationDecl = this.RULE('integrationDecl', (): ast.IntegrationDecl => {
    const kw = this.OR([{ ALT: () => this.CONSUME(K.webhook) }, { ALT: () => this.CONSUME(K.slack) }]);
    const name = this.CONSUME(Identifier);
    this.CONSUME(Equals);
    const target = this.SUBRULE(this.string);
    return this.ACTION(() => ({
      kind: 'IntegrationDecl',
      integrationKind: kw.tokenType === K.webhook ? 'webhook' : 'slack',
      name: identifier(name),
      target,
      span: { start: kw.startOffset, end: target.span.end },
    }));
  });

  /** scopeDefault ::= "in" scope */
  scopeDefault = this.RULE('scopeDefault', (): ast.ScopeDefault => {
    const kw = this.CONSUME(K.in);
    const scope = this.SUBRULE(this.scope);
    return this.ACTION(() => ({ kind: 'ScopeDefault', scope, span: { start: kw.startOffset, end: scope.span.end } }));
  });

  /** scope ::= ("project" | "registry" | "collection" | "team" | "org") String */
  scope = this.RULE('scope', (): ast.Scope => {
    const kw = this.OR({
      DEF: [
        { ALT: () => this.CONSUME(K.project) },
        { ALT: () => this.CONSUME(K.registry) },
        { ALT: () => this.CONSUME(K.collection) },
        { ALT: () => this.CONSUME(K.team) },
        { ALT: () => this.CONSUME(K.org) },
      ],
      ERR_MSG: 'a scope such as project "entity/project", registry "org/name", collection "entity/project/name", team "name" or org "name"',
    });
    const path = this.SUBRULE(this.string);
    return this.ACTION(() => ({
      kind: 'Scope',
      scopeKind: scopeKinds.get(kw.tokenType) as ast.ScopeKind,
      path,
      span: { start: kw.startOffset, end: path.span.end },
    }));
  });

  /**
   * rule ::= ( "automation" String | "description" String | "disabled" )*
   *          "on" event [ "in" scope ] [ "where" expression ] "->" action
   */
  rule = this.RULE('rule', (): ast.Rule => {
    const first = this.LA(1);
    const header: { name?: ast.StringLiteral; description?: ast.StringLiteral; disabled?: ast.DisabledFlag } = {};
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const kw = this.CONSUME(K.automation);
            const value = this.SUBRULE(this.string);
            this.ACTION(() => this.setHeader(header, 'name', value, kw));
          },
        },
        {
          ALT: () => {
            const kw = this.CONSUME(K.description);
            const value = this.SUBRULE2(this.string);
            this.ACTION(() => this.setHeader(header, 'description', value, kw));
          },
        },
        {
          ALT: () => {
            const kw = this.CONSUME(K.disabled);
            this.ACTION(() =>
              this.setHeader(header, 'disabled', { kind: 'DisabledFlag', span: tokenSpan(kw) }, kw),
            );
          },
        },
      ]);
    });
    this.CONSUME(K.on);
    const event = this.SUBRULE(this.event);
    let scope: ast.Scope | undefined;
    let filter: ast.Expression | undefined;
    this.OPTION(() => {
      this.CONSUME(K.in);
      scope = this.SUBRULE(this.scope);
    });
    this.OPTION2(() => {
      this.CONSUME(K.where);
      filter = this.SUBRULE(this.expression);
    });
    this.CONSUME(Arrow);
    const action = this.SUBRULE(this.action);
    return this.ACTION(() => ({
      kind: 'Rule',
      name: header.name,
      description: header.description,
      disabled: header.disabled,
      event,
      scope,
      filter,
      action,
      span: { start: first.startOffset, end: action.span.end },
    }));
  });

  /** event ::= runEvent | artifactEvent | aliasEvent | tagEvent | collectionTagEvent */
  event = this.RULE('event', (): ast.Event => {
    return this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.runEvent) },
        { ALT: () => this.SUBRULE(this.artifactEvent) },
        { ALT: () => this.SUBRULE(this.aliasEvent) },
        { ALT: () => this.SUBRULE(this.tagEvent) },
        { ALT: () => this.SUBRULE(this.collectionTagEvent) },
      ],
      ERR_MSG:
        'an event such as run metric "loss" > 0.5, run state failed, artifact linked, alias "prod" added or tag "x" added',
    });
  });

  /** runEvent ::= "run" ( "metric" String metricCondition | "state" Identifier ( "," Identifier )* ) */
  runEvent = this.RULE('runEvent', (): ast.Event => {
    const run = this.CONSUME(K.run);
    return this.OR({
      DEF: [
        {
          ALT: () => {
            this.CONSUME(K.metric);
            const metric = this.SUBRULE(this.string);
            return this.SUBRULE(this.metricCondition, { ARGS: [metric, run] });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.state);
            const states: ast.Identifier[] = [];
            this.AT_LEAST_ONE_SEP({
              SEP: Comma,
              DEF: () => {
                const s = this.CONSUME(Identifier);
                this.ACTION(() => states.push(identifier(s)));
              },
              ERR_MSG: 'a run state (running, finished, failed or crashed) after "state"',
            });
            return this.ACTION(
              (): ast.RunStateEvent => ({
                kind: 'RunStateEvent',
                states,
                span: { start: run.startOffset, end: (states.at(-1) as ast.Identifier).span.end },
              }),
            );
          },
        },
      ],
      ERR_MSG: '"metric" or "state" after "run"',
    });
  });

  /**
   * metricCondition ::= [ "abs" ] "zscore" [ "over" Number ] comparator Number
   *                   | aggregation ( "over" Number comparator Number | change )
   *                   | comparator Number
   *                   | change
   */
  metricCondition = this.RULE(
    'metricCondition',
    (metric: ast.StringLiteral, run: IToken): ast.MetricThresholdEvent | ast.MetricChangeEvent | ast.MetricZScoreEvent => {
      return this.OR({
        DEF: [
          {
            ALT: () => {
              let abs: ast.AbsFlag | undefined;
              this.OPTION(() => {
                const a = this.CONSUME(K.abs);
                abs = this.ACTION(() => ({ kind: 'AbsFlag', span: tokenSpan(a) }) as const);
              });
              this.CONSUME(K.zscore);
              let window: ast.NumberLiteral | undefined;
              this.OPTION2(() => {
                this.CONSUME(K.over);
                window = this.SUBRULE(this.number, { ARGS: [false] });
              });
              const comparator = this.SUBRULE(this.comparator);
              const threshold = this.SUBRULE2(this.number, { ARGS: [false] });
              return this.ACTION(
                (): ast.MetricZScoreEvent => ({
                  kind: 'MetricZScoreEvent',
                  metric,
                  abs,
                  window,
                  comparator,
                  threshold,
                  span: { start: run.startOffset, end: threshold.span.end },
                }),
              );
            },
          },
          {
            ALT: () => {
              const agg = this.SUBRULE(this.aggregationWord);
              return this.OR2({
                DEF: [
                  {
                    ALT: () => {
                      this.CONSUME2(K.over);
                      const window = this.SUBRULE3(this.number, { ARGS: [false] });
                      const comparator = this.SUBRULE2(this.comparator);
                      const threshold = this.SUBRULE4(this.number, { ARGS: [false] });
                      return this.ACTION(
                        (): ast.MetricThresholdEvent => ({
                          kind: 'MetricThresholdEvent',
                          metric,
                          aggregation: { kind: 'Aggregation', op: agg.op, window, span: spanOf(agg.span, window.span) },
                          comparator,
                          threshold,
                          span: { start: run.startOffset, end: threshold.span.end },
                        }),
                      );
                    },
                  },
                  {
                    ALT: () =>
                      this.SUBRULE(this.change, {
                        ARGS: [metric, run, { kind: 'Aggregation', op: agg.op, window: undefined, span: agg.span }],
                      }),
                  },
                ],
                ERR_MSG: `"over N" followed by a comparison (a threshold on the aggregate, e.g. "avg over 5 < 0.8") or "changes by ..." after the aggregation`,
              });
            },
          },
          {
            ALT: () => {
              const comparator = this.SUBRULE3(this.comparator);
              const threshold = this.SUBRULE5(this.number, { ARGS: [false] });
              return this.ACTION(
                (): ast.MetricThresholdEvent => ({
                  kind: 'MetricThresholdEvent',
                  metric,
                  aggregation: undefined,
                  comparator,
                  threshold,
                  span: { start: run.startOffset, end: threshold.span.end },
                }),
              );
            },
          },
          { ALT: () => this.SUBRULE2(this.change, { ARGS: [metric, run, undefined] }) },
        ],
        ERR_MSG: 'a comparison such as "> 0.5" or "changes by 10%"',
      });
    },
  );

  /** aggregation ::= "avg" | "mean" | "min" | "max" */
  aggregationWord = this.RULE('aggregationWord', (): { op: ast.AggregationOp; span: ast.Span } => {
    const t = this.OR([
      { ALT: () => this.CONSUME(K.avg) },
      { ALT: () => this.CONSUME(K.mean) },
      { ALT: () => this.CONSUME(K.min) },
      { ALT: () => this.CONSUME(K.max) },
    ]);
    return this.ACTION(() => ({ op: t.image as ast.AggregationOp, span: tokenSpan(t) }));
  });

  /** change ::= ( "changes" | "increases" | "decreases" ) "by" Number [ "%" ] [ "within" Number [ "vs" Number ] ] */
  change = this.RULE(
    'change',
    (metric: ast.StringLiteral, run: IToken, aggregation: ast.Aggregation | undefined): ast.MetricChangeEvent => {
      const dir = this.OR({
        DEF: [
          { ALT: () => this.CONSUME(K.changes) },
          { ALT: () => this.CONSUME(K.increases) },
          { ALT: () => this.CONSUME(K.decreases) },
        ],
        ERR_MSG: '"changes by", "increases by" or "decreases by"',
      });
      this.CONSUME(K.by);
      const amount = this.SUBRULE(this.number, { ARGS: [true] });
      let window: ast.NumberLiteral | undefined;
      let priorWindow: ast.NumberLiteral | undefined;
      this.OPTION(() => {
        this.CONSUME(K.within);
        window = this.SUBRULE2(this.number, { ARGS: [false] });
        this.OPTION2(() => {
          this.CONSUME(K.vs);
          priorWindow = this.SUBRULE3(this.number, { ARGS: [false] });
        });
      });
      return this.ACTION(() => {
        const last = priorWindow ?? window ?? amount;
        return {
          kind: 'MetricChangeEvent',
          metric,
          aggregation,
          direction: { kind: 'Direction', direction: dir.image as ast.ChangeDirection, span: tokenSpan(dir) },
          amount,
          window,
          priorWindow,
          span: { start: run.startOffset, end: last.span.end },
        };
      });
    },
  );

  /** comparator ::= ">" | ">=" | "<" | "<=" | "==" | "!=" */
  comparator = this.RULE('comparator', (): ast.Comparator => {
    const t = this.OR({
      DEF: [
        { ALT: () => this.CONSUME(Greater) },
        { ALT: () => this.CONSUME(GreaterEqual) },
        { ALT: () => this.CONSUME(Less) },
        { ALT: () => this.CONSUME(LessEqual) },
        { ALT: () => this.CONSUME(EqualEqual) },
        { ALT: () => this.CONSUME(NotEqual) },
      ],
      ERR_MSG: 'a comparison operator (>, >=, <, <=)',
    });
    return this.ACTION(() => ({ kind: 'Comparator', op: comparatorOps.get(t.tokenType) as ast.ComparisonOp, span: tokenSpan(t) }));
  });

  /** artifactEvent ::= "artifact" ( "created" | "linked" | "unlinked" ) */
  artifactEvent = this.RULE('artifactEvent', (): ast.ArtifactEvent => {
    const kw = this.CONSUME(K.artifact);
    const t = this.OR({
      DEF: [
        { ALT: () => this.CONSUME(K.created) },
        { ALT: () => this.CONSUME(K.linked) },
        { ALT: () => this.CONSUME(K.unlinked) },
      ],
      ERR_MSG: '"created", "linked" or "unlinked" after "artifact"',
    });
    return this.ACTION(() => ({ kind: 'ArtifactEvent', action: t.image as ast.ArtifactAction, span: span(kw, t) }));
  });

  /** aliasEvent ::= "alias" [ String ] "added" */
  aliasEvent = this.RULE('aliasEvent', (): ast.AliasEvent => {
    const kw = this.CONSUME(K.alias);
    let alias: ast.StringLiteral | undefined;
    this.OPTION(() => {
      alias = this.SUBRULE(this.string);
    });
    const end = this.CONSUME(K.added);
    return this.ACTION(() => ({ kind: 'AliasEvent', alias, span: span(kw, end) }));
  });

  /** tagEvent ::= "tag" [ String ] ( "added" | "removed" ) */
  tagEvent = this.RULE('tagEvent', (): ast.TagEvent => {
    const kw = this.CONSUME(K.tag);
    return this.SUBRULE(this.tagTail, { ARGS: [kw, 'artifact'] });
  });

  /** collectionTagEvent ::= "collection" "tag" [ String ] ( "added" | "removed" ) */
  collectionTagEvent = this.RULE('collectionTagEvent', (): ast.TagEvent => {
    const kw = this.CONSUME(K.collection);
    this.CONSUME(K.tag);
    return this.SUBRULE(this.tagTail, { ARGS: [kw, 'collection'] });
  });

  /** tagTail ::= [ String ] ( "added" | "removed" ) */
  tagTail = this.RULE('tagTail', (kw: IToken, target: 'artifact' | 'collection'): ast.TagEvent => {
    let tag: ast.StringLiteral | undefined;
    this.OPTION(() => {
      tag = this.SUBRULE(this.string);
    });
    const end = this.OR({
      DEF: [{ ALT: () => this.CONSUME(K.added) }, { ALT: () => this.CONSUME(K.removed) }],
      ERR_MSG: '"added" or "removed"',
    });
    return this.ACTION(() => ({
      kind: 'TagEvent',
      target,
      tag,
      change: end.image as ast.TagChange,
      span: span(kw, end),
    }));
  });

  /** expression ::= andExpression ( "or" andExpression )* */
  expression = this.RULE('expression', (): ast.Expression => {
    const operands: ast.Expression[] = [this.SUBRULE(this.andExpression)];
    this.MANY(() => {
      this.CONSUME(K.or);
      operands.push(this.SUBRULE2(this.andExpression));
    });
    return this.ACTION(() =>
      operands.length === 1
        ? (operands[0] as ast.Expression)
        : {
            kind: 'OrExpression',
            operands,
            span: spanOf((operands[0] as ast.Expression).span, (operands.at(-1) as ast.Expression).span),
          },
    );
  });

  /** andExpression ::= notExpression ( "and" notExpression )* */
  andExpression = this.RULE('andExpression', (): ast.Expression => {
    const operands: ast.Expression[] = [this.SUBRULE(this.notExpression)];
    this.MANY(() => {
      this.CONSUME(K.and);
      operands.push(this.SUBRULE2(this.notExpression));
    });
    return this.ACTION(() =>
      operands.length === 1
        ? (operands[0] as ast.Expression)
        : {
            kind: 'AndExpression',
            operands,
            span: spanOf((operands[0] as ast.Expression).span, (operands.at(-1) as ast.Expression).span),
          },
    );
  });

  /** notExpression ::= "not" notExpression | "(" expression ")" | predicate */
  notExpression = this.RULE('notExpression', (): ast.Expression => {
    return this.OR({
      DEF: [
        {
          ALT: () => {
            const kw = this.CONSUME(K.not);
            this.enter(kw);
            const operand = this.SUBRULE(this.notExpression);
            this.depth--;
            return this.ACTION(() => ({ kind: 'NotExpression', operand, span: { start: kw.startOffset, end: operand.span.end } }) as const);
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(LParen);
            this.enter(open);
            const expression = this.SUBRULE(this.expression);
            const close = this.CONSUME(RParen);
            this.depth--;
            return this.ACTION(() => ({ kind: 'GroupExpression', expression, span: span(open, close) }) as const);
          },
        },
        { ALT: () => this.SUBRULE(this.predicate) },
      ],
      ERR_MSG: 'a condition such as run.name matches "^prod-", alias == "prod" or tag in ["a", "b"]',
    });
  });

  /**
   * predicate ::= field ( comparator literal | "in" list | "not" ( "in" list | "exists" )
   *                     | "matches" String | "contains" String | "exists" )
   */
  predicate = this.RULE('predicate', (): ast.Expression => {
    const field = this.SUBRULE(this.field);
    return this.OR({
      DEF: [
        {
          ALT: () => {
            const comparator = this.SUBRULE(this.comparator);
            const value = this.SUBRULE(this.literal);
            return this.ACTION(
              (): ast.ComparisonExpression => ({
                kind: 'ComparisonExpression',
                field,
                comparator,
                value,
                span: spanOf(field.span, value.span),
              }),
            );
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.in);
            const list = this.SUBRULE(this.list);
            return this.ACTION(
              (): ast.MembershipExpression => ({
                kind: 'MembershipExpression',
                field,
                negated: false,
                list,
                span: spanOf(field.span, list.span),
              }),
            );
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.not);
            return this.OR2({
              DEF: [
                {
                  ALT: () => {
                    this.CONSUME2(K.in);
                    const list = this.SUBRULE2(this.list);
                    return this.ACTION(
                      (): ast.MembershipExpression => ({
                        kind: 'MembershipExpression',
                        field,
                        negated: true,
                        list,
                        span: spanOf(field.span, list.span),
                      }),
                    );
                  },
                },
                {
                  ALT: () => {
                    const end = this.CONSUME(K.exists);
                    return this.ACTION(
                      (): ast.ExistsExpression => ({
                        kind: 'ExistsExpression',
                        field,
                        negated: true,
                        span: { start: field.span.start, end: end.startOffset + end.image.length },
                      }),
                    );
                  },
                },
              ],
              ERR_MSG: '"in [...]" or "exists" after "not"',
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.matches);
            const pattern = this.SUBRULE(this.string);
            return this.ACTION(
              (): ast.MatchesExpression => ({
                kind: 'MatchesExpression',
                field,
                pattern,
                span: spanOf(field.span, pattern.span),
              }),
            );
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.contains);
            const text = this.SUBRULE2(this.string);
            return this.ACTION(
              (): ast.ContainsExpression => ({
                kind: 'ContainsExpression',
                field,
                text,
                span: spanOf(field.span, text.span),
              }),
            );
          },
        },
        {
          ALT: () => {
            const end = this.CONSUME2(K.exists);
            return this.ACTION(
              (): ast.ExistsExpression => ({
                kind: 'ExistsExpression',
                field,
                negated: false,
                span: { start: field.span.start, end: end.startOffset + end.image.length },
              }),
            );
          },
        },
      ],
      ERR_MSG: 'an operator such as ==, !=, in [...], matches "...", contains "..." or exists after the field',
    });
  });

  /** field ::= FieldHead ( "." Word )* */
  field = this.RULE('field', (): ast.FieldRef => {
    const first = this.CONSUME(FieldHead);
    let last = first;
    let path = first.image;
    this.MANY(() => {
      this.CONSUME(Dot);
      last = this.CONSUME(Word);
      path += `.${last.image}`;
    });
    return this.ACTION(() => ({ kind: 'FieldRef', path, span: span(first, last) }));
  });

  /** list ::= "[" [ literal ( "," literal )* ] "]" */
  list = this.RULE('list', (): ast.LiteralList => {
    const open = this.CONSUME(LBracket);
    const elements: ast.Literal[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        elements.push(this.SUBRULE(this.literal));
      },
    });
    const close = this.CONSUME(RBracket);
    return this.ACTION(() => ({ kind: 'LiteralList', elements, span: span(open, close) }));
  });

  /** literal ::= String | Number | "true" | "false" | "null" */
  literal = this.RULE('literal', (): ast.Literal => {
    return this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.string) },
        { ALT: () => this.SUBRULE(this.number, { ARGS: [false] }) },
        {
          ALT: () => {
            const t = this.CONSUME(K.true);
            return this.ACTION(() => ({ kind: 'BooleanLiteral', value: true, span: tokenSpan(t) }) as const);
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.false);
            return this.ACTION(() => ({ kind: 'BooleanLiteral', value: false, span: tokenSpan(t) }) as const);
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.null);
            return this.ACTION(() => ({ kind: 'NullLiteral', span: tokenSpan(t) }) as const);
          },
        },
      ],
      ERR_MSG: 'a value such as "text", 42, true, false or null',
    });
  });

  /**
   * action ::= "webhook" Identifier [ jsonObject ]
   *          | "slack" Identifier ( "title" String | "message" String | "severity" Identifier )*
   *          | "nothing"
   */
  action = this.RULE('action', (): ast.Action => {
    return this.OR({
      DEF: [
        {
          ALT: () => {
            const kw = this.CONSUME(K.webhook);
            const name = this.CONSUME(Identifier);
            let payload: ast.JsonObject | undefined;
            this.OPTION(() => {
              payload = this.SUBRULE(this.jsonObject);
            });
            return this.ACTION(
              (): ast.WebhookAction => ({
                kind: 'WebhookAction',
                integration: identifier(name),
                payload,
                span: { start: kw.startOffset, end: payload?.span.end ?? name.startOffset + name.image.length },
              }),
            );
          },
        },
        {
          ALT: () => {
            const kw = this.CONSUME(K.slack);
            const name = this.CONSUME2(Identifier);
            const options: { title?: ast.StringLiteral; message?: ast.StringLiteral; severity?: ast.Identifier } = {};
            this.MANY(() => {
              this.OR2([
                {
                  ALT: () => {
                    const k = this.CONSUME(K.title);
                    const v = this.SUBRULE(this.string);
                    this.ACTION(() => this.setOption(options, 'title', v, k));
                  },
                },
                {
                  ALT: () => {
                    const k = this.CONSUME(K.message);
                    const v = this.SUBRULE2(this.string);
                    this.ACTION(() => this.setOption(options, 'message', v, k));
                  },
                },
                {
                  ALT: () => {
                    const k = this.CONSUME(K.severity);
                    const v = this.CONSUME3(Identifier);
                    this.ACTION(() => this.setOption(options, 'severity', identifier(v), k));
                  },
                },
              ]);
            });
            return this.ACTION((): ast.SlackAction => {
              const last = this.LA(0);
              return {
                kind: 'SlackAction',
                integration: identifier(name),
                title: options.title,
                message: options.message,
                severity: options.severity,
                span: span(kw, last),
              };
            });
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.nothing);
            return this.ACTION((): ast.NothingAction => ({ kind: 'NothingAction', span: tokenSpan(t) }));
          },
        },
      ],
      ERR_MSG: 'an action: webhook NAME, slack NAME or nothing',
    });
  });

  /** jsonValue ::= jsonObject | jsonArray | literal */
  jsonValue = this.RULE('jsonValue', (): ast.JsonValue => {
    return this.OR({
      DEF: [
        { ALT: () => this.SUBRULE(this.jsonObject) },
        { ALT: () => this.SUBRULE(this.jsonArray) },
        { ALT: () => this.SUBRULE(this.literal) },
      ],
      ERR_MSG: 'a JSON value (a string, number, object, array, true, false or null)',
    });
  });

  /** jsonObject ::= "{" [ jsonMember ( "," jsonMember )* ] "}" */
  jsonObject = this.RULE('jsonObject', (): ast.JsonObject => {
    const open = this.CONSUME(LBrace);
    this.enter(open);
    const members: ast.JsonMember[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        members.push(this.SUBRULE(this.jsonMember));
      },
    });
    const close = this.CONSUME(RBrace);
    this.depth--;
    return this.ACTION(() => ({ kind: 'JsonObject', members, span: span(open, close) }));
  });

  /** jsonMember ::= String ":" jsonValue */
  jsonMember = this.RULE('jsonMember', (): ast.JsonMember => {
    const key = this.SUBRULE(this.string);
    this.CONSUME(Colon);
    const value = this.SUBRULE(this.jsonValue);
    return this.ACTION(() => ({ kind: 'JsonMember', key, value, span: spanOf(key.span, value.span) }));
  });

  /** jsonArray ::= "[" [ jsonValue ( "," jsonValue )* ] "]" */
  jsonArray = this.RULE('jsonArray', (): ast.JsonArray => {
    const open = this.CONSUME(LBracket);
    this.enter(open);
    const elements: ast.JsonValue[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        elements.push(this.SUBRULE(this.jsonValue));
      },
    });
    const close = this.CONSUME(RBracket);
    this.depth--;
    return this.ACTION(() => ({ kind: 'JsonArray', elements, span: span(open, close) }));
  });

  /** string ::= String | RawString */
  string = this.RULE('string', (): ast.StringLiteral => {
    const t = this.CONSUME(AnyString);
    return this.ACTION(() => ({
      kind: 'StringLiteral',
      value: stringValue(t),
      raw: t.image,
      style: t.tokenType === RawString || t.tokenType === UnterminatedRawString ? 'raw' : 'json',
      span: tokenSpan(t),
    }));
  });

  /** number ::= Number [ "%" ] — a `%` is reported where `percentAllowed` is false. */
  number = this.RULE('number', (percentAllowed: boolean): ast.NumberLiteral => {
    const t = this.CONSUME(NumberToken);
    let pct: IToken | undefined;
    this.OPTION(() => {
      pct = this.CONSUME(Percent);
    });
    return this.ACTION(() => {
      const raw = t.image;
      if (pct !== undefined && !percentAllowed) {
        this.softDiagnostics.push({
          code: 'WR1106',
          severity: 'error',
          message: 'a percentage is allowed only on change amounts ("changes by 10%")',
          span: tokenSpan(pct),
          hints: ['Write the value as a plain number (0.9 rather than 90%).'],
        });
      }
      return {
        kind: 'NumberLiteral',
        raw,
        isInteger: !/[.eE]/.test(raw),
        percent: pct !== undefined,
        span: { start: t.startOffset, end: (pct ?? t).startOffset + (pct ?? t).image.length },
      };
    });
  });

  private enter(token: IToken): void {
    if (this.RECORDING_PHASE) return;
    if (++this.depth > maxNestingDepth) throw new NestingLimitError(token);
  }

  private setHeader<K extends 'name' | 'description' | 'disabled'>(
    header: { name?: ast.StringLiteral; description?: ast.StringLiteral; disabled?: ast.DisabledFlag },
    key: K,
    value: NonNullable<(typeof header)[K]>,
    kw: IToken,
  ): void {
    const existing = header[key];
    if (existing !== undefined) {
      this.softDiagnostics.push({
        code: 'WR1103',
        severity: 'error',
        message: `"${kw.image}" is given twice on this rule`,
        span: { start: kw.startOffset, end: value.span.end },
        related: [{ message: `first "${kw.image}" here`, span: existing.span }],
      });
      return;
    }
    (header as Mutable<typeof header>)[key] = value;
  }

  private setOption<K extends 'title' | 'message' | 'severity'>(
    options: { title?: ast.StringLiteral; message?: ast.StringLiteral; severity?: ast.Identifier },
    key: K,
    value: NonNullable<(typeof options)[K]>,
    kw: IToken,
  ): void {
    const existing = options[key];
    if (existing !== undefined) {
      this.softDiagnostics.push({
        code: 'WR1104',
        severity: 'error',
        message: `"${kw.image}" is given twice on this slack action`,
        span: { start: kw.startOffset, end: value.span.end },
        related: [{ message: `first "${kw.image}" here`, span: existing.span }],
      });
      return;
    }
    (options as Mutable<typeof options>)[key] = value;
  }
}

function identifier(t: IToken): ast.Identifier {
  return { kind: 'Identifier', name: t.image, span: tokenSpan(t) };
}

/** The end-of-input token type, re-exported for the driver. */
export { EOF };
