import { EmbeddedActionsParser, EOF, type IToken } from 'chevrotain';
import type * as ast from './ast.js';
import type { Diagnostic } from './diagnostic.js';
import { stringValue, tokenSpan } from './lexer.js';
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
   * at construction. They cost ~10 ms of every CLI start, so production skips
   * them and a test builds the parser with them on.
   */
  constructor({ validate = false }: { validate?: boolean } = {}) {
    super(allTokens, {
      maxLookahead: 3,
      recoveryEnabled: false,
      skipValidations: !validate,
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

  /** Forgets the strings interned while parsing one document (called once per parse). */
  clearInterned(): void {
    this.strings.clear();
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
      if (!this.RECORDING_PHASE) this.items.push(item);
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
      ERR_MSG:
        'a rule ("on ..."), an integration ("webhook NAME = ...", "slack NAME = ...") or a default scope ("in project ...")',
    });
  });

  /** integrationDecl ::= ("webhook" | "slack") Identifier "=" String */
  integrationDecl = this.RULE('integrationDecl', (): ast.IntegrationDecl => {
    const kw = this.OR([{ ALT: () => this.CONSUME(K.webhook) }, { ALT: () => this.CONSUME(K.slack) }]);
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
    const header: { name?: ast.StringLiteral; description?: ast.StringLiteral; disabled?: ast.DisabledFlag } = {};
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const kw = this.CONSUME(K.automation);
            const value = this.str(1);
            if (!this.RECORDING_PHASE) this.setHeader(header, 'name', value, kw);
          },
        },
        {
          ALT: () => {
            const kw = this.CONSUME(K.description);
            const value = this.str(2);
            if (!this.RECORDING_PHASE) this.setHeader(header, 'description', value, kw);
          },
        },
        {
          ALT: () => {
            const kw = this.CONSUME(K.disabled);
            if (!this.RECORDING_PHASE)
              this.setHeader(header, 'disabled', { kind: 'DisabledFlag', span: tokenSpan(kw) }, kw);
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
    if (this.RECORDING_PHASE) return undefined as never;
    return {
      kind: 'Rule',
      name: header.name,
      description: header.description,
      disabled: header.disabled,
      event,
      scope,
      filter,
      action,
      span: { start: first.startOffset, end: action.span.end },
    };
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
            const metric = this.str(1);
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
                if (!this.RECORDING_PHASE) states.push(identifier(s));
              },
              ERR_MSG: 'a run state (running, finished, failed or crashed) after "state"',
            });
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
    });
  });

  /**
   * metricCondition ::= [ "abs" ] "zscore" [ "over" Number ] ComparisonOperator Number
   *                   | AggregationKeyword ( "over" Number ComparisonOperator Number | change )
   *                   | ComparisonOperator Number
   *                   | change
   */
  metricCondition = this.RULE(
    'metricCondition',
    (
      metric: ast.StringLiteral,
      run: IToken,
    ): ast.MetricThresholdEvent | ast.MetricChangeEvent | ast.MetricZScoreEvent => {
      return this.OR({
        DEF: [
          {
            ALT: () => {
              let abs: IToken | undefined;
              this.OPTION(() => {
                abs = this.CONSUME(K.abs);
              });
              this.CONSUME(K.zscore);
              let window: ast.NumberLiteral | undefined;
              this.OPTION2(() => {
                this.CONSUME(K.over);
                window = this.num(1, false);
              });
              const op = this.CONSUME(ComparisonOperator);
              const threshold = this.num(2, false);
              if (this.RECORDING_PHASE) return undefined as never;
              return {
                kind: 'MetricZScoreEvent',
                metric,
                abs: abs === undefined ? undefined : { kind: 'AbsFlag', span: tokenSpan(abs) },
                window,
                comparator: comparator(op),
                threshold,
                span: { start: run.startOffset, end: threshold.span.end },
              } satisfies ast.MetricZScoreEvent;
            },
          },
          {
            ALT: () => {
              const agg = this.CONSUME(AggregationKeyword);
              return this.OR2({
                DEF: [
                  {
                    ALT: () => {
                      this.CONSUME2(K.over);
                      const window = this.num(3, false);
                      const op = this.CONSUME2(ComparisonOperator);
                      const threshold = this.num(4, false);
                      if (this.RECORDING_PHASE) return undefined as never;
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
                    },
                  },
                  { ALT: () => this.SUBRULE(this.change, { ARGS: [metric, run, agg] }) },
                ],
                ERR_MSG: `"over N" and a comparison (a threshold on the aggregate, e.g. "avg over 5 < 0.8") or "changes by ..." after the aggregation`,
              });
            },
          },
          {
            ALT: () => {
              const op = this.CONSUME3(ComparisonOperator);
              const threshold = this.num(5, false);
              if (this.RECORDING_PHASE) return undefined as never;
              return {
                kind: 'MetricThresholdEvent',
                metric,
                aggregation: undefined,
                comparator: comparator(op),
                threshold,
                span: { start: run.startOffset, end: threshold.span.end },
              } satisfies ast.MetricThresholdEvent;
            },
          },
          { ALT: () => this.SUBRULE2(this.change, { ARGS: [metric, run, undefined] }) },
        ],
        ERR_MSG: 'a comparison such as "> 0.5" or "changes by 10%"',
      });
    },
  );

  /** change ::= ChangeKeyword "by" Number [ "%" ] [ "within" Number [ "vs" Number ] ]   (ChangeKeyword ::= "changes" | "increases" | "decreases") */
  change = this.RULE(
    'change',
    (metric: ast.StringLiteral, run: IToken, agg: IToken | undefined): ast.MetricChangeEvent => {
      const dir = this.CONSUME(ChangeKeyword);
      this.CONSUME(K.by);
      const amount = this.num(1, true);
      let window: ast.NumberLiteral | undefined;
      let priorWindow: ast.NumberLiteral | undefined;
      this.OPTION(() => {
        this.CONSUME(K.within);
        window = this.num(2, false);
        this.OPTION2(() => {
          this.CONSUME(K.vs);
          priorWindow = this.num(3, false);
        });
      });
      if (this.RECORDING_PHASE) return undefined as never;
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
    },
  );

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
    let alias: ast.StringLiteral | undefined;
    this.OPTION(() => {
      alias = this.str(1);
    });
    const end = this.CONSUME(K.added);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'AliasEvent', alias, span: span(kw, end) };
  });

  /** tagEvent ::= "tag" [ String ] TagChangeKeyword   (TagChangeKeyword ::= "added" | "removed") */
  tagEvent = this.RULE('tagEvent', (): ast.TagEvent => {
    const kw = this.CONSUME(K.tag);
    let tag: ast.StringLiteral | undefined;
    this.OPTION(() => {
      tag = this.str(1);
    });
    const end = this.CONSUME(TagChangeKeyword);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'TagEvent', target: 'artifact', tag, change: end.image as ast.TagChange, span: span(kw, end) };
  });

  /** collectionTagEvent ::= "collection" "tag" [ String ] TagChangeKeyword */
  collectionTagEvent = this.RULE('collectionTagEvent', (): ast.TagEvent => {
    const kw = this.CONSUME(K.collection);
    this.CONSUME(K.tag);
    let tag: ast.StringLiteral | undefined;
    this.OPTION(() => {
      tag = this.str(1);
    });
    const end = this.CONSUME(TagChangeKeyword);
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'TagEvent', target: 'collection', tag, change: end.image as ast.TagChange, span: span(kw, end) };
  });

  /** expression ::= andExpression ( "or" andExpression )* */
  expression = this.RULE('expression', (): ast.Expression => {
    const first = this.SUBRULE(this.andExpression);
    let operands: ast.Expression[] | undefined;
    this.MANY(() => {
      this.CONSUME(K.or);
      const next = this.SUBRULE2(this.andExpression);
      if (!this.RECORDING_PHASE) {
        operands ??= [first];
        operands.push(next);
      }
    });
    if (this.RECORDING_PHASE || operands === undefined) return first;
    return { kind: 'OrExpression', operands, span: spanOf(first.span, (operands.at(-1) as ast.Expression).span) };
  });

  /** andExpression ::= notExpression ( "and" notExpression )* */
  andExpression = this.RULE('andExpression', (): ast.Expression => {
    const first = this.SUBRULE(this.notExpression);
    let operands: ast.Expression[] | undefined;
    this.MANY(() => {
      this.CONSUME(K.and);
      const next = this.SUBRULE2(this.notExpression);
      if (!this.RECORDING_PHASE) {
        operands ??= [first];
        operands.push(next);
      }
    });
    if (this.RECORDING_PHASE || operands === undefined) return first;
    return { kind: 'AndExpression', operands, span: spanOf(first.span, (operands.at(-1) as ast.Expression).span) };
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
            if (this.RECORDING_PHASE) return undefined as never;
            return { kind: 'NotExpression', operand, span: { start: kw.startOffset, end: operand.span.end } } as const;
          },
        },
        {
          ALT: () => {
            const open = this.CONSUME(LParen);
            this.enter(open);
            const expression = this.SUBRULE(this.expression);
            const close = this.CONSUME(RParen);
            this.depth--;
            if (this.RECORDING_PHASE) return undefined as never;
            return { kind: 'GroupExpression', expression, span: span(open, close) } as const;
          },
        },
        { ALT: () => this.SUBRULE(this.predicate) },
      ],
      ERR_MSG: 'a condition such as run.name matches "^prod-", alias == "prod" or tag in ["a", "b"]',
    });
  });

  /**
   * predicate ::= FieldHead ( "." Word )*
   *               ( ComparisonOperator literal | "in" list | "not" ( "in" list | "exists" )
   *               | "matches" String | "contains" String | "exists" )
   */
  predicate = this.RULE('predicate', (): ast.Expression => {
    const head = this.CONSUME(FieldHead);
    let last = head;
    let path = head.image;
    this.MANY(() => {
      this.CONSUME(Dot);
      last = this.CONSUME(Word);
      path += `.${last.image}`;
    });
    const field: ast.FieldRef = this.RECORDING_PHASE
      ? (undefined as never)
      : { kind: 'FieldRef', path, span: span(head, last) };
    return this.OR({
      DEF: [
        {
          ALT: () => {
            const op = this.CONSUME(ComparisonOperator);
            const value = this.SUBRULE(this.literal);
            if (this.RECORDING_PHASE) return undefined as never;
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
          ALT: () => {
            this.CONSUME(K.in);
            const list = this.SUBRULE(this.list);
            if (this.RECORDING_PHASE) return undefined as never;
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
          ALT: () => {
            this.CONSUME(K.not);
            return this.OR2({
              DEF: [
                {
                  ALT: () => {
                    this.CONSUME2(K.in);
                    const list = this.SUBRULE2(this.list);
                    if (this.RECORDING_PHASE) return undefined as never;
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
                  ALT: () => {
                    const end = this.CONSUME(K.exists);
                    if (this.RECORDING_PHASE) return undefined as never;
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
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.matches);
            const pattern = this.str(1);
            if (this.RECORDING_PHASE) return undefined as never;
            return {
              kind: 'MatchesExpression',
              field,
              pattern,
              span: spanOf(field.span, pattern.span),
            } satisfies ast.MatchesExpression;
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.contains);
            const text = this.str(2);
            if (this.RECORDING_PHASE) return undefined as never;
            return {
              kind: 'ContainsExpression',
              field,
              text,
              span: spanOf(field.span, text.span),
            } satisfies ast.ContainsExpression;
          },
        },
        {
          ALT: () => {
            const end = this.CONSUME2(K.exists);
            if (this.RECORDING_PHASE) return undefined as never;
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
    });
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
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'LiteralList', elements, span: span(open, close) };
  });

  /** literal ::= String | Number | "true" | "false" | "null" */
  literal = this.RULE('literal', (): ast.Literal => {
    return this.OR({
      DEF: [
        { ALT: () => this.str(1) },
        { ALT: () => this.num(1, false) },
        {
          ALT: () => {
            const t = this.CONSUME(K.true);
            if (this.RECORDING_PHASE) return undefined as never;
            return { kind: 'BooleanLiteral', value: true, span: tokenSpan(t) } as const;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.false);
            if (this.RECORDING_PHASE) return undefined as never;
            return { kind: 'BooleanLiteral', value: false, span: tokenSpan(t) } as const;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(K.null);
            if (this.RECORDING_PHASE) return undefined as never;
            return { kind: 'NullLiteral', span: tokenSpan(t) } as const;
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
          ALT: () => {
            const kw = this.CONSUME(K.slack);
            const name = this.CONSUME2(Identifier);
            const options: { title?: ast.StringLiteral; message?: ast.StringLiteral; severity?: ast.Identifier } = {};
            this.MANY(() => {
              this.OR2([
                {
                  ALT: () => {
                    const k = this.CONSUME(K.title);
                    const v = this.str(1);
                    if (!this.RECORDING_PHASE) this.setOption(options, 'title', v, k);
                  },
                },
                {
                  ALT: () => {
                    const k = this.CONSUME(K.message);
                    const v = this.str(2);
                    if (!this.RECORDING_PHASE) this.setOption(options, 'message', v, k);
                  },
                },
                {
                  ALT: () => {
                    const k = this.CONSUME(K.severity);
                    const v = this.CONSUME3(Identifier);
                    if (!this.RECORDING_PHASE) this.setOption(options, 'severity', identifier(v), k);
                  },
                },
              ]);
            });
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
          ALT: () => {
            const t = this.CONSUME(K.nothing);
            if (this.RECORDING_PHASE) return undefined as never;
            return { kind: 'NothingAction', span: tokenSpan(t) } satisfies ast.NothingAction;
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

  /** jsonObject ::= "{" [ String ":" jsonValue ( "," String ":" jsonValue )* ] "}" */
  jsonObject = this.RULE('jsonObject', (): ast.JsonObject => {
    const open = this.CONSUME(LBrace);
    this.enter(open);
    const members: ast.JsonMember[] = [];
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const key = this.str(1);
        this.CONSUME(Colon);
        const value = this.SUBRULE(this.jsonValue);
        if (!this.RECORDING_PHASE) members.push({ kind: 'JsonMember', key, value, span: spanOf(key.span, value.span) });
      },
    });
    const close = this.CONSUME(RBrace);
    this.depth--;
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'JsonObject', members, span: span(open, close) };
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
    if (this.RECORDING_PHASE) return undefined as never;
    return { kind: 'JsonArray', elements, span: span(open, close) };
  });

  /**
   * String ::= a double-quoted string with JSON escapes, or r"..." (no escapes).
   * Not a grammar rule of its own: a terminal consumed in place, which keeps
   * the hottest path of the parser free of a rule invocation.
   */
  private str(idx: number): ast.StringLiteral {
    const t = this.consume(idx, AnyString);
    if (this.RECORDING_PHASE) return undefined as never;
    // Rule files repeat the same strings (metric names, patterns, channels):
    // one copy of each raw text and value per parse keeps the AST smaller.
    let interned = this.strings.get(t.image);
    if (interned === undefined) {
      interned = [t.image, stringValue(t)];
      this.strings.set(t.image, interned);
    }
    return {
      kind: 'StringLiteral',
      value: interned[1],
      raw: interned[0],
      style: t.tokenType === RawString || t.tokenType === UnterminatedRawString ? 'raw' : 'json',
      span: tokenSpan(t),
    };
  }

  /** Raw string texts already seen in this parse, with their decoded values. */
  private strings = new Map<string, readonly [string, string]>();

  /** Number [ "%" ] — consumed in place; a `%` is reported where `percentAllowed` is false. */
  private num(idx: number, percentAllowed: boolean): ast.NumberLiteral {
    const t = this.consume(idx, NumberToken);
    this.percentToken = undefined;
    // Most numbers have no `%`: skip the OPTION machinery then (it must still run while recording the grammar).
    if (this.RECORDING_PHASE || this.LA(1).tokenType === Percent) {
      this.percentIdx = idx;
      this.option(idx + 100, this.takePercent);
    }
    if (this.RECORDING_PHASE) return undefined as never;
    const pct = this.percentToken as IToken | undefined;
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
