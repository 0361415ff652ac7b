import type { Action } from '@wbrules/dsl';
import { severityNames } from '../model/alert-severity.js';
import { isWellFormedString, stringify } from '../json/json-text.js';
import { lowerPayload } from './payload.js';
import type { ActionType, TriggeredActionConfig } from '../model/types.js';

/**
 * Actions to `triggeredActionType` and `triggeredActionConfig` (spec §6):
 * exactly one config key; Slack notifications always send `title` and
 * `message` (`""` by default) and `severity` (`INFO` by default); a webhook
 * without a payload omits `requestPayload`. `integrationID` is present only
 * when the caller has one (the compiler never invents IDs).
 */

/** An action lowered to its wire form. */
export interface LoweredAction {
  readonly actionType: ActionType;
  readonly config: TriggeredActionConfig;
}

/** The wire form of an action, or `undefined` when it holds something the checks reject. */
export function lowerAction(action: Action, integrationID: string | undefined): LoweredAction | undefined {
  // Objects are spelled out key by key rather than spread: `compile` builds one per rule.
  switch (action.kind) {
    case 'NothingAction':
      return { actionType: 'NO_OP', config: { noOpActionInput: { noOp: true } } };
    case 'AriaAction': {
      const prompt = action.prompt.value;
      if (!isWellFormedString(prompt)) return undefined;
      return { actionType: 'ARIA', config: { ariaActionInput: { prompt } } };
    }
    case 'WebhookAction': {
      if (action.payload === undefined) {
        const input = integrationID === undefined ? {} : { integrationID };
        return { actionType: 'GENERIC_WEBHOOK', config: { genericWebhookActionInput: input } };
      }
      const payload = lowerPayload(action.payload);
      if (payload === undefined) return undefined;
      const requestPayload = stringify(payload);
      const input = integrationID === undefined ? { requestPayload } : { integrationID, requestPayload };
      return { actionType: 'GENERIC_WEBHOOK', config: { genericWebhookActionInput: input } };
    }
    case 'SlackAction': {
      const title = action.title?.value ?? '';
      const message = action.message?.value ?? '';
      const severity = action.severity === undefined ? 'INFO' : severityNames.get(action.severity.name);
      if (severity === undefined || !isWellFormedString(title) || !isWellFormedString(message)) return undefined;
      const input =
        integrationID === undefined ? { message, severity, title } : { integrationID, message, severity, title };
      return { actionType: 'NOTIFICATION', config: { notificationActionInput: input } };
    }
  }
}
