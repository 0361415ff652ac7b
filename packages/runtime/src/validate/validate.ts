import { parseJsonOrdered } from '@wbrules/compiler';
import { coerceInputValue, type GraphQLInputObjectType } from 'graphql';
import {
  actionConfigKeys,
  allowedScopeTypes,
  eventFamily,
  legacyActions,
  legacyEvents,
  maxAriaPromptLength,
} from '@wbrules/compiler';
import type { JsonPath, PathSegment } from './json-path.js';
import { wandbSchema } from '../schema/wandb-schema.js';
import { checkEventFilter, parseJsonString } from './check-event-filter.js';
import { describeJson, oneOf, ProblemList, quotedList, type ValidationProblem } from './validation-problems.js';

/**
 * Offline validation of a `CreateFilterTriggerInput` or
 * `UpdateFilterTriggerInput`, whoever produced it: first the GraphQL input
 * types (graphql-js input coercion against the schema, so a payload that
 * passes here passes the server's variable coercion), then what the types
 * cannot say: the JSON-string layers (`eventFilter`, its `run_filter`,
 * `requestPayload`) against the shapes of spec §4–§6, the event × scope
 * table, action types against their config, and the name length.
 *
 * An update is checked field by field: what it leaves out keeps its saved
 * value on the server, so only the fields present (and the pairs present
 * together) can be checked.
 */

/** Which input type a payload is. */
export type PayloadKind = 'create' | 'update';

/** Options for {@link validate}. */
export interface ValidateOptions {
  /** Default: `update` when the payload has an `id` member, else `create`. */
  readonly kind?: PayloadKind;
}

/** The outcome of {@link validate}. */
export interface ValidationResult {
  /** True when there is no problem. */
  readonly ok: boolean;
  readonly kind: PayloadKind;
  /** Every problem found, GraphQL-level ones first. */
  readonly problems: readonly ValidationProblem[];
}

/** Validates one payload (the value of `variables.input`). Never throws. */
export function validate(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const problems = new ProblemList();
  const record =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : undefined;
  const kind: PayloadKind = options.kind ?? (record !== undefined && Object.hasOwn(record, 'id') ? 'update' : 'create');
  if (record === undefined) {
    problems.add('WR5001', [], `expected a JSON object (a ${typeName(kind)}), found ${describePlain(input)}`);
    return { ok: false, kind, problems: problems.items };
  }
  checkInputType(record, kind, problems);
  checkFields(record, problems);
  return { ok: problems.items.length === 0, kind, problems: problems.items };
}

function typeName(kind: PayloadKind): string {
  return kind === 'create' ? 'CreateFilterTriggerInput' : 'UpdateFilterTriggerInput';
}

/** Layer 2: graphql-js input coercion, with its messages in house style and missing/unknown fields located at the field. */
function checkInputType(record: Record<string, unknown>, kind: PayloadKind, problems: ProblemList): void {
  const type = wandbSchema().getType(typeName(kind)) as GraphQLInputObjectType;
  coerceInputValue(record, type, (path, _value, error) => {
    const field = /^Field "([^"]+)" (?:of required type|is not defined by type)/.exec(error.message)?.[1];
    const at: PathSegment[] = [...path];
    if (field !== undefined) at.push(field);
    problems.add('WR5001', at, houseStyle(error.message));
  });
}

/** graphql-js writes capitalized sentences with periods; diagnostics here are one lowercase sentence. */
function houseStyle(message: string): string {
  const joined = message
    .replace(/\.\s+(?=\S)/g, '; ')
    .replace(/; Did you mean/g, '; did you mean')
    .replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(joined) ? joined.charAt(0).toLowerCase() + joined.slice(1) : joined;
}

/** Layers 3 and 4, and the rules that relate fields to each other. */
function checkFields(input: Record<string, unknown>, problems: ProblemList): void {
  const name = input.name;
  if (typeof name === 'string') {
    const length = [...name].length;
    if (length > 255) problems.add('WR5004', ['name'], `expected a name of at most 255 characters, found ${length}`);
  }
  const eventType = typeof input.triggeringEventType === 'string' ? input.triggeringEventType : undefined;
  const creatable = eventType !== undefined && eventFamily(eventType) !== undefined;
  if (eventType !== undefined && legacyEvents[eventType] !== undefined) {
    problems.add(
      'WR5006',
      ['triggeringEventType'],
      `"${eventType}" cannot be used for a new or edited automation: it ${legacyEvents[eventType]}`,
    );
  }
  const actionType = typeof input.triggeredActionType === 'string' ? input.triggeredActionType : undefined;
  if (actionType !== undefined && legacyActions.has(actionType)) {
    problems.add(
      'WR5006',
      ['triggeredActionType'],
      `"${actionType}" actions are deprecated: W&B accepts only NOTIFICATION, GENERIC_WEBHOOK, NO_OP and ARIA`,
    );
  }
  const scopeType = typeof input.scopeType === 'string' ? input.scopeType : undefined;
  if (creatable && scopeType !== undefined) {
    const allowed = allowedScopeTypes(eventType);
    if (['PROJECT', 'ARTIFACT_COLLECTION', 'ENTITY'].includes(scopeType) && !allowed.includes(scopeType)) {
      problems.add(
        'WR5005',
        ['triggeringEventType'],
        `the event "${eventType}" is not allowed on a "${scopeType}" scope: it needs ${oneOf(allowed)}`,
      );
    }
  }
  if (typeof input.eventFilter === 'string') {
    checkEventFilter(input.eventFilter, creatable ? eventType : undefined, ['eventFilter'], problems);
  }
  checkActionConfig(input.triggeredActionConfig, actionType, problems);
}

/** `triggeredActionConfig`: exactly one input, the one the action type names (spec §6). */
function checkActionConfig(config: unknown, actionType: string | undefined, problems: ProblemList): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return;
  const record = config as Record<string, unknown>;
  const present = Object.keys(record).filter((k) => record[k] !== null && record[k] !== undefined);
  const path: JsonPath = ['triggeredActionConfig'];
  if (present.length === 0) {
    problems.add(
      'WR5006',
      path,
      `expected exactly one action input${actionType === undefined ? '' : ` ("${actionConfigKeys[actionType]}")`}, found none`,
    );
  } else if (present.length > 1) {
    problems.add('WR5006', path, `expected exactly one action input, found ${present.length} (${quotedList(present)})`);
  } else if (actionType !== undefined) {
    const wanted = actionConfigKeys[actionType];
    const found = present[0] as string;
    if (wanted !== undefined && found !== wanted && Object.values(actionConfigKeys).includes(found)) {
      problems.add('WR5006', [...path, found], `the action type "${actionType}" takes "${wanted}", found "${found}"`);
    }
  }
  const aria = record.ariaActionInput;
  if (typeof aria === 'object' && aria !== null) {
    const prompt = (aria as Record<string, unknown>).prompt;
    if (typeof prompt === 'string') {
      const length = [...prompt].length;
      const at: JsonPath = [...path, 'ariaActionInput', 'prompt'];
      if (prompt.trim() === '') problems.add('WR5004', at, 'expected a prompt, found an empty one');
      else if (length > maxAriaPromptLength)
        problems.add('WR5004', at, `expected a prompt of at most 4,000 characters, found ${length}`);
    }
  }
  const webhook = record.genericWebhookActionInput;
  if (typeof webhook === 'object' && webhook !== null) {
    const payload = (webhook as Record<string, unknown>).requestPayload;
    if (typeof payload === 'string') {
      const at: JsonPath = [...path, 'genericWebhookActionInput', 'requestPayload'];
      const value = parseJsonString(payload, at, problems);
      if (value !== undefined && value.kind !== 'object') {
        problems.add('WR5003', at, `expected a JSON object as the webhook payload, found ${describeJson(value)}`);
      }
    }
  }
}

function describePlain(value: unknown): string {
  if (value === undefined) return 'nothing';
  const parsed = parseJsonOrdered(JSON.stringify(value) ?? 'null');
  return parsed.ok ? describeJson(parsed.value) : typeof value;
}
