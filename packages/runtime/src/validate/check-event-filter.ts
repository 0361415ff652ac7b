import { type JsonObject, type JsonText, parseJsonOrdered } from '@wbrules/compiler';
import { metricFilterKeys, mutationEvents } from '@wbrules/compiler';
import type { JsonPath } from './json-path.js';
import { checkFilterNode } from './check-filter-node.js';
import { describeJson, oneOf, type ProblemList, quotedList } from './validation-problems.js';

/**
 * The `eventFilter` JSON string (spec §4): the wrapped Mongo filter of an
 * artifact event, or the object of a run event with its doubly encoded
 * `run_filter` and its metric or state filter, each sub-filter with its
 * keys, enum values and ranges.
 */

/**
 * Checks an `eventFilter` string. `eventType` is the payload's
 * `triggeringEventType`, or `undefined` when it has none (a partial
 * update), in which case the filter's own shape says which family it is.
 */
export function checkEventFilter(
  text: string,
  eventType: string | undefined,
  path: JsonPath,
  problems: ProblemList,
): void {
  const value = parseJsonString(text, path, problems);
  if (value === undefined) return;
  const looksLikeRun = value.kind === 'object' && value.entries.some(([k]) => k === 'run_filter');
  const family =
    eventType === undefined ? (looksLikeRun ? 'run' : 'mutation') : mutationEvents.has(eventType) ? 'mutation' : 'run';
  if (family === 'mutation') {
    if (looksLikeRun) {
      problems.add(
        'WR5007',
        path,
        `expected an artifact event filter for "${eventType}", found a run event filter (with "run_filter")`,
      );
      return;
    }
    checkMutationFilter(value, path, problems);
  } else {
    checkRunEventFilter(value, eventType, path, problems);
  }
}

/** Parses a JSON-string field; reports WR5002 when it does not parse. */
export function parseJsonString(text: string, path: JsonPath, problems: ProblemList): JsonText | undefined {
  const parsed = parseJsonOrdered(text, { duplicateKeys: 'reject' });
  if (parsed.ok) return parsed.value;
  const reason = parsed.error.message.replace(/\.$/, '');
  problems.add(
    'WR5002',
    path,
    `expected a string holding JSON, but it does not parse: ${reason.charAt(0).toLowerCase()}${reason.slice(1)} (at character ${parsed.error.offset + 1})`,
  );
  return undefined;
}

/** `{"$or":[{"$and":[terms…]}]}`, exactly (spec §4.1). */
function checkMutationFilter(value: JsonText, path: JsonPath, problems: ProblemList): void {
  const wrapped = 'the wrapped form {"$or":[{"$and":[…]}]} the SDK sends for artifact events';
  const or = singleKey(value, '$or');
  if (or === undefined || or.kind !== 'array' || or.items.length !== 1) {
    problems.add('WR5008', path, `expected ${wrapped}, found ${shapeOf(value)}`);
    return;
  }
  const first = or.items[0] as JsonText;
  const and = singleKey(first, '$and');
  if (and === undefined || and.kind !== 'array') {
    problems.add(
      'WR5008',
      [...path, '$or', 0],
      `expected {"$and":[…]} inside "$or" (${wrapped}), found ${shapeOf(first)}`,
    );
    return;
  }
  and.items.forEach((term, i) => {
    checkFilterNode(term, [...path, '$or', 0, '$and', i], problems);
  });
}

/** The run event object (spec §4.2, §4.3). */
function checkRunEventFilter(
  value: JsonText,
  eventType: string | undefined,
  path: JsonPath,
  problems: ProblemList,
): void {
  if (value.kind !== 'object') {
    problems.add('WR5003', path, `expected a JSON object with "run_filter", found ${describeJson(value)}`);
    return;
  }
  if (value.entries.some(([k]) => k === '$or')) {
    problems.add(
      'WR5007',
      path,
      `expected a run event filter for "${eventType ?? 'a run event'}", found an artifact event filter ("$or")`,
    );
    return;
  }
  const isState =
    eventType === undefined ? value.entries.some(([k]) => k === 'run_state_filter') : eventType === 'RUN_STATE';
  const required = isState ? ['run_filter', 'run_state_filter'] : ['run_filter', 'run_metric_filter'];
  const allowed = isState ? required : [...required, 'metric_filter'];
  const label = eventType === undefined ? 'run event filter' : `${eventType} event filter`;
  checkKeys(value, required, allowed, label, path, problems);
  for (const [key, member] of value.entries) {
    const at = [...path, key];
    switch (key) {
      case 'run_filter':
        checkRunFilter(member, at, problems);
        break;
      case 'metric_filter':
        if (!isState && member.kind !== 'null') {
          problems.add(
            'WR5003',
            at,
            `expected null (a legacy slot the SDK always sends as null), found ${describeJson(member)}`,
          );
        }
        break;
      case 'run_state_filter':
        if (isState) checkStateFilter(member, at, problems);
        break;
      case 'run_metric_filter':
        if (!isState) checkMetricFilter(member, eventType, at, problems);
        break;
    }
  }
}

/** `run_filter`: a JSON string (a second encoding layer) holding `{"$and":[…]}` (spec §4.4). */
function checkRunFilter(member: JsonText, path: JsonPath, problems: ProblemList): void {
  if (member.kind !== 'string') {
    problems.add(
      'WR5003',
      path,
      `expected a string holding the run filter as JSON (the SDK encodes it twice), found ${describeJson(member)}`,
    );
    return;
  }
  const value = parseJsonString(member.value, path, problems);
  if (value === undefined) return;
  const and = singleKey(value, '$and');
  if (and === undefined || and.kind !== 'array') {
    problems.add(
      'WR5008',
      path,
      `expected the form {"$and":[…]} the SDK sends for run filters, found ${shapeOf(value)}`,
    );
    return;
  }
  and.items.forEach((term, i) => {
    checkFilterNode(term, [...path, '$and', i], problems);
  });
}

const states = ['FAILED', 'FINISHED', 'RUNNING'];

/** `{"states":[…]}` (spec §4.3). */
function checkStateFilter(member: JsonText, path: JsonPath, problems: ProblemList): void {
  if (member.kind !== 'object') {
    problems.add('WR5003', path, `expected an object {"states":[…]}, found ${describeJson(member)}`);
    return;
  }
  checkKeys(member, ['states'], ['states'], 'run_state_filter', path, problems);
  const list = member.entries.find(([k]) => k === 'states')?.[1];
  if (list === undefined) return;
  if (list.kind !== 'array') {
    problems.add('WR5003', [...path, 'states'], `expected an array of run states, found ${describeJson(list)}`);
    return;
  }
  list.items.forEach((item, i) => {
    if (item.kind === 'string' && states.includes(item.value)) return;
    const crashed =
      item.kind === 'string' && item.value.toUpperCase() === 'CRASHED' ? ' (W&B counts a crashed run as "FAILED")' : '';
    problems.add('WR5003', [...path, 'states', i], `expected ${oneOf(states)}, found ${describeJson(item)}${crashed}`);
  });
}

/** `run_metric_filter`: exactly one of the three sub-filters, the one the event type names. */
function checkMetricFilter(
  member: JsonText,
  eventType: string | undefined,
  path: JsonPath,
  problems: ProblemList,
): void {
  const kinds = Object.values(metricFilterKeys);
  if (member.kind !== 'object' || member.entries.length !== 1) {
    problems.add(
      'WR5003',
      path,
      `expected an object with exactly one of ${quotedList(kinds, 'or')}, found ${member.kind === 'object' ? shapeOf(member) : describeJson(member)}`,
    );
    return;
  }
  const [key, filter] = member.entries[0] as readonly [string, JsonText];
  const at = [...path, key];
  const spec = subFilters[key];
  if (spec === undefined) {
    problems.add('WR5003', at, `expected ${oneOf(kinds)}, found the key ${JSON.stringify(key)}`);
    return;
  }
  const wanted = eventType === undefined ? undefined : metricFilterKeys[eventType];
  if (wanted !== undefined && wanted !== key) {
    const owner = Object.entries(metricFilterKeys).find(([, k]) => k === key)?.[0];
    problems.add(
      'WR5007',
      at,
      `expected "${wanted}" for the event "${eventType}", found "${key}" (which belongs to "${owner}")`,
    );
  }
  checkSubFilter(key, spec, filter, at, problems);
}

type Check = (value: JsonText, path: JsonPath, problems: ProblemList) => void;

interface SubFilterSpec {
  /** Keys in the SDK's order, each with whether it is required and how its value is checked. */
  readonly keys: readonly (readonly [key: string, required: boolean, check: Check])[];
}

const aggOps = ['MAX', 'MIN', 'AVERAGE'];
const cmpOps = ['$gt', '$gte', '$lt', '$lte'];
const changeTypes = ['ABSOLUTE', 'RELATIVE'];
const changeDirs = ['INCREASE', 'DECREASE', 'ANY'];

const subFilters: Readonly<Record<string, SubFilterSpec>> = {
  threshold_filter: {
    keys: [
      ['name', true, checkString],
      ['agg_op', false, enumCheck(aggOps, true)],
      ['window_size', false, checkWindow],
      ['cmp_op', true, enumCheck(cmpOps, false)],
      ['threshold', true, numberCheck(false)],
    ],
  },
  change_filter: {
    keys: [
      ['name', true, checkString],
      ['agg_op', false, enumCheck(aggOps, true)],
      ['current_window_size', false, checkWindow],
      ['change_amount', true, numberCheck(true)],
      ['prior_window_size', false, checkWindow],
      ['change_type', true, enumCheck(changeTypes, false)],
      ['change_dir', true, enumCheck(changeDirs, false)],
    ],
  },
  zscore_filter: {
    keys: [
      ['name', true, checkString],
      ['window_size', false, checkWindow],
      ['threshold', false, numberCheck(true)],
      ['change_dir', false, enumCheck(changeDirs, false)],
    ],
  },
};

function checkSubFilter(
  name: string,
  spec: SubFilterSpec,
  filter: JsonText,
  path: JsonPath,
  problems: ProblemList,
): void {
  if (filter.kind !== 'object') {
    problems.add('WR5003', path, `expected a ${name} object, found ${describeJson(filter)}`);
    return;
  }
  const keys = spec.keys.map(([k]) => k);
  checkKeys(
    filter,
    spec.keys.filter(([, required]) => required).map(([k]) => k),
    keys,
    name,
    path,
    problems,
  );
  for (const [key, value] of filter.entries) {
    const check = spec.keys.find(([k]) => k === key)?.[2];
    check?.(value, [...path, key], problems);
  }
}

function checkString(value: JsonText, path: JsonPath, problems: ProblemList): void {
  if (value.kind !== 'string') problems.add('WR5003', path, `expected a string, found ${describeJson(value)}`);
}

function enumCheck(values: readonly string[], nullable: boolean): Check {
  return (value, path, problems) => {
    if (value.kind === 'string' && values.includes(value.value)) return;
    if (nullable && value.kind === 'null') return;
    const spelled =
      value.kind === 'string' ? values.find((v) => v.toLowerCase() === value.value.toLowerCase().trim()) : undefined;
    const hint = spelled === undefined ? '' : ` (W&B spells it "${spelled}")`;
    problems.add(
      'WR5003',
      path,
      `expected ${oneOf(values)}${nullable ? ' or null' : ''}, found ${describeJson(value)}${hint}`,
    );
  };
}

/** Window sizes: integers (not `5.0`) of at least 1. */
function checkWindow(value: JsonText, path: JsonPath, problems: ProblemList): void {
  if (value.kind !== 'int') {
    problems.add('WR5003', path, `expected an integer window size, found ${describeJson(value)}`);
  } else if (BigInt(value.text) < 1n) {
    problems.add('WR5004', path, `expected a window size of at least 1, found ${value.text}`);
  }
}

/** Thresholds and amounts: an int or a float (not a boolean), strictly positive where the spec says so. */
function numberCheck(positive: boolean): Check {
  return (value, path, problems) => {
    if (value.kind !== 'int' && value.kind !== 'float') {
      problems.add('WR5003', path, `expected a number, found ${describeJson(value)}`);
      return;
    }
    const sign =
      value.kind === 'int' ? (value.text.startsWith('-') ? -1 : value.text === '0' ? 0 : 1) : Math.sign(value.value);
    if (positive && sign <= 0)
      problems.add('WR5004', path, `expected a number greater than 0, found ${describeJson(value)}`);
  };
}

/** Reports missing required keys (at the object) and unexpected keys (at the key). */
function checkKeys(
  object: JsonObject,
  required: readonly string[],
  allowed: readonly string[],
  label: string,
  path: JsonPath,
  problems: ProblemList,
): void {
  const present = new Set(object.entries.map(([k]) => k));
  const missing = required.filter((k) => !present.has(k));
  if (missing.length > 0) {
    problems.add(
      'WR5003',
      path,
      `expected the ${missing.length === 1 ? 'key' : 'keys'} ${quotedList(missing)} in the ${label}, ${missing.length === 1 ? 'which is' : 'which are'} missing`,
    );
  }
  for (const [key] of object.entries) {
    if (!allowed.includes(key)) {
      problems.add(
        'WR5003',
        [...path, key],
        `unexpected key ${JSON.stringify(key)}: a ${label} has only ${quotedList(allowed)}`,
      );
    }
  }
}

/** The value of an object's only key, when the object has exactly that one key. */
function singleKey(value: JsonText, key: string): JsonText | undefined {
  if (value.kind !== 'object' || value.entries.length !== 1) return undefined;
  const [k, v] = value.entries[0] as readonly [string, JsonText];
  return k === key ? v : undefined;
}

/** What a filter looks like, for a wrapping error: `an object with the keys "a" and "b"`. */
function shapeOf(value: JsonText): string {
  if (value.kind !== 'object') return describeJson(value);
  if (value.entries.length === 0) return 'an empty object';
  const keys = value.entries.map(([k]) => k);
  return `an object with the ${keys.length === 1 ? 'key' : 'keys'} ${quotedList(keys)}`;
}
