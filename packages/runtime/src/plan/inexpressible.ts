import { decompile } from '@wbrules/compiler';
import type { ListedScopeName } from './listed-scope.js';
import { savedNames } from './saved-names.js';
import type { SavedTrigger } from '../client/wandb-api.js';

/**
 * Whether wbrules can write a saved automation as a rule, and if not, why:
 * the plan keeps such an automation as it is (never updated, never pruned),
 * because a rule can only replace it with something else. The test is the
 * decompiler's own — an event or action type without a `.wbrules` form, an
 * action `__typename` the listing does not know, a filter it cannot write
 * exactly — plus a scope type the language does not model (a personal
 * entity, an unknown scope `__typename`), and an integration that belongs
 * to none of the entities the run knows
 * (W&B does not say whose it is, so no rule can name it). Otherwise names
 * do not count: the scope is named as the plan names it, and a known
 * integration by what the listing says of it, since a plan decides
 * meaning, not spelling.
 */

/** What the run knows beyond the listing. */
export interface InexpressibleContext {
  /** The IDs of the integrations a rule could name; without it, every integration counts as known. */
  readonly integrations?: ReadonlySet<string>;
  /** The entities listed, for the reason given when an integration is not known. */
  readonly entities?: readonly string[];
}

/** Why wbrules cannot write `trigger` as a rule (one line), or `undefined` when it can. */
export function inexpressibleReason(
  trigger: SavedTrigger,
  scope: ListedScopeName,
  context: InexpressibleContext = {},
): string | undefined {
  if (scope.kind === 'user') return `no .wbrules form — scope: the personal entity ${JSON.stringify(scope.path)}`;
  if (scope.kind === 'unknown') return `no .wbrules form — scope type ${trigger.scope.__typename}`;
  const { scopes, integrations, integration } = savedNames(trigger, scope);
  if (integration !== undefined && context.integrations !== undefined && !context.integrations.has(integration.id)) {
    const listed = (context.entities ?? []).map((e) => JSON.stringify(e)).join(', ');
    return `${integration.label} (ID "${integration.id}") belongs to none of the entities listed (${listed}), so no rule can name it`;
  }
  const result = decompile(trigger, { scopes, integrations });
  const error = result.diagnostics.find((d) => d.severity === 'error');
  if (result.rule !== undefined && error === undefined) return undefined;
  return reasonText(error?.message ?? 'the decompiler wrote no rule for it');
}

/**
 * `no .wbrules form — event type UPDATE_ARTIFACT_ALIAS (…)` or `no .wbrules
 * form — action __typename ARIATriggeredAction` from the decompiler's
 * message; one line, without the automation's name.
 */
function reasonText(message: string): string {
  const text = message
    .replace(/^automation "(?:[^"\\]|\\.)*"(?: cannot be written as a rule)?: /, '')
    .replace(/\s*[\r\n]+\s*/g, ' ');
  const typed = /^the (event|action) type "([^"]*)" has no \.wbrules form(.*)$/.exec(text);
  if (typed !== null) return `no .wbrules form — ${typed[1]} type ${typed[2]}${typed[3]}`;
  const unknown = /^the saved (event|action|scope) is an? "([^"]*)", which \.wbrules cannot express$/.exec(text);
  if (unknown !== null) return `no .wbrules form — ${unknown[1]} __typename ${unknown[2]}`;
  return text;
}
