import { parse, print, visit } from 'graphql';
import { GraphQLResponseError, HttpStatusError } from './client-errors.js';
import { type GraphQLOperation, operation } from './documents.js';
import type { GraphQLClient } from './graphql-client.js';

/**
 * What a W&B server advertises it can do, and what the client does with
 * it. The wandb SDK asks `serverInfo { features { name isEnabled } }`
 * before it sends automation documents (spec §3.1, §8.1, §8.3); so does
 * wbrules, once per command, and from then on:
 *
 * - strips the fragments on types the server's schema may lack, their
 *   definitions and their spreads (spec §8.1): `EntityScopeFields` without
 *   `AUTOMATION_SCOPE_ENTITY`, `AriaActionFields` without
 *   `AUTOMATION_ACTION_ARIA`. (`QueueJobActionFields`, which the SDK always
 *   strips, is kept: its type is in every schema, so sending it is harmless.)
 * - lists automations with `Entity.triggers` only where the server has
 *   `QUERY_AUTOMATIONS_ON_ENTITY` (server v0.83+), else by walking the
 *   entity's projects (`GetEntityAutomationsLegacy`, spec §8.3);
 * - tells which rules need a flag the server does not enable (spec §3.1's
 *   gate column), for the caller to warn about: never a refusal here, since
 *   the SDK's hard gate is the bug users hit (spec §11).
 *
 * A server whose `ServerInfo` has no `features` field (older servers)
 * enables none of the flags.
 */

/** The feature flags the SDK checks, and the one that enables the entity listing. */
export const featureFlags = {
  scopeEntity: 'AUTOMATION_SCOPE_ENTITY',
  actionAria: 'AUTOMATION_ACTION_ARIA',
  queryOnEntity: 'QUERY_AUTOMATIONS_ON_ENTITY',
} as const;

/** The events gated by `AUTOMATION_EVENT_<event>` (spec §3.1); the others are assumed supported everywhere. */
export const gatedEvents: readonly string[] = [
  'UNLINK_ARTIFACT',
  'ADD_ARTIFACT_TAG',
  'REMOVE_ARTIFACT_TAG',
  'ADD_COLLECTION_TAG',
  'REMOVE_COLLECTION_TAG',
  'RUN_METRIC_ZSCORE',
];

/** Actions every server has; any other is gated by `AUTOMATION_ACTION_<type>` (spec §3.1). */
const ungatedActions: readonly string[] = ['NOTIFICATION', 'GENERIC_WEBHOOK', 'NO_OP'];

/** What a server advertises. */
export interface ServerCapabilities {
  /** Whether `ServerInfo` has a `features` field at all (older servers do not). */
  readonly featuresField: boolean;
  /** Every feature the server lists, with whether it is enabled, in the server's order. */
  readonly features: readonly { readonly name: string; readonly isEnabled: boolean }[];
}

/** Whether the server enables `flag`. */
export function enables(capabilities: ServerCapabilities, flag: string): boolean {
  return capabilities.features.some((f) => f.name === flag && f.isEnabled);
}

/** The fragments to strip from every document sent to a server with these capabilities (spec §8.1). */
export function strippedFragments(capabilities: ServerCapabilities): string[] {
  const out: string[] = [];
  if (!enables(capabilities, featureFlags.scopeEntity)) out.push('EntityScopeFields');
  if (!enables(capabilities, featureFlags.actionAria)) out.push('AriaActionFields');
  return out;
}

/** Which listing of an entity's automations the client uses: `Entity.triggers`, or the legacy walk of its projects. */
export function listingKind(capabilities: ServerCapabilities): 'entity' | 'legacy' {
  return enables(capabilities, featureFlags.queryOnEntity) ? 'entity' : 'legacy';
}

/** One flag an automation needs, and what needs it (`the scope type ENTITY`). */
export interface GateNeed {
  readonly flag: string;
  /** `scope` | `event` | `action`. */
  readonly part: 'scope' | 'event' | 'action';
  /** The wire value that needs the flag (`ENTITY`, `RUN_METRIC_ZSCORE`, `ARIA`). */
  readonly value: string;
}

/** The flags a create input needs (spec §3.1's gate column), in scope, event, action order. */
export function gateNeeds(input: {
  readonly scopeType?: unknown;
  readonly triggeringEventType?: unknown;
  readonly triggeredActionType?: unknown;
}): GateNeed[] {
  const needs: GateNeed[] = [];
  if (input.scopeType === 'ENTITY') needs.push({ flag: featureFlags.scopeEntity, part: 'scope', value: 'ENTITY' });
  const event = input.triggeringEventType;
  if (typeof event === 'string' && gatedEvents.includes(event))
    needs.push({ flag: `AUTOMATION_EVENT_${event}`, part: 'event', value: event });
  const action = input.triggeredActionType;
  if (typeof action === 'string' && !ungatedActions.includes(action))
    needs.push({ flag: `AUTOMATION_ACTION_${action}`, part: 'action', value: action });
  return needs;
}

/** The flags a create input needs that the server does not enable. */
export function missingFlags(capabilities: ServerCapabilities, input: Parameters<typeof gateNeeds>[0]): GateNeed[] {
  return gateNeeds(input).filter((need) => !enables(capabilities, need.flag));
}

/** The query (spec §3.1). */
export const serverFeaturesQuery = operation(
  'ServerFeatures',
  'query ServerFeatures { serverInfo { features { name isEnabled } } }',
);

/**
 * Asks the server. A server that refuses the query because `ServerInfo`
 * has no `features` field (a GraphQL validation error), or that answers no
 * `serverInfo`, enables nothing; any other failure is the client's error.
 */
export async function fetchCapabilities(client: GraphQLClient): Promise<ServerCapabilities> {
  try {
    const data = await client.request<{
      serverInfo: { features: readonly { name: string; isEnabled: boolean }[] | null } | null;
    }>(serverFeaturesQuery, {});
    const features = data.serverInfo?.features;
    if (features === undefined || features === null) return { featuresField: false, features: [] };
    return {
      featuresField: true,
      features: features
        .filter((f) => typeof f?.name === 'string')
        .map((f) => ({ name: f.name, isEnabled: f.isEnabled === true })),
    };
  } catch (error) {
    if (
      (error instanceof GraphQLResponseError || error instanceof HttpStatusError) &&
      error.serverMessages.some((m) => /"features"/.test(m) && /ServerInfo/.test(m))
    )
      return { featuresField: false, features: [] };
    throw error;
  }
}

/**
 * `op` without the named fragments: their definitions and every spread of
 * them removed (spec §8.1's compatibility rewriting). A document that uses
 * none of them is returned as it is.
 */
export function stripFragments(op: GraphQLOperation, names: readonly string[]): GraphQLOperation {
  const used = names.filter((name) => new RegExp(`\\.\\.\\.${name}\\b`).test(op.document));
  if (used.length === 0) return op;
  const drop = new Set(used);
  const stripped = visit(parse(op.document), {
    FragmentSpread: (node) => (drop.has(node.name.value) ? null : undefined),
    FragmentDefinition: (node) => (drop.has(node.name.value) ? null : undefined),
  });
  // A selection set left empty cannot be sent; none of the SDK's documents spreads only stripped fragments.
  visit(stripped, {
    SelectionSet: (node) => {
      if (node.selections.length === 0) throw new Error(`stripping ${used.join(', ')} empties ${op.name}`);
    },
  });
  return { name: op.name, document: print(stripped) };
}

/**
 * The document rewriter for a client talking to a server with these
 * capabilities: each operation is stripped once, then remembered.
 */
export function documentRewriter(capabilities: ServerCapabilities): (op: GraphQLOperation) => GraphQLOperation {
  const names = strippedFragments(capabilities);
  const cache = new Map<string, GraphQLOperation>();
  return (op) => {
    if (names.length === 0) return op;
    let out = cache.get(op.document);
    if (out === undefined) {
      out = stripFragments(op, names);
      cache.set(op.document, out);
    }
    return out;
  };
}
