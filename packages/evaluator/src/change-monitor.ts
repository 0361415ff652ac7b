/**
 * `RUN_METRIC_CHANGE`: the aggregate of the current window (the latest
 * `current_window_size` values) against the aggregate of the prior window
 * (the `prior_window_size` values just before it, not overlapping). Without
 * an aggregation both sizes are ignored: the latest value against the one
 * before. The change is `current − prior`, divided by `|prior|` when
 * relative; it fires when, in the stated direction, it reaches the amount
 * (a change exactly equal to the amount fires).
 */

import type { ChangeCondition } from './decode-trigger.js';
import { type ChangeDetail, directed, type MetricMonitor, PointFlag } from './metric-monitor.js';
import { SlidingWindow, type WindowAggregation } from './sliding-window.js';

/** Follows one change automation on one run's metric. */
export class ChangeMonitor implements MetricMonitor {
  flags = 0;
  private readonly current: SlidingWindow;
  private readonly prior: SlidingWindow;
  /** `null` reads each window's latest value (both windows hold one value then). */
  private readonly aggregation: WindowAggregation | null;

  constructor(private readonly condition: ChangeCondition) {
    const { aggregation } = condition;
    this.aggregation = aggregation;
    const tracking = { mean: aggregation === 'AVERAGE', min: aggregation === 'MIN', max: aggregation === 'MAX' };
    this.current = new SlidingWindow(aggregation === null ? 1 : condition.currentWindow, tracking);
    this.prior = new SlidingWindow(aggregation === null ? 1 : condition.priorWindow, tracking);
  }

  add(x: number): void {
    const out = this.current.push(x);
    // A value leaving the current window enters the prior one: the windows are adjacent.
    if (!Number.isNaN(out)) this.prior.push(out);
  }

  holds(): boolean {
    const { current, prior } = this;
    if (!current.full || prior.size === 0) return false;
    let ok = this.decide(false);
    if (ok === undefined) ok = this.decide(true) as boolean;
    if (!prior.full) {
      if (ok) this.flags |= PointFlag.partialWindow;
      return false;
    }
    return ok;
  }

  /**
   * The decision from the running aggregates, or `undefined` when it falls
   * within their rounding tolerance and must be made again exactly.
   */
  private decide(exact: boolean): boolean | undefined {
    const { condition, current, prior } = this;
    const c = this.value(current, exact);
    const p = this.value(prior, exact);
    const tc = exact ? 0 : this.tolerance(current);
    const tp = exact ? 0 : this.tolerance(prior);
    if (condition.changeType === 'ABSOLUTE') {
      const q = directed(condition.direction, c - p);
      if (!exact && Math.abs(q - condition.amount) <= tc + tp) return undefined;
      return q >= condition.amount;
    }
    if (Math.abs(p) <= tp) {
      if (!exact) return undefined;
      // No relative change is defined from 0; a change from 0 to 0 is no change under any reading.
      if (c !== 0) this.flags |= PointFlag.priorZero;
      return false;
    }
    const q = directed(condition.direction, (c - p) / Math.abs(p));
    const tq = (tc + tp) / Math.abs(p) + (Math.abs(q) * tp) / Math.abs(p);
    if (!exact && Math.abs(q - condition.amount) <= tq) return undefined;
    const ok = q >= condition.amount;
    // A negative prior is where dividing by |prior| and by prior part ways.
    if (p < 0 && ok !== directed(condition.direction, (c - p) / p) >= condition.amount) {
      this.flags |= PointFlag.relativeMagnitude;
    }
    return ok;
  }

  private value(window: SlidingWindow, exact: boolean): number {
    const { aggregation } = this;
    if (aggregation === null) return window.latest();
    if (!exact) return window.aggregate(aggregation);
    window.resync();
    return window.exactAggregate(aggregation);
  }

  private tolerance(window: SlidingWindow): number {
    return this.aggregation === null ? 0 : window.aggregateTolerance(this.aggregation);
  }

  detail(): ChangeDetail {
    const { condition, current, prior } = this;
    const c = this.value(current, true);
    const p = this.value(prior, true);
    return {
      kind: 'change',
      aggregation: condition.aggregation,
      current: current.values(),
      prior: prior.values(),
      currentValue: c,
      priorValue: p,
      change: condition.changeType === 'ABSOLUTE' ? c - p : (c - p) / Math.abs(p),
      changeType: condition.changeType,
      direction: condition.direction,
      amount: condition.amount,
    };
  }
}
