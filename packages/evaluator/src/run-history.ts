/**
 * A run's whole history in columns: the form test files and replays produce,
 * and the fast path of the evaluator (one tight loop per rule over a column
 * instead of one event object per step).
 */

import type { MetricLogEvent, RunInfo, RunStateEvent, RunStateName } from './events.js';

/** A state change at a step of a {@link RunHistory}. */
export interface StateChange {
  readonly state: RunStateName;
  readonly step: number;
  readonly time: number;
}

/**
 * One run's logged history. Row `i` is step `steps[i]` at `times[i]`; each
 * metric column has one entry per row: a number (NaN and ±Infinity included,
 * as logged), or `null` where the metric was not logged in that row.
 */
export interface RunHistory {
  readonly run: RunInfo;
  /** Step numbers, strictly increasing. */
  readonly steps: ArrayLike<number>;
  /** Event time of each row, in seconds. */
  readonly times: ArrayLike<number>;
  readonly metrics: ReadonlyMap<string, ArrayLike<number | null>>;
  /** State changes in time order. */
  readonly states: readonly StateChange[];
}

/**
 * The history as the event stream the run produced: at each step its state
 * changes first (a run is `running` before it logs), then one log event with
 * the metrics logged there; state changes after the last row come last.
 */
export function* runHistoryEvents(history: RunHistory): Generator<MetricLogEvent | RunStateEvent> {
  const { run, steps, times, metrics, states } = history;
  let next = 0;
  const columns = [...metrics];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as number;
    while (next < states.length && (states[next] as StateChange).step <= step) {
      yield stateEvent(run, states[next] as StateChange);
      next++;
    }
    const values: Record<string, number> = {};
    let any = false;
    for (const [name, column] of columns) {
      const value = column[i];
      if (value !== null && value !== undefined) {
        values[name] = value;
        any = true;
      }
    }
    if (any) yield { kind: 'log', run, step, time: times[i] as number, values };
  }
  for (; next < states.length; next++) yield stateEvent(run, states[next] as StateChange);
}

function stateEvent(run: RunInfo, change: StateChange): RunStateEvent {
  return { kind: 'state', run, step: change.step, time: change.time, state: change.state };
}
