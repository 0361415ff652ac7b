import { type CompiledAutomation, didYouMean, type IdMap, type IntegrationRef, type ScopeRef } from '@wbrules/compiler';
import { mapLimit } from '../client/map-limit.js';
import type { Diagnostic, DiagnosticCode, Fix, Span } from '@wbrules/dsl';
import type {
  CollectionLookup,
  EntityNode,
  IntegrationNode,
  NamedNode,
  RegistryLookup,
  WandbApi,
} from '../client/wandb-api.js';
import { registryProjectPrefix as registryPrefix } from '@wbrules/compiler';

/**
 * Names to IDs: the compiler's symbolic scope and integration references,
 * looked up on a W&B server and returned as the ID map `wbrules compile
 * --ids` reads.
 *
 * Batched and cached: each distinct scope is looked up once (spec §10.1's
 * lookups, the registry through its organization's org entity, the
 * collection through its project's artifact types), all the scopes of one
 * kind in one aliased request of up to `api.lookupsPerDocument` (50) names;
 * and each entity's integrations are listed once, the entities together (a
 * page of 100 of each, up to 50 entities a request), however many rules use
 * them. So resolving costs about
 *
 *     Σ over scope kinds ⌈names / 50⌉ + ⌈integration entities / 50⌉ × pages
 *
 * requests (a kind with one name sends the single document), plus, only for
 * names the server does not know, the listings that feed "did you mean". A
 * server that refuses an aliased document is asked one name per request
 * instead (`WandbApi`), with the same result.
 *
 * Integrations of a rule in a `registry` or `org` scope are named by the
 * organization in the source; they are listed in the organization's org
 * entity, whose name the scope lookup returned. When the organization has
 * no integration of that name, the teams that have one are named, with the
 * `"TEAM/NAME"` spelling that uses a team's integration. The schema wbrules
 * speaks has no way to list an organization's teams, so the teams searched
 * are those the run already knows: the entities of the other scopes and
 * integrations the rules name.
 *
 * Unknown names become error diagnostics at the scope's path, or at the
 * action's integration name, in the `.wbrules` source, one per place
 * written. Server and network failures are not diagnostics: they reject.
 */

/** Options for {@link resolveIds}. */
export interface ResolveIdsOptions {
  /** Lookups in flight at once. Default 8. */
  readonly concurrency?: number;
}

/** What {@link resolveIds} found. */
export interface ResolveIdsResult {
  /** Every name that resolved, sections and keys sorted (deterministic output). */
  readonly ids: IdMap;
  /** One error per unknown name per place it is written. */
  readonly diagnostics: readonly Diagnostic[];
  /** GraphQL requests this resolution sent. */
  readonly requests: number;
  /** Distinct scopes looked up. */
  readonly scopes: number;
  /** Distinct entities whose integrations were listed. */
  readonly integrationEntities: number;
  /**
   * The org entity of each organization a registry or org scope names
   * (organization name → org entity name): where the automations of those
   * scopes are listed.
   */
  readonly orgEntities: Readonly<Record<string, string>>;
}

/** A problem with one name, before it is placed at each use. */
interface Problem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly hints: readonly string[];
  /** A path to offer as the fix for a scope path. */
  readonly replacement?: string;
}

type ScopeOutcome = { readonly id: string; readonly orgEntity?: string } | { readonly problem: Problem };

const scopeSections = {
  project: 'projects',
  registry: 'registries',
  collection: 'collections',
  team: 'teams',
  org: 'orgs',
} as const;

/** Resolves every scope and integration the automations use. Rejects only on server or network failure. */
export async function resolveIds(
  automations: readonly CompiledAutomation[],
  api: WandbApi,
  options: ResolveIdsOptions = {},
): Promise<ResolveIdsResult> {
  const before = api.client.stats.requests;
  const limit = options.concurrency ?? 8;
  const diagnostics: Diagnostic[] = [];

  const scopes = new Map<string, { ref: ScopeRef; uses: CompiledAutomation[] }>();
  for (const automation of automations) {
    const key = `${automation.scope.kind}\u0000${automation.scope.path}`;
    const entry = scopes.get(key) ?? { ref: automation.scope, uses: [] };
    entry.uses.push(automation);
    scopes.set(key, entry);
  }
  const scopeEntries = [...scopes.values()];
  const found = await lookupScopes(
    api,
    scopeEntries.map((e) => e.ref),
  );
  const scopeOutcomes = await mapLimit(scopeEntries, limit, ({ ref }, i) => scopeOutcome(api, ref, found[i]));

  const sections: Record<string, Record<string, string>> = {};
  const put = (section: string, key: string, id: string) => {
    sections[section] ??= Object.create(null) as Record<string, string>;
    (sections[section] as Record<string, string>)[key] = id;
  };
  /** Organization name → org entity name, learned from registry and org lookups. */
  const orgEntities = new Map<string, string>();
  scopeEntries.forEach(({ ref, uses }, i) => {
    const outcome = scopeOutcomes[i] as ScopeOutcome;
    if ('problem' in outcome) {
      for (const use of distinctPlaces(uses, (a) => a.scope.span))
        diagnostics.push(placed(outcome.problem, use.file, use.span));
      return;
    }
    put(scopeSections[ref.kind], ref.path, outcome.id);
    if (outcome.orgEntity !== undefined) orgEntities.set(ref.entity, outcome.orgEntity);
  });

  // Integrations: one listing per entity where they are looked up.
  const uses = automations.filter(
    (a): a is CompiledAutomation & { integration: IntegrationRef } => a.integration !== undefined,
  );
  const listingEntity = (a: CompiledAutomation & { integration: IntegrationRef }): string =>
    inOrganization(a) ? (orgEntities.get(a.integration.entity) ?? a.integration.entity) : a.integration.entity;
  const entities = [...new Set(uses.map(listingEntity))];
  const listings = await api.listIntegrationsOf(entities);
  const byEntity = new Map<string, IntegrationNode[] | null>(
    entities.map((entity, i) => [entity, listings[i] as IntegrationNode[] | null]),
  );
  const integrationProblems = new Map<string, Problem>();
  /** Entities that may be teams of an organization, once one is needed (see {@link knownTeams}). */
  let known: Map<string, boolean> | undefined;
  for (const use of distinctPlaces(uses, (a) => a.integration?.span)) {
    const automation = use.automation as CompiledAutomation & { integration: IntegrationRef };
    const ref = automation.integration;
    const entity = listingEntity(automation);
    const problemKey = `${ref.kind}\u0000${ref.key}\u0000${entity}`;
    let problem = integrationProblems.get(problemKey);
    if (problem === undefined) {
      const found = matchIntegration(ref, entity, byEntity.get(entity) ?? null);
      if ('id' in found) {
        put(ref.kind === 'webhook' ? 'webhooks' : 'slack', ref.key, found.id);
        continue;
      }
      problem = found.problem;
      if (inOrganization(automation) && byEntity.get(entity) !== null) {
        known ??= knownTeams(automations, orgEntities);
        const teams = await teamsWith(ref, known, byEntity, api, limit);
        problem = organizationProblem(problem, ref, teams);
      }
      integrationProblems.set(problemKey, problem);
    }
    diagnostics.push(placed(problem, use.file, use.span));
  }

  return {
    ids: sortedIdMap(sections),
    diagnostics,
    requests: api.client.stats.requests - before,
    scopes: scopeEntries.length,
    integrationEntities: entities.length,
    orgEntities: Object.fromEntries([...orgEntities].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** Whether a rule's integration is looked up in its organization: a registry or org scope, and no `"TEAM/NAME"`. */
function inOrganization(a: CompiledAutomation & { integration: IntegrationRef }): boolean {
  return (a.scope.kind === 'registry' || a.scope.kind === 'org') && a.integration.entity === a.scope.entity;
}

/**
 * The entities the run knows that may be teams of an organization (the
 * schema cannot list an organization's teams): those of the project,
 * collection and team scopes and of the integrations the rules name, but
 * not the organizations themselves. Each is marked when a team scope
 * already shows it is a team.
 */
function knownTeams(
  automations: readonly CompiledAutomation[],
  orgEntities: ReadonlyMap<string, string>,
): Map<string, boolean> {
  const orgs = new Set<string>();
  for (const a of automations) {
    if (a.scope.kind === 'registry' || a.scope.kind === 'org') {
      orgs.add(a.scope.entity);
      orgs.add(orgEntities.get(a.scope.entity) ?? a.scope.entity);
    }
  }
  const known = new Map<string, boolean>();
  const add = (entity: string, team: boolean) => {
    if (!orgs.has(entity)) known.set(entity, team || known.get(entity) === true);
  };
  for (const a of automations) {
    if (a.scope.kind !== 'registry' && a.scope.kind !== 'org') add(a.scope.entity, a.scope.kind === 'team');
    if (a.integration !== undefined) add(a.integration.entity, false);
  }
  return known;
}

/**
 * The known teams that have an integration of `ref`'s kind and name,
 * sorted. Their integrations are listed if the run has not listed them yet,
 * and an entity no team scope vouches for is looked up once (and marked
 * when it is a team), so only teams are named. Costs requests only when a
 * name is missing from the organization.
 */
async function teamsWith(
  ref: IntegrationRef,
  known: Map<string, boolean>,
  byEntity: Map<string, IntegrationNode[] | null>,
  api: WandbApi,
  limit: number,
): Promise<string[]> {
  const unlisted = [...known.keys()].filter((e) => !byEntity.has(e));
  const listings = await api.listIntegrationsOf(unlisted);
  for (const [i, entity] of unlisted.entries()) byEntity.set(entity, listings[i] ?? null);
  const having = [...known.keys()]
    .filter((entity) => 'id' in matchIntegration(ref, entity, byEntity.get(entity) ?? null))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const teams = await mapLimit(having, limit, async (entity) => {
    if (!known.get(entity)) {
      if ((await api.lookupEntity(entity))?.entityType !== 'team') {
        known.delete(entity);
        return false;
      }
      known.set(entity, true);
    }
    return true;
  });
  return having.filter((_, i) => teams[i]);
}

/**
 * The problem of an integration missing from an organization, said as the
 * organization's, with the teams that have one and how to name theirs.
 */
function organizationProblem(problem: Problem, ref: IntegrationRef, teams: readonly string[]): Problem {
  const kind = ref.kind === 'webhook' ? 'webhook integration named' : 'Slack integration for the channel';
  const noun = ref.kind === 'webhook' ? 'webhook' : 'Slack channel';
  const missing = `the organization "${ref.entity}" has no ${kind} "${ref.name}"`;
  const rule = `in a registry or org scope, a name without "TEAM/" is looked up in the organization`;
  const [only] = teams;
  if (only === undefined) {
    return {
      ...problem,
      message: missing,
      hints: [...problem.hints, `To use a team's ${noun}, write "TEAM/${ref.name}" in the declaration: ${rule}.`],
    };
  }
  const which =
    teams.length === 1
      ? `the team "${only}" has one`
      : `the teams ${teams
          .map((t) => `"${t}"`)
          .join(', ')
          .replace(/, ([^,]*)$/, ' and $1')} have one`;
  return {
    code: problem.code,
    message: `${missing}, but ${which}`,
    hints: [
      teams.length === 1
        ? `Write "${only}/${ref.name}" in the declaration to use the team's ${noun}: ${rule}.`
        : `Write "TEAM/${ref.name}" in the declaration (for example "${only}/${ref.name}") to use a team's ${noun}: ${rule}.`,
    ],
  };
}

/** What the first lookup of a scope found, by kind (see {@link lookupScopes}). */
type Found = NamedNode | EntityNode | RegistryLookup | CollectionLookup | null;

/**
 * The first lookup of every scope, one aliased request per kind for up to
 * `api.lookupsPerDocument` names (projects, registries, collections,
 * teams, orgs), in the order of `refs`.
 */
async function lookupScopes(api: WandbApi, refs: readonly ScopeRef[]): Promise<Found[]> {
  const out: Found[] = new Array(refs.length).fill(null);
  const of = (kind: ScopeRef['kind']) =>
    refs.flatMap((ref, i) => (ref.kind === kind ? [{ i, parts: ref.path.split('/'), path: ref.path }] : []));
  const place = async <R extends Found>(
    kind: ScopeRef['kind'],
    look: (items: { parts: string[]; path: string }[]) => Promise<R[]>,
  ) => {
    const items = of(kind);
    if (items.length === 0) return;
    const answers = await look(items);
    items.forEach((item, j) => {
      out[item.i] = answers[j] ?? null;
    });
  };
  await Promise.all([
    place('project', (items) =>
      api.lookupProjects(items.map(({ parts: [entity = '', name = ''] }) => ({ entity, name }))),
    ),
    place('registry', (items) =>
      api.lookupRegistries(items.map(({ parts: [org = '', name = ''] }) => ({ org, name }))),
    ),
    place('collection', (items) =>
      api.lookupCollections(
        items.map(({ parts: [entity = '', project = '', name = ''] }) => ({ entity, project, name })),
      ),
    ),
    place('team', (items) => api.lookupEntities(items.map((item) => item.path))),
    place('org', (items) => api.lookupOrgs(items.map((item) => item.path))),
  ]);
  return out;
}

/** What a scope's first lookup found, said as its ID or its problem (with "did you mean", which may cost requests). */
async function scopeOutcome(api: WandbApi, ref: ScopeRef, first: Found | undefined): Promise<ScopeOutcome> {
  const parts = ref.path.split('/');
  switch (ref.kind) {
    case 'project': {
      const [entity = '', name = ''] = parts;
      const project = (first ?? null) as NamedNode | null;
      if (project !== null) return { id: project.id };
      return {
        problem: await unknownProject(
          api,
          entity,
          name,
          (p) => `${entity}/${p}`,
          `the server has no project "${ref.path}"`,
        ),
      };
    }
    case 'registry': {
      const [org = '', name = ''] = parts;
      const found = (first ?? null) as RegistryLookup | null;
      if (found === null)
        return { problem: unknownOrg(org, `the server has no organization "${org}" (for the registry "${ref.path}")`) };
      if (found.project !== null) return { id: found.project.id, orgEntity: found.orgEntity.name };
      const names = ((await api.listProjectNames(found.orgEntity.name)) ?? [])
        .filter((p) => p.startsWith(registryPrefix) && p.length > registryPrefix.length)
        .map((p) => p.slice(registryPrefix.length));
      return {
        problem: withSuggestion(
          { code: 'WR5102', message: `the organization "${org}" has no registry "${name}"`, hints: [] },
          name,
          names,
          (n) => `${org}/${n}`,
          `The organization "${org}" has the registries`,
        ),
      };
    }
    case 'collection': {
      const [entity = '', project = '', name = ''] = parts;
      const found = (first ?? null) as CollectionLookup | null;
      if (found === null) {
        return {
          problem: await unknownProject(
            api,
            entity,
            project,
            (p) => `${entity}/${p}/${name}`,
            `the server has no project "${entity}/${project}" (for the collection "${ref.path}")`,
          ),
        };
      }
      const [only, ...more] = found.matches;
      if (only !== undefined && more.length === 0) return { id: only.collection.id };
      if (only !== undefined) {
        return {
          problem: {
            code: 'WR5104',
            message: `the collection name "${name}" is found under ${found.matches.length} artifact types of project "${entity}/${project}": ${found.matches.map((m) => `"${m.type}"`).join(', ')}`,
            hints: [
              'A collection path names no artifact type, so wbrules cannot tell these apart; rename one of the collections in W&B.',
            ],
          },
        };
      }
      if (found.types.length === 0) {
        return {
          problem: {
            code: 'WR5103',
            message: `the project "${entity}/${project}" has no artifact types, so it has no collection "${name}"`,
            hints: [],
          },
        };
      }
      const names = new Set<string>();
      for (const type of found.types.slice(0, 10))
        for (const n of await api.listCollectionNames(entity, project, type)) names.add(n);
      return {
        problem: withSuggestion(
          {
            code: 'WR5103',
            message: `no artifact type of project "${entity}/${project}" has a collection "${name}" (searched ${found.types.map((t) => `"${t}"`).join(', ')})`,
            hints: [],
          },
          name,
          [...names],
          (n) => `${entity}/${project}/${n}`,
          `The project "${entity}/${project}" has the collections`,
        ),
      };
    }
    case 'team': {
      const entity = (first ?? null) as EntityNode | null;
      if (entity === null)
        return { problem: { code: 'WR5105', message: `the server has no team "${ref.path}"`, hints: [] } };
      if (entity.entityType === 'team') return { id: entity.id };
      const hints = entity.entityType === 'organization' ? [`Write org "${ref.path}" for an organization scope.`] : [];
      const what =
        entity.entityType === 'organization' ? 'an organization entity' : `a ${entity.entityType ?? 'user'} entity`;
      return { problem: { code: 'WR5105', message: `"${ref.path}" is ${what}, not a team`, hints } };
    }
    case 'org': {
      const orgEntity = (first ?? null) as EntityNode | null;
      if (orgEntity === null) return { problem: unknownOrg(ref.path, `the server has no organization "${ref.path}"`) };
      return { id: orgEntity.id, orgEntity: orgEntity.name };
    }
  }
}

async function unknownProject(
  api: WandbApi,
  entity: string,
  project: string,
  path: (project: string) => string,
  message: string,
): Promise<Problem> {
  const names = await api.listProjectNames(entity);
  if (names === null) return { code: 'WR5101', message: `${message}: there is no entity "${entity}"`, hints: [] };
  const plain = names.filter((p) => !p.startsWith(registryPrefix));
  return withSuggestion(
    { code: 'WR5101', message, hints: [] },
    project,
    plain,
    path,
    `The entity "${entity}" has the projects`,
  );
}

function unknownOrg(org: string, message: string): Problem {
  return {
    code: 'WR5106',
    message,
    hints: [`Organization names are case-sensitive; check "${org}" in W&B's organization settings.`],
  };
}

/** Adds "did you mean" (with a fix) when a candidate is close, else lists a few of the candidates. */
function withSuggestion(
  problem: Problem,
  name: string,
  candidates: readonly string[],
  path: (candidate: string) => string,
  listIntro: string,
): Problem {
  const suggestion = didYouMean(name, candidates);
  if (suggestion !== undefined)
    return { ...problem, hints: [`Did you mean "${path(suggestion)}"?`], replacement: path(suggestion) };
  if (candidates.length === 0) return problem;
  return { ...problem, hints: [`${listIntro} ${listNames(candidates)}.`] };
}

function matchIntegration(
  ref: IntegrationRef,
  entity: string,
  nodes: readonly IntegrationNode[] | null,
): { id: string } | { problem: Problem } {
  const webhook = ref.kind === 'webhook';
  const code: DiagnosticCode = webhook ? 'WR5107' : 'WR5108';
  if (nodes === null) {
    return {
      problem: {
        code: 'WR5109',
        message: `the server has no entity "${entity}", where the ${webhook ? 'webhook' : 'Slack channel'} "${ref.name}" is looked up`,
        hints: [],
      },
    };
  }
  const names: string[] = [];
  for (const node of nodes) {
    const name =
      webhook && node.__typename === 'GenericWebhookIntegration'
        ? (node as { name: string }).name
        : !webhook && node.__typename === 'SlackIntegration'
          ? (node as { channelName: string }).channelName
          : undefined;
    if (name === undefined) continue;
    if (name === ref.name && node.id !== undefined) return { id: node.id };
    names.push(name);
  }
  const kind = webhook ? 'webhook integration named' : 'Slack integration for the channel';
  const problem: Problem = { code, message: `the entity "${entity}" has no ${kind} "${ref.name}"`, hints: [] };
  const suggestion = didYouMean(ref.name, names);
  if (suggestion !== undefined)
    return {
      problem: { ...problem, hints: [`Did you mean "${suggestion}"? Fix the name in the integration's declaration.`] },
    };
  if (names.length > 0) {
    return {
      problem: {
        ...problem,
        hints: [`The entity "${entity}" has the ${webhook ? 'webhooks' : 'Slack channels'} ${listNames(names)}.`],
      },
    };
  }
  return {
    problem: {
      ...problem,
      hints: [
        `The entity "${entity}" has no ${webhook ? 'webhook' : 'Slack'} integrations; add one in W&B's team settings.`,
      ],
    },
  };
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 10).map((n) => `"${n}"`);
  return names.length > 10 ? `${shown.join(', ')} and ${names.length - 10} more` : shown.join(', ');
}

/** The distinct (file, span) places of a set of uses, in order; a use without a span falls back to its rule. */
function distinctPlaces(
  uses: readonly CompiledAutomation[],
  spanOf: (a: CompiledAutomation) => Span | undefined,
): { file: string; span: Span; automation: CompiledAutomation }[] {
  const seen = new Set<string>();
  const out: { file: string; span: Span; automation: CompiledAutomation }[] = [];
  for (const automation of uses) {
    const span = spanOf(automation) ?? automation.span;
    const key = `${automation.file}\u0000${span.start}\u0000${span.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ file: automation.file, span, automation });
  }
  return out;
}

function placed(problem: Problem, file: string, span: Span): Diagnostic {
  const fixes: Fix[] | undefined =
    problem.replacement === undefined
      ? undefined
      : [
          {
            title: `Change to "${problem.replacement}"`,
            edits: [{ span, newText: JSON.stringify(problem.replacement) }],
          },
        ];
  return {
    code: problem.code,
    severity: 'error',
    message: problem.message,
    span,
    file,
    ...(problem.hints.length > 0 ? { hints: problem.hints } : {}),
    ...(fixes === undefined ? {} : { fixes }),
  };
}

function sortedIdMap(sections: Record<string, Record<string, string>>): IdMap {
  const order = ['projects', 'registries', 'collections', 'teams', 'orgs', 'webhooks', 'slack'];
  const out: Record<string, Record<string, string>> = {};
  for (const section of order) {
    const entries = sections[section];
    if (entries === undefined) continue;
    const sorted: Record<string, string> = Object.create(null);
    for (const key of Object.keys(entries).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      sorted[key] = entries[key] as string;
    out[section] = sorted;
  }
  return out as IdMap;
}
