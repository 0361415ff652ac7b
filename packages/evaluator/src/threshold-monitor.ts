/**
 * `RUN_METRIC`: the aggregate (avg, min or max) of the most recent
 * `window_size` logged values, or the latest value when there is no
 * aggregation, compared with the threshold. A window that is not yet full
 * never fires (`partial-window`).
 */

import type { Comparison, ThresholdCondition } from './decode-trigger.js';
import { type MetricMonitor, PointFlag, type ThresholdDetail } from './metric-monitor.js';
import { SlidingWindow } from './sliding-window.js';

/** Whether `value cmp threshold` holds. */
export function compareWith(comparison: Comparison, value: number, threshold: number): boolean {
  switch (comparison) {
    case '$gt':
      return value > threshold;
    case '$gte':
      return value >= threshold;
    case '$lt':
      return value < threshold;
    case '$lte':
      return value <= threshold;
  }
}

/** Follows one threshold automation on one run's metric. */
export class ThresholdMonitor implements MetricMonitor {
  flags = 0;
  private readonly window: SlidingWindow | undefined;
  private last = Number.NaN;

  constructor(private readonly condition: ThresholdCondition) {
    const { aggregation } = condition;
    this.window =
      aggregation === null
        ? undefined
        : new SlidingWindow(condition.window, {
            mean: aggregation === 'AVERAGE',
            min: aggregation === 'MIN',
            max: aggregation === 'MAX',
          });
  }

  add(x: number): void {
    this.last = x;
    this.window?.push(x);
  }

  holds(): boolean {
    const { window, condition } = this;
    if (window === undefined)
      return !Number.isNaN(this.last) && compareWith(condition.comparison, this.last, condition.threshold);
    const aggregation = condition.aggregation as NonNullable<ThresholdCondition['aggregation']>;
    let value = window.aggregate(aggregation);
    const tolerance = window.aggregateTolerance(aggregation);
    if (tolerance > 0 && Math.abs(value - condition.threshold) <= tolerance) {
      window.resync();
      value = window.exactAggregate(aggregation);
    }
    const ok = compareWith(condition.comparison, value, condition.threshold);
    if (!window.full) {
      if (ok) this.flags |= PointFlag.partialWindow;
      return false;
    }
    return ok;
  }

  detail(): ThresholdDetail {
    const { window, condition } = this;
    return {
      kind: 'threshold',
      aggregation: condition.aggregation,
      window: window === undefined ? [this.last] : window.values(),
      value:
        window === undefined
          ? this.last
          : window.exactAggregate(condition.aggregation as NonNullable<ThresholdCondition['aggregation']>),
      comparison: condition.comparison,
      threshold: condition.threshold,
    };
  }
}
