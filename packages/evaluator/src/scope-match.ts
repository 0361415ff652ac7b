/**
 * Whether an event happens inside an automation's scope, by path. This is a
 * convention of the evaluator, not W&B semantics: W&B knows which project a
 * run belongs to by ID, while tests and replays only have paths, and often
 * none at all. An event without a path is inside every scope, so a test file
 * need not repeat the project its rules already name.
 */

import type { ScopeRef } from '@wbrules/compiler';

/**
 * Whether a run of `project` (`entity/project`; `undefined`: any) is in
 * `scope`. An organization scope holds every run: which teams belong to an
 * organization is not knowable from paths.
 */
export function runInScope(scope: ScopeRef, project: string | undefined): boolean {
  if (project === undefined) return true;
  switch (scope.kind) {
    case 'project':
      return project === scope.path;
    case 'team':
      return entityOf(project) === scope.path;
    case 'org':
      return true;
    case 'registry':
    case 'collection':
      return false;
  }
}

/**
 * Whether an event on `collection` (`entity/project/name`; `undefined`: any)
 * is in `scope`. A registry `ORG/NAME` holds the collections of the project
 * `wandb-registry-NAME` of any entity (the organization's entity name is not
 * knowable from its name).
 */
export function collectionInScope(scope: ScopeRef, collection: string | undefined): boolean {
  if (collection === undefined) return true;
  const parts = collection.split('/');
  const [entity, project] = parts;
  switch (scope.kind) {
    case 'collection':
      return collection === scope.path;
    case 'project':
      return parts.length === 3 && `${entity}/${project}` === scope.path;
    case 'registry': {
      const name = scope.path.slice(scope.path.indexOf('/') + 1);
      return parts.length === 3 && project === `wandb-registry-${name}`;
    }
    case 'team':
      return entity === scope.path;
    case 'org':
      return true;
  }
}

function entityOf(path: string): string {
  const slash = path.indexOf('/');
  return slash < 0 ? path : path.slice(0, slash);
}
