import type { Scope, ScopeKind } from '@wbrules/dsl';
import { noSpan, stringLiteral } from './ast.js';
import type { NameLookup, ScopeName } from './names.js';
import { type DecompileReport, entryAdvice, idsAdvice } from './report.js';
import { scopeTypeOf } from '../model/scope-model.js';
import type { ScopeType } from '../model/types.js';
import { registryProjectPrefix as registryPrefix } from '../model/scope-model.js';

/**
 * The scope a payload's `scopeType`/`scopeID` (or a saved automation's
 * `scope` node) names. A `wbrules compile` entry's own scope decides first;
 * then the ID map, when it knows the ID; otherwise a saved automation's own
 * scope node names it as far as it can (the entity of a project, the
 * organization of a registry and the project of a collection are not in the
 * node). Whatever is missing becomes a visible placeholder with whitespace
 * in it, which the compiler's path check rejects, so the rule cannot be
 * applied until a person fills it in.
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

const fallbackKind: Readonly<Record<ScopeType, ScopeKind>> = {
  PROJECT: 'project',
  ARTIFACT_COLLECTION: 'collection',
  ENTITY: 'team',
};

/** What a scope type can be in the language, for messages. */
const scopeTypeWords: Readonly<Record<ScopeType, string>> = {
  PROJECT: 'project or registry',
  ARTIFACT_COLLECTION: 'collection',
  ENTITY: 'team or organization',
};

/** The scope node `kind "path"`. */
export function scopeNode(name: ScopeName): Scope {
  return { kind: 'Scope', scopeKind: name.kind, path: stringLiteral(name.path), span: noSpan };
}

/**
 * Names the scope, reporting what is missing. `given` is the scope a
 * `wbrules compile` entry names. `undefined` (with an `unsupported`
 * diagnostic) only for a scope the language cannot name at all: a personal
 * (user) entity.
 */
export function nameScope(
  scopeType: ScopeType,
  scopeID: string | undefined,
  saved: SavedScopeNode | undefined,
  given: ScopeName | undefined,
  lookup: NameLookup,
  context: ScopeContext,
  report: DecompileReport,
): NamedScope | undefined {
  const known = given ?? (scopeID === undefined ? undefined : lookup.scope(scopeID));
  if (known !== undefined) {
    if (scopeTypeOf(known.kind) === scopeType) return named(known, false);
    const source =
      given !== undefined ? "the compile entry's scope is" : `the names given for scope ID "${scopeID}" say`;
    report.placeholder(
      'scope',
      'WR4017',
      `${source} ${known.kind} "${known.path}", but the payload's scope type is "${scopeType}"`,
    );
    return named({ kind: fallbackKind[scopeType], path: `<no name for scope ID ${scopeID ?? ''}>` }, true);
  }
  if (saved !== undefined && saved.name !== undefined) {
    const fromNode = nameSavedScope(saved, saved.name, context, report);
    if (fromNode !== 'unknown') return fromNode;
  }
  const what = scopeTypeWords[scopeType];
  if (scopeID === undefined)
    report.placeholder('scope', 'WR4011', `cannot name the ${what}: the payload has no "scopeID"`, entryAdvice);
  else report.placeholder('scope', 'WR4011', `cannot name the ${what} of scope ID "${scopeID}"`, idsAdvice);
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
          'pass the organization with --org ORG',
        );
        return named({ kind: 'registry', path: `<unknown organization>/${registry}` }, true);
      }
      if (context.entity !== undefined) return named({ kind: 'project', path: `${context.entity}/${name}` }, false);
      missing(
        report,
        `the response names the project "${name}" but not its entity`,
        'pass the entity the automations were listed from with --entity ENTITY',
      );
      return named({ kind: 'project', path: `<unknown entity>/${name}` }, true);
    }
    case 'ArtifactSequence':
    case 'ArtifactPortfolio': {
      missing(
        report,
        `the response names the collection "${name}" but not the project that holds it`,
        'pass --ids ids.json with the collection\'s path and ID under "collections" ("wbrules resolve" writes it for rules that name the collection)',
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
          'pass the organization with --org ORG',
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
        'pass --ids ids.json with the entity under "teams" or "orgs", or a response that includes "entityType"',
      );
      return named({ kind: 'team', path: `<team or org ${name}>` }, true);
    default:
      return 'unknown';
  }
}

function missing(report: DecompileReport, detail: string, advice: string): void {
  report.placeholder('scope', 'WR4013', detail, advice);
}
