import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ChangeMonitor } from '../change-monitor.js';
import type { ChangeCondition, ThresholdCondition, ZScoreCondition } from '../decode-trigger.js';
import { directed } from '../metric-monitor.js';
import { SlidingWindow } from '../sliding-window.js';
import { compareWith, ThresholdMonitor } from '../threshold-monitor.js';
import { ZScoreMonitor } from '../zscore-monitor.js';

// The monitors decide from running sums and fall back to exact arithmetic
// near a boundary. These properties hold them to the decision the exact
// arithmetic (SlidingWindow's exact* methods, over the same values) makes,
// on values chosen to sit on boundaries and to cancel badly.
const value = fc.oneof(
  fc.integer({ min: -4, max: 4 }),
  fc.constantFrom(0.1, 0.2, 0.3, 0.7, 0.8, 0.9),
  fc.double({ min: 1e6, max: 1e6 + 1e-3, noNaN: true }),
  fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }),
);
const values = fc.array(value, { minLength: 1, maxLength: 50 });

/** A window holding the last `size` values, for exact reference answers. */
function exactWindow(xs: readonly number[], size: number): SlidingWindow {
  const w = new SlidingWindow(size, { variance: true, min: true, max: true });
  for (const x of xs.slice(-size)) w.push(x);
  return w;
}

describe('monitor decisions equal exact arithmetic', () => {
  test('threshold', () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('$gt', '$gte', '$lt', '$lte'),
        value,
        fc.constantFrom('AVERAGE', 'MIN', 'MAX'),
        (xs, size, op, t, agg) => {
          const condition: ThresholdCondition = {
            kind: 'threshold',
            metric: 'm',
            aggregation: agg,
            window: size,
            comparison: op,
            threshold: t,
          };
          const monitor = new ThresholdMonitor(condition);
          xs.forEach((x, i) => {
            monitor.add(x);
            const seen = xs.slice(0, i + 1);
            const expected = seen.length >= size && compareWith(op, exactWindow(seen, size).exactAggregate(agg), t);
            expect(monitor.holds()).toBe(expected);
          });
        },
      ),
    );
  });

  test('change', () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom('AVERAGE', 'MIN', 'MAX'),
        fc.constantFrom('ABSOLUTE', 'RELATIVE'),
        fc.constantFrom('INCREASE', 'DECREASE', 'ANY'),
        fc.constantFrom(0.1, 0.5, 1, 2),
        (xs, current, prior, agg, type, direction, amount) => {
          const condition: ChangeCondition = {
            kind: 'change',
            metric: 'm',
            aggregation: agg,
            currentWindow: current,
            priorWindow: prior,
            amount,
            changeType: type,
            direction,
          };
          const monitor = new ChangeMonitor(condition);
          xs.forEach((x, i) => {
            monitor.add(x);
            const seen = xs.slice(0, i + 1);
            let expected = false;
            if (seen.length >= current + prior) {
              const c = exactWindow(seen, current).exactAggregate(agg);
              const p = exactWindow(seen.slice(0, -current), prior).exactAggregate(agg);
              expected =
                type === 'ABSOLUTE'
                  ? directed(direction, c - p) >= amount
                  : p !== 0 && directed(direction, (c - p) / Math.abs(p)) >= amount;
            }
            expect(monitor.holds()).toBe(expected);
          });
        },
      ),
    );
  });

  test('z-score', () => {
    fc.assert(
      fc.property(
        values,
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(0.5, 1, 1.5, 2),
        fc.constantFrom('INCREASE', 'DECREASE', 'ANY'),
        (xs, size, t, direction) => {
          const condition: ZScoreCondition = { kind: 'zscore', metric: 'm', window: size, threshold: t, direction };
          const monitor = new ZScoreMonitor(condition);
          xs.forEach((x, i) => {
            monitor.add(x);
            const seen = xs.slice(0, i + 1);
            let expected = false;
            if (seen.length >= size) {
              const w = exactWindow(seen, size);
              const variance = w.exactVariance();
              expected =
                w.min() !== w.max() && directed(direction, (w.latest() - w.exactMean()) / Math.sqrt(variance)) >= t;
            }
            expect(monitor.holds()).toBe(expected);
          });
        },
      ),
    );
  });
});
