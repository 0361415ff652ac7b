/**
 * What the plan tests share (here and, by path, the dev-server package's
 * tests of plans against the local server): the vectors' ID map, and
 * compiled or listed automations as `computePlan` takes them.
 */
import type { CompiledAutomation, IdMap } from '@wbrules/compiler';
import {
  type DesiredAutomation,
  type ExistingAutomation,
  type ListedTrigger,
  listedScopeName,
  savedScopeType,
} from '../index.js';

/** The vectors' placeholder IDs, as the compiler's vector tests use them. */
export const vectorIds: IdMap = {
  projects: { 'my-team/my-project': 'UHJvamVjdDox' },
  registries: { 'my-org/models': 'UHJvamVjdDoy' },
  collections: {
    'my-team/my-project/my-dataset': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=',
    'my-org/wandb-registry-models/my-model': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjI=',
  },
  teams: { 'my-team': 'RW50aXR5OjE=' },
  orgs: { 'my-org': 'RW50aXR5OjI=' },
  slack: { 'my-team/#alerts': 'SW50ZWdyYXRpb246MQ==' },
  webhooks: { 'my-team/ci-hook': 'SW50ZWdyYXRpb246Mg==' },
};

/** A compiled automation as the plan wants it. */
export function desiredOf(automation: CompiledAutomation, name = automation.name): DesiredAutomation {
  return {
    name,
    scope: {
      kind: automation.scope.kind,
      path: automation.scope.path,
      type: automation.scope.type,
      id: automation.input.scopeID ?? '',
    },
    entity: automation.scope.entity,
    input: { ...automation.input, name },
    source: {
      file: automation.file,
      line: automation.line,
      column: 1,
      start: automation.span.start,
      end: automation.span.end,
    },
  };
}

/** A listed automation as the plan reads it (entity `my-team`, organization `my-org` by default). */
export function existingOf(trigger: ListedTrigger, entity = 'my-team'): ExistingAutomation {
  const name = listedScopeName(trigger, { orgNames: new Map([['my-org', 'my-org']]) });
  return {
    trigger,
    entity,
    scope: { kind: name.kind, path: name.path, type: savedScopeType(trigger), id: trigger.scope.id },
  };
}
