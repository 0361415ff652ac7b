/**
 * Firings in words, for `wbrules test`, `wbrules replay` and the playground:
 * where an automation fired and the values that made it fire.
 */

import type { ArtifactEvent } from './events.js';
import type { Firing } from './firing.js';
import type { MetricDetail } from './metric-monitor.js';

/** Windows longer than this are shown with their middle elided. */
const SHOWN_VALUES = 12;

/**
 * A number as people read it: at most `digits` significant digits (12 by
 * default, enough for any value as logged), so sums such as
 * 0.7899999999999999 read 0.79. Decisions never use this spelling.
 */
export function formatNumber(x: number, digits = 12): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  if (Object.is(x, -0)) return '0';
  return String(Number(x.toPrecision(digits)));
}

/** Significant digits of computed values (aggregates, changes, z-scores) in reports. */
const COMPUTED_DIGITS = 6;

/**
 * A computed `value` next to the number it is compared with, to 6
 * significant digits; when that would make the two read the same although
 * they differ (0.7999999999999999 against 0.8), every digit is shown, so a
 * report never says "0.8 < 0.8".
 */
export function formatAgainst(value: number, other: number): string {
  const short = formatNumber(value, COMPUTED_DIGITS);
  return short === formatNumber(other, COMPUTED_DIGITS) && value !== other ? String(value) : short;
}

/** A computed value shown on its own (a mean, a deviation). */
function formatComputed(x: number): string {
  return formatNumber(x, COMPUTED_DIGITS);
}

/** `[0.9, 0.85, 0.7]`; long windows keep their first and last values: `[1, 2, …, 30] (30 values)`. */
export function formatValues(values: readonly number[]): string {
  if (values.length <= SHOWN_VALUES) return `[${values.map((x) => formatNumber(x)).join(', ')}]`;
  const half = SHOWN_VALUES / 2;
  const head = values.slice(0, half).map((x) => formatNumber(x));
  const tail = values.slice(values.length - half).map((x) => formatNumber(x));
  return `[${head.join(', ')}, …, ${tail.join(', ')}] (${values.length} values)`;
}

/** Where a firing happened: `run "prod-7" at step 4`, `alias_added #1 on acme/vision/weights:v3`. */
export function describeWhere(firing: Firing): string {
  if (firing.kind === 'artifact') return describeArtifactEvent(firing.event);
  return `run "${firing.run.name}" at step ${firing.step}`;
}

/** An artifact event as reports name it (1-based, as people count). */
export function describeArtifactEvent(event: ArtifactEvent): string {
  const target =
    event.collection === undefined
      ? ''
      : ` on ${event.collection}${event.version === undefined ? '' : `:v${event.version}`}`;
  const what = event.alias !== undefined ? ` "${event.alias}"` : event.tag !== undefined ? ` "${event.tag}"` : '';
  return `${event.event}${what} (artifact event ${event.index + 1})${target}`;
}

/** Why a firing happened, with the values: `avg of [0.9, 0.9, 0.85, 0.7, 0.6] = 0.79 < 0.8`. */
export function describeWhy(firing: Firing): string {
  switch (firing.kind) {
    case 'metric':
      return describeMetric(firing.metric, firing.detail);
    case 'state':
      return `the run changed to ${firing.state}`;
    case 'artifact':
      return `${firing.event.event.replace(/_/g, ' ')} matched`;
  }
}

const AGGREGATION_WORDS = { AVERAGE: 'avg', MIN: 'min', MAX: 'max' } as const;
const COMPARISON_WORDS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

function describeMetric(metric: string, d: MetricDetail): string {
  const name = JSON.stringify(metric);
  switch (d.kind) {
    case 'threshold': {
      const comparison = `${COMPARISON_WORDS[d.comparison]} ${formatNumber(d.threshold)}`;
      const value = formatAgainst(d.value, d.threshold);
      if (d.aggregation === null) return `${name} = ${value} ${comparison}`;
      return `${AGGREGATION_WORDS[d.aggregation]} of ${name} ${formatValues(d.window)} = ${value} ${comparison}`;
    }
    case 'change': {
      const relative = d.changeType === 'RELATIVE';
      const amount = (x: number): string => (relative ? `${formatComputed(x * 100)}%` : formatComputed(x));
      const magnitude = Math.abs(d.change);
      const shown = relative
        ? `${formatAgainst(magnitude * 100, d.amount * 100)}%`
        : formatAgainst(magnitude, d.amount);
      const signed = `${d.change >= 0 ? '+' : '-'}${shown}`;
      const needs =
        d.direction === 'ANY'
          ? `a change of at least ${amount(d.amount)}`
          : `${d.direction === 'INCREASE' ? 'an increase' : 'a decrease'} of at least ${amount(d.amount)}`;
      if (d.aggregation === null) {
        return `${name} went from ${formatNumber(d.priorValue)} to ${formatNumber(d.currentValue)}, ${signed} (needs ${needs})`;
      }
      const agg = AGGREGATION_WORDS[d.aggregation];
      return `${agg} of ${name} went from ${formatComputed(d.priorValue)} ${formatValues(d.prior)} to ${formatComputed(d.currentValue)} ${formatValues(d.current)}, ${signed} (needs ${needs})`;
    }
    case 'zscore': {
      const needs =
        d.direction === 'INCREASE'
          ? `>= ${formatNumber(d.threshold)}`
          : d.direction === 'DECREASE'
            ? `<= -${formatNumber(d.threshold)}`
            : `beyond ±${formatNumber(d.threshold)}`;
      return `${name} = ${formatNumber(d.latest)} has z-score ${formatAgainst(d.zscore, d.direction === 'DECREASE' ? -d.threshold : d.zscore < 0 && d.direction === 'ANY' ? -d.threshold : d.threshold)} ${needs} over ${formatValues(d.window)} (mean ${formatComputed(d.mean)}, deviation ${formatComputed(d.deviation)})`;
    }
  }
}
