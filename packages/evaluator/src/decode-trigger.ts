/**
 * Reads what an automation reacts to from its payload, exactly as W&B would
 * receive it: the `eventFilter` JSON string (and, for run events, the
 * `run_filter` JSON string inside it), decoded with the compiler's ordered
 * JSON reader and filter model. Nothing here looks at `.wbrules` text, so a
 * test exercises the real payload.
 */

import {
  type EventType,
  type FilterNode,
  filterFromJson,
  type JsonObject,
  type JsonText,
  jsonMember,
  parseJsonOrdered,
} from '@wbrules/compiler';
import type { WindowAggregation } from './sliding-window.js';

/** `cmp_op` of a threshold filter. */
export type Comparison = '$gt' | '$gte' | '$lt' | '$lte';

/** `change_dir` of change and z-score filters. */
export type Direction = 'INCREASE' | 'DECREASE' | 'ANY';

/** A `threshold_filter` (event `RUN_METRIC`). */
export interface ThresholdCondition {
  readonly kind: 'threshold';
  readonly metric: string;
  /** `null`: the latest value alone (the window size is ignored, as the SDK documents). */
  readonly aggregation: WindowAggregation | null;
  readonly window: number;
  readonly comparison: Comparison;
  readonly threshold: number;
}

/** A `change_filter` (event `RUN_METRIC_CHANGE`). */
export interface ChangeCondition {
  readonly kind: 'change';
  readonly metric: string;
  /** `null`: the latest value against the one before (both window sizes are ignored). */
  readonly aggregation: WindowAggregation | null;
  readonly currentWindow: number;
  readonly priorWindow: number;
  /** Positive; a fraction when `changeType` is `RELATIVE`. */
  readonly amount: number;
  readonly changeType: 'ABSOLUTE' | 'RELATIVE';
  readonly direction: Direction;
}

/** A `zscore_filter` (event `RUN_METRIC_ZSCORE`). */
export interface ZScoreCondition {
  readonly kind: 'zscore';
  readonly metric: string;
  readonly window: number;
  /** Positive; the direction says which side. */
  readonly threshold: number;
  readonly direction: Direction;
}

/** Any metric condition. */
export type MetricCondition = ThresholdCondition | ChangeCondition | ZScoreCondition;

/** W&B's run states in payloads (`crashed` is `FAILED`; there is no `KILLED`). */
export type PayloadRunState = 'RUNNING' | 'FINISHED' | 'FAILED';

/** What an automation reacts to. */
export type Trigger =
  | { readonly family: 'metric'; readonly runFilter: FilterNode; readonly condition: MetricCondition }
  | { readonly family: 'state'; readonly runFilter: FilterNode; readonly states: readonly PayloadRunState[] }
  | { readonly family: 'artifact'; readonly filter: FilterNode };

/** The outcome of {@link decodeTrigger}: a trigger, or why the payload cannot be evaluated. */
export type DecodeResult =
  | { readonly ok: true; readonly trigger: Trigger }
  | { readonly ok: false; readonly message: string };

const METRIC_EVENTS: Readonly<Partial<Record<EventType, string>>> = {
  RUN_METRIC: 'threshold_filter',
  RUN_METRIC_CHANGE: 'change_filter',
  RUN_METRIC_ZSCORE: 'zscore_filter',
};

/** Internal control flow only: never escapes {@link decodeTrigger}. */
class DecodeError extends Error {}

/** Decodes `eventFilter` for `eventType`; never throws on a malformed payload. */
export function decodeTrigger(eventType: EventType, eventFilter: string): DecodeResult {
  try {
    return { ok: true, trigger: decode(eventType, eventFilter) };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, message: error.message };
    throw error;
  }
}

function decode(eventType: EventType, eventFilter: string): Trigger {
  const root = parse(eventFilter, 'eventFilter');
  const metricKey = METRIC_EVENTS[eventType];
  if (metricKey !== undefined) {
    const object = expectObject(root, 'eventFilter');
    const metricFilter = expectObject(member(object, 'run_metric_filter'), 'run_metric_filter');
    const inner = expectObject(member(metricFilter, metricKey), metricKey);
    return { family: 'metric', runFilter: runFilterOf(object), condition: metricCondition(metricKey, inner) };
  }
  if (eventType === 'RUN_STATE') {
    const object = expectObject(root, 'eventFilter');
    const stateFilter = expectObject(member(object, 'run_state_filter'), 'run_state_filter');
    const states = member(stateFilter, 'states');
    if (states.kind !== 'array') throw new DecodeError('"states" is not an array');
    return { family: 'state', runFilter: runFilterOf(object), states: states.items.map(runState) };
  }
  return { family: 'artifact', filter: filterOf(root, 'eventFilter') };
}

function parse(text: string, what: string): JsonText {
  const result = parseJsonOrdered(text, { duplicateKeys: 'last-wins' });
  if (!result.ok) throw new DecodeError(`${what} is not valid JSON: ${result.error.message}`);
  return result.value;
}

/** `run_filter` is a JSON string as sent; saved automations may hold it as an object (spec §12.6). */
function runFilterOf(object: JsonObject): FilterNode {
  const raw = member(object, 'run_filter');
  return filterOf(raw.kind === 'string' ? parse(raw.value, 'run_filter') : raw, 'run_filter');
}

function filterOf(json: JsonText, what: string): FilterNode {
  const result = filterFromJson(json);
  if (!result.ok) throw new DecodeError(`${what} is not a filter: ${result.error.message}`);
  return result.filter;
}

function metricCondition(key: string, f: JsonObject): MetricCondition {
  const metric = string(f, 'name');
  if (key === 'threshold_filter') {
    return {
      kind: 'threshold',
      metric,
      aggregation: aggregation(f),
      window: windowSize(f, 'window_size'),
      comparison: oneOf(f, 'cmp_op', ['$gt', '$gte', '$lt', '$lte'] as const),
      threshold: number(f, 'threshold'),
    };
  }
  if (key === 'change_filter') {
    const currentWindow = windowSize(f, 'current_window_size');
    return {
      kind: 'change',
      metric,
      aggregation: aggregation(f),
      currentWindow,
      priorWindow:
        jsonMember(f, 'prior_window_size') === undefined ? currentWindow : windowSize(f, 'prior_window_size'),
      amount: positive(f, 'change_amount'),
      changeType: oneOf(f, 'change_type', ['ABSOLUTE', 'RELATIVE'] as const),
      direction: oneOf(f, 'change_dir', ['INCREASE', 'DECREASE', 'ANY'] as const),
    };
  }
  return {
    kind: 'zscore',
    metric,
    window: jsonMember(f, 'window_size') === undefined ? 30 : windowSize(f, 'window_size'),
    threshold: jsonMember(f, 'threshold') === undefined ? 3 : positive(f, 'threshold'),
    direction:
      jsonMember(f, 'change_dir') === undefined
        ? 'ANY'
        : oneOf(f, 'change_dir', ['INCREASE', 'DECREASE', 'ANY'] as const),
  };
}

function aggregation(f: JsonObject): WindowAggregation | null {
  const value = jsonMember(f, 'agg_op');
  if (value === undefined || value.kind === 'null') return null;
  return oneOf(f, 'agg_op', ['AVERAGE', 'MIN', 'MAX'] as const);
}

function runState(value: JsonText): PayloadRunState {
  if (value.kind === 'string') {
    const upper = value.value.toUpperCase();
    if (upper === 'RUNNING' || upper === 'FINISHED' || upper === 'FAILED') return upper;
    if (upper === 'CRASHED') return 'FAILED';
  }
  throw new DecodeError('"states" holds a value that is not RUNNING, FINISHED or FAILED');
}

function member(object: JsonObject, key: string): JsonText {
  const value = jsonMember(object, key);
  if (value === undefined) throw new DecodeError(`"${key}" is missing`);
  return value;
}

function expectObject(value: JsonText, what: string): JsonObject {
  if (value.kind !== 'object') throw new DecodeError(`"${what}" is not an object`);
  return value;
}

function string(f: JsonObject, key: string): string {
  const value = member(f, key);
  if (value.kind !== 'string') throw new DecodeError(`"${key}" is not a string`);
  return value.value;
}

/** A JSON number as a double (integers beyond 2^53 round, as they would on any JSON reader). */
export function jsonNumber(value: JsonText): number | undefined {
  if (value.kind === 'int') return Number(value.text);
  if (value.kind === 'float') return value.value;
  return undefined;
}

function number(f: JsonObject, key: string): number {
  const value = jsonNumber(member(f, key));
  if (value === undefined) throw new DecodeError(`"${key}" is not a number`);
  return value;
}

function positive(f: JsonObject, key: string): number {
  const value = number(f, key);
  if (!(value > 0)) throw new DecodeError(`"${key}" is not greater than 0`);
  return value;
}

function windowSize(f: JsonObject, key: string): number {
  const value = member(f, key);
  const n = value.kind === 'int' ? Number(value.text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new DecodeError(`"${key}" is not a positive integer`);
  return n;
}

function oneOf<T extends string>(f: JsonObject, key: string, allowed: readonly T[]): T {
  const value = member(f, key);
  const found =
    value.kind === 'string' ? allowed.find((a) => a === value.value.toUpperCase() || a === value.value) : undefined;
  if (found === undefined) throw new DecodeError(`"${key}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return found;
}
