/**
 * What the three metric monitors (threshold, change, z-score) share: one
 * monitor follows one automation on one run's metric, value by value, in
 * O(1) amortised per value.
 */

import type { Comparison, Direction } from './decode-trigger.js';
import type { SemanticPointId } from './semantic-points.js';
import type { WindowAggregation } from './sliding-window.js';

/**
 * Bits a monitor sets when an assumed point decided (or could have decided)
 * its answer at the current value; the evaluator records and clears them.
 */
export const PointFlag = {
  /** A window that is not yet full would have satisfied the condition. */
  partialWindow: 1,
  /** A relative change was asked for against a prior aggregate of 0. */
  priorZero: 2,
  /** Dividing by the prior's magnitude rather than the signed prior changed the answer. */
  relativeMagnitude: 4,
  /** The z-score window had zero deviation. */
  zeroDeviation: 8,
} as const;

/** Which semantic point each {@link PointFlag} bit stands for. */
export const pointFlagIds: readonly (readonly [number, SemanticPointId])[] = [
  [PointFlag.partialWindow, 'partial-window'],
  [PointFlag.priorZero, 'prior-zero'],
  [PointFlag.relativeMagnitude, 'relative-magnitude'],
  [PointFlag.zeroDeviation, 'zero-deviation'],
];

/** The values that made a threshold rule fire. */
export interface ThresholdDetail {
  readonly kind: 'threshold';
  /** `null`: a single value. */
  readonly aggregation: WindowAggregation | null;
  /** The window's values, oldest first (one value without an aggregation). */
  readonly window: readonly number[];
  /** The aggregate (or the single value) that was compared. */
  readonly value: number;
  readonly comparison: Comparison;
  readonly threshold: number;
}

/** The values that made a change rule fire. */
export interface ChangeDetail {
  readonly kind: 'change';
  readonly aggregation: WindowAggregation | null;
  readonly current: readonly number[];
  readonly prior: readonly number[];
  readonly currentValue: number;
  readonly priorValue: number;
  /** `current − prior`, divided by `|prior|` for a relative change. */
  readonly change: number;
  readonly changeType: 'ABSOLUTE' | 'RELATIVE';
  readonly direction: Direction;
  readonly amount: number;
}

/** The values that made a z-score rule fire. */
export interface ZScoreDetail {
  readonly kind: 'zscore';
  readonly window: readonly number[];
  readonly latest: number;
  readonly mean: number;
  /** Population standard deviation of the window. */
  readonly deviation: number;
  readonly zscore: number;
  readonly direction: Direction;
  readonly threshold: number;
}

/** The values behind a metric firing. */
export type MetricDetail = ThresholdDetail | ChangeDetail | ZScoreDetail;

/** One automation following one metric of one run. */
export interface MetricMonitor {
  /** {@link PointFlag} bits set since the evaluator last cleared them. */
  flags: number;
  /** Adds the next logged, finite value. */
  add(x: number): void;
  /** Whether the condition holds after the last value (windows full, comparison true). */
  holds(): boolean;
  /** The values behind the current answer (O(window); called only on a firing). */
  detail(): MetricDetail;
}

/** The directional quantity compared with a change amount or z-score threshold. */
export function directed(direction: Direction, q: number): number {
  return direction === 'INCREASE' ? q : direction === 'DECREASE' ? -q : Math.abs(q);
}
