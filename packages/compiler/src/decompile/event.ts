import type { AggregationOp, ComparisonOp, Event, Expression, Identifier } from '@wbrules/dsl';
import {
  comparator,
  identifier,
  negatedSpelling,
  noSpan,
  numberLiteral,
  numberLiteralOf,
  stringLiteral,
} from './ast.js';
import { filterTerms, sugarValue, whereExpression } from './filter.js';
import {
  enumValue,
  exactMembers,
  isPositive,
  numberValue,
  parseExactJson,
  quoteList,
  stringValue,
  windowValue,
} from './json.js';
import type { DecompileReport } from './report.js';
import type { EventFamily } from '../model/event-kinds.js';
import type { FilterNode } from '../model/filter-model.js';
import { type JsonText, percentToFraction, spellFloat, stringify } from '../json/json-text.js';
import type { EventType } from '../model/types.js';

/**
 * A payload's `triggeringEventType` and `eventFilter` back to the event of a
 * rule and its `where` filter. Where several spellings lower identically,
 * the one written is the shortest that reads naturally: defaults are left
 * out (`within 5`, not `avg changes by ... within 5 vs 5`; `zscore`, not
 * `zscore over 30`), `on alias "x" added` is used when the filter starts with
 * `alias == "x"`, and thresholds use `>`/`<` for z-scores (the SDK treats
 * `>=` the same).
 */

/** The event and filter of a rule. */
export interface DecompiledEvent {
  readonly event: Event;
  readonly filter: Expression | undefined;
  readonly family: EventFamily;
}

const artifactEvents: Readonly<
  Partial<Record<EventType, (sugar: FilterNode | undefined) => readonly [Event, boolean]>>
> = {
  CREATE_ARTIFACT: () => [{ kind: 'ArtifactEvent', action: 'created', span: noSpan }, false],
  LINK_MODEL: () => [{ kind: 'ArtifactEvent', action: 'linked', span: noSpan }, false],
  UNLINK_ARTIFACT: () => [{ kind: 'ArtifactEvent', action: 'unlinked', span: noSpan }, false],
  ADD_ARTIFACT_ALIAS: (first) => {
    const alias = sugarValue(first, 'alias');
    return [
      { kind: 'AliasEvent', alias: alias === undefined ? undefined : stringLiteral(alias), span: noSpan },
      alias !== undefined,
    ];
  },
  ADD_ARTIFACT_TAG: (first) => tagEvent('artifact', 'added', first),
  REMOVE_ARTIFACT_TAG: (first) => tagEvent('artifact', 'removed', first),
  ADD_COLLECTION_TAG: (first) => tagEvent('collection', 'added', first),
  REMOVE_COLLECTION_TAG: (first) => tagEvent('collection', 'removed', first),
};

function tagEvent(
  target: 'artifact' | 'collection',
  change: 'added' | 'removed',
  first: FilterNode | undefined,
): readonly [Event, boolean] {
  const tag = sugarValue(first, 'tag');
  return [
    { kind: 'TagEvent', target, tag: tag === undefined ? undefined : stringLiteral(tag), change, span: noSpan },
    tag !== undefined,
  ];
}

const runEventTypes: readonly EventType[] = ['RUN_METRIC', 'RUN_METRIC_CHANGE', 'RUN_METRIC_ZSCORE', 'RUN_STATE'];

/** Every event type the language can write. */
export const expressibleEventTypes: readonly EventType[] = [
  ...(Object.keys(artifactEvents) as EventType[]),
  ...runEventTypes,
];

/** Event types W&B knows that have no `.wbrules` form, with why. */
const inexpressibleEvents: Readonly<Record<string, string>> = {
  UPDATE_ARTIFACT_ALIAS: 'a legacy event W&B no longer creates; "on alias added" is its replacement',
  WEAVE_METRIC_THRESHOLD: 'a Weave event with no documented filter shape',
};

/** Whether `eventType` is a wire event type the language writes; reports `WR4005` otherwise. */
export function checkEventType(eventType: string, report: DecompileReport): eventType is EventType {
  if ((expressibleEventTypes as readonly string[]).includes(eventType)) return true;
  const why = inexpressibleEvents[eventType];
  report.unsupported(
    'WR4005',
    why === undefined
      ? `the event type "${eventType}" is not one W&B documents`
      : `the event type "${eventType}" has no .wbrules form (${why})`,
    [`The language writes the event types ${quoteList(expressibleEventTypes)}.`],
  );
  return false;
}

/** The family of an expressible event type. */
export function familyOf(eventType: EventType): EventFamily {
  return runEventTypes.includes(eventType) ? 'run' : 'artifact';
}

/** Reads the event; `undefined` when it cannot be written (the report says why). */
export function decompileEvent(
  eventType: EventType,
  eventFilter: string,
  report: DecompileReport,
): DecompiledEvent | undefined {
  const json = parseExactJson(eventFilter, 'eventFilter', report);
  if (json === undefined) return undefined;
  const artifact = artifactEvents[eventType];
  if (artifact !== undefined) {
    const terms = filterTerms(json, 'artifact', 'eventFilter', report);
    if (terms === undefined) return undefined;
    const [event, sugared] = artifact(terms[0]);
    const filter = whereExpression(sugared ? terms.slice(1) : terms, 'artifact', report);
    return filter === null ? undefined : { event, filter, family: 'artifact' };
  }
  const state = eventType === 'RUN_STATE';
  const members = exactMembers(
    json,
    state ? ['run_filter', 'run_state_filter'] : ['run_filter', 'run_metric_filter', 'metric_filter'],
    'eventFilter',
    report,
  );
  if (members === undefined) return undefined;
  const [runFilter, condition, legacy] = members as [JsonText, JsonText, JsonText | undefined];
  if (legacy !== undefined && legacy.kind !== 'null') {
    report.unsupported(
      'WR4010',
      `the legacy "metric_filter" of its eventFilter is ${stringify(legacy)}; .wbrules always sends null`,
    );
    return undefined;
  }
  const filter = decompileRunFilter(runFilter, report);
  if (filter === null) return undefined;
  const event = state ? runStateEvent(condition, report) : metricEvent(eventType, condition, report);
  return event === undefined ? undefined : { event, filter, family: 'run' };
}

/** `run_filter`: a JSON string inside the `eventFilter` string. */
function decompileRunFilter(value: JsonText, report: DecompileReport): Expression | undefined | null {
  const text = stringValue(value, 'run_filter', report);
  if (text === undefined) return null;
  const json = parseExactJson(text, 'run_filter', report);
  if (json === undefined) return null;
  const terms = filterTerms(json, 'run', 'run_filter', report);
  return terms === undefined ? null : whereExpression(terms, 'run', report);
}

const wireStates = ['FAILED', 'FINISHED', 'RUNNING'] as const;

function runStateEvent(value: JsonText, report: DecompileReport): Event | undefined {
  const [states] = exactMembers(value, ['states'], 'run_state_filter', report) ?? [];
  if (states === undefined) return undefined;
  if (states.kind !== 'array') {
    report.unsupported('WR4002', '"states" of its run_state_filter is not an array');
    return undefined;
  }
  if (states.items.length === 0) {
    report.unsupported('WR4010', 'its run_state_filter has no states, and "on run state" needs at least one');
    return undefined;
  }
  const names: Identifier[] = [];
  const seen: string[] = [];
  for (const item of states.items) {
    const state = enumValue(item, wireStates, 'states', report);
    if (state === undefined) return undefined;
    seen.push(state);
    names.push(identifier(state.toLowerCase()));
  }
  const sorted = [...new Set(seen)].sort();
  if (sorted.length !== seen.length || sorted.some((s, i) => s !== seen[i])) {
    report.unsupported(
      'WR4009',
      `the states ${quoteList(seen)} are not de-duplicated and sorted the way the SDK sends them`,
      [`The SDK would send ${quoteList(sorted)}.`],
    );
    return undefined;
  }
  return { kind: 'RunStateEvent', states: names, span: noSpan };
}

const subFilterKeys: Readonly<Record<'RUN_METRIC' | 'RUN_METRIC_CHANGE' | 'RUN_METRIC_ZSCORE', string>> = {
  RUN_METRIC: 'threshold_filter',
  RUN_METRIC_CHANGE: 'change_filter',
  RUN_METRIC_ZSCORE: 'zscore_filter',
};

const aggregationWords: Readonly<Record<string, AggregationOp>> = { AVERAGE: 'avg', MIN: 'min', MAX: 'max' };
const thresholdOps: Readonly<Record<string, ComparisonOp>> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

function metricEvent(eventType: EventType, value: JsonText, report: DecompileReport): Event | undefined {
  const key = subFilterKeys[eventType as keyof typeof subFilterKeys];
  if (value.kind === 'object' && value.entries.length === 1 && value.entries[0]?.[0] !== key) {
    const found = value.entries[0]?.[0] ?? '';
    report.unsupported(
      'WR4002',
      `its run_metric_filter holds "${found}", but the event type "${eventType}" needs "${key}"`,
    );
    return undefined;
  }
  const [inner] = exactMembers(value, [key], 'run_metric_filter', report) ?? [];
  if (inner === undefined) return undefined;
  switch (eventType) {
    case 'RUN_METRIC':
      return thresholdEvent(inner, report);
    case 'RUN_METRIC_CHANGE':
      return changeEvent(inner, report);
    default:
      return zscoreEvent(inner, report);
  }
}

/** `{name, agg_op, window_size, cmp_op, threshold}` → `on run metric "M" [AGG over N] CMP T`. */
function thresholdEvent(value: JsonText, report: DecompileReport): Event | undefined {
  const members = exactMembers(
    value,
    ['name', 'agg_op', 'window_size', 'cmp_op', 'threshold'],
    'threshold_filter',
    report,
  );
  if (members === undefined) return undefined;
  const [nameJson, aggJson, windowJson, cmpJson, thresholdJson] = members as [
    JsonText,
    JsonText,
    JsonText,
    JsonText,
    JsonText,
  ];
  const name = stringValue(nameJson, 'name', report);
  const agg = aggregation(aggJson, report);
  const window = windowValue(windowJson, 'window_size', report);
  const cmp = enumValue(cmpJson, Object.keys(thresholdOps), 'cmp_op', report);
  const threshold = numberValue(thresholdJson, 'threshold', report);
  if (name === undefined || agg === undefined || window === undefined || cmp === undefined || threshold === undefined)
    return undefined;
  if (agg === null && window.text !== '1') {
    report.unsupported(
      'WR4010',
      `its threshold_filter has "window_size" ${window.text} without an aggregation; a single-value condition always sends 1`,
    );
    return undefined;
  }
  return {
    kind: 'MetricThresholdEvent',
    metric: stringLiteral(name),
    aggregation:
      agg === null ? undefined : { kind: 'Aggregation', op: agg, window: numberLiteral(window.text), span: noSpan },
    comparator: comparator(thresholdOps[cmp] as ComparisonOp),
    threshold: numberLiteralOf(threshold),
    span: noSpan,
  };
}

function aggregation(value: JsonText, report: DecompileReport): AggregationOp | null | undefined {
  if (value.kind === 'null') return null;
  const op = enumValue(value, Object.keys(aggregationWords), 'agg_op', report);
  return op === undefined ? undefined : aggregationWords[op];
}

/**
 * `{name, agg_op, current_window_size, change_amount, prior_window_size,
 * change_type, change_dir}` → `on run metric "M" [min|max] changes by A[%]
 * [within N [vs M]]`.
 */
function changeEvent(value: JsonText, report: DecompileReport): Event | undefined {
  const keys = [
    'name',
    'agg_op',
    'current_window_size',
    'change_amount',
    'prior_window_size',
    'change_type',
    'change_dir',
  ];
  const members = exactMembers(value, keys, 'change_filter', report);
  if (members === undefined) return undefined;
  const [nameJson, aggJson, currentJson, amountJson, priorJson, typeJson, dirJson] = members as JsonText[] as [
    JsonText,
    JsonText,
    JsonText,
    JsonText,
    JsonText,
    JsonText,
    JsonText,
  ];
  const name = stringValue(nameJson, 'name', report);
  const agg = aggregation(aggJson, report);
  const current = windowValue(currentJson, 'current_window_size', report);
  const amount = numberValue(amountJson, 'change_amount', report);
  const prior = windowValue(priorJson, 'prior_window_size', report);
  const type = enumValue(typeJson, ['ABSOLUTE', 'RELATIVE'] as const, 'change_type', report);
  const dir = enumValue(dirJson, ['ANY', 'INCREASE', 'DECREASE'] as const, 'change_dir', report);
  if (
    name === undefined ||
    agg === undefined ||
    current === undefined ||
    amount === undefined ||
    prior === undefined ||
    type === undefined ||
    dir === undefined
  ) {
    return undefined;
  }
  if (agg === null && (current.text !== '1' || prior.text !== '1')) {
    report.unsupported(
      'WR4010',
      `its change_filter has window sizes ${current.text} and ${prior.text} without an aggregation; "within N" always sets one, and without it both windows are 1`,
    );
    return undefined;
  }
  if (!isPositive(amount)) {
    report.unsupported(
      'WR4010',
      `its "change_amount" is ${stringify(amount)}, but .wbrules change amounts are greater than zero (the direction is a word)`,
    );
    return undefined;
  }
  let amountRaw: string;
  if (type === 'RELATIVE') {
    const percent = amount.kind === 'float' ? percentSpelling(amount.value) : undefined;
    if (percent === undefined) {
      report.unsupported(
        'WR4010',
        `its relative "change_amount" is ${stringify(amount)}, which no percentage lowers to`,
        ['A percentage always lowers to a float (100% is 1.0), never to an integer.'],
      );
      return undefined;
    }
    amountRaw = percent;
  } else {
    amountRaw = stringify(amount);
  }
  return {
    kind: 'MetricChangeEvent',
    metric: stringLiteral(name),
    // `within N` alone means avg, so only min and max need their word.
    aggregation:
      agg === null || agg === 'avg' ? undefined : { kind: 'Aggregation', op: agg, window: undefined, span: noSpan },
    direction: {
      kind: 'Direction',
      direction: dir === 'ANY' ? 'changes' : dir === 'INCREASE' ? 'increases' : 'decreases',
      span: noSpan,
    },
    amount: numberLiteral(amountRaw, type === 'RELATIVE'),
    window: agg === null ? undefined : numberLiteral(current.text),
    priorWindow: agg === null || prior.text === current.text ? undefined : numberLiteral(prior.text),
    span: noSpan,
  };
}

/** The z-score window the language (like the SDK) assumes when `over N` is left out. */
const defaultZScoreWindow = '30';

/** `{name, window_size, threshold, change_dir}` → `on run metric "M" [abs] zscore [over N] > T` (or `< -T`). */
function zscoreEvent(value: JsonText, report: DecompileReport): Event | undefined {
  const members = exactMembers(value, ['name', 'window_size', 'threshold', 'change_dir'], 'zscore_filter', report);
  if (members === undefined) return undefined;
  const [nameJson, windowJson, thresholdJson, dirJson] = members as [JsonText, JsonText, JsonText, JsonText];
  const name = stringValue(nameJson, 'name', report);
  const window = windowValue(windowJson, 'window_size', report);
  const threshold = numberValue(thresholdJson, 'threshold', report);
  const dir = enumValue(dirJson, ['ANY', 'INCREASE', 'DECREASE'] as const, 'change_dir', report);
  if (name === undefined || window === undefined || threshold === undefined || dir === undefined) return undefined;
  if (!isPositive(threshold)) {
    report.unsupported(
      'WR4010',
      `its z-score "threshold" is ${stringify(threshold)}, but the SDK stores z-score thresholds as magnitudes greater than zero`,
    );
    return undefined;
  }
  const decrease = dir === 'DECREASE';
  return {
    kind: 'MetricZScoreEvent',
    metric: stringLiteral(name),
    abs: dir === 'ANY' ? { kind: 'AbsFlag', span: noSpan } : undefined,
    window: window.text === defaultZScoreWindow ? undefined : numberLiteral(window.text),
    comparator: comparator(decrease ? '<' : '>'),
    threshold: decrease ? numberLiteral(negatedSpelling(threshold)) : numberLiteralOf(threshold),
    span: noSpan,
  };
}

/**
 * The percentage whose decimal shift is exactly `fraction` (the spelling of
 * `p` such that `percentToFraction(p)` reads back as the same double), or
 * `undefined` if there is none. The shortest round-trip digits of the double
 * moved two places right always qualify; the check guards the claim.
 */
export function percentSpelling(fraction: number): string | undefined {
  if (!(fraction > 0) || !Number.isFinite(fraction)) return undefined;
  const match = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(fraction.toExponential());
  if (match === null) return undefined;
  const [, first = '', rest = '', exp = '0'] = match;
  const digits = first + rest;
  const point = Number(exp) + 2;
  let text: string;
  if (point < -7 || point > 20) {
    text = `${first}${rest === '' ? '' : `.${rest}`}e${point}`;
  } else if (point < 0) {
    text = `0.${'0'.repeat(-point - 1)}${digits}`;
  } else {
    const whole = digits.slice(0, point + 1).padEnd(point + 1, '0');
    const frac = digits.slice(point + 1);
    text = frac === '' ? whole : `${whole}.${frac}`;
  }
  return spellFloat(Number(percentToFraction(text))) === spellFloat(fraction) ? text : undefined;
}
