import type { ScopeKind } from '@wbrules/dsl';
import type { ScopeType } from './types.js';

/**
 * The scopes of the language and what they mean in W&B (spec §5): the wire
 * scope type, the shape of the path, and the entity that owns the scope
 * (where its integrations are looked up).
 */

/** The W&B scope type of a scope keyword: a registry is a project server-side, a team or org an entity. */
export function scopeTypeOf(kind: ScopeKind): ScopeType {
  switch (kind) {
    case 'project':
    case 'registry':
      return 'PROJECT';
    case 'collection':
      return 'ARTIFACT_COLLECTION';
    case 'team':
    case 'org':
      return 'ENTITY';
  }
}

/** The path shape each scope keyword takes, as shown in messages. */
export const scopePathShapes: Readonly<Record<ScopeKind, { readonly segments: number; readonly form: string }>> = {
  project: { segments: 2, form: 'entity/project' },
  registry: { segments: 2, form: 'org/name' },
  collection: { segments: 3, form: 'entity/project/name' },
  team: { segments: 1, form: 'team' },
  org: { segments: 1, form: 'org' },
};

/**
 * Why a scope path does not have its keyword's shape, or `undefined` when it
 * does: the right number of `/`-separated segments, none empty, none with
 * whitespace or control characters.
 */
export function scopePathProblem(kind: ScopeKind, path: string): string | undefined {
  const shape = scopePathShapes[kind];
  const segments = path.split('/');
  if (segments.length !== shape.segments || segments.some((s) => s === '')) {
    const found = path === '' ? 'an empty path' : `"${path}"`;
    return `a ${kind} path has the form "${shape.form}", found ${found}`;
  }
  const spaced = segments.find((s) => /[\s\p{Cc}]/u.test(s));
  if (spaced !== undefined) return `the ${kind} path segment "${spaced}" contains whitespace or a control character`;
  return undefined;
}

/**
 * The entity that owns a scope: the first segment of a project or
 * collection path, the team itself, or the organization's entity for
 * registries and orgs (named like the organization here).
 */
export function scopeEntityOf(kind: ScopeKind, path: string): string {
  switch (kind) {
    case 'project':
    case 'collection':
    case 'registry':
      return path.split('/')[0] ?? path;
    case 'team':
    case 'org':
      return path;
  }
}

/** The prefix of a registry's backing project (spec §5). */
export const registryProjectPrefix = 'wandb-registry-';

/**
 * Whether a scope is a registry or lies in one: a `registry`, or a
 * collection whose project is a registry's backing project
 * (`wandb-registry-NAME`, longer than the prefix; spec §8.4).
 */
export function isRegistryScope(kind: ScopeKind, path: string): boolean {
  if (kind === 'registry') return true;
  if (kind !== 'collection') return false;
  const project = path.split('/')[1] ?? '';
  return project.startsWith(registryProjectPrefix) && project.length > registryProjectPrefix.length;
}
