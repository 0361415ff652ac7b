import { isRecord } from './action.js';
import { DecompileReport } from './report.js';
import { isSavedAutomation, readSavedAutomation } from './saved.js';
import {
  filterFromJson,
  filterToJson,
  type FilterNode,
  normalizeMutationFilter,
  normalizeRunFilter,
} from '../model/filter-model.js';
import {
  type JsonEntry,
  type JsonObject,
  type JsonText,
  jsonArray,
  jsonBool,
  jsonInt,
  jsonMember,
  jsonNull,
  jsonObject,
  jsonString,
  parseJsonOrdered,
} from '../json/json-text.js';
import { actionConfigKeys, eventFamily, mutationEvents } from '../model/wire-events.js';

/**
 * What an automation means, for telling whether a saved automation already
 * is what a rule asks for. Two automations are the same when their normal
 * forms are equal (`jsonEquals`), however differently W&B or the SDK spelled
 * them:
 *
 * - a saved automation is first read as the input the SDK would send to
 *   update it unchanged (the `{"filter": …}` layer removed, `run_filter` as
 *   a string or an object, Python's `", "` spacing, null title/message/
 *   severity as their defaults — spec §7.2, §8.4);
 * - every JSON string is decoded (the nested `run_filter` too), objects have
 *   their keys sorted, and numbers are compared by value (`1` = `1.0`);
 * - filters are normalized as the SDK normalizes them (spec §4.6), so a
 *   filter W&B or the App spelled differently still matches;
 * - names W&B gives the same thing are made one (`LINK_ARTIFACT` is
 *   `LINK_MODEL`, `CRASHED` is `FAILED`), and what the server may fill in is
 *   filled in on both sides (no description = `""`, a null `agg_op` =
 *   absent, a missing `window_size` = 1, a missing prior window = the
 *   current one, a missing z-score window = 30, a missing direction = `ANY`).
 *
 * The automation's name and scope are its identity, kept beside the normal
 * form rather than in it. Pure and browser-safe.
 */

/** An automation's identity and meaning. */
export interface AutomationNormalForm {
  readonly name: string;
  readonly scopeType: string;
  /** Absent when the input was compiled without an ID map. */
  readonly scopeID: string | undefined;
  /**
   * `{"action": {"type", …}, "description", "enabled", "event": {"filter", "type"}}`,
   * keys sorted at every level: the fields a plan compares and shows.
   */
  readonly meaning: JsonObject;
}

/** The outcome of {@link automationNormalForm}. */
export type NormalFormResult =
  | { readonly ok: true; readonly form: AutomationNormalForm }
  | { readonly ok: false; readonly reasons: readonly string[] };

/** Event types W&B (or older SDKs) name differently from the wire value the language sends. */
const eventTypeAliases: Readonly<Record<string, string>> = {
  LINK_ARTIFACT: 'LINK_MODEL',
  RUN_METRIC_THRESHOLD: 'RUN_METRIC',
};

/**
 * The normal form of a `CreateFilterTriggerInput`/`UpdateFilterTriggerInput`
 * or of a saved automation (`TriggerFields`). Fails only for a value that is
 * not an automation at all (the reasons say why); anything it can read but
 * the language could not write still gets a normal form, so a plan can
 * replace it.
 */
export function automationNormalForm(value: unknown): NormalFormResult {
  if (!isRecord(value)) return { ok: false, reasons: ['the value is not an object'] };
  let input: Readonly<Record<string, unknown>> = value;
  if (isSavedAutomation(value)) {
    const report = new DecompileReport();
    const saved = readSavedAutomation(value, report);
    if (saved === undefined) return { ok: false, reasons: report.diagnostics.map((d) => d.message) };
    input = saved.input;
  }
  const { name, scopeType, scopeID, enabled, description, triggeringEventType, eventFilter } = input;
  const reasons: string[] = [];
  if (typeof name !== 'string') reasons.push('it has no "name" string');
  if (typeof scopeType !== 'string') reasons.push('it has no "scopeType" string');
  if (typeof triggeringEventType !== 'string') reasons.push('it has no "triggeringEventType" string');
  if (typeof eventFilter !== 'string') reasons.push('it has no "eventFilter" string');
  if (reasons.length > 0) return { ok: false, reasons };
  const eventType = eventTypeAliases[triggeringEventType as string] ?? (triggeringEventType as string);
  const meaning = jsonObject([
    ['action', normalAction(input.triggeredActionType, input.triggeredActionConfig)],
    ['description', jsonString(typeof description === 'string' ? description : '')],
    ['enabled', jsonBool(enabled !== false)],
    [
      'event',
      jsonObject([
        ['filter', normalEventFilter(eventType, eventFilter as string)],
        ['type', jsonString(eventType)],
      ]),
    ],
  ]);
  return {
    ok: true,
    form: {
      name: name as string,
      scopeType: scopeType as string,
      scopeID: typeof scopeID === 'string' ? scopeID : undefined,
      meaning,
    },
  };
}

// ---------------------------------------------------------------------------
// Events

function normalEventFilter(eventType: string, text: string): JsonText {
  const parsed = parseJsonOrdered(text, { duplicateKeys: 'last-wins' });
  if (!parsed.ok) return jsonString(text);
  let json = parsed.value;
  if (mutationEvents.has(eventType)) {
    // An input never has the saved wrapper, but a filter copied from a response might.
    if (json.kind === 'object' && json.entries.length === 1 && json.entries[0]?.[0] === 'filter') {
      const inner = json.entries[0][1];
      const decoded =
        inner.kind === 'string' ? parseJsonOrdered(inner.value, { duplicateKeys: 'last-wins' }) : undefined;
      json = decoded === undefined ? inner : decoded.ok ? decoded.value : inner;
    }
    return normalFilter(json, normalizeMutationFilter);
  }
  if (eventFamily(eventType) !== 'run' || json.kind !== 'object') return canonical(json, true);
  const entries: JsonEntry[] = [];
  for (const [key, value] of json.entries) {
    if (key === 'run_filter') {
      const decoded =
        value.kind === 'string' ? parseJsonOrdered(value.value, { duplicateKeys: 'last-wins' }) : undefined;
      const runFilter = decoded === undefined ? value : decoded.ok ? decoded.value : value;
      entries.push([key, normalFilter(runFilter, normalizeRunFilter)]);
    } else if (key === 'run_metric_filter' && value.kind === 'object') {
      entries.push([key, jsonObject(value.entries.map(([k, v]) => [k, metricFilterWithDefaults(k, v)]))]);
    } else if (key === 'run_state_filter' && value.kind === 'object') {
      entries.push([key, stateFilter(value)]);
    } else entries.push([key, value]);
  }
  if (!entries.some(([k]) => k === 'run_filter'))
    entries.push(['run_filter', normalFilter(undefined, normalizeRunFilter)]);
  return canonical(jsonObject(entries), true);
}

/** A filter as the SDK would normalize it; a shape the filter model cannot read is compared as it is. */
function normalFilter(json: JsonText | undefined, normalize: (x: FilterNode | undefined) => FilterNode): JsonText {
  if (json === undefined) return canonical(filterToJson(normalize(undefined)), true);
  const read = filterFromJson(json);
  if (!read.ok) return canonical(json, true);
  try {
    return canonical(filterToJson(normalize(read.filter)), true);
  } catch {
    return canonical(json, true);
  }
}

/** What the server may leave out of a metric filter, filled in the way the SDK fills it. */
function metricFilterWithDefaults(kind: string, value: JsonText): JsonText {
  if (value.kind !== 'object') return value;
  const has = (key: string) => {
    const member = jsonMember(value, key);
    return member !== undefined && member.kind !== 'null';
  };
  const extra: JsonEntry[] = [];
  if (kind === 'threshold_filter' && !has('window_size')) extra.push(['window_size', jsonInt(1)]);
  if (kind === 'change_filter') {
    if (!has('current_window_size')) extra.push(['current_window_size', jsonInt(1)]);
    if (!has('prior_window_size'))
      extra.push([
        'prior_window_size',
        has('current_window_size') ? (jsonMember(value, 'current_window_size') as JsonText) : jsonInt(1),
      ]);
  }
  if (kind === 'zscore_filter' && !has('window_size')) extra.push(['window_size', jsonInt(30)]);
  if ((kind === 'change_filter' || kind === 'zscore_filter') && !has('change_dir'))
    extra.push(['change_dir', jsonString('ANY')]);
  return jsonObject([...value.entries.filter(([, v]) => v.kind !== 'null'), ...extra]);
}

/** States upper-cased, `CRASHED` read as `FAILED` (its SDK alias), de-duplicated and sorted. */
function stateFilter(value: JsonObject): JsonText {
  return jsonObject(
    value.entries.map(([key, states]): JsonEntry => {
      if (key !== 'states' || states.kind !== 'array' || states.items.some((s) => s.kind !== 'string'))
        return [key, states];
      const names = states.items.map((s) => {
        const upper = (s as { value: string }).value.toUpperCase();
        return upper === 'CRASHED' ? 'FAILED' : upper;
      });
      return [key, jsonArray([...new Set(names)].sort().map(jsonString))];
    }),
  );
}

// ---------------------------------------------------------------------------
// Actions

function normalAction(type: unknown, config: unknown): JsonObject {
  const actionType = typeof type === 'string' ? type : '';
  const key = actionConfigKeys[actionType];
  const inner =
    isRecord(config) && key !== undefined && isRecord(config[key]) ? (config[key] as Record<string, unknown>) : {};
  const entries: JsonEntry[] = [['type', jsonString(actionType)]];
  const integration = inner.integrationID;
  if (typeof integration === 'string') entries.push(['integration', jsonString(integration)]);
  switch (actionType) {
    case 'NOTIFICATION':
      entries.push(
        ['message', jsonString(typeof inner.message === 'string' ? inner.message : '')],
        ['severity', jsonString(typeof inner.severity === 'string' ? inner.severity : 'INFO')],
        ['title', jsonString(typeof inner.title === 'string' ? inner.title : '')],
      );
      break;
    case 'GENERIC_WEBHOOK':
      if (typeof inner.requestPayload === 'string') {
        const parsed = parseJsonOrdered(inner.requestPayload, { duplicateKeys: 'last-wins' });
        entries.push(['payload', parsed.ok ? canonical(parsed.value, false) : jsonString(inner.requestPayload)]);
      }
      break;
    case 'NO_OP':
      // `noOp` is a placeholder flag with no meaning of its own.
      break;
    default:
      for (const [k, v] of Object.entries(inner)) if (k !== 'integrationID') entries.push([k, plainToJson(v)]);
  }
  return canonical(jsonObject(entries), false) as JsonObject;
}

/** A plain JavaScript value (from `JSON.parse`) in the ordered model. */
function plainToJson(value: unknown): JsonText {
  if (value === null || value === undefined) return jsonNull;
  if (typeof value === 'boolean') return jsonBool(value);
  if (typeof value === 'string') return jsonString(value);
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? jsonInt(value) : { kind: 'float', value: Number.isFinite(value) ? value : 0 };
  if (Array.isArray(value)) return jsonArray(value.map(plainToJson));
  if (isRecord(value)) return jsonObject(Object.entries(value).map(([k, v]) => [k, plainToJson(v)]));
  return jsonString(String(value));
}

// ---------------------------------------------------------------------------

/**
 * Keys sorted at every level (code-unit order), floats with an integral
 * value written as ints, and, where nulls mean "absent" (filters), null
 * members dropped.
 */
function canonical(value: JsonText, dropNulls: boolean): JsonText {
  switch (value.kind) {
    case 'object': {
      const entries = value.entries
        .filter(([, v]) => !(dropNulls && v.kind === 'null'))
        .map(([k, v]): JsonEntry => [k, canonical(v, dropNulls)]);
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return jsonObject(entries);
    }
    case 'array':
      return jsonArray(value.items.map((item) => canonical(item, dropNulls)));
    case 'float':
      return Number.isSafeInteger(value.value) && !Object.is(value.value, -0) ? jsonInt(value.value) : value;
    default:
      return value;
  }
}
