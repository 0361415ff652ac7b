import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MonotonicDeque } from '../monotonic-deque.js';
import { SlidingWindow } from '../sliding-window.js';

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });

describe('SlidingWindow', () => {
  test('holds the last N values and reports what slid out', () => {
    const w = new SlidingWindow(3, { mean: true, min: true, max: true });
    expect([w.push(1), w.push(2), w.push(3)]).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(w.full).toBe(true);
    expect(w.push(4)).toBe(1);
    expect(w.values()).toEqual([2, 3, 4]);
    expect([w.min(), w.max(), w.mean(), w.latest(), w.size, w.count]).toEqual([2, 4, 3, 4, 3, 4]);
  });

  test('a constant window has its value as mean and zero variance, exactly', () => {
    const w = new SlidingWindow(3, { variance: true });
    for (let i = 0; i < 10; i++) w.push(0.1);
    expect([w.mean(), w.variance(), w.exactMean(), w.exactVariance()]).toEqual([0.1, 0, 0.1, 0]);
  });

  test('rejects a window size that is not a positive integer', () => {
    expect(() => new SlidingWindow(0, {})).toThrow(RangeError);
    expect(() => new SlidingWindow(1.5, {})).toThrow(RangeError);
  });

  test('property: min and max equal the naive ones; mean and variance stay within their tolerance', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(finite, { minLength: 1, maxLength: 80 }),
        (capacity, xs) => {
          const w = new SlidingWindow(capacity, { variance: true, min: true, max: true });
          xs.forEach((x, i) => {
            w.push(x);
            const window = xs.slice(Math.max(0, i + 1 - capacity), i + 1);
            expect(w.values()).toEqual(window);
            expect(w.min()).toBe(Math.min(...window));
            expect(w.max()).toBe(Math.max(...window));
            expect(Math.abs(w.mean() - w.exactMean())).toBeLessThanOrEqual(w.meanTolerance());
            expect(Math.abs(w.variance() - w.exactVariance())).toBeLessThanOrEqual(
              w.varianceTolerance() + 1e-9 * w.exactVariance(),
            );
          });
        },
      ),
    );
  });
});

describe('MonotonicDeque', () => {
  test('keeps the minimum of the positions still in the window', () => {
    const d = new MonotonicDeque(3, false);
    const xs = [5, 3, 4, 6, 7, 1];
    const mins: number[] = [];
    xs.forEach((x, i) => {
      d.evictBefore(i - 2);
      d.push(i, x);
      mins.push(d.front());
    });
    expect(mins).toEqual([5, 3, 3, 3, 4, 1]);
    d.clear();
    expect(d.front()).toBeNaN();
  });
});
