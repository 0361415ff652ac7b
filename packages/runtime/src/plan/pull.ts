import { decompileAll, type IntegrationName, type ScopeName } from '@wbrules/compiler';
import { type Diagnostic, format, parse } from '@wbrules/dsl';
import { type ListedScopeName, listedScopeName } from './listed-scope.js';
import { mapLimit } from '../client/map-limit.js';
import type { IntegrationNode, ListedTrigger, WandbApi } from '../client/wandb-api.js';

/**
 * `wbrules pull` without the file writing: list the automations of an
 * entity, of an organization, or of both (each automation once), and write
 * each scope's automations as one formatted `.wbrules` file through the
 * decompiler — integration declarations at the top, the scope once as
 * `in SCOPE`, then the rules — so that planning the pulled files against
 * the same server shows no changes.
 *
 * Names come from the server: a scope's path from the listing's scope path
 * fields, an integration's declaration from the integrations of the entity
 * that owns the scope (or, when it belongs elsewhere, of another entity the
 * listing touched, written `ENTITY/NAME`). An automation the language
 * cannot express — a legacy event or action, a filter it has no words for,
 * an integration or scope it cannot name — is written as a comment with the
 * reason, never as an approximate rule, and counted. An automation that
 * holds the API key (`GraphQLClient.holdsSecret`: in its name or any field)
 * is not written at all, not even redacted — a rule with a changed name
 * would create a second automation on the next apply — and is reported by
 * its ID as kept.
 *
 * File names, relative to the output directory, one per scope:
 * `project/ENTITY/PROJECT.wbrules`, `registry/ORG/NAME.wbrules`,
 * `collection/ENTITY/PROJECT/NAME.wbrules`, `team/TEAM.wbrules`,
 * `org/ORG.wbrules`, and `unscoped.wbrules` for automations whose scope has
 * no name in the language. Characters other than letters, digits, `.`, `_`
 * and `-` (and a leading `.`) are written `%XX`, byte by byte in UTF-8.
 */

/** What to pull: `entity`, `org`, or both (the automations of each, every automation once). */
export interface PullOptions {
  /** Pull this entity's automations: those of its projects, of their collections, and of its team scope. */
  readonly entity?: string;
  /** Only the automations of this project of `entity` (and of its collections), of those `entity` owns. */
  readonly project?: string;
  /**
   * Pull the organization's automations as W&B lists them: those of its
   * registries, of their collections and of its org scope, and those of
   * its teams. Registry and org scopes are named with it.
   */
  readonly org?: string;
  /**
   * More entities whose integrations rules may use (`ENTITY/NAME` targets):
   * a saved automation names its integration's ID but not its entity, so
   * only the integrations of the listed scopes' entities and of these can
   * be named.
   */
  readonly integrationEntities?: readonly string[];
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number;
}

/** An automation written as a comment, and why. */
export interface SkippedAutomation {
  readonly name: string;
  readonly id: string;
  /** Why, each one line, without the automation's name (the entry has it). */
  readonly reasons: readonly string[];
}

/** An automation not written because it holds the API key; it stays on the server as it is. */
export interface KeptAutomation {
  readonly id: string;
}

/** One file to write. */
export interface PulledFile {
  /** Relative to the output directory, `/`-separated. */
  readonly path: string;
  /** The scope it holds (`unknown` kind for `unscoped.wbrules`). */
  readonly scope: { readonly kind: string; readonly path: string };
  /** Formatted `.wbrules` source. */
  readonly text: string;
  /** Automations written as rules. */
  readonly rules: number;
  /** Automations written as comments. */
  readonly skipped: readonly SkippedAutomation[];
}

/** What {@link pullAutomations} produced. */
export interface PullResult {
  /** Sorted by path. */
  readonly files: readonly PulledFile[];
  /** Automations listed (after the `project` filter). */
  readonly automations: number;
  readonly rules: number;
  readonly skipped: number;
  /** Automations not written because they hold the API key, by ID. */
  readonly kept: readonly KeptAutomation[];
  /** Warnings about rules that were written (e.g. a Slack channel saved without `#`), each naming its automation. */
  readonly warnings: readonly Diagnostic[];
  /** GraphQL operations sent. */
  readonly requests: number;
}

/** An entity or organization the server does not have. */
export class PullError extends Error {
  override readonly name = 'PullError';
}

/** Lists and decompiles; rejects with {@link PullError} for an unknown entity or organization, and on server failures. */
export async function pullAutomations(api: WandbApi, options: PullOptions): Promise<PullResult> {
  const before = api.client.stats.requests;
  const concurrency = options.concurrency ?? 8;
  if (options.entity === undefined && options.org === undefined)
    throw new PullError('give an entity or an organization to pull from');
  const [fromEntity, fromOrg] = await Promise.all([
    options.entity === undefined ? undefined : api.listAutomationsWithScopes(options.entity),
    options.org === undefined ? undefined : api.listOrgAutomationsWithScopes(options.org),
  ]);
  if (fromEntity === null) throw new PullError(`the server has no entity "${options.entity}"`);
  if (fromOrg === null) throw new PullError(`the server has no organization "${options.org}"`);
  const orgNames = new Map<string, string>();
  if (fromOrg?.orgEntity != null && options.org !== undefined) orgNames.set(fromOrg.orgEntity, options.org);
  // The same automation is in both listings when the entity is a team of the organization.
  const byId = new Map<string, ListedTrigger>();
  for (const trigger of [...(fromEntity ?? []), ...(fromOrg?.triggers ?? [])])
    if (!byId.has(trigger.id)) byId.set(trigger.id, trigger);
  let triggers = [...byId.values()];
  if (options.project !== undefined && options.entity !== undefined) {
    const entity = options.entity;
    triggers = triggers.filter((t) => ownerEntity(t) !== entity || projectOf(t) === options.project);
  }
  const listedCount = triggers.length;
  const kept: KeptAutomation[] = [];
  const withoutKey: ListedTrigger[] = [];
  for (const t of triggers) {
    if (api.client.holdsSecret(t)) kept.push({ id: t.id });
    else withoutKey.push(t);
  }
  triggers = withoutKey;

  // Name every scope; group the automations by it.
  const groups = new Map<string, { name: ListedScopeName; owner: string | undefined; triggers: ListedTrigger[] }>();
  for (const trigger of triggers) {
    const name = listedScopeName(trigger, { orgNames });
    const key = name.complete ? `${name.kind}\u0000${name.path}` : '';
    const group = groups.get(key) ?? { name, owner: ownerEntity(trigger), triggers: [] };
    group.triggers.push(trigger);
    groups.set(key, group);
  }

  // The integrations of every entity that owns a scope, to name integration IDs.
  const owners = [
    ...new Set([
      ...[...groups.values()].map((g) => g.owner).filter((o): o is string => o !== undefined),
      ...(options.integrationEntities ?? []),
    ]),
  ];
  const listings = await mapLimit(owners, concurrency, (entity) => api.listIntegrations(entity));
  const integrationsOf = new Map<string, Map<string, IntegrationName>>();
  owners.forEach((entity, i) => {
    const sourceName = orgNames.get(entity) ?? entity;
    const byId = new Map<string, IntegrationName>();
    for (const node of listings[i] ?? []) {
      const name = integrationName(node, sourceName);
      // One whose name holds the API key cannot be declared: the rules that use it are written as comments.
      if (name !== undefined && node.id !== undefined && !api.client.holdsSecret(name)) byId.set(node.id, name);
    }
    integrationsOf.set(entity, byId);
  });

  const files: PulledFile[] = [];
  const warnings: Diagnostic[] = [];
  let rules = 0;
  let skippedCount = 0;
  for (const [key, group] of groups) {
    const skipped: SkippedAutomation[] = [];
    const skip = (t: ListedTrigger, reasons: readonly string[]) =>
      skipped.push({ name: t.name, id: t.id, reasons: reasons.map((r) => oneLine(withoutSubject(r))) });
    let writable: ListedTrigger[] = [];
    if (key === '') {
      for (const t of group.triggers) skip(t, [unnamedScopeReason(group.name, options)]);
    } else {
      for (const t of group.triggers) {
        const problem = integrationProblem(t, integrationsOf);
        if (problem === undefined) writable.push(t);
        else skip(t, [problem]);
      }
    }
    const scopes: Record<string, ScopeName> = {};
    const integrations: Record<string, IntegrationName> = {};
    if (key !== '') {
      for (const t of writable)
        scopes[t.scope.id] = { kind: group.name.kind as ScopeName['kind'], path: group.name.path };
      // The owner's integrations first, so an integration is named from its own entity when it can be.
      const ordered = [...(group.owner === undefined ? [] : [group.owner]), ...owners.filter((o) => o !== group.owner)];
      for (const entity of ordered)
        for (const [id, name] of integrationsOf.get(entity) ?? []) if (!(id in integrations)) integrations[id] = name;
    }
    let text = '';
    for (let attempt = 0; writable.length > 0 && attempt < 2; attempt++) {
      const result = decompileAll(writable, { scopes, integrations });
      const failedIndexes = new Set<number>();
      result.results.forEach((r, i) => {
        if (r.rule === undefined || r.diagnostics.some((d) => d.severity === 'error')) failedIndexes.add(i);
      });
      if (failedIndexes.size === 0) {
        text = result.text;
        for (const r of result.results) warnings.push(...r.diagnostics.filter((d) => d.severity === 'warning'));
        break;
      }
      const next: ListedTrigger[] = [];
      writable.forEach((t, i) => {
        if (!failedIndexes.has(i)) next.push(t);
        else
          skip(
            t,
            (result.results[i]?.diagnostics ?? []).filter((d) => d.severity === 'error').map((d) => d.message),
          );
      });
      writable = next;
    }
    if (writable.length === 0) text = '';
    rules += writable.length;
    skippedCount += skipped.length;
    const scope = key === '' ? { kind: 'unknown', path: '' } : { kind: group.name.kind, path: group.name.path };
    files.push({
      path: key === '' ? 'unscoped.wbrules' : pullFilePath(group.name.kind, group.name.path),
      scope,
      text: fileText(scope, text, skipped),
      rules: writable.length,
      skipped,
    });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files,
    automations: listedCount,
    rules,
    skipped: skippedCount,
    kept,
    warnings,
    requests: api.client.stats.requests - before,
  };
}

/** The file a scope's automations are pulled into, relative to the output directory. */
export function pullFilePath(kind: string, path: string): string {
  return `${kind}/${path.split('/').map(safeSegment).join('/')}.wbrules`;
}

function safeSegment(segment: string): string {
  let out = '';
  for (const char of segment) {
    if (/^[A-Za-z0-9._-]$/.test(char) && !(out === '' && char === '.')) out += char;
    else
      for (const byte of new TextEncoder().encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out === '' ? '%' : out;
}

/** The project a project or collection scope is in (`undefined` for a team or organization scope). */
function projectOf(trigger: ListedTrigger): string | undefined {
  const { scope } = trigger;
  if (scope.__typename === 'Project') return scope.name;
  return scope.project?.name ?? undefined;
}

/** The entity whose integrations a scope's rules name by default. */
function ownerEntity(trigger: ListedTrigger): string | undefined {
  const { scope } = trigger;
  switch (scope.__typename) {
    case 'Project':
      return scope.entityName;
    case 'ArtifactSequence':
    case 'ArtifactPortfolio':
      return scope.project?.entityName;
    case 'Entity':
      return scope.name;
    default:
      return undefined;
  }
}

function integrationName(node: IntegrationNode, entity: string): IntegrationName | undefined {
  if (node.__typename === 'GenericWebhookIntegration' && 'name' in node)
    return { kind: 'webhook', name: node.name, entity };
  if (node.__typename === 'SlackIntegration' && 'channelName' in node)
    return { kind: 'slack', name: node.channelName, entity };
  return undefined;
}

/**
 * Why an automation's integration cannot be named, or `undefined` when it
 * can (or it has none). The saved automation gives the integration's ID
 * and its name (a webhook's name, a Slack channel) but not the entity that
 * holds it, so the reason names the integration, the entities searched, and
 * the option that adds the one that holds it.
 */
function integrationProblem(
  trigger: ListedTrigger,
  integrationsOf: ReadonlyMap<string, ReadonlyMap<string, IntegrationName>>,
): string | undefined {
  const integration = trigger.action.integration as
    | { __typename?: unknown; id?: unknown; name?: unknown; channelName?: unknown }
    | null
    | undefined;
  if (integration === null || integration === undefined || typeof integration.id !== 'string') return undefined;
  const id = integration.id;
  for (const byId of integrationsOf.values()) if (byId.has(id)) return undefined;
  const what =
    integration.__typename === 'GenericWebhookIntegration' && typeof integration.name === 'string'
      ? `its webhook ${JSON.stringify(integration.name)} (ID "${id}")`
      : integration.__typename === 'SlackIntegration' && typeof integration.channelName === 'string'
        ? `its Slack channel ${JSON.stringify(integration.channelName)} (ID "${id}")`
        : `its integration (ID "${id}")`;
  const searched = [...integrationsOf.keys()].sort().map((e) => JSON.stringify(e));
  const where =
    searched.length === 0
      ? 'no entity was searched'
      : `it is not one of the integrations of ${searched.length === 1 ? searched[0] : `${searched.slice(0, -1).join(', ')} or ${searched[searched.length - 1]}`}`;
  return `${what}: ${where}, and W&B does not say which entity holds it; pass that entity with --integrations-from ENTITY`;
}

function unnamedScopeReason(name: ListedScopeName, options: PullOptions): string {
  if (name.kind === 'user') return `its scope is the personal entity "${name.path}", which the language cannot name`;
  if ((name.kind === 'registry' || name.kind === 'org') && options.org === undefined)
    return `its ${name.kind} scope is named by its organization, which the listing does not give; pull again with --org ORG`;
  return `its scope (${name.kind} "${name.path}") cannot be named in the language`;
}

/** The file's text, formatted as `wbrules fmt` would leave it. */
function fileText(
  scope: { kind: string; path: string },
  rulesText: string,
  skipped: readonly SkippedAutomation[],
): string {
  const lines: string[] = [
    scope.kind === 'unknown'
      ? '# Automations whose scope .wbrules cannot name, pulled from W&B by "wbrules pull".'
      : `# The automations of ${scope.kind} ${JSON.stringify(scope.path)}, pulled from W&B by "wbrules pull".`,
  ];
  const body = [lines.join('\n'), rulesText.trimEnd()].filter((s) => s !== '');
  if (skipped.length > 0) {
    const notes = [
      skipped.length === 1
        ? '# 1 automation is not written as a rule: it stays on the server, and "wbrules plan" keeps it as it is (never changed or deleted).'
        : `# ${skipped.length} automations are not written as rules: they stay on the server, and "wbrules plan" keeps them as they are (never changed or deleted).`,
    ];
    const sorted = [...skipped].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    for (const s of sorted) {
      for (const reason of s.reasons)
        notes.push(`# - ${s.name === '' ? '(no name)' : JSON.stringify(s.name)} (${s.id}): ${reason}`);
    }
    body.push(notes.join('\n'));
  }
  const text = `${body.join('\n\n')}\n`;
  const parsed = parse(text);
  return parsed.diagnostics.length === 0 ? format(parsed.ast) : text;
}

/** A reason without the decompiler's "automation "NAME" cannot be written as a rule:" opening (the comment names it). */
function withoutSubject(reason: string): string {
  return reason.replace(/^automation "(?:[^"\\]|\\.)*"(?: cannot be written as a rule)?: /, '');
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
