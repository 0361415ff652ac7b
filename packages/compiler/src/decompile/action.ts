import type { IntegrationKind } from '@wbrules/dsl';
import { describe, describeValue, parseExactJson, quoteList } from './json.js';
import type { DecompileReport } from './report.js';
import { type JsonObject, type JsonText, MAX_INTEGER } from '../json/json-text.js';

/**
 * A payload's `triggeredActionType` and `triggeredActionConfig`, read into
 * what a rule's action needs. The integration is still an ID here; naming it
 * is the caller's job, because one declaration may serve several rules.
 */

/** An action as read from a payload. */
export type ActionSpec =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'aria'; readonly prompt: string }
  | { readonly kind: 'webhook'; readonly integrationID: string | undefined; readonly payload: JsonObject | undefined }
  | {
      readonly kind: 'slack';
      readonly integrationID: string | undefined;
      readonly title: string;
      readonly message: string;
      readonly severity: 'INFO' | 'WARN' | 'ERROR';
    };

/** The integration kind an action needs, if any. */
export function integrationKindOf(action: ActionSpec): IntegrationKind | undefined {
  return action.kind === 'nothing' || action.kind === 'aria' ? undefined : action.kind;
}

const configKeys: Readonly<Record<string, string>> = {
  NO_OP: 'noOpActionInput',
  GENERIC_WEBHOOK: 'genericWebhookActionInput',
  NOTIFICATION: 'notificationActionInput',
  ARIA: 'ariaActionInput',
};

const inexpressibleActions: Readonly<Record<string, string>> = {
  QUEUE_JOB: 'a deprecated Launch job that W&B no longer creates',
  PUSH_NOTIFICATION: 'a push notification, which the SDK cannot create',
};

/** Reads the action; `undefined` when it cannot be written (the report says why). */
export function decompileAction(type: unknown, config: unknown, report: DecompileReport): ActionSpec | undefined {
  if (typeof type !== 'string') {
    report.unsupported('WR4002', `its "triggeredActionType" is ${describeValue(type)}, not a string`);
    return undefined;
  }
  const key = configKeys[type];
  if (key === undefined) {
    const why = inexpressibleActions[type];
    report.unsupported(
      'WR4006',
      why === undefined
        ? `the action type "${type}" is not one W&B documents`
        : `the action type "${type}" has no .wbrules form (${why})`,
      [
        'The language writes the actions "GENERIC_WEBHOOK" (-> webhook), "NOTIFICATION" (-> slack), "ARIA" (-> aria) and "NO_OP" (-> nothing).',
      ],
    );
    return undefined;
  }
  if (!isRecord(config)) {
    report.unsupported('WR4002', `its "triggeredActionConfig" is ${describeValue(config)}, not an object`);
    return undefined;
  }
  const present = Object.keys(config).filter((k) => config[k] !== null && config[k] !== undefined);
  if (present.length !== 1 || present[0] !== key) {
    report.unsupported(
      'WR4002',
      `its "triggeredActionConfig" must hold exactly "${key}" for the action type "${type}", found ${present.length === 0 ? 'nothing' : quoteList(present)}`,
    );
    return undefined;
  }
  const input = config[key];
  if (!isRecord(input)) {
    report.unsupported('WR4002', `its "${key}" is ${describeValue(input)}, not an object`);
    return undefined;
  }
  switch (type) {
    case 'NO_OP':
      return noOp(input, report);
    case 'GENERIC_WEBHOOK':
      return webhook(input, report);
    case 'ARIA':
      return aria(input, report);
    default:
      return notification(input, report);
  }
}

function noOp(input: Record<string, unknown>, report: DecompileReport): ActionSpec | undefined {
  if (!onlyKeys(input, ['noOp'], 'noOpActionInput', report)) return undefined;
  if (input.noOp !== true) {
    report.unsupported('WR4010', `its "noOp" flag is ${describeValue(input.noOp)}; "-> nothing" always sends true`);
    return undefined;
  }
  return { kind: 'nothing' };
}

function aria(input: Record<string, unknown>, report: DecompileReport): ActionSpec | undefined {
  if (!onlyKeys(input, ['prompt'], 'ariaActionInput', report)) return undefined;
  if (typeof input.prompt !== 'string') {
    report.unsupported('WR4002', `its "prompt" is ${describeValue(input.prompt)}, not a string`);
    return undefined;
  }
  return { kind: 'aria', prompt: input.prompt };
}

function webhook(input: Record<string, unknown>, report: DecompileReport): ActionSpec | undefined {
  if (!onlyKeys(input, ['integrationID', 'requestPayload'], 'genericWebhookActionInput', report)) return undefined;
  const integrationID = optionalString(input.integrationID, 'integrationID', report);
  if (integrationID === null) return undefined;
  const text = optionalString(input.requestPayload, 'requestPayload', report);
  if (text === null) return undefined;
  if (text === undefined) return { kind: 'webhook', integrationID, payload: undefined };
  const payload = parseExactJson(text, 'requestPayload', report);
  if (payload === undefined) return undefined;
  if (payload.kind !== 'object') {
    report.unsupported(
      'WR4010',
      `its "requestPayload" is ${describe(payload)}, but a webhook payload is a JSON object`,
    );
    return undefined;
  }
  const big = tooBigInteger(payload);
  if (big !== undefined) {
    report.unsupported(
      'WR4010',
      `its "requestPayload" holds the integer ${big}, beyond the ±(2^63−1) that .wbrules integers allow`,
    );
    return undefined;
  }
  return { kind: 'webhook', integrationID, payload };
}

const severities = ['INFO', 'WARN', 'ERROR'] as const;

function notification(input: Record<string, unknown>, report: DecompileReport): ActionSpec | undefined {
  if (!onlyKeys(input, ['integrationID', 'message', 'severity', 'title'], 'notificationActionInput', report))
    return undefined;
  const integrationID = optionalString(input.integrationID, 'integrationID', report);
  if (integrationID === null) return undefined;
  const missing = ['message', 'severity', 'title'].filter((k) => typeof input[k] !== 'string');
  if (missing.length > 0) {
    // The SDK always sends all three; a payload without them is not one a rule reproduces.
    report.unsupported(
      'WR4002',
      `its "notificationActionInput" has no string ${quoteList(missing)} (the SDK always sends title, message and severity)`,
    );
    return undefined;
  }
  const severity = input.severity as string;
  if (!(severities as readonly string[]).includes(severity)) {
    report.unsupported('WR4010', `its notification severity is "${severity}", which .wbrules cannot express`, [
      `The severities are ${quoteList(severities)}.`,
    ]);
    return undefined;
  }
  return {
    kind: 'slack',
    integrationID,
    title: input.title as string,
    message: input.message as string,
    severity: severity as (typeof severities)[number],
  };
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(
  input: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
  report: DecompileReport,
): boolean {
  const unknown = Object.keys(input).filter((k) => !allowed.includes(k));
  if (unknown.length === 0) return true;
  report.unsupported(
    'WR4003',
    `its "${what}" has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
    [`Its fields are ${quoteList(allowed)}.`],
  );
  return false;
}

/** A string, `undefined` when absent or null, `null` (reported) when of another type. */
function optionalString(value: unknown, what: string, report: DecompileReport): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  report.unsupported('WR4002', `its "${what}" is ${describeValue(value)}, not a string`);
  return null;
}

function tooBigInteger(value: JsonText): string | undefined {
  switch (value.kind) {
    case 'int': {
      const n = BigInt(value.text);
      return n > MAX_INTEGER || n < -MAX_INTEGER ? value.text : undefined;
    }
    case 'array':
      for (const item of value.items) {
        const found = tooBigInteger(item);
        if (found !== undefined) return found;
      }
      return undefined;
    case 'object':
      for (const [, item] of value.entries) {
        const found = tooBigInteger(item);
        if (found !== undefined) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}
