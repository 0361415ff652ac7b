/**
 * `RUN_METRIC_ZSCORE`: the z-score of the latest value against the mean and
 * population standard deviation of the latest `window_size` values (the
 * latest included), compared inclusively with the threshold in the stated
 * direction. A window with zero deviation (all values equal) never fires;
 * neither does one that is not yet full.
 */

import type { ZScoreCondition } from './decode-trigger.js';
import { directed, type MetricMonitor, PointFlag, type ZScoreDetail } from './metric-monitor.js';
import { SlidingWindow } from './sliding-window.js';

/** Follows one z-score automation on one run's metric. */
export class ZScoreMonitor implements MetricMonitor {
  flags = 0;
  private readonly window: SlidingWindow;

  constructor(private readonly condition: ZScoreCondition) {
    // min and max detect a constant window exactly, in O(1).
    this.window = new SlidingWindow(condition.window, { variance: true, min: true, max: true });
  }

  add(x: number): void {
    this.window.push(x);
  }

  holds(): boolean {
    const { window, condition } = this;
    if (window.size < 2) return false;
    if (window.min() === window.max()) {
      if (window.full) this.flags |= PointFlag.zeroDeviation;
      return false;
    }
    let z = this.zscore(false);
    if (z === undefined) z = this.zscore(true) as number;
    const ok = directed(condition.direction, z) >= condition.threshold;
    if (!window.full) {
      if (ok) this.flags |= PointFlag.partialWindow;
      return false;
    }
    return ok;
  }

  /** The z-score from the running sums, or `undefined` when rounding could change the decision. */
  private zscore(exact: boolean): number | undefined {
    const { window, condition } = this;
    if (exact) window.resync();
    const mean = exact ? window.exactMean() : window.mean();
    const variance = exact ? window.exactVariance() : window.variance();
    const latest = window.latest();
    if (exact) return (latest - mean) / Math.sqrt(variance);
    const tv = window.varianceTolerance();
    if (variance <= 4 * tv) return undefined;
    const deviation = Math.sqrt(variance);
    const z = (latest - mean) / deviation;
    const error = 4 * (window.meanTolerance() / deviation + (Math.abs(z) * tv) / (2 * variance));
    if (Math.abs(directed(condition.direction, z) - condition.threshold) <= error) return undefined;
    return z;
  }

  detail(): ZScoreDetail {
    const { window, condition } = this;
    const mean = window.exactMean();
    const deviation = Math.sqrt(window.exactVariance());
    const latest = window.latest();
    return {
      kind: 'zscore',
      window: window.values(),
      latest,
      mean,
      deviation,
      zscore: (latest - mean) / deviation,
      direction: condition.direction,
      threshold: condition.threshold,
    };
  }
}
