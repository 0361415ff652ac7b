import type { Diagnostic, ScopeKind, Span } from '@wbrules/dsl';
import { didYouMean } from './did-you-mean.js';
import type { ResolvedDocument, ResolvedRule } from './resolve.js';
import type { IdMap, IntegrationRef, ScopeRef } from '../model/types.js';

/**
 * Names to GraphQL IDs. The compiler never invents an ID: without an ID map
 * the payloads carry no `scopeID`/`integrationID` (the automations carry
 * symbolic `scope`/`integration` refs for the runtime to resolve); with one,
 * every ID comes from the map and a missing entry is a located error naming
 * the key looked for.
 *
 * Keys: projects `"entity/project"`, registries `"org/name"` and collections
 * `"entity/project/name"` as written in the source, teams and orgs by name,
 * webhooks and Slack channels as `"<entity>/<name>"` (`"acme/github-dispatch"`,
 * `"acme/#ml-alerts"`).
 */

/** The ID map section that holds each scope kind. */
export const scopeSections: Readonly<Record<ScopeKind, 'projects' | 'registries' | 'collections' | 'teams' | 'orgs'>> =
  {
    project: 'projects',
    registry: 'registries',
    collection: 'collections',
    team: 'teams',
    org: 'orgs',
  };

/** The ID map section that holds each integration kind. */
export const integrationSections: Readonly<Record<IntegrationRef['kind'], 'webhooks' | 'slack'>> = {
  webhook: 'webhooks',
  slack: 'slack',
};

/** Own, non-empty string entries only: a key such as `"constructor"` must not find `Object.prototype.constructor`. */
function entry(section: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  if (section === undefined || !Object.hasOwn(section, key)) return undefined;
  const value = section[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The scope's ID from the map, or `undefined`. */
export function lookupScopeId(ids: IdMap, scope: ScopeRef): string | undefined {
  return entry(ids[scopeSections[scope.kind]], scope.path);
}

/** The integration's ID from the map, or `undefined`. */
export function lookupIntegrationId(ids: IdMap, integration: IntegrationRef): string | undefined {
  return entry(ids[integrationSections[integration.kind]], integration.key);
}

/**
 * {@link lookupScopeId} and {@link lookupIntegrationId} for the rules of one
 * file, each ref looked up once: the rules under one scope share its ref, and
 * the resolver shares integration refs too, so a big file does a few hundred
 * lookups in the map instead of several per rule.
 */
export class IdLookup {
  private readonly scopeIds = new Map<ScopeRef, string | null>();
  private readonly integrationIds = new Map<IntegrationRef, string | null>();

  constructor(readonly ids: IdMap) {}

  /** The scope's ID from the map, or `undefined`. */
  scopeId(scope: ScopeRef): string | undefined {
    let id = this.scopeIds.get(scope);
    if (id === undefined) {
      id = lookupScopeId(this.ids, scope) ?? null;
      this.scopeIds.set(scope, id);
    }
    return id ?? undefined;
  }

  /** The integration's ID from the map, or `undefined`. */
  integrationId(integration: IntegrationRef): string | undefined {
    let id = this.integrationIds.get(integration);
    if (id === undefined) {
      id = lookupIntegrationId(this.ids, integration) ?? null;
      this.integrationIds.set(integration, id);
    }
    return id ?? undefined;
  }
}

/**
 * Errors for every scope and integration of a file that the map lacks: one
 * per scope as written (at its path, even when an `in` default serves many
 * rules) and one per integration use (at the action's integration name).
 */
export function idMapDiagnostics(resolved: ResolvedDocument, ids: IdMap): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const check = idMapCheck(resolved.file, ids, diagnostics);
  for (const rule of resolved.rules) check(rule);
  return diagnostics;
}

/**
 * {@link idMapDiagnostics} one rule at a time (rules of one file, in any
 * order): returns the function that checks a rule, appending to `diagnostics`.
 */
export function idMapCheck(
  file: string,
  ids: IdMap,
  diagnostics: Diagnostic[],
  lookup: IdLookup = new IdLookup(ids),
): (rule: ResolvedRule) => void {
  const reportedScopes = new Set<Span>();
  const hint = 'Refresh the ID map (wbrules resolve), or check the spelling against W&B.';
  return ({ rule, scope, integration }) => {
    if (scope !== undefined && !reportedScopes.has(scope.node.span) && lookup.scopeId(scope.ref) === undefined) {
      reportedScopes.add(scope.node.span);
      const section = scopeSections[scope.ref.kind];
      diagnostics.push({
        code: 'WR2006',
        severity: 'error',
        message: `the ID map has no ID for ${scope.ref.kind} "${scope.ref.path}" (looked for ${section}[${JSON.stringify(scope.ref.path)}])`,
        span: scope.node.path.span,
        file,
        hints: [hint],
      });
    }
    if (
      integration !== undefined &&
      (rule.action.kind === 'WebhookAction' || rule.action.kind === 'SlackAction') &&
      lookup.integrationId(integration) === undefined
    ) {
      const section = integrationSections[integration.kind];
      diagnostics.push({
        code: 'WR2007',
        severity: 'error',
        message: `the ID map has no ID for ${integration.kind} "${integration.name}" of entity "${integration.entity}" (looked for ${section}[${JSON.stringify(integration.key)}])`,
        span: rule.action.integration.span,
        file,
        hints: [hint],
      });
    }
  };
}

/** The sections an ID map may have. */
export const idMapSections = ['projects', 'registries', 'collections', 'teams', 'orgs', 'webhooks', 'slack'] as const;

/** The outcome of {@link validateIdMap}. */
export type IdMapValidation =
  | { readonly ok: true; readonly ids: IdMap }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Checks a parsed ID-map JSON value (e.g. a `--ids` file) before it is used:
 * an object whose members are the known sections, each an object mapping
 * keys to non-empty ID strings; a `$schema` string (for editors) is
 * accepted and left out of the map. Returns every problem, each one sentence
 * naming the place (`projects["acme/vision"] must be a non-empty string`).
 */
export function validateIdMap(value: unknown): IdMapValidation {
  if (!isPlainObject(value)) return { ok: false, errors: ['the ID map must be a JSON object'] };
  const errors: string[] = [];
  const ids: Record<string, Record<string, string>> = {};
  for (const [key, section] of Object.entries(value)) {
    // `$schema` names the map's JSON Schema for editors; nothing else reads it.
    if (key === '$schema') {
      if (typeof section !== 'string')
        errors.push('"$schema" must be a string (the URL or path of the JSON Schema the ID map follows)');
      continue;
    }
    if (!(idMapSections as readonly string[]).includes(key)) {
      const suggestion = didYouMean(key, idMapSections);
      errors.push(
        `unknown ID map section ${JSON.stringify(key)}${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; sections are ${idMapSections.join(', ')}`,
      );
      continue;
    }
    if (!isPlainObject(section)) {
      errors.push(`${JSON.stringify(key)} must be an object mapping names to IDs`);
      continue;
    }
    const entries: Record<string, string> = Object.create(null);
    for (const [name, id] of Object.entries(section)) {
      if (typeof id !== 'string' || id === '')
        errors.push(`${key}[${JSON.stringify(name)}] must be a non-empty string`);
      else entries[name] = id;
    }
    ids[key] = entries;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ids: ids as IdMap };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
