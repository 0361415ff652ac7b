import type {
  ComparisonExpression,
  ContainsExpression,
  ExistsExpression,
  Expression,
  JsonValue,
  MatchesExpression,
  MembershipExpression,
  StringLiteral,
} from '@wbrules/dsl';

/**
 * Direct walks over the two parts of a rule that several checks search: the
 * `where` filter and the webhook payload. Every check runs on every rule, so
 * these walks are hand-written per shape instead of going through the
 * generic `visit` (a visitor object per rule and a table lookup per node
 * cost more than the checks themselves). Both walk in source order, as
 * `visit` does, so diagnostics come out in the same order.
 */

/** A filter's conditions: the expressions that test a field. */
export type Condition =
  | ComparisonExpression
  | MembershipExpression
  | MatchesExpression
  | ContainsExpression
  | ExistsExpression;

/** Calls `fn` on each condition of a filter, in source order, through `and`, `or`, `not` and parentheses. */
export function forEachCondition(expression: Expression, fn: (condition: Condition) => void): void {
  switch (expression.kind) {
    case 'OrExpression':
    case 'AndExpression':
      for (const operand of expression.operands) forEachCondition(operand, fn);
      return;
    case 'NotExpression':
      forEachCondition(expression.operand, fn);
      return;
    case 'GroupExpression':
      forEachCondition(expression.expression, fn);
      return;
    default:
      fn(expression);
  }
}

/**
 * Calls `fn` on each value of a JSON payload and on each member key, in
 * source order, an object or array before what it holds and a key before
 * its value.
 */
export function forEachJsonNode(value: JsonValue, fn: (node: JsonValue | StringLiteral) => void): void {
  fn(value);
  if (value.kind === 'JsonObject') {
    for (const member of value.members) {
      fn(member.key);
      forEachJsonNode(member.value, fn);
    }
  } else if (value.kind === 'JsonArray') {
    for (const element of value.elements) forEachJsonNode(element, fn);
  }
}
