import type { ScopeName } from '@wbrules/compiler';
import type { ListedTrigger } from '../client/wandb-api.js';
import { registryProjectPrefix as registryPrefix } from '@wbrules/compiler';

/**
 * The scope of a listed automation as a `.wbrules` source would write it
 * (`project "acme/vision"`, `collection "acme/vision/weights"`,
 * `registry "acme-org/model"`, `team "acme"`, `org "acme-org"`), from the
 * listing's scope node and its path fields. A registry and an organization
 * are named by the organization, which the node does not carry: it comes
 * from what resolution learned (org entity → organization) or from the
 * organization the caller lists.
 */

/** A listed automation's scope: the keyword and path, and whether every part of the path is known. */
export interface ListedScopeName {
  /** A scope keyword, or `user` (a personal entity) or `unknown` (a scope type the language has no word for). */
  readonly kind: ScopeName['kind'] | 'user' | 'unknown';
  /** The path, with `?` for a part the listing does not tell. */
  readonly path: string;
  /** True when the path is complete and the kind is a scope keyword. */
  readonly complete: boolean;
}

/** What is known beyond the listing. */
export interface ListedScopeContext {
  /** Scope ID → name, e.g. from the ID map the rules resolved to. */
  readonly known?: ReadonlyMap<string, ScopeName>;
  /** Org entity name → organization name. */
  readonly orgNames?: ReadonlyMap<string, string>;
  /** The organization to name registries and org scopes with when `orgNames` does not know. */
  readonly organization?: string;
}

/** Names a listed automation's scope. */
export function listedScopeName(trigger: ListedTrigger, context: ListedScopeContext = {}): ListedScopeName {
  const { scope } = trigger;
  const known = context.known?.get(scope.id);
  if (known !== undefined) return { kind: known.kind, path: known.path, complete: true };
  const orgOf = (orgEntity: string | undefined): string | undefined =>
    (orgEntity === undefined ? undefined : context.orgNames?.get(orgEntity)) ?? context.organization;
  switch (scope.__typename) {
    case 'Project': {
      if (scope.name.startsWith(registryPrefix) && scope.name.length > registryPrefix.length) {
        const org = orgOf(scope.entityName);
        const name = scope.name.slice(registryPrefix.length);
        return { kind: 'registry', path: `${org ?? '?'}/${name}`, complete: org !== undefined };
      }
      const entity = scope.entityName;
      return { kind: 'project', path: `${entity ?? '?'}/${scope.name}`, complete: entity !== undefined };
    }
    case 'ArtifactSequence':
    case 'ArtifactPortfolio': {
      const project = scope.project ?? undefined;
      return project === undefined
        ? { kind: 'collection', path: `?/?/${scope.name}`, complete: false }
        : { kind: 'collection', path: `${project.entityName}/${project.name}/${scope.name}`, complete: true };
    }
    case 'Entity':
      if (scope.entityType === 'team') return { kind: 'team', path: scope.name, complete: true };
      if (scope.entityType === 'organization') {
        const org = orgOf(scope.name);
        return { kind: 'org', path: org ?? '?', complete: org !== undefined };
      }
      return { kind: 'user', path: scope.name, complete: false };
    default:
      return { kind: 'unknown', path: scope.name, complete: false };
  }
}
