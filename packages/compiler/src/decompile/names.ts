import { type IntegrationKind, keywordNames, type ScopeKind } from '@wbrules/dsl';
import type { IdMap } from '../model/types.js';

/**
 * Names for IDs. Payloads hold GraphQL IDs and sources hold names, so the
 * decompiler needs the inverse of the ID map `compile` reads; it accepts that
 * map itself (and inverts it) or a reverse lookup keyed by ID.
 */

/** What a scope ID names: the scope keyword and path a source would write. */
export interface ScopeName {
  readonly kind: ScopeKind;
  readonly path: string;
}

/** What an integration ID names: a webhook name or a Slack `#channel`, and the entity it belongs to when known. */
export interface IntegrationName {
  readonly kind: IntegrationKind;
  readonly name: string;
  readonly entity?: string;
}

/** A reverse lookup from GraphQL IDs to names (the inverse of an {@link IdMap}). */
export interface ReverseIdMap {
  readonly scopes?: Readonly<Record<string, ScopeName>>;
  readonly integrations?: Readonly<Record<string, IntegrationName>>;
}

/** Names by ID, built once per decompile call. */
export interface NameLookup {
  /** The scope an ID names, if known. */
  scope(id: string): ScopeName | undefined;
  /** Every name known for an integration ID, best first (an ID map may list one integration under several entities). */
  integrations(id: string): readonly IntegrationName[];
}

const scopeSections: readonly (readonly [keyof IdMap, ScopeKind])[] = [
  ['projects', 'project'],
  ['registries', 'registry'],
  ['collections', 'collection'],
  ['teams', 'team'],
  ['orgs', 'org'],
];

const integrationSections: readonly (readonly [keyof IdMap, IntegrationKind])[] = [
  ['webhooks', 'webhook'],
  ['slack', 'slack'],
];

/**
 * A lookup from an explicit reverse map and/or an ID map. Explicit entries
 * win; within the ID map, the first section (projects, registries,
 * collections, teams, orgs) and then the smallest key win, so the result
 * never depends on object key order.
 */
export function nameLookup(reverse: ReverseIdMap = {}, ids: IdMap | undefined = undefined): NameLookup {
  const scopes = new Map<string, ScopeName>();
  const integrations = new Map<string, IntegrationName[]>();
  for (const [id, name] of Object.entries(reverse.scopes ?? {})) scopes.set(id, name);
  for (const [id, name] of Object.entries(reverse.integrations ?? {})) integrations.set(id, [name]);
  if (ids !== undefined) {
    for (const [section, kind] of scopeSections) {
      for (const [path, id] of sortedEntries(ids[section])) if (!scopes.has(id)) scopes.set(id, { kind, path });
    }
    const explicit = new Set(integrations.keys());
    for (const [section, kind] of integrationSections) {
      for (const [key, id] of sortedEntries(ids[section])) {
        if (explicit.has(id)) continue;
        const slash = key.indexOf('/');
        // Keys are `<entity>/<name>`; a key without an entity still names the integration.
        const name: IntegrationName =
          slash < 0 ? { kind, name: key } : { kind, name: key.slice(slash + 1), entity: key.slice(0, slash) };
        const list = integrations.get(id);
        if (list === undefined) integrations.set(id, [name]);
        else list.push(name);
      }
    }
  }
  return {
    scope: (id) => scopes.get(id),
    integrations: (id) => integrations.get(id) ?? [],
  };
}

function sortedEntries(record: Readonly<Record<string, string>> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const keywords: ReadonlySet<string> = new Set(keywordNames);

/**
 * The local name a declaration binds for an integration: its name when that
 * is already an identifier (`github-dispatch`, `ml-alerts` for
 * `#ml-alerts`), otherwise the name with every run of other characters
 * turned into `-`; `_` in front when it would start with a digit or `-`,
 * `_` behind when it is a keyword; `hook`/`channel` when nothing is left.
 * `-2`, `-3`, ... make it unique among `taken`, which it is added to.
 */
export function localIntegrationName(kind: IntegrationKind, name: string, taken: Set<string>): string {
  let base = (kind === 'slack' ? name.replace(/^#/, '') : name)
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base === '') base = kind === 'webhook' ? 'hook' : 'channel';
  if (!/^[A-Za-z_]/.test(base)) base = `_${base}`;
  if (keywords.has(base)) base = `${base}_`;
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  taken.add(candidate);
  return candidate;
}
