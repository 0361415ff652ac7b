import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate, Evaluator } from '../evaluator.js';
import type { Firing } from '../firing.js';
import type { RunHistory } from '../run-history.js';
import { runHistoryEvents } from '../run-history.js';
import { automations, run } from './harness.js';

/** Series of logged values: small integers (so comparisons at thresholds happen), gaps (null) and NaN. */
const series = fc.array(
  fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -5, max: 5 }) }, fc.constant(null), fc.constant(Number.NaN)),
  {
    minLength: 0,
    maxLength: 40,
  },
);
const threshold = fc.integer({ min: -5, max: 5 }).map((t) => t + 0.5);
const comparison = fc.constantFrom('>', '>=', '<', '<=');
const day = { stepSeconds: 86_400 };

const stepsOf = (firings: readonly Firing[]): number[] => firings.map((f) => (f.kind === 'artifact' ? -1 : f.step));

function compareJs(op: string, x: number, t: number): boolean {
  return op === '>' ? x > t : op === '>=' ? x >= t : op === '<' ? x < t : x <= t;
}

/** The step of the n-th (1-based) finite value, or undefined. */
function nthFinite(xs: readonly (number | null)[], n: number): number | undefined {
  let seen = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x !== null && x !== undefined && Number.isFinite(x) && ++seen === n) return i;
  }
  return undefined;
}

describe('invariants of the evaluator', () => {
  test('a window-1 threshold rule fires exactly at the first step whose value satisfies the comparison', () => {
    fc.assert(
      fc.property(series, comparison, threshold, fc.boolean(), (xs, op, t, aggregated) => {
        const condition = aggregated ? `avg over 1 ${op} ${t}` : `${op} ${t}`;
        const compiled = automations(`on run metric "m" ${condition} -> nothing`);
        const fired = stepsOf(evaluate(compiled, { runs: [run('r', { m: xs })] }).firings);
        const first = xs.findIndex((x) => x !== null && Number.isFinite(x) && compareJs(op, x, t));
        expect(fired).toEqual(first < 0 ? [] : [first]);
      }),
    );
  });

  test('widening a min window never makes a "<" rule fire later once the wider window is full', () => {
    fc.assert(
      fc.property(
        series,
        threshold,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (xs, t, narrow, extra) => {
          const wide = narrow + extra;
          const first = (w: number): number | undefined => {
            const compiled = automations(`on run metric "m" min over ${w} < ${t} -> nothing`);
            return stepsOf(evaluate(compiled, { runs: [run('r', { m: xs })] }).firings)[0];
          };
          const narrowAt = first(narrow);
          const wideAt = first(wide);
          const wideFull = nthFinite(xs, wide);
          if (narrowAt !== undefined && wideFull !== undefined) {
            expect(wideAt).toBeDefined();
            expect(wideAt as number).toBeLessThanOrEqual(Math.max(narrowAt, wideFull));
          }
        },
      ),
    );
  });

  test('a wider max window holds "> t" wherever the narrower one does, once full', () => {
    fc.assert(
      fc.property(
        series,
        threshold,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (xs, t, narrow, extra) => {
          const holds = (w: number): Set<number> => {
            const compiled = automations(`on run metric "m" max over ${w} > ${t} -> nothing`);
            return new Set(stepsOf(evaluate(compiled, { runs: [run('r', { m: xs }, day)] }).firings));
          };
          const wide = holds(narrow + extra);
          const wideFull = nthFinite(xs, narrow + extra) ?? Number.POSITIVE_INFINITY;
          for (const step of holds(narrow)) if (step >= wideFull) expect(wide.has(step)).toBe(true);
        },
      ),
    );
  });

  test('an average rule fires only on the last w logged finite values, whose mean satisfies it', () => {
    fc.assert(
      fc.property(series, comparison, threshold, fc.integer({ min: 1, max: 6 }), (xs, op, t, w) => {
        const compiled = automations(`on run metric "m" avg over ${w} ${op} ${t} -> nothing`);
        for (const firing of evaluate(compiled, { runs: [run('r', { m: xs }, day)] }).firings) {
          if (firing.kind !== 'metric' || firing.detail.kind !== 'threshold')
            throw new Error('expected a threshold firing');
          const logged = xs.slice(0, firing.step + 1).filter((x): x is number => x !== null && Number.isFinite(x));
          expect(firing.detail.window).toEqual(logged.slice(-w));
          expect(compareJs(op, logged.slice(-w).reduce((a, b) => a + b, 0) / w, t)).toBe(true);
        }
      }),
    );
  });

  test('"changes by" fires exactly where "increases by" or "decreases by" does', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        (xs, amount, w, relative) => {
          const by = relative ? `${amount * 25}%` : `${amount}`;
          const steps = (verb: string): number[] => {
            const compiled = automations(`on run metric "m" ${verb} by ${by} within ${w} -> nothing`);
            return stepsOf(evaluate(compiled, { runs: [run('r', { m: xs }, day)] }).firings);
          };
          const either = new Set([...steps('increases'), ...steps('decreases')]);
          expect(steps('changes')).toEqual([...either].sort((a, b) => a - b));
        },
      ),
    );
  });

  test('negating a series swaps increases and decreases (absolute and relative)', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 4 }), fc.boolean(), (xs, amount, relative) => {
        const by = relative ? `${amount * 25}%` : `${amount}`;
        const steps = (verb: string, values: readonly (number | null)[]): number[] => {
          const compiled = automations(`on run metric "m" ${verb} by ${by} within 2 -> nothing`);
          return stepsOf(evaluate(compiled, { runs: [run('r', { m: values }, day)] }).firings);
        };
        const negated = xs.map((x) => (x === null ? null : -x));
        expect(steps('increases', xs)).toEqual(steps('decreases', negated));
      }),
    );
  });

  test('z-score firings do not change when the series is scaled by a power of two; a negative scale swaps direction', () => {
    fc.assert(
      fc.property(
        series,
        fc.integer({ min: 2, max: 8 }),
        fc.constantFrom(0.75, 1.25, 1.5, 2.25),
        fc.constantFrom(2, 0.5, 8),
        (xs, w, t, k) => {
          const steps = (condition: string, values: readonly (number | null)[]): number[] => {
            const compiled = automations(`on run metric "m" ${condition} -> nothing`);
            return stepsOf(evaluate(compiled, { runs: [run('r', { m: values }, day)] }).firings);
          };
          const scaled = xs.map((x) => (x === null ? null : x * k));
          const flipped = xs.map((x) => (x === null ? null : -x * k));
          expect(steps(`zscore over ${w} > ${t}`, scaled)).toEqual(steps(`zscore over ${w} > ${t}`, xs));
          expect(steps(`zscore over ${w} < -${t}`, flipped)).toEqual(steps(`zscore over ${w} > ${t}`, xs));
        },
      ),
    );
  });

  test('firings of one automation on one run are at least 24 hours apart', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 100_000 }), (xs, seconds) => {
        const compiled = automations('on run metric "m" > 0 -> nothing');
        const { firings } = evaluate(compiled, { runs: [run('r', { m: xs }, { stepSeconds: seconds })] });
        for (let i = 1; i < firings.length; i++) {
          expect((firings[i] as Firing).time - (firings[i - 1] as Firing).time).toBeGreaterThanOrEqual(86_400);
        }
      }),
    );
  });

  test('pushing events one at a time (runs interleaved) gives the same firings as whole histories', () => {
    const rules = automations(`automation "t" on run metric "a" avg over 3 > 1 -> nothing
automation "c" on run metric "a" changes by 50% within 2 -> nothing
automation "z" on run metric "b" abs zscore over 4 > 1.2 -> nothing
automation "s" on run state failed -> nothing`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(series, series, fc.integer({ min: 1, max: 50_000 })), { minLength: 1, maxLength: 4 }),
        (specs) => {
          const histories: RunHistory[] = specs.map(([a, b, seconds], i) =>
            run(`r${i}`, { a, b }, { stepSeconds: seconds, states: `failed@${Math.max(a.length, b.length)}` }),
          );
          const whole = evaluate(rules, { runs: histories });
          const streaming = new Evaluator(rules);
          const iterators = histories.map((h) => runHistoryEvents(h));
          // Round-robin over the runs, one event each.
          for (let live = iterators.length; live > 0; ) {
            live = 0;
            for (const it of iterators) {
              const next = it.next();
              if (!next.done) {
                streaming.push(next.value);
                live++;
              }
            }
          }
          expect(streaming.result().firings).toEqual(whole.firings);
        },
      ),
    );
  });
});
