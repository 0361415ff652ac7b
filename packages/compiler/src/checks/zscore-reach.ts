// Invariant: a z-score threshold is one its window can reach: with the latest value inside a window of N values, |z| never exceeds √(N−1).
import type { MetricZScoreEvent } from '@wbrules/dsl';
import type { Check, CheckContext } from './check.js';
import { defaultZScoreWindow } from '../lower/event.js';
import { numberValue, signOf, windowValue } from '../json/number-spelling.js';

/**
 * The bound is reached when the latest value is the only one apart from
 * N−1 equal values: mean x/N, population deviation x√(N−1)/N, so
 * z = √(N−1). Thresholds are inclusive (`zscore-inclusive`), so a rule can
 * fire at exactly √(N−1) and never above it.
 */
function checkReach(event: MetricZScoreEvent, report: CheckContext['report']): void {
  if (event.threshold.percent) return; // WR1106
  const value = numberValue(event.threshold);
  if (!value.ok) return;
  const op = event.comparator.op;
  const upward = op === '>' || op === '>=';
  const downward = op === '<' || op === '<=';
  const sign = signOf(value.value);
  // A threshold whose sign does not fit its comparison is zscore-threshold's to report.
  const fits = event.abs !== undefined ? upward && sign > 0 : upward ? sign > 0 : downward && sign < 0;
  if (!fits) return;
  let size = defaultZScoreWindow;
  if (event.window !== undefined) {
    const written = windowValue(event.window);
    if (written === undefined) return; // window-size reports it
    size = Number(written.text);
  }
  const threshold = Math.abs(value.value.kind === 'int' ? Number(value.value.text) : value.value.value);
  if (threshold * threshold <= size - 1) return;
  const raw = event.threshold.raw;
  const condition = `${op} ${raw}`;
  const window = `${event.window === undefined ? 'the default window' : 'a window'} of ${size} value${size === 1 ? '' : 's'}`;
  const reach = Math.sqrt(size - 1);
  const shown = Number.isInteger(reach) ? `${reach}` : `${Number(reach.toFixed(2))} (√${size - 1})`;
  const needed = Math.ceil(threshold * threshold) + 1;
  const start = (event.window ?? event.comparator).span.start;
  const canWiden = Number.isSafeInteger(needed);
  report({
    code: 'WR3026',
    message:
      size === 1
        ? `a z-score over ${window} never exists (one value has no deviation), so "${condition}" never fires`
        : `a z-score over ${window} never goes beyond ±${shown}, so "${condition}" never fires`,
    span: { start, end: event.threshold.span.end },
    hints: [
      canWiden
        ? `A threshold of ${raw.replace(/^-/, '')} needs a window of at least ${needed} values: write "${event.abs === undefined ? '' : 'abs '}zscore over ${needed} ${condition}", or lower the threshold.`
        : 'Lower the threshold: no window W&B accepts can reach it.',
      'The largest z-score of N values is √(N−1), when only the latest differs; this assumes the window includes the latest value ("zscore-window" in docs/semantics.md).',
    ],
    ...(canWiden
      ? {
          fixes: [
            event.window === undefined
              ? {
                  title: `Write "over ${needed}"`,
                  edits: [{ span: { start, end: start }, newText: `over ${needed} ` }],
                }
              : { title: `Write "over ${needed}"`, edits: [{ span: event.window.span, newText: String(needed) }] },
          ],
        }
      : {}),
  });
}

/** Warns about z-score rules that cannot fire under the documented evaluation (docs/semantics.md, "Z-scores"). */
export const zscoreReachCheck: Check = {
  name: 'zscore-reach',
  invariant: 'A z-score threshold is no higher than √(N−1), the largest z-score a window of N values can reach.',
  codes: ['WR3026'],
  applies: { events: ['MetricZScoreEvent'] },
  start({ report }) {
    return {
      rule({ rule }) {
        if (rule.event.kind === 'MetricZScoreEvent') checkReach(rule.event, report);
      },
    };
  },
};
