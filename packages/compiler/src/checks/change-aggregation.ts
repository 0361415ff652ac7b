// Invariant: an aggregation word on a change rule (`max changes by ...`) comes with `within N`.
import type { Check } from './check.js';

/** Without `within N` a change compares single values, so an aggregation would have nothing to aggregate. */
export const changeAggregationCheck: Check = {
  name: 'change-aggregation',
  invariant: 'An aggregation word on a change rule comes with `within N`.',
  codes: ['WR3006'],
  applies: { events: ['MetricChangeEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const event = rule.event;
        if (event.kind !== 'MetricChangeEvent' || event.aggregation === undefined || event.window !== undefined) return;
        report({
          code: 'WR3006',
          message: `"${event.aggregation.op}" on a change rule needs a window: add "within N" after the amount`,
          span: event.aggregation.span,
          hints: [
            `For example: ${event.aggregation.op} ${event.direction.direction} by ${event.amount.raw}${event.amount.percent ? '%' : ''} within 5.`,
            'Without "within N" the change compares single values and takes no aggregation.',
          ],
        });
      },
    };
  },
};
