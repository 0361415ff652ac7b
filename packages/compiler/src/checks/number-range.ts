// Invariant: every number fits what the SDK can send: floats are finite, integers lie within ±(2^63−1).
import type { JsonValue, Literal, NumberLiteral, Rule, StringLiteral } from '@wbrules/dsl';
import type { Check } from './check.js';
import { numberValue } from '../json/number-spelling.js';
import { type Condition, forEachCondition, forEachJsonNode } from './rule-parts.js';

/**
 * A float that overflows becomes infinity, which the SDK writes as null and
 * then rejects (vector `rej-threshold-nan`); integers are bounded so that
 * they stay exact and fit W&B's int64 storage.
 */
export const numberRangeCheck: Check = {
  name: 'number-range',
  invariant: 'Every number is a finite float or an integer within ±(2^63−1).',
  codes: ['WR3010', 'WR3011'],
  start({ report }) {
    const check = (literal: NumberLiteral): void => {
      // Up to 15 characters without an exponent is always a finite double and an int64: skip the work.
      const raw = literal.raw;
      if (raw.length <= 15 && raw.indexOf('e') < 0 && raw.indexOf('E') < 0) return;
      const value = numberValue(literal);
      if (value.ok || value.error !== 'range') return;
      if (literal.isInteger && !literal.percent) {
        report({
          code: 'WR3011',
          message: `the integer ${literal.raw} is outside the range W&B accepts (±9223372036854775807)`,
          span: literal.span,
          hints: ['Write it as a float (e.g. 1e19) if an approximate value is enough.'],
        });
      } else {
        report({
          code: 'WR3010',
          message: `the number ${literal.raw} is too large to be a finite double`,
          span: literal.span,
          hints: ['Infinity and NaN cannot be sent: W&B would receive null and reject the automation.'],
        });
      }
    };
    // Numbers only stand in events, filters and payloads: walk just those parts.
    const checkLiteral = (literal: Literal): void => {
      if (literal.kind === 'NumberLiteral') check(literal);
    };
    const checkCondition = (condition: Condition): void => {
      if (condition.kind === 'ComparisonExpression') checkLiteral(condition.value);
      else if (condition.kind === 'MembershipExpression')
        for (const element of condition.list.elements) checkLiteral(element);
    };
    const checkPayloadNode = (node: JsonValue | StringLiteral): void => {
      if (node.kind === 'NumberLiteral') check(node);
    };
    return {
      rule({ rule }) {
        checkEventNumbers(rule, check);
        if (rule.filter !== undefined) forEachCondition(rule.filter, checkCondition);
        if (rule.action.kind === 'WebhookAction' && rule.action.payload !== undefined) {
          forEachJsonNode(rule.action.payload, checkPayloadNode);
        }
      },
    };
  },
};

function checkEventNumbers(rule: Rule, check: (literal: NumberLiteral) => void): void {
  const event = rule.event;
  switch (event.kind) {
    case 'MetricThresholdEvent':
      if (event.aggregation?.window !== undefined) check(event.aggregation.window);
      check(event.threshold);
      return;
    case 'MetricChangeEvent':
      check(event.amount);
      if (event.window !== undefined) check(event.window);
      if (event.priorWindow !== undefined) check(event.priorWindow);
      return;
    case 'MetricZScoreEvent':
      if (event.window !== undefined) check(event.window);
      check(event.threshold);
      return;
    default:
      return;
  }
}
