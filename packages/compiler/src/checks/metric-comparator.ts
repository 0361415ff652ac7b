// Invariant: metric thresholds and z-scores compare with `>`, `>=`, `<` or `<=`, never `==` or `!=`.
import type { Check } from './check.js';

/** The SDK accepts only `$gt $gte $lt $lte` for metric conditions (spec §3.4), although the W&B docs list equality. */
export const metricComparatorCheck: Check = {
  name: 'metric-comparator',
  invariant: 'Metric thresholds and z-scores compare with >, >=, < or <=, never == or !=.',
  codes: ['WR3007'],
  applies: { events: ['MetricThresholdEvent', 'MetricZScoreEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        const event = rule.event;
        if (event.kind !== 'MetricThresholdEvent' && event.kind !== 'MetricZScoreEvent') return;
        const op = event.comparator.op;
        if (op !== '==' && op !== '!=') return;
        report({
          code: 'WR3007',
          message: `W&B metric conditions cannot use "${op}"; use >, >=, < or <=`,
          span: event.comparator.span,
          hints: ['A float metric rarely equals a value exactly; compare with a bound such as ">= 0.9".'],
        });
      },
    };
  },
};
