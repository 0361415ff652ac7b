import { createHash } from 'node:crypto';
import { type CompileSource, compile, type IdMap, type ScopeName } from '@wbrules/compiler';
import { type Diagnostic, LineIndex } from '@wbrules/dsl';
import { capabilityDiagnostics } from './capability-warnings.js';
import { inexpressibleReason } from './inexpressible.js';
import { listedScopeName } from './listed-scope.js';
import {
  computePlan,
  type DesiredAutomation,
  type ExistingAutomation,
  identityKey,
  type KeepReason,
  type Plan,
  planFormat,
  sameAutomation,
  savedIdentity,
  savedScopeType,
} from './plan.js';
import { resolveIds } from './resolve-ids.js';
import { savedDerivedName } from './saved-derived-name.js';
import type { ListedTrigger, SavedTrigger, WandbApi } from '../client/wandb-api.js';

/**
 * `wbrules plan` without the printing: compile the files, resolve every
 * name to its ID on the server, compile again with those IDs, list the
 * automations of every entity the rules' scopes belong to (all pages), and
 * compute the plan. Compile and resolution errors stop it before any
 * listing; server and network failures reject. A saved automation that
 * holds the API key (`GraphQLClient.holdsSecret`) is kept as it is and
 * named by its ID only, and one wbrules cannot write as a rule
 * (`inexpressibleReason`) is kept with the reason (see `plan.ts`).
 */

/** Options for {@link makePlan}. */
export interface MakePlanOptions {
  /** The server's base URL, recorded in the plan (a saved plan applies there only). */
  readonly server: string;
  readonly prune?: boolean;
  /** `--keep`: globs over names; matching automations no rule names are never pruned. */
  readonly keepNames?: readonly string[];
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number;
  /**
   * `--strict-capabilities`: a rule that needs a feature flag the server
   * does not enable (WR5301) is an error, not a warning. Either way the
   * check runs only once `api.capabilities()` has answered.
   */
  readonly strictCapabilities?: boolean;
}

/** What {@link makePlan} produced. */
export interface MakePlanResult {
  /** Absent when a diagnostic is an error. */
  readonly plan: Plan | undefined;
  /** Every diagnostic, notes and warnings included. */
  readonly diagnostics: readonly Diagnostic[];
  /** GraphQL operations sent: scope and integration lookups, then listing pages. */
  readonly requests: number;
  /** Of those, the listing pages. */
  readonly listingRequests: number;
}

/** Makes the plan for `sources` against the server behind `api`. */
export async function makePlan(
  sources: readonly CompileSource[],
  api: WandbApi,
  options: MakePlanOptions,
): Promise<MakePlanResult> {
  const before = api.client.stats.requests;
  const requests = () => api.client.stats.requests - before;
  const first = compile(sources);
  if (first.diagnostics.some((d) => d.severity === 'error'))
    return { plan: undefined, diagnostics: first.diagnostics, requests: 0, listingRequests: 0 };
  const resolved = await resolveIds(first.automations, api, { concurrency: options.concurrency ?? 8 });
  if (resolved.diagnostics.length > 0) {
    return {
      plan: undefined,
      diagnostics: [...first.diagnostics, ...resolved.diagnostics],
      requests: requests(),
      listingRequests: 0,
    };
  }
  const compiled = compile(sources, { ids: resolved.ids });
  if (compiled.diagnostics.some((d) => d.severity === 'error'))
    return { plan: undefined, diagnostics: compiled.diagnostics, requests: requests(), listingRequests: 0 };
  const capabilities = api.knownCapabilities;
  const gated =
    capabilities === undefined
      ? []
      : capabilityDiagnostics(compiled.automations, capabilities, { strict: options.strictCapabilities === true });
  if (gated.some((d) => d.severity === 'error'))
    return {
      plan: undefined,
      diagnostics: [...compiled.diagnostics, ...gated],
      requests: requests(),
      listingRequests: 0,
    };

  const texts = new Map(sources.map((s) => [s.file, new LineIndex(s.text)]));
  const entityOf = (kind: string, path: string): string => {
    const head = path.split('/')[0] ?? path;
    return kind === 'registry' || kind === 'org' ? (resolved.orgEntities[head] ?? head) : head;
  };
  const textOf = new Map(sources.map((s) => [s.file, s.text]));
  // What each rule calls its integration (the word its derived name spells).
  const localIntegration = new Map<DesiredAutomation, string>();
  const desired: DesiredAutomation[] = compiled.automations.map((a) => {
    const at = (texts.get(a.file) as LineIndex).locate(a.span.start);
    const rule: DesiredAutomation = {
      name: a.name,
      derivedName: a.derivedName,
      scope: { kind: a.scope.kind, path: a.scope.path, type: a.scope.type, id: a.input.scopeID ?? '' },
      entity: entityOf(a.scope.kind, a.scope.path),
      input: a.input,
      source: { file: a.file, line: at.line, column: at.column, start: a.span.start, end: a.span.end },
    };
    const span = a.integration?.span;
    if (span !== undefined) localIntegration.set(rule, (textOf.get(a.file) ?? '').slice(span.start, span.end));
    return rule;
  });
  const entities = [...new Set(desired.map((d) => d.entity))].sort(compareStrings);
  const beforeListing = api.client.stats.requests;
  const listed = await listEntities(api, entities, options.concurrency ?? 8);
  const listingRequests = api.client.stats.requests - beforeListing;

  const known = knownScopes(resolved.ids);
  const orgNames = new Map(Object.entries(resolved.orgEntities).map(([org, entity]) => [entity, org]));
  const integrations = await knownIntegrations(api, resolved.ids, entities, listed);
  // A saved automation that already means what a rule says is one a rule writes: no need to decompile it.
  const rulesByIdentity = new Map(
    desired.map((d) => [identityKey(d.input.scopeType, d.input.scopeID ?? d.scope.id, d.name), d.input]),
  );
  const verdicts = new Map<string, KeepReason>();
  const scopeNames = new Map<string, ReturnType<typeof listedScopeName>>();
  const existing: ExistingAutomation[] = listed.map(({ trigger, entity }) => {
    const name = listedScopeName(trigger, { known, orgNames });
    scopeNames.set(trigger.id, name);
    if (api.client.holdsSecret(trigger)) verdicts.set(trigger.id, { why: 'secret' });
    else {
      const rule = rulesByIdentity.get(savedIdentity(trigger));
      const same = rule !== undefined && sameAutomation(trigger, rule as unknown as Readonly<Record<string, unknown>>);
      const reason = same ? undefined : inexpressibleReason(trigger, name, { integrations, entities });
      if (reason !== undefined) verdicts.set(trigger.id, { why: 'inexpressible', reason });
    }
    return {
      trigger,
      entity,
      scope: { kind: name.kind, path: name.path, type: savedScopeType(trigger), id: trigger.scope.id },
    };
  });
  const keep = (trigger: SavedTrigger) => verdicts.get(trigger.id);
  // A saved automation is decompiled once per integration word, however many rules look at it.
  const derivedNames = new Map<string, string | undefined>();
  const { plan, diagnostics } = computePlan(desired, existing, {
    prune: options.prune === true,
    keep,
    derivedNameOf: (saved, rule) => {
      const scope = scopeNames.get(saved.trigger.id);
      if (scope === undefined) return undefined;
      const local = localIntegration.get(rule);
      const key = `${saved.trigger.id}\u0000${local ?? ''}`;
      if (!derivedNames.has(key)) derivedNames.set(key, savedDerivedName(saved.trigger, scope, local));
      return derivedNames.get(key);
    },
    ...(options.keepNames === undefined ? {} : { keepNames: options.keepNames }),
  });
  const all = [...compiled.diagnostics, ...gated, ...diagnostics];
  const derived = new Set(desired.filter((d) => d.derivedName === true).map((d) => placeKey(d.source)));
  const derivedCount = [...plan.changes, ...plan.unchanged].filter(
    (entry) => entry.source !== undefined && derived.has(placeKey(entry.source)),
  ).length;
  if (diagnostics.some((d) => d.severity === 'error'))
    return { plan: undefined, diagnostics: all, requests: requests(), listingRequests };
  return {
    plan: {
      format: planFormat,
      server: options.server,
      prune: plan.prune,
      entities,
      sources: sources.map((s) => ({ file: s.file, sha256: sha256(s.text) })),
      summary: plan.summary,
      changes: plan.changes,
      unchanged: plan.unchanged,
      unmanaged: plan.unmanaged,
      kept: plan.kept,
      integrations: integrationLabels(
        resolved.ids,
        listed.filter((l) => keep(l.trigger)?.why !== 'secret'),
      ),
      derivedNames: derivedCount,
    },
    diagnostics: all,
    requests: requests(),
    listingRequests,
  };
}

/** A listed automation and the entity whose listing held it. */
export interface ListedInEntity {
  readonly trigger: ListedTrigger;
  readonly entity: string;
}

/**
 * Every automation of each entity (all pages), each once even if two
 * listings hold it. An entity the server does not know has none. The
 * entities are listed together, a page of each of up to
 * `api.listingsPerDocument` entities per request
 * (`WandbApi.listAutomationsWithScopesOf`, whose `concurrency` bounds the
 * requests in flight; the third argument is no longer used).
 */
export async function listEntities(
  api: WandbApi,
  entities: readonly string[],
  _concurrency = 8,
): Promise<ListedInEntity[]> {
  const listings = await api.listAutomationsWithScopesOf(entities);
  const seen = new Set<string>();
  const out: ListedInEntity[] = [];
  entities.forEach((entity, i) => {
    for (const trigger of listings[i] ?? []) {
      if (seen.has(trigger.id)) continue;
      seen.add(trigger.id);
      out.push({ trigger, entity });
    }
  });
  return out;
}

/**
 * The IDs of the integrations a rule of this run could name: those the
 * rules' IDs resolved to, and, only when a saved automation uses another
 * one, those of the listed entities (one more request per entity). An
 * integration of any other entity cannot be named, so an automation that
 * uses it is kept (see `inexpressibleReason`).
 */
async function knownIntegrations(
  api: WandbApi,
  ids: IdMap,
  entities: readonly string[],
  listed: readonly ListedInEntity[],
): Promise<Set<string>> {
  const known = new Set([...Object.values(ids.webhooks ?? {}), ...Object.values(ids.slack ?? {})]);
  const used = listed.map(({ trigger }) => integrationIdOf(trigger)).filter((id) => id !== undefined);
  if (used.every((id) => known.has(id))) return known;
  const listings = await api.listIntegrationsOf(entities);
  for (const nodes of listings) for (const node of nodes ?? []) if (node.id !== undefined) known.add(node.id);
  return known;
}

function integrationIdOf(trigger: ListedTrigger): string | undefined {
  const integration = trigger.action.integration as { id?: unknown } | null | undefined;
  return typeof integration?.id === 'string' ? integration.id : undefined;
}

/** The SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function knownScopes(ids: IdMap): Map<string, ScopeName> {
  const known = new Map<string, ScopeName>();
  const sections: [keyof IdMap, ScopeName['kind']][] = [
    ['projects', 'project'],
    ['registries', 'registry'],
    ['collections', 'collection'],
    ['teams', 'team'],
    ['orgs', 'org'],
  ];
  for (const [section, kind] of sections)
    for (const [path, id] of Object.entries(ids[section] ?? {})) if (!known.has(id)) known.set(id, { kind, path });
  return known;
}

/** `id → "entity/name"` for every integration the rules name, and the names saved automations show. */
function integrationLabels(ids: IdMap, listed: readonly ListedInEntity[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const { trigger, entity } of listed) {
    const integration = trigger.action.integration as
      | { id?: unknown; name?: unknown; channelName?: unknown }
      | null
      | undefined;
    if (integration === null || integration === undefined || typeof integration.id !== 'string') continue;
    const name =
      typeof integration.name === 'string'
        ? integration.name
        : typeof integration.channelName === 'string'
          ? integration.channelName
          : undefined;
    if (name !== undefined) labels[integration.id] = `${entity}/${name}`;
  }
  for (const section of ['webhooks', 'slack'] as const)
    for (const [key, id] of Object.entries(ids[section] ?? {})) labels[id] = key;
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => compareStrings(a, b)));
}

function placeKey(source: { readonly file: string; readonly start: number }): string {
  return `${source.file}\u0000${source.start}`;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
