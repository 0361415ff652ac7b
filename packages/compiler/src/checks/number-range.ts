// Invariant: every number fits what the SDK can send: floats are finite, integers lie within ±(2^63−1).
import { visit } from '@wbrules/dsl';
import type { Check } from '../check.js';
import { numberValue } from '../lower-number.js';

/**
 * A float that overflows becomes infinity, which the SDK writes as null and
 * then rejects (vector `rej-threshold-nan`); integers are bounded so that
 * they stay exact and fit W&B's int64 storage.
 */
export const numberRangeCheck: Check = {
  name: 'number-range',
  invariant: 'Every number is a finite float or an integer within ±(2^63−1).',
  codes: ['WR3010', 'WR3011'],
  run({ resolved, report }) {
    visit(resolved.document, {
      NumberLiteral(literal) {
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
      },
    });
  },
};
