import type { IntegrationName, ScopeName } from '@wbrules/compiler';
import type { SavedTrigger } from '../client/wandb-api.js';
import type { ListedScopeName } from './listed-scope.js';

/** A saved automation's integration, as the listing describes it. */
export interface SavedIntegration {
  readonly id: string;
  /** What a rule would call it (webhook name or Slack channel), when the listing says. */
  readonly name: IntegrationName | undefined;
  /** How a message names it: `its webhook "ci"`, `its Slack channel "#alerts"`, `its integration`. */
  readonly label: string;
}

/** The names a saved automation is decompiled with, and its integration. */
export interface SavedNames {
  readonly scopes: Record<string, ScopeName>;
  readonly integrations: Record<string, IntegrationName>;
  readonly integration: SavedIntegration | undefined;
}

/**
 * The names to decompile a saved automation with: its scope as the plan
 * names it (a path the listing left incomplete filled with `x`, since a plan
 * decides meaning, not spelling), and its integration by what the listing
 * says of it. Only for scopes the language models (not `user`/`unknown`).
 */
export function savedNames(trigger: SavedTrigger, scope: ListedScopeName): SavedNames {
  const scopes: Record<string, ScopeName> = {
    [trigger.scope.id]: {
      kind: scope.kind as ScopeName['kind'],
      path: scope.complete ? scope.path : scope.path.replaceAll('?', 'x'),
    },
  };
  const integrations: Record<string, IntegrationName> = {};
  const listed = trigger.action.integration as
    | { __typename?: unknown; id?: unknown; name?: unknown; channelName?: unknown }
    | null
    | undefined;
  if (listed == null || typeof listed.id !== 'string') return { scopes, integrations, integration: undefined };
  let name: IntegrationName | undefined;
  let label = 'its integration';
  if (listed.__typename === 'GenericWebhookIntegration' && typeof listed.name === 'string') {
    name = { kind: 'webhook', name: listed.name };
    label = `its webhook ${JSON.stringify(listed.name)}`;
  } else if (listed.__typename === 'SlackIntegration' && typeof listed.channelName === 'string') {
    name = { kind: 'slack', name: listed.channelName };
    label = `its Slack channel ${JSON.stringify(listed.channelName)}`;
  }
  if (name !== undefined) integrations[listed.id] = name;
  return { scopes, integrations, integration: { id: listed.id, name, label } };
}
