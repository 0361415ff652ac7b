/**
 * The minimum (or maximum) of a sliding window in O(1) amortised per value:
 * a deque of candidates whose values only increase (for a minimum) from
 * front to back. A new value drops every candidate behind it that can never
 * be the answer again; the front leaves when it slides out of the window.
 */
export class MonotonicDeque {
  private readonly values: Float64Array;
  private readonly positions: Float64Array;
  private head = 0;
  private length = 0;

  /**
   * @param capacity the window size (the deque never holds more candidates)
   * @param keepsMax `true` for a running maximum, `false` for a minimum
   */
  constructor(
    private readonly capacity: number,
    private readonly keepsMax: boolean,
  ) {
    this.values = new Float64Array(capacity);
    this.positions = new Float64Array(capacity);
  }

  /** Adds the value pushed at `position` (positions increase by one per value). */
  push(position: number, value: number): void {
    const { capacity, values } = this;
    // Drop candidates the new value dominates; ties drop too, so the deque stays short.
    while (this.length > 0) {
      let last = this.head + this.length - 1;
      if (last >= capacity) last -= capacity;
      const back = values[last] as number;
      if (this.keepsMax ? back > value : back < value) break;
      this.length--;
    }
    let slot = this.head + this.length;
    if (slot >= capacity) slot -= capacity;
    values[slot] = value;
    this.positions[slot] = position;
    this.length++;
  }

  /** Forgets candidates pushed before `position` (the window's oldest position). */
  evictBefore(position: number): void {
    while (this.length > 0 && (this.positions[this.head] as number) < position) {
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
      this.length--;
    }
  }

  /** The extreme of the values still in the window; NaN when empty. */
  front(): number {
    return this.length === 0 ? Number.NaN : (this.values[this.head] as number);
  }

  /** Empties the deque. */
  clear(): void {
    this.head = 0;
    this.length = 0;
  }
}
