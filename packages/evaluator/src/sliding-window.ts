/**
 * The last N logged values of one metric with their aggregates kept up to
 * date in O(1) amortised per value: a ring buffer, monotonic deques for the
 * minimum and maximum, and running sums for the mean and variance.
 *
 * Running sums drift as values enter and leave, so the sums are taken
 * relative to a shift (the mean at the last rebase, which keeps the squares
 * small) and rebuilt exactly once every N values, which costs O(1) amortised.
 * The fast aggregates are therefore within a known tolerance of the exact
 * ones; a decision that falls inside that tolerance is made again with
 * {@link SlidingWindow.exactMean} and {@link SlidingWindow.exactVariance},
 * which define the semantics as closely as doubles allow: a window whose
 * values are all equal has that value as its mean and zero variance;
 * otherwise the mean is the compensated (Neumaier) sum divided by the count
 * and the variance is the population variance around it, in two passes.
 */

import { MonotonicDeque } from './monotonic-deque.js';

/** The aggregations a window can keep (`agg_op` on the wire). */
export type WindowAggregation = 'AVERAGE' | 'MIN' | 'MAX';

/** What a window has to track; each costs a little per value. */
export interface WindowTracking {
  readonly mean?: boolean;
  /** Implies `mean`. */
  readonly variance?: boolean;
  readonly min?: boolean;
  readonly max?: boolean;
}

/** Bound on the relative rounding error of one running-sum update, with a wide margin. */
const SUM_ERROR = 1e-12;
/** An absolute floor for tolerances: below it, subnormal rounding dominates, and exact arithmetic decides. */
const TINY = 1e-300;

/** A sliding window of the most recent `capacity` values. */
export class SlidingWindow {
  private readonly ring: Float64Array;
  /** Values pushed so far; the next value's position. */
  private pushed = 0;
  /** `pushed % capacity`, kept without a division: where the next value goes. */
  private slot = 0;
  private readonly trackMean: boolean;
  private readonly trackVariance: boolean;
  private readonly minimum: MonotonicDeque | undefined;
  private readonly maximum: MonotonicDeque | undefined;
  private shift = 0;
  private s1 = 0;
  private s2 = 0;
  /** Largest |x - shift| since the last rebase: scales the error of the sums. */
  private spread = 0;
  private sinceRebase = 0;

  constructor(
    readonly capacity: number,
    tracking: WindowTracking,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new RangeError(`window size ${capacity} is not a positive integer`);
    this.ring = new Float64Array(capacity);
    this.trackVariance = tracking.variance === true;
    this.trackMean = tracking.mean === true || this.trackVariance;
    this.minimum = tracking.min === true ? new MonotonicDeque(capacity, false) : undefined;
    this.maximum = tracking.max === true ? new MonotonicDeque(capacity, true) : undefined;
  }

  /** How many values the window holds (at most `capacity`). */
  get size(): number {
    return Math.min(this.pushed, this.capacity);
  }

  /** Whether the window holds `capacity` values. */
  get full(): boolean {
    return this.pushed >= this.capacity;
  }

  /** Values pushed since the window was created. */
  get count(): number {
    return this.pushed;
  }

  /**
   * Adds a finite value; returns the value that slid out, or NaN when the
   * window was not yet full (values are finite, so NaN is unambiguous).
   */
  push(x: number): number {
    const { capacity } = this;
    const position = this.pushed;
    const slot = this.slot;
    const evicted = position >= capacity ? (this.ring[slot] as number) : Number.NaN;
    this.ring[slot] = x;
    this.slot = slot + 1 === capacity ? 0 : slot + 1;
    this.pushed = position + 1;
    if (this.trackMean) {
      const d = x - this.shift;
      this.s1 += d;
      if (this.trackVariance) this.s2 += d * d;
      const a = d < 0 ? -d : d;
      if (a > this.spread) this.spread = a;
      if (!Number.isNaN(evicted)) {
        const e = evicted - this.shift;
        this.s1 -= e;
        if (this.trackVariance) this.s2 -= e * e;
      }
      if (++this.sinceRebase >= capacity) this.resync();
    }
    if (this.minimum !== undefined) {
      this.minimum.evictBefore(position - capacity + 1);
      this.minimum.push(position, x);
    }
    if (this.maximum !== undefined) {
      this.maximum.evictBefore(position - capacity + 1);
      this.maximum.push(position, x);
    }
    return evicted;
  }

  /** The most recent value (NaN when empty). */
  latest(): number {
    return this.pushed === 0 ? Number.NaN : (this.ring[(this.pushed - 1) % this.capacity] as number);
  }

  /** The running mean (within {@link meanTolerance} of {@link exactMean}). */
  mean(): number {
    // Every value equals the shift exactly: that is the exact mean, with no rounding at all.
    if (this.spread === 0) return this.shift;
    return this.shift + this.s1 / this.size;
  }

  /** The running population variance (within {@link varianceTolerance} of {@link exactVariance}); never negative. */
  variance(): number {
    if (this.spread === 0) return 0;
    const n = this.size;
    const m = this.s1 / n;
    // Rounding can take a variance of (nearly) 0 below it.
    return Math.max(0, this.s2 / n - m * m);
  }

  /** An upper bound on |mean() − exactMean()|. */
  meanTolerance(): number {
    if (this.spread === 0) return 0;
    return SUM_ERROR * (this.capacity * this.spread + Math.abs(this.shift)) + TINY;
  }

  /** An upper bound on |variance() − exactVariance()|. */
  varianceTolerance(): number {
    if (this.spread === 0) return 0;
    return SUM_ERROR * this.capacity * this.spread * this.spread + TINY;
  }

  /** The minimum of the window (exact). */
  min(): number {
    return this.minimum === undefined ? Number.NaN : this.minimum.front();
  }

  /** The maximum of the window (exact). */
  max(): number {
    return this.maximum === undefined ? Number.NaN : this.maximum.front();
  }

  /** The running aggregate: the mean is approximate (see {@link aggregateTolerance}), min and max are exact. */
  aggregate(aggregation: WindowAggregation): number {
    return aggregation === 'AVERAGE' ? this.mean() : aggregation === 'MIN' ? this.min() : this.max();
  }

  /** An upper bound on |aggregate() − exactAggregate()| (0 for min and max). */
  aggregateTolerance(aggregation: WindowAggregation): number {
    return aggregation === 'AVERAGE' ? this.meanTolerance() : 0;
  }

  /** The aggregate as the semantics define it (O(size) for the mean). */
  exactAggregate(aggregation: WindowAggregation): number {
    return aggregation === 'AVERAGE' ? this.exactMean() : this.aggregate(aggregation);
  }

  /**
   * The mean as the semantics define it (O(size)): the common value when all
   * values are equal (so a constant window never drifts off its value),
   * otherwise the compensated sum, oldest first, divided by the count.
   */
  exactMean(): number {
    const n = this.size;
    const start = this.pushed - n;
    const first = this.ring[start % this.capacity] as number;
    let allEqual = true;
    let sum = 0;
    let compensation = 0;
    for (let p = start; p < this.pushed; p++) {
      const x = this.ring[p % this.capacity] as number;
      if (x !== first) allEqual = false;
      const t = sum + x;
      compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
      sum = t;
    }
    return allEqual ? first : (sum + compensation) / n;
  }

  /**
   * The population variance (O(size)); exactly 0 when all values are equal.
   * Two passes around {@link exactMean}, corrected for the rounding of the
   * mean itself (Σd² − (Σd)²/n), which otherwise adds its square.
   */
  exactVariance(): number {
    const n = this.size;
    const mean = this.exactMean();
    const start = this.pushed - n;
    let sum = 0;
    let squares = 0;
    for (let p = start; p < this.pushed; p++) {
      const d = (this.ring[p % this.capacity] as number) - mean;
      sum += d;
      squares += d * d;
    }
    return Math.max(0, (squares - (sum * sum) / n) / n);
  }

  /**
   * Rebuilds the running sums exactly around (about) the current mean, so the
   * tolerances shrink to what the current values need. Callers that just
   * paid O(size) for an exact decision call it to avoid paying again.
   */
  resync(): void {
    const n = this.size;
    if (n === 0) return;
    const start = this.pushed - n;
    // Any shift near the mean keeps the squares small; the running mean is near enough, and free.
    const fast = this.mean();
    const shift = Number.isFinite(fast) ? fast : (this.ring[start % this.capacity] as number);
    let s1 = 0;
    let s2 = 0;
    let spread = 0;
    for (let p = start; p < this.pushed; p++) {
      const d = (this.ring[p % this.capacity] as number) - shift;
      s1 += d;
      s2 += d * d;
      const a = d < 0 ? -d : d;
      if (a > spread) spread = a;
    }
    this.shift = shift;
    this.s1 = s1;
    this.s2 = s2;
    this.spread = spread;
    this.sinceRebase = 0;
  }

  /** The values, oldest first (a copy; O(size), for reports). */
  values(): number[] {
    const n = this.size;
    const out = new Array<number>(n);
    const start = this.pushed - n;
    for (let i = 0; i < n; i++) out[i] = this.ring[(start + i) % this.capacity] as number;
    return out;
  }
}
