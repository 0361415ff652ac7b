import type { IntegrationKind } from '@wbrules/dsl';
import { isRecord } from './action.js';
import { checkEventType, familyOf } from './event.js';
import { describe, describeValue, quoteList } from './json.js';
import type { DecompileReport } from './report.js';
import type { SavedScopeNode } from './scope.js';
import { type JsonText, jsonNull, jsonObject, jsonString, parseJsonOrdered, stringify } from '../json/json-text.js';
import type { ScopeType } from '../model/types.js';

/**
 * A saved automation (a `TriggerFields` node from a listing or a mutation
 * response, spec §8.4) turned into the input the SDK would send to update it
 * unchanged (spec §7.2): the `{"filter": ...}` layer of artifact-event
 * filters removed, `run_filter` re-encoded as a compact string whether it
 * came as a string or an object, `"metric_filter":null` restored, states
 * sorted, a webhook payload re-serialized compactly, null title/message sent
 * as `""` and a null severity as `INFO`. The result is then read like any
 * other input, so everything it holds must still round-trip exactly.
 */

/** The input-shaped automation, and the names the response gives for its scope and integration. */
export interface SavedAutomation {
  readonly input: Readonly<Record<string, unknown>>;
  readonly scope: SavedScopeNode;
  /** The integration's name as the response gives it (a webhook's `name`, a Slack `channelName`). */
  readonly integration: { readonly kind: IntegrationKind; readonly name: string | undefined } | undefined;
}

/** Whether a value looks like a saved automation rather than an input (it has `event` and `action`). */
export function isSavedAutomation(value: Record<string, unknown>): boolean {
  return 'event' in value || 'action' in value || value.__typename === 'Trigger';
}

const triggerKeys = [
  '__typename',
  'id',
  'createdAt',
  'updatedAt',
  'name',
  'description',
  'enabled',
  'scope',
  'event',
  'action',
];

const scopeTypes: Readonly<Record<string, ScopeType>> = {
  Project: 'PROJECT',
  ArtifactSequence: 'ARTIFACT_COLLECTION',
  ArtifactPortfolio: 'ARTIFACT_COLLECTION',
  Entity: 'ENTITY',
};

const actionTypes: Readonly<Record<string, string>> = {
  NoOpTriggeredAction: 'NO_OP',
  GenericWebhookTriggeredAction: 'GENERIC_WEBHOOK',
  NotificationTriggeredAction: 'NOTIFICATION',
  ARIATriggeredAction: 'ARIA',
  QueueJobTriggeredAction: 'QUEUE_JOB',
  PushNotificationTriggeredAction: 'PUSH_NOTIFICATION',
};

/** Converts a saved automation; `undefined` when it cannot be read (the report says why). */
export function readSavedAutomation(
  saved: Record<string, unknown>,
  report: DecompileReport,
): SavedAutomation | undefined {
  if (typeof saved.name === 'string') report.automation = saved.name;
  const unknown = Object.keys(saved).filter((k) => !triggerKeys.includes(k));
  if (unknown.length > 0) {
    report.unsupported(
      'WR4003',
      `the saved automation has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
    );
    return undefined;
  }
  if (typeof saved.name !== 'string') return malformed(report, 'name', saved.name, 'a string');
  if (typeof saved.enabled !== 'boolean') return malformed(report, 'enabled', saved.enabled, 'true or false');
  if (saved.description !== undefined && saved.description !== null && typeof saved.description !== 'string') {
    return malformed(report, 'description', saved.description, 'a string or null');
  }
  const scope = readScope(saved.scope, report);
  const event = readEvent(saved.event, report);
  const action = readAction(saved.action, report);
  if (scope === undefined || event === undefined || action === undefined) return undefined;
  const input: Record<string, unknown> = {};
  if (typeof saved.description === 'string') input.description = saved.description;
  input.enabled = saved.enabled;
  input.eventFilter = event.eventFilter;
  input.name = saved.name;
  if (scope.node.id !== undefined) input.scopeID = scope.node.id;
  input.scopeType = scope.type;
  input.triggeredActionConfig = action.config;
  input.triggeredActionType = action.type;
  input.triggeringEventType = event.eventType;
  return { input, scope: scope.node, integration: action.integration };
}

function malformed(report: DecompileReport, field: string, value: unknown, expected: string): undefined {
  report.unsupported(
    'WR4002',
    value === undefined
      ? `the saved automation has no "${field}"`
      : `the saved "${field}" is ${describeValue(value)}, not ${expected}`,
  );
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function readScope(scope: unknown, report: DecompileReport): { node: SavedScopeNode; type: ScopeType } | undefined {
  if (!isRecord(scope)) return malformed(report, 'scope', scope, 'an object');
  const typename = optionalString(scope.__typename) ?? '';
  const type = scopeTypes[typename];
  if (type === undefined) {
    report.unsupported(
      'WR4002',
      `the saved scope is a "${typename}", not a Project, ArtifactSequence, ArtifactPortfolio or Entity`,
    );
    return undefined;
  }
  const node: SavedScopeNode = {
    typename,
    id: optionalString(scope.id),
    name: optionalString(scope.name),
    entityType: optionalString(scope.entityType),
  };
  return { node, type };
}

/** Parses a JSON string of a saved automation; duplicate keys keep the last value, as the SDK's `json.loads` does. */
function parseSaved(text: string, what: string, report: DecompileReport): JsonText | undefined {
  const parsed = parseJsonOrdered(text, { duplicateKeys: 'last-wins' });
  if (parsed.ok) return parsed.value;
  const message = parsed.error.message.replace(/\.$/, '');
  report.unsupported(
    'WR4004',
    `the saved ${what} is not valid JSON (${message.charAt(0).toLowerCase()}${message.slice(1)} at offset ${parsed.error.offset})`,
  );
  return undefined;
}

function readEvent(event: unknown, report: DecompileReport): { eventType: string; eventFilter: string } | undefined {
  if (!isRecord(event)) return malformed(report, 'event', event, 'an object');
  const unknown = Object.keys(event).filter((k) => !['__typename', 'eventType', 'filter'].includes(k));
  if (unknown.length > 0) {
    report.unsupported(
      'WR4003',
      `the saved event has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
    );
    return undefined;
  }
  const eventType = event.eventType;
  if (typeof eventType !== 'string') return malformed(report, 'eventType', eventType, 'a string');
  if (!checkEventType(eventType, report)) return undefined;
  if (typeof event.filter !== 'string') return malformed(report, 'event filter', event.filter, 'a JSON string');
  const json = parseSaved(event.filter, 'event filter', report);
  if (json === undefined) return undefined;
  if (json.kind !== 'object') {
    report.unsupported('WR4002', `the saved event filter is ${describe(json)}, not an object`);
    return undefined;
  }
  if (familyOf(eventType) === 'artifact') {
    const [entry, ...rest] = json.entries;
    if (entry === undefined || entry[0] !== 'filter' || rest.length > 0) {
      // The SDK reads a filter without its wrapper as "no filter" and would
      // send {"$and":[]} on update; refusing is the only faithful answer.
      report.unsupported(
        'WR4002',
        `the saved artifact-event filter is not wrapped as {"filter": ...} (found ${quoteList(json.entries.map(([k]) => k))})`,
        ['Saved artifact-event filters arrive as {"filter": {"$or": [{"$and": [...]}]}}.'],
      );
      return undefined;
    }
    const inner = entry[1].kind === 'string' ? parseSaved(entry[1].value, 'filter', report) : entry[1];
    return inner === undefined ? undefined : { eventType, eventFilter: stringify(inner) };
  }
  const state = eventType === 'RUN_STATE';
  const conditionKey = state ? 'run_state_filter' : 'run_metric_filter';
  const allowed = state ? ['run_filter', conditionKey] : ['run_filter', conditionKey, 'metric_filter'];
  const extra = json.entries.map(([k]) => k).filter((k) => !allowed.includes(k));
  if (extra.length > 0) {
    report.unsupported(
      'WR4003',
      `the saved event filter has the field${extra.length > 1 ? 's' : ''} ${quoteList(extra)}, which .wbrules cannot express`,
    );
    return undefined;
  }
  const get = (key: string): JsonText | undefined => json.entries.find(([k]) => k === key)?.[1];
  const runFilterJson = get('run_filter');
  const condition = get(conditionKey);
  if (runFilterJson === undefined || condition === undefined) {
    report.unsupported(
      'WR4002',
      `the saved event filter has no ${quoteList([runFilterJson === undefined ? 'run_filter' : conditionKey])}`,
    );
    return undefined;
  }
  const runFilter =
    runFilterJson.kind === 'string' ? parseSaved(runFilterJson.value, 'run_filter', report) : runFilterJson;
  if (runFilter === undefined) return undefined;
  const entries: [string, JsonText][] = [['run_filter', jsonString(stringify(runFilter))]];
  if (state) entries.push([conditionKey, sortedStates(condition)]);
  else entries.push([conditionKey, condition], ['metric_filter', get('metric_filter') ?? jsonNull]);
  return { eventType, eventFilter: stringify(jsonObject(entries)) };
}

/** The SDK de-duplicates and sorts the states it re-sends; anything unexpected is left for the reader to report. */
function sortedStates(condition: JsonText): JsonText {
  if (condition.kind !== 'object') return condition;
  return jsonObject(
    condition.entries.map(([key, value]): [string, JsonText] => {
      if (key !== 'states' || value.kind !== 'array' || value.items.some((i) => i.kind !== 'string'))
        return [key, value];
      const names = [...new Set(value.items.map((i) => (i.kind === 'string' ? i.value : '')))].sort();
      return [key, { kind: 'array', items: names.map(jsonString) }];
    }),
  );
}

interface SavedAction {
  readonly type: string;
  readonly config: Record<string, unknown>;
  readonly integration: SavedAutomation['integration'];
}

function readAction(action: unknown, report: DecompileReport): SavedAction | undefined {
  if (!isRecord(action)) return malformed(report, 'action', action, 'an object');
  const typename = optionalString(action.__typename) ?? '';
  const type = actionTypes[typename];
  if (type === undefined) {
    report.unsupported('WR4006', `the saved action is a "${typename}", which .wbrules cannot express`);
    return undefined;
  }
  const allowedKeys: Readonly<Record<string, readonly string[]>> = {
    NO_OP: ['__typename', 'noOp'],
    GENERIC_WEBHOOK: ['__typename', 'integration', 'requestPayload'],
    NOTIFICATION: ['__typename', 'integration', 'title', 'message', 'severity'],
    ARIA: ['__typename', 'prompt'],
  };
  const allowed = allowedKeys[type];
  // Queue-job and push actions go through as they are; the action reader names them.
  if (allowed === undefined) return { type, config: {}, integration: undefined };
  const unknown = Object.keys(action).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    report.unsupported(
      'WR4003',
      `the saved action has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
    );
    return undefined;
  }
  if (type === 'NO_OP') {
    // `noOp` is a placeholder flag; the SDK re-sends true unless it was explicitly false.
    return { type, config: { noOpActionInput: { noOp: action.noOp ?? true } }, integration: undefined };
  }
  if (type === 'ARIA') {
    if (typeof action.prompt !== 'string') return malformed(report, 'prompt', action.prompt, 'a string');
    return { type, config: { ariaActionInput: { prompt: action.prompt } }, integration: undefined };
  }
  const integration = isRecord(action.integration) ? action.integration : undefined;
  const integrationID = optionalString(integration?.id);
  if (type === 'GENERIC_WEBHOOK') {
    const input: Record<string, unknown> = { integrationID };
    if (action.requestPayload !== undefined && action.requestPayload !== null) {
      if (typeof action.requestPayload !== 'string')
        return malformed(report, 'requestPayload', action.requestPayload, 'a JSON string');
      const payload = parseSaved(action.requestPayload, 'requestPayload', report);
      if (payload === undefined) return undefined;
      input.requestPayload = stringify(payload);
    }
    return {
      type,
      config: { genericWebhookActionInput: input },
      integration: { kind: 'webhook', name: optionalString(integration?.name) },
    };
  }
  for (const key of ['title', 'message', 'severity']) {
    const value = action[key];
    if (value !== undefined && value !== null && typeof value !== 'string')
      return malformed(report, key, value, 'a string or null');
  }
  return {
    type,
    config: {
      notificationActionInput: {
        integrationID,
        message: optionalString(action.message) ?? '',
        severity: optionalString(action.severity) ?? 'INFO',
        title: optionalString(action.title) ?? '',
      },
    },
    integration: { kind: 'slack', name: optionalString(integration?.channelName) },
  };
}
