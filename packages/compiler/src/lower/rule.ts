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
 * `memo` (one per file) lets the rules of a file share the spelling of a
 * `where` clause they repeat.
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
  const action = lowerAction(rule.action, ids.integrationID);
  if (event === undefined || action === undefined) return undefined;
  // Built key by key in the SDK's order: every input with the same keys shares one hidden class.
  const input: { -readonly [K in keyof CreateFilterTriggerInput]: CreateFilterTriggerInput[K] } = {} as never;
  if (description !== undefined) input.description = description;
  input.enabled = rule.disabled === undefined;
  input.eventFilter = event.eventFilter;
  input.name = name;
  if (ids.scopeID !== undefined) input.scopeID = ids.scopeID;
  input.scopeType = scope.ref.type;
  input.triggeredActionConfig = action.config;
  input.triggeredActionType = action.actionType;
  input.triggeringEventType = event.eventType;
  return input;
}
