/**
 * fast-check arbitraries for `.wbrules` ASTs: every event, filter and action
 * form, strings with escapes, raw strings and unicode, integer, float and
 * percent numbers, nested groups and payloads. Generated trees are shaped as
 * the parser builds them (an `or` inside an `and` is always grouped), with
 * empty spans: the printer must not depend on positions when no comment is
 * involved.
 */
import { fieldHeadKeywords } from '../tokens.js';
import fc from 'fast-check';
import type * as ast from '../ast.js';
import { keywordNames } from '../index.js';

const span: ast.Span = { start: 0, end: 0 };
const keywordSet: ReadonlySet<string> = new Set(keywordNames);

/** Characters that exercise escaping: quotes, backslashes, controls, `${`, non-ASCII, astral. */
const specialChar = fc.constantFrom(
  '"',
  '\\',
  '/',
  '\n',
  '\t',
  '\r',
  '\b',
  '\f',
  '\u0001',
  '$',
  '{',
  '}',
  '#',
  '//',
  'é',
  '中',
  '😀',
  '\u00a0',
  ' ',
  'r"',
);
const anyChar = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 });
const asciiWord = fc.stringMatching(/^[a-z0-9_./-]{1,6}$/);
const stringValue = fc.string({
  unit: fc.oneof(
    { weight: 3, arbitrary: asciiWord },
    { weight: 2, arbitrary: specialChar },
    { weight: 1, arbitrary: anyChar },
  ),
  maxLength: 6,
});

const shortEscapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
  '\b': '\\b',
  '\f': '\\f',
};

function hex(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

/** Spells `value` as a JSON string, choosing per character between the literal, a short escape and `\uXXXX`. */
function spellJson(value: string, choices: readonly number[]): string {
  let raw = '"';
  let k = 0;
  for (const ch of value) {
    const choice = choices[k++ % Math.max(1, choices.length)] ?? 0;
    const cp = ch.codePointAt(0) as number;
    const mustEscape = ch === '"' || ch === '\\' || cp < 0x20;
    if (choice === 2 || (mustEscape && choice === 1 && shortEscapes[ch] === undefined)) {
      raw += [...Array.from({ length: ch.length }, (_, i) => hex(ch.charCodeAt(i)))].join('');
    } else if (mustEscape) {
      raw += shortEscapes[ch] ?? hex(cp);
    } else if (choice === 3 && ch === '/') {
      raw += '\\/';
    } else {
      raw += ch;
    }
  }
  return `${raw}"`;
}

/** A string literal: JSON-escaped in varied ways, or raw `r"..."` when the value allows it. */
export const stringLiteral: fc.Arbitrary<ast.StringLiteral> = fc
  .tuple(stringValue, fc.array(fc.nat(3), { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([value, choices, preferRaw]): ast.StringLiteral => {
    if (preferRaw && !/["\n\r]/.test(value))
      return { kind: 'StringLiteral', value, raw: `r"${value}"`, style: 'raw', span };
    return { kind: 'StringLiteral', value, raw: spellJson(value, choices), style: 'json', span };
  });

/** A number in JSON form: integers, fractions, exponents, negatives; `%` only when asked. */
export function numberLiteral(percent: 'never' | 'maybe' = 'never'): fc.Arbitrary<ast.NumberLiteral> {
  const raw = fc.stringMatching(/^-?(?:0|[1-9][0-9]{0,3})(?:\.[0-9]{1,3})?(?:[eE][+-]?[0-9]{1,2})?$/);
  return fc.tuple(raw, percent === 'maybe' ? fc.boolean() : fc.constant(false)).map(([r, pct]) => ({
    kind: 'NumberLiteral',
    raw: r,
    isInteger: !/[.eE]/.test(r),
    percent: pct,
    span,
  }));
}

const identifierName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,7}$/).filter((s) => !keywordSet.has(s));
const identifier: fc.Arbitrary<ast.Identifier> = identifierName.map((name) => ({ kind: 'Identifier', name, span }));

const literal: fc.Arbitrary<ast.Literal> = fc.oneof(
  stringLiteral,
  numberLiteral(),
  fc.boolean().map((value): ast.BooleanLiteral => ({ kind: 'BooleanLiteral', value, span })),
  fc.constant<ast.NullLiteral>({ kind: 'NullLiteral', span }),
);

const comparator: fc.Arbitrary<ast.Comparator> = fc
  .constantFrom<ast.ComparisonOp>('>', '>=', '<', '<=', '==', '!=')
  .map((op) => ({ kind: 'Comparator', op, span }));

const scope: fc.Arbitrary<ast.Scope> = fc
  .tuple(fc.constantFrom<ast.ScopeKind>('project', 'registry', 'collection', 'team', 'org'), stringLiteral)
  .map(([scopeKind, path]) => ({ kind: 'Scope', scopeKind, path, span }));

const aggregationOp = fc.constantFrom<ast.AggregationOp>('avg', 'mean', 'min', 'max');

const event: fc.Arbitrary<ast.Event> = fc.oneof(
  fc
    .record({
      metric: stringLiteral,
      agg: fc.option(fc.tuple(aggregationOp, numberLiteral()), { nil: undefined }),
      comparator,
      threshold: numberLiteral(),
    })
    .map(
      ({ metric, agg, comparator, threshold }): ast.MetricThresholdEvent => ({
        kind: 'MetricThresholdEvent',
        metric,
        aggregation: agg && { kind: 'Aggregation', op: agg[0], window: agg[1], span },
        comparator,
        threshold,
        span,
      }),
    ),
  fc
    .record({
      metric: stringLiteral,
      op: fc.option(aggregationOp, { nil: undefined }),
      direction: fc.constantFrom<ast.ChangeDirection>('changes', 'increases', 'decreases'),
      amount: numberLiteral('maybe'),
      windows: fc.option(fc.tuple(numberLiteral(), fc.option(numberLiteral(), { nil: undefined })), { nil: undefined }),
    })
    .map(
      ({ metric, op, direction, amount, windows }): ast.MetricChangeEvent => ({
        kind: 'MetricChangeEvent',
        metric,
        aggregation: op && { kind: 'Aggregation', op, window: undefined, span },
        direction: { kind: 'Direction', direction, span },
        amount,
        window: windows?.[0],
        priorWindow: windows?.[1],
        span,
      }),
    ),
  fc
    .record({
      metric: stringLiteral,
      abs: fc.boolean(),
      window: fc.option(numberLiteral(), { nil: undefined }),
      comparator,
      threshold: numberLiteral(),
    })
    .map(
      ({ metric, abs, window, comparator, threshold }): ast.MetricZScoreEvent => ({
        kind: 'MetricZScoreEvent',
        metric,
        abs: abs ? { kind: 'AbsFlag', span } : undefined,
        window,
        comparator,
        threshold,
        span,
      }),
    ),
  fc
    .array(identifier, { minLength: 1, maxLength: 3 })
    .map((states): ast.RunStateEvent => ({ kind: 'RunStateEvent', states, span })),
  fc
    .constantFrom<ast.ArtifactAction>('created', 'linked', 'unlinked')
    .map((action): ast.ArtifactEvent => ({ kind: 'ArtifactEvent', action, span })),
  fc.option(stringLiteral, { nil: undefined }).map((alias): ast.AliasEvent => ({ kind: 'AliasEvent', alias, span })),
  fc
    .tuple(
      fc.constantFrom<'artifact' | 'collection'>('artifact', 'collection'),
      fc.option(stringLiteral, { nil: undefined }),
      fc.constantFrom<ast.TagChange>('added', 'removed'),
    )
    .map(([target, tag, change]): ast.TagEvent => ({ kind: 'TagEvent', target, tag, change, span })),
);

const fieldHeads = [...fieldHeadKeywords];
const field: fc.Arbitrary<ast.FieldRef> = fc
  .tuple(
    fc.oneof(fc.constantFrom('run', 'alias', 'tag', ...fieldHeads), identifierName),
    fc.array(fc.oneof(identifierName, fc.constantFrom(...keywordNames)), { maxLength: 2 }),
  )
  .map(([head, rest]) => ({ kind: 'FieldRef', path: [head, ...rest].join('.'), span }));

const predicate: fc.Arbitrary<ast.Expression> = fc.oneof(
  fc.tuple(field, comparator, literal).map(
    ([f, c, value]): ast.ComparisonExpression => ({
      kind: 'ComparisonExpression',
      field: f,
      comparator: c,
      value,
      span,
    }),
  ),
  fc.tuple(field, fc.boolean(), fc.array(literal, { maxLength: 3 })).map(
    ([f, negated, elements]): ast.MembershipExpression => ({
      kind: 'MembershipExpression',
      field: f,
      negated,
      list: { kind: 'LiteralList', elements, span },
      span,
    }),
  ),
  fc
    .tuple(field, stringLiteral)
    .map(([f, pattern]): ast.MatchesExpression => ({ kind: 'MatchesExpression', field: f, pattern, span })),
  fc
    .tuple(field, stringLiteral)
    .map(([f, text]): ast.ContainsExpression => ({ kind: 'ContainsExpression', field: f, text, span })),
  fc
    .tuple(field, fc.boolean())
    .map(([f, negated]): ast.ExistsExpression => ({ kind: 'ExistsExpression', field: f, negated, span })),
);

/** Filters in the parser's shapes: `or` of `and`s of unary terms; groups restart at the top. */
export const { expression } = fc.letrec<{
  expression: ast.Expression;
  or: ast.Expression;
  and: ast.Expression;
  unary: ast.Expression;
}>((tie) => ({
  expression: fc.oneof({ depthSize: 'small' }, tie('unary'), tie('and'), tie('or')),
  or: fc
    .array(fc.oneof(tie('unary'), tie('and')), { minLength: 2, maxLength: 3 })
    .map((operands): ast.OrExpression => ({ kind: 'OrExpression', operands, span })),
  and: fc
    .array(tie('unary'), { minLength: 2, maxLength: 3 })
    .map((operands): ast.AndExpression => ({ kind: 'AndExpression', operands, span })),
  unary: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    predicate,
    tie('unary').map((operand): ast.NotExpression => ({ kind: 'NotExpression', operand, span })),
    tie('expression').map((inner): ast.GroupExpression => ({ kind: 'GroupExpression', expression: inner, span })),
  ),
}));

/** JSON values: scalars, arrays and objects nested a few levels, keys in any spelling (duplicates too). */
export const { jsonObject } = fc.letrec<{ value: ast.JsonValue; jsonObject: ast.JsonObject; array: ast.JsonArray }>(
  (tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 3 }, literal, tie('array'), tie('jsonObject')),
    jsonObject: fc.array(fc.tuple(stringLiteral, tie('value')), { maxLength: 4 }).map(
      (entries): ast.JsonObject => ({
        kind: 'JsonObject',
        members: entries.map(([key, value]) => ({ kind: 'JsonMember', key, value, span })),
        span,
      }),
    ),
    array: fc
      .array(tie('value'), { maxLength: 4 })
      .map((elements): ast.JsonArray => ({ kind: 'JsonArray', elements, span })),
  }),
);

const action: fc.Arbitrary<ast.Action> = fc.oneof(
  fc
    .tuple(identifier, fc.option(jsonObject, { nil: undefined }))
    .map(([integration, payload]): ast.WebhookAction => ({ kind: 'WebhookAction', integration, payload, span })),
  fc
    .record({
      integration: identifier,
      title: fc.option(stringLiteral, { nil: undefined }),
      message: fc.option(stringLiteral, { nil: undefined }),
      severity: fc.option(identifier, { nil: undefined }),
    })
    .map((o): ast.SlackAction => ({ kind: 'SlackAction', ...o, span })),
  fc.constant<ast.NothingAction>({ kind: 'NothingAction', span }),
  stringLiteral.map((prompt): ast.AriaAction => ({ kind: 'AriaAction', prompt, span })),
);

const rule: fc.Arbitrary<ast.Rule> = fc
  .record({
    name: fc.option(stringLiteral, { nil: undefined }),
    description: fc.option(stringLiteral, { nil: undefined }),
    disabled: fc.boolean(),
    event,
    scope: fc.option(scope, { nil: undefined }),
    filter: fc.option(expression, { nil: undefined, freq: 2 }),
    action,
  })
  .map(
    ({ disabled, ...r }): ast.Rule => ({
      kind: 'Rule',
      ...r,
      disabled: disabled ? { kind: 'DisabledFlag', span } : undefined,
      span,
    }),
  );

const item: fc.Arbitrary<ast.TopLevelItem> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom<ast.IntegrationKind>('webhook', 'slack'), identifier, stringLiteral).map(
      ([integrationKind, name, target]): ast.IntegrationDecl => ({
        kind: 'IntegrationDecl',
        integrationKind,
        name,
        target,
        span,
      }),
    ),
  },
  { weight: 1, arbitrary: scope.map((s): ast.ScopeDefault => ({ kind: 'ScopeDefault', scope: s, span })) },
  { weight: 3, arbitrary: rule },
);

/** A whole document without comments (comments are inserted into its printed text by the tests). */
export const document: fc.Arbitrary<ast.Document> = fc
  .array(item, { maxLength: 6 })
  .map((items) => ({ kind: 'Document', items, comments: [], span }));
