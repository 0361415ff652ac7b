import type { Scope, ScopeKind } from '@wbrules/dsl';
import { noSpan, stringLiteral } from './decompile-ast.js';
import type { NameLookup, ScopeName } from './decompile-names.js';
import type { DecompileReport } from './decompile-report.js';
import { scopeTypeOf } from './scope-model.js';
import type { ScopeType } from './types.js';

/**
 * The scope a payload's `scopeType`/`scopeID` (or a saved automation's
 * `scope` node) names. The ID map decides when it knows the ID; otherwise a
 * saved automation's own scope node names it as far as it can (the entity of
 * a project, the organization of a registry and the project of a collection
 * are not in the node). Whatever is missing becomes a visible placeholder
 * with whitespace in it, which the compiler's path check rejects, so the
 * rule cannot be applied until a person fills it in.
 */

/** The `scope` node of a saved automation (`TriggerFields.scope`). */
export interface SavedScopeNode {
  readonly typename: string;
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly entityType: string | undefined;
}

/** Names the response leaves out, supplied by the caller. */
export interface ScopeContext {
  /** The entity the automations were listed from: the entity of a saved project. */
  readonly entity?: string;
  /** The organization's name: the `ORG` of a saved registry or organization scope. */
  readonly organization?: string;
}

/** The scope as source, and whether any part of it is a placeholder. */
export interface NamedScope {
  readonly scope: Scope;
  readonly name: ScopeName;
  readonly placeholder: boolean;
}

/** The prefix W&B gives a registry's backing project (spec §5). */
const registryPrefix = 'wandb-registry-';

const fallbackKind: Readonly<Record<ScopeType, ScopeKind>> = {
  PROJECT: 'project',
  ARTIFACT_COLLECTION: 'collection',
  ENTITY: 'team',
};

/** The scope node `kind "path"`. */
export function scopeNode(name: ScopeName): Scope {
  return { kind: 'Scope', scopeKind: name.kind, path: stringLiteral(name.path), span: noSpan };
}

/**
 * Names the scope, reporting what is missing. `undefined` (with an
 * `unsupported` diagnostic) only for a scope the language cannot name at
 * all: a personal (user) entity.
 */
export function nameScope(
  scopeType: ScopeType,
  scopeID: string | undefined,
  saved: SavedScopeNode | undefined,
  lookup: NameLookup,
  context: ScopeContext,
  report: DecompileReport,
): NamedScope | undefined {
  const known = scopeID === undefined ? undefined : lookup.scope(scopeID);
  if (known !== undefined) {
    if (scopeTypeOf(known.kind) === scopeType) return named(known, false);
    report.placeholder(
      'scope',
      'WR4017',
      `the names given for scope ID "${scopeID}" say ${known.kind} "${known.path}", but the payload's scope type is "${scopeType}"; the rule is written with a placeholder scope`,
    );
    return named({ kind: fallbackKind[scopeType], path: `<no name for scope ID ${scopeID}>` }, true);
  }
  if (saved !== undefined && saved.name !== undefined) {
    const fromNode = nameSavedScope(saved, saved.name, context, report);
    if (fromNode !== 'unknown') return fromNode;
  }
  const shownID = scopeID === undefined ? 'the payload has no "scopeID"' : `the scope ID "${scopeID}" has no name`;
  report.placeholder('scope', 'WR4011', `${shownID}; the rule is written with a placeholder scope`, [
    'Pass the ID map the payload was compiled with, or a reverse lookup such as { scopes: { "<id>": { kind: "project", path: "entity/project" } } }.',
  ]);
  const path = scopeID === undefined ? '<no scope ID>' : `<no name for scope ID ${scopeID}>`;
  return named({ kind: fallbackKind[scopeType], path }, true);
}

function named(name: ScopeName, placeholder: boolean): NamedScope {
  return { scope: scopeNode(name), name, placeholder };
}

function nameSavedScope(
  saved: SavedScopeNode,
  name: string,
  context: ScopeContext,
  report: DecompileReport,
): NamedScope | undefined | 'unknown' {
  switch (saved.typename) {
    case 'Project': {
      if (name.startsWith(registryPrefix) && name.length > registryPrefix.length) {
        const registry = name.slice(registryPrefix.length);
        if (context.organization !== undefined)
          return named({ kind: 'registry', path: `${context.organization}/${registry}` }, false);
        missing(
          report,
          `the response names the registry "${registry}" but not its organization`,
          'Pass the organization\'s name (the "organization" option).',
        );
        return named({ kind: 'registry', path: `<unknown organization>/${registry}` }, true);
      }
      if (context.entity !== undefined) return named({ kind: 'project', path: `${context.entity}/${name}` }, false);
      missing(
        report,
        `the response names the project "${name}" but not its entity`,
        'Pass the entity the automations were listed from (the "entity" option).',
      );
      return named({ kind: 'project', path: `<unknown entity>/${name}` }, true);
    }
    case 'ArtifactSequence':
    case 'ArtifactPortfolio': {
      missing(
        report,
        `the response names the collection "${name}" but not the project that holds it`,
        'Pass the collection\'s path for its scope ID (scopes: { "<id>": { kind: "collection", path: "entity/project/name" } }).',
      );
      return named(
        { kind: 'collection', path: `${context.entity ?? '<unknown entity>'}/<unknown project>/${name}` },
        true,
      );
    }
    case 'Entity':
      if (saved.entityType === 'team') return named({ kind: 'team', path: name }, false);
      if (saved.entityType === 'organization') {
        if (context.organization !== undefined) return named({ kind: 'org', path: context.organization }, false);
        missing(
          report,
          `the response names the organization entity "${name}" but not the organization`,
          'Pass the organization\'s name (the "organization" option).',
        );
        return named({ kind: 'org', path: '<unknown organization>' }, true);
      }
      if (saved.entityType === 'user') {
        report.unsupported(
          'WR4010',
          `its scope is the personal entity "${name}", and W&B automations cannot be scoped to a user`,
        );
        return undefined;
      }
      missing(
        report,
        `the response names the entity "${name}" without saying whether it is a team or an organization`,
        'Pass its scope for the scope ID, or a response that includes "entityType".',
      );
      return named({ kind: 'team', path: `<team or org ${name}>` }, true);
    default:
      return 'unknown';
  }
}

function missing(report: DecompileReport, detail: string, hint: string): void {
  report.placeholder('scope', 'WR4013', `${detail}; the rule is written with a placeholder scope`, [hint]);
}
