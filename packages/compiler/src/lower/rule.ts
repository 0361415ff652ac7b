import { isWellFormedString } from '../json/json-text.js';
import { lowerAction } from './action.js';
import { lowerEvent, type RunFilterMemo } from './event.js';
import type { ResolvedRule } from '../resolve/resolve.js';
import type { CreateFilterTriggerInput } from '../model/types.js';

/** The IDs a rule's payload carries, when an ID map supplied them. */
export interface RuleIds {
  readonly scopeID?: string | undefined;
  readonly integrationID?: string | undefined;
}

/**
 * A resolved rule as the `CreateFilterTriggerInput` the SDK would send
 * (spec §7.1), keys in the SDK's order: `description` only when written,
 * `enabled` always, `scopeID` only when known. `undefined` when the rule
 * cannot be lowered (it has no scope, or holds something the checks reject).
 * `memo` (one per file) lets the rules of a file share the lowering of a
 * `where` clause or an action they repeat.
 */
export function lowerRule(
  resolved: ResolvedRule,
  ids: RuleIds = {},
  memo: RunFilterMemo | undefined = undefined,
): CreateFilterTriggerInput | undefined {
  const { rule, scope, name } = resolved;
  if (scope === undefined || !isWellFormedString(name)) return undefined;
  const description = rule.description?.value;
  if (description !== undefined && !isWellFormedString(description)) return undefined;
  const event = lowerEvent(rule, memo);
  const action =
    memo === undefined ? lowerAction(rule.action, ids.integrationID) : memo.action(rule.action, ids.integrationID);
  if (event === undefined || action === undefined) return undefined;
  // Whole object literals in the SDK's key order, one per shape: every input
  // of a shape shares one hidden class with all its properties in the object
  // (keys added one by one to `{}` would overflow into a separate array).
  const enabled = rule.disabled === undefined;
  const eventFilter = event.eventFilter;
  const scopeID = ids.scopeID;
  const scopeType = scope.ref.type;
  const triggeredActionConfig = action.config;
  const triggeredActionType = action.actionType;
  const triggeringEventType = event.eventType;
  if (description === undefined) {
    return scopeID === undefined
      ? { enabled, eventFilter, name, scopeType, triggeredActionConfig, triggeredActionType, triggeringEventType }
      : {
          enabled,
          eventFilter,
          name,
          scopeID,
          scopeType,
          triggeredActionConfig,
          triggeredActionType,
          triggeringEventType,
        };
  }
  return scopeID === undefined
    ? {
        description,
        enabled,
        eventFilter,
        name,
        scopeType,
        triggeredActionConfig,
        triggeredActionType,
        triggeringEventType,
      }
    : {
        description,
        enabled,
        eventFilter,
        name,
        scopeID,
        scopeType,
        triggeredActionConfig,
        triggeredActionType,
        triggeringEventType,
      };
}
