import { decompile, deriveName } from '@wbrules/compiler';
import type { Action } from '@wbrules/dsl';
import type { ListedScopeName } from './listed-scope.js';
import { savedNames } from './saved-names.js';
import type { SavedTrigger } from '../client/wandb-api.js';

/**
 * The name a rule without `automation "NAME"` would have if it were written
 * as the saved automation is: the saved automation decompiled, its
 * integration called `localIntegration` (what the rule calls it, since a
 * derived name spells the rule's word for it, not the channel or webhook
 * name), and `deriveName` applied. `undefined` when no rule reproduces the
 * automation. A saved automation whose name is exactly this "has a derived
 * name": a plan may rename it when the rule is edited.
 */
export function savedDerivedName(
  trigger: SavedTrigger,
  scope: ListedScopeName,
  localIntegration: string | undefined,
): string | undefined {
  if (scope.kind === 'user' || scope.kind === 'unknown') return undefined;
  const { scopes, integrations } = savedNames(trigger, scope);
  const rule = decompile(trigger, { scopes, integrations }).rule;
  if (rule === undefined) return undefined;
  return deriveName({ event: rule.event, filter: rule.filter, action: renamed(rule.action, localIntegration) });
}

function renamed(action: Action, local: string | undefined): Action {
  if ((action.kind !== 'WebhookAction' && action.kind !== 'SlackAction') || local === undefined) return action;
  return { ...action, integration: { ...action.integration, name: local } };
}
