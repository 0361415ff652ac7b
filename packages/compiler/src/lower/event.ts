import type { AggregationOp, ComparisonOp, Rule } from '@wbrules/dsl';
import { eventFamilyOf, eventTypeOf } from '../model/event-kinds.js';
import { filterToJson, normalizeMutationFilter, normalizeRunFilter } from '../model/filter-model.js';
import {
  isWellFormedString,
  type JsonEntry,
  type JsonNumber,
  type JsonText,
  jsonArray,
  jsonInt,
  jsonNull,
  jsonObject,
  jsonString,
  stringify,
} from '../json/json-text.js';
import { lowerRuleFilter } from './filter.js';
import { magnitude, numberValue, signOf, windowValue } from '../json/number-spelling.js';
import type { EventType } from '../model/types.js';

/**
 * Events to `triggeringEventType` and the `eventFilter` string, byte for
 * byte as the SDK writes them (spec §4): mutation events as the fixed point
 * of `{"$or":[{"$and":[...]}]}`; run events as `run_filter` (a JSON string
 * inside the JSON string) followed by the metric or state filter, with the
 * SDK's key orders, nulls kept, and ints and floats kept apart.
 */

/** An event lowered to its wire form. */
export interface LoweredEvent {
  readonly eventType: EventType;
  readonly eventFilter: string;
}

const aggregationOps: Readonly<Record<AggregationOp, string>> = {
  avg: 'AVERAGE',
  mean: 'AVERAGE',
  min: 'MIN',
  max: 'MAX',
};
const thresholdOps: Readonly<Partial<Record<ComparisonOp, string>>> = {
  '>': '$gt',
  '>=': '$gte',
  '<': '$lt',
  '<=': '$lte',
};
const changeDirections = { changes: 'ANY', increases: 'INCREASE', decreases: 'DECREASE' } as const;
const runStates: Readonly<Record<string, string>> = {
  running: 'RUNNING',
  finished: 'FINISHED',
  failed: 'FAILED',
  crashed: 'FAILED',
};

/** What rules without a filter send (most rules): normalized and spelled once. */
const noMutationFilter = stringify(filterToJson(normalizeMutationFilter(undefined)));
const noRunFilter: JsonEntry = ['run_filter', jsonString(stringify(filterToJson(normalizeRunFilter(undefined))))];

/** The z-score window when the rule gives none (the SDK's default). */
export const defaultZScoreWindow = 30;

/**
 * The wire form of a rule's event and filter, or `undefined` when the rule
 * holds something the checks reject (lowering never throws, so it can run on
 * any tree the parser returns).
 */
export function lowerEvent(rule: Pick<Rule, 'event' | 'filter'>): LoweredEvent | undefined {
  const eventType = eventTypeOf(rule.event);
  const filter = lowerRuleFilter(rule);
  if (!filter.ok) return undefined;
  if (eventFamilyOf(rule.event) === 'artifact') {
    const eventFilter =
      filter.filter === undefined ? noMutationFilter : stringify(filterToJson(normalizeMutationFilter(filter.filter)));
    return { eventType, eventFilter };
  }
  const runFilter: JsonEntry =
    filter.filter === undefined
      ? noRunFilter
      : ['run_filter', jsonString(stringify(filterToJson(normalizeRunFilter(filter.filter))))];
  if (rule.event.kind === 'RunStateEvent') {
    const states: string[] = [];
    for (const state of rule.event.states) {
      const wire = runStates[state.name];
      if (wire === undefined) return undefined;
      if (!states.includes(wire)) states.push(wire);
    }
    if (states.length === 0) return undefined;
    states.sort();
    const stateFilter = jsonObject([['states', jsonArray(states.map(jsonString))]]);
    return { eventType, eventFilter: stringify(jsonObject([runFilter, ['run_state_filter', stateFilter]])) };
  }
  const metric = metricFilter(rule.event);
  if (metric === undefined) return undefined;
  return {
    eventType,
    eventFilter: stringify(jsonObject([runFilter, ['run_metric_filter', metric], ['metric_filter', jsonNull]])),
  };
}

function metricFilter(event: Rule['event']): JsonText | undefined {
  if (
    event.kind !== 'MetricThresholdEvent' &&
    event.kind !== 'MetricChangeEvent' &&
    event.kind !== 'MetricZScoreEvent'
  ) {
    return undefined;
  }
  if (!isWellFormedString(event.metric.value)) return undefined;
  const name: JsonEntry = ['name', jsonString(event.metric.value)];
  switch (event.kind) {
    case 'MetricThresholdEvent': {
      const cmp = thresholdOps[event.comparator.op];
      const threshold = numberValue(event.threshold);
      if (cmp === undefined || !threshold.ok || event.threshold.percent) return undefined;
      let agg: JsonText = jsonNull;
      let window: JsonText = jsonInt(1);
      if (event.aggregation !== undefined) {
        const size = event.aggregation.window === undefined ? undefined : windowValue(event.aggregation.window);
        if (size === undefined) return undefined;
        agg = jsonString(aggregationOps[event.aggregation.op]);
        window = size;
      }
      return jsonObject([
        [
          'threshold_filter',
          jsonObject([
            name,
            ['agg_op', agg],
            ['window_size', window],
            ['cmp_op', jsonString(cmp)],
            ['threshold', threshold.value],
          ]),
        ],
      ]);
    }
    case 'MetricChangeEvent': {
      const amount = numberValue(event.amount);
      if (!amount.ok || signOf(amount.value) <= 0) return undefined;
      let agg: JsonText = jsonNull;
      let current: JsonText = jsonInt(1);
      let prior: JsonText = jsonInt(1);
      if (event.window !== undefined) {
        // `within N` always aggregates, AVERAGE unless a word says otherwise.
        const size = windowValue(event.window);
        const priorSize = event.priorWindow === undefined ? size : windowValue(event.priorWindow);
        if (size === undefined || priorSize === undefined) return undefined;
        agg = jsonString(aggregationOps[event.aggregation?.op ?? 'avg']);
        current = size;
        prior = priorSize;
      } else if (event.aggregation !== undefined || event.priorWindow !== undefined) {
        return undefined;
      }
      return jsonObject([
        [
          'change_filter',
          jsonObject([
            name,
            ['agg_op', agg],
            ['current_window_size', current],
            ['change_amount', amount.value],
            ['prior_window_size', prior],
            ['change_type', jsonString(event.amount.percent ? 'RELATIVE' : 'ABSOLUTE')],
            ['change_dir', jsonString(changeDirections[event.direction.direction])],
          ]),
        ],
      ]);
    }
    case 'MetricZScoreEvent': {
      const op = event.comparator.op;
      const threshold = numberValue(event.threshold);
      if (!threshold.ok || event.threshold.percent) return undefined;
      const sign = signOf(threshold.value);
      const upward = op === '>' || op === '>=';
      const downward = op === '<' || op === '<=';
      let direction: string;
      if (event.abs !== undefined) {
        if (!upward || sign <= 0) return undefined;
        direction = 'ANY';
      } else if (upward && sign > 0) {
        direction = 'INCREASE';
      } else if (downward && sign < 0) {
        direction = 'DECREASE';
      } else {
        return undefined;
      }
      let window: JsonText = jsonInt(defaultZScoreWindow);
      if (event.window !== undefined) {
        const size = windowValue(event.window);
        if (size === undefined) return undefined;
        window = size;
      }
      const stored: JsonNumber = magnitude(threshold.value);
      return jsonObject([
        [
          'zscore_filter',
          jsonObject([name, ['window_size', window], ['threshold', stored], ['change_dir', jsonString(direction)]]),
        ],
      ]);
    }
  }
}
