import type { Expression, Literal, Rule } from '@wbrules/dsl';
import type { EventFamily } from '../model/event-kinds.js';
import { eventFamilyOf } from '../model/event-kinds.js';
import { backendField } from '../model/filter-fields.js';
import { andFilter, type FilterNode, fieldFilter, negate, orFilter } from '../model/filter-model.js';
import { isWellFormedString, type JsonString, jsonArray, jsonBool, jsonString } from '../json/json-text.js';

/**
 * `where` filters (and the `on alias "prod" added` sugar) to the SDK's
 * filter model, built the way the SDK's builder operators build them, so
 * that the SDK's normalization then yields the exact bytes it sends:
 * `and`/`or` are n-ary `$and`/`$or`, `not` is the builder's `~` (`$not` of a
 * comparison, `$nor` of an `or`, `$not` of an `and`), `!=` is `$ne`,
 * `not in` is `$nin`, `exists`/`not exists` are `$exists` true/false.
 */

const comparisonOperators = { '==': '$eq', '!=': '$ne', '<': '$lt', '<=': '$lte', '>': '$gt', '>=': '$gte' } as const;

function stringOperand(literal: Literal): JsonString | undefined {
  return literal.kind === 'StringLiteral' && isWellFormedString(literal.value) ? jsonString(literal.value) : undefined;
}

/** One filter expression, or `undefined` when it holds something the checks reject (an unknown field, a non-string operand). */
export function lowerExpression(expression: Expression, family: EventFamily): FilterNode | undefined {
  switch (expression.kind) {
    case 'OrExpression':
    case 'AndExpression': {
      const children: FilterNode[] = [];
      for (const operand of expression.operands) {
        const child = lowerExpression(operand, family);
        if (child === undefined) return undefined;
        children.push(child);
      }
      return expression.kind === 'OrExpression' ? orFilter(children) : andFilter(children);
    }
    case 'NotExpression': {
      const operand = lowerExpression(expression.operand, family);
      return operand === undefined ? undefined : negate(operand);
    }
    case 'GroupExpression':
      return lowerExpression(expression.expression, family);
    default:
      break;
  }
  const field = backendField(family, expression.field.path);
  if (field === undefined) return undefined;
  switch (expression.kind) {
    case 'ComparisonExpression': {
      const operand = stringOperand(expression.value);
      return operand === undefined
        ? undefined
        : fieldFilter(field, comparisonOperators[expression.comparator.op], operand);
    }
    case 'MembershipExpression': {
      const items: JsonString[] = [];
      for (const element of expression.list.elements) {
        const item = stringOperand(element);
        if (item === undefined) return undefined;
        items.push(item);
      }
      if (items.length === 0) return undefined;
      return fieldFilter(field, expression.negated ? '$nin' : '$in', jsonArray(items));
    }
    case 'MatchesExpression': {
      const pattern = stringOperand(expression.pattern);
      return pattern === undefined ? undefined : fieldFilter(field, '$regex', pattern);
    }
    case 'ContainsExpression': {
      const text = stringOperand(expression.text);
      return text === undefined ? undefined : fieldFilter(field, '$contains', text);
    }
    case 'ExistsExpression':
      return fieldFilter(field, '$exists', jsonBool(!expression.negated));
  }
}

/** The outcome of {@link lowerRuleFilter}: `filter` is `undefined` when the rule filters nothing. */
export type RuleFilterResult = { readonly ok: true; readonly filter: FilterNode | undefined } | { readonly ok: false };

/**
 * The user's filter for a rule, before normalization: the event's sugar
 * (`alias "prod"` means `alias == "prod"`, `tag "x"` means `tag == "x"`),
 * then `and` the `where` filter, sugar first.
 */
export function lowerRuleFilter(rule: Pick<Rule, 'event' | 'filter'>): RuleFilterResult {
  const family = eventFamilyOf(rule.event);
  const parts: FilterNode[] = [];
  const event = rule.event;
  const sugar = event.kind === 'AliasEvent' ? event.alias : event.kind === 'TagEvent' ? event.tag : undefined;
  if (sugar !== undefined) {
    const operand = stringOperand(sugar);
    if (operand === undefined) return { ok: false };
    parts.push(fieldFilter(event.kind === 'AliasEvent' ? 'alias' : 'tag', '$eq', operand));
  }
  if (rule.filter !== undefined) {
    const where = lowerExpression(rule.filter, family);
    if (where === undefined) return { ok: false };
    parts.push(where);
  }
  const [only] = parts;
  return { ok: true, filter: parts.length === 0 ? undefined : parts.length === 1 ? only : andFilter(parts) };
}
