// Invariant: every filter operand is a string, and no `in`/`not in` list is empty.
import type { Literal } from '@wbrules/dsl';
import { type Check, type CheckContext, replaceFix } from './check.js';
import { forEachCondition } from './rule-parts.js';

function literalText(literal: Literal): string {
  switch (literal.kind) {
    case 'StringLiteral':
      return literal.raw;
    case 'NumberLiteral':
      return literal.raw + (literal.percent ? '%' : '');
    case 'BooleanLiteral':
      return literal.value ? 'true' : 'false';
    case 'NullLiteral':
      return 'null';
  }
}

function reportNonString(literal: Literal, report: CheckContext['report']): void {
  if (literal.kind === 'StringLiteral') return;
  const text = literalText(literal);
  report({
    code: 'WR3016',
    message: `filter operands are strings, found ${text}`,
    span: literal.span,
    hints: ['run.name, alias and tag are strings; quote the value.'],
    ...(literal.kind === 'NullLiteral'
      ? {}
      : { fixes: [replaceFix(`Write "${text}"`, literal.span, JSON.stringify(text))] }),
  });
}

/** The three filterable fields are strings (spec §4.1, §4.4); an empty list would never (or always) match. */
export const filterOperandsCheck: Check = {
  name: 'filter-operands',
  invariant: 'Every filter operand is a string, and no in or not in list is empty.',
  codes: ['WR3016', 'WR3017'],
  applies: { filter: true },
  start({ report }) {
    return {
      rule({ rule }) {
        if (rule.filter === undefined) return;
        forEachCondition(rule.filter, (condition) => {
          if (condition.kind === 'ComparisonExpression') {
            const { value, comparator, field } = condition;
            if (value.kind === 'NullLiteral' && (comparator.op === '==' || comparator.op === '!=')) {
              const replacement = `${field.path} ${comparator.op === '==' ? 'not exists' : 'exists'}`;
              report({
                code: 'WR3016',
                message: 'filter operands are strings, found null',
                span: value.span,
                hints: [`To test for a missing value write "${replacement}".`],
                fixes: [replaceFix(`Write "${replacement}"`, condition.span, replacement)],
              });
            } else {
              reportNonString(value, report);
            }
          } else if (condition.kind === 'MembershipExpression') {
            if (condition.list.elements.length === 0) {
              report({
                code: 'WR3017',
                message: condition.negated
                  ? 'an empty "not in []" list matches everything'
                  : 'an empty "in []" list matches nothing',
                span: condition.list.span,
                hints: ['List at least one value, or remove the condition.'],
              });
            }
            for (const element of condition.list.elements) reportNonString(element, report);
          }
        });
      },
    };
  },
};
