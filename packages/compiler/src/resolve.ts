import type { Diagnostic, Document, IntegrationDecl, Rule, Scope } from '@wbrules/dsl';
import { deriveName } from './derive-name.js';
import { type IntegrationTarget, parseIntegrationTarget } from './integration-target.js';
import { scopeEntityOf, scopeTypeOf } from './scope-model.js';
import type { IntegrationRef, ScopeRef } from './types.js';

/**
 * Name resolution for one file: binds each rule to its scope (its own
 * `in SCOPE`, else the file's latest `in` default before it), to the
 * integration declaration its action names, and to its automation name
 * (written or derived). Each file stands alone: declarations and defaults
 * never cross files. Problems with the bindings themselves (unknown or
 * wrong-kind integrations, a missing scope) are reported by the checks,
 * which read this result.
 */

/** An integration declaration with its decoded target (`undefined` when the target is malformed). */
export interface ResolvedIntegration {
  readonly decl: IntegrationDecl;
  readonly target: IntegrationTarget | undefined;
}

/** The scope a rule lives in and where it was given. */
export interface ResolvedScope {
  readonly node: Scope;
  /** `rule` for `on ... in SCOPE`, `default` for a top-level `in SCOPE` before the rule. */
  readonly origin: 'rule' | 'default';
  readonly ref: ScopeRef;
}

/** A rule with its bindings. */
export interface ResolvedRule {
  readonly rule: Rule;
  readonly scope: ResolvedScope | undefined;
  /** The automation name: as written, or derived from the rule. */
  readonly name: string;
  readonly derivedName: boolean;
  /** The first declaration of the integration name the action uses (of either kind), if any. */
  readonly declaration: ResolvedIntegration | undefined;
  /**
   * The integration the action uses, when it names a declaration of the right
   * kind with a well-formed target and the entity is known (named in the
   * target, or owning the rule's scope).
   */
  readonly integration: IntegrationRef | undefined;
}

/** One file after resolution. */
export interface ResolvedDocument {
  readonly file: string;
  readonly document: Document;
  readonly rules: readonly ResolvedRule[];
  /** Every declaration, in file order (duplicates included). */
  readonly declarations: readonly ResolvedIntegration[];
  /** The first declaration of each local name. */
  readonly integrations: ReadonlyMap<string, ResolvedIntegration>;
  readonly diagnostics: readonly Diagnostic[];
}

/** Resolves the names of one parsed file. Never throws, whatever partial AST the parser returned. */
export function resolveDocument(document: Document, file: string): ResolvedDocument {
  const diagnostics: Diagnostic[] = [];
  const declarations: ResolvedIntegration[] = [];
  const integrations = new Map<string, ResolvedIntegration>();
  for (const item of document.items) {
    if (item.kind !== 'IntegrationDecl') continue;
    const parsed = parseIntegrationTarget(item.integrationKind, item.target.value);
    if (!parsed.ok) {
      const { problem } = parsed;
      diagnostics.push({
        code: problem.code,
        severity: 'error',
        message: problem.message,
        span: item.target.span,
        file,
        ...(problem.hints === undefined ? {} : { hints: problem.hints }),
        ...(problem.replacement === undefined
          ? {}
          : {
              fixes: [
                {
                  title: `Write "${problem.replacement}"`,
                  edits: [{ span: item.target.span, newText: JSON.stringify(problem.replacement) }],
                },
              ],
            }),
      });
    }
    const resolved: ResolvedIntegration = { decl: item, target: parsed.ok ? parsed.target : undefined };
    declarations.push(resolved);
    const first = integrations.get(item.name.name);
    if (first === undefined) {
      integrations.set(item.name.name, resolved);
    } else {
      diagnostics.push({
        code: 'WR2003',
        severity: 'error',
        message: `the integration name "${item.name.name}" is already declared in this file`,
        span: item.name.span,
        file,
        related: [{ message: `"${item.name.name}" is first declared here`, span: first.decl.name.span, file }],
        hints: ['Give each integration its own local name.'],
      });
    }
  }

  const rules: ResolvedRule[] = [];
  let defaultScope: Scope | undefined;
  for (const item of document.items) {
    if (item.kind === 'ScopeDefault') {
      defaultScope = item.scope;
      continue;
    }
    if (item.kind !== 'Rule') continue;
    const scopeNode = item.scope ?? defaultScope;
    const scope: ResolvedScope | undefined =
      scopeNode === undefined
        ? undefined
        : { node: scopeNode, origin: item.scope === undefined ? 'default' : 'rule', ref: scopeRef(scopeNode) };
    const derivedName = item.name === undefined;
    const name = item.name?.value ?? deriveName(item);
    if (derivedName) {
      diagnostics.push({
        code: 'WR2001',
        severity: 'info',
        message: `this rule's automation is named "${name}"`,
        span: item.event.span,
        file,
        hints: [
          'The name is derived from the rule, so editing the rule renames the automation; write automation "NAME" to fix it.',
        ],
        fixes: [
          {
            title: 'Name the automation explicitly',
            edits: [
              {
                span: { start: item.span.start, end: item.span.start },
                newText: `automation ${JSON.stringify(name)}\n`,
              },
            ],
          },
        ],
      });
    }
    const action = item.action;
    const declaration = action.kind === 'NothingAction' ? undefined : integrations.get(action.integration.name);
    let integration: IntegrationRef | undefined;
    if (
      declaration?.target !== undefined &&
      action.kind !== 'NothingAction' &&
      declaration.decl.integrationKind === (action.kind === 'WebhookAction' ? 'webhook' : 'slack')
    ) {
      const entity = declaration.target.entity ?? scope?.ref.entity;
      if (entity !== undefined) {
        integration = {
          kind: declaration.decl.integrationKind,
          name: declaration.target.name,
          entity,
          key: `${entity}/${declaration.target.name}`,
        };
      }
    }
    rules.push({ rule: item, scope, name, derivedName, declaration, integration });
  }
  return { file, document, rules, declarations, integrations, diagnostics };
}

/** The symbolic scope of a scope node (computed leniently; the scope-path check reports bad shapes). */
export function scopeRef(node: Scope): ScopeRef {
  const path = node.path.value;
  return { kind: node.scopeKind, path, type: scopeTypeOf(node.scopeKind), entity: scopeEntityOf(node.scopeKind, path) };
}

/** A resolved rule together with its file, for checks that span several files. */
export interface RuleInFile {
  readonly file: string;
  readonly rule: ResolvedRule;
}

/**
 * Two automations with the same name in the same scope (scope keyword, path
 * and name; across files when they are compiled together): an error on each
 * later one, pointing at the first. The server would refuse the second with
 * HTTP 409, after the first was already created.
 */
export function duplicateNameDiagnostics(rules: readonly RuleInFile[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, RuleInFile>();
  for (const entry of rules) {
    const { rule } = entry;
    if (rule.scope === undefined) continue;
    const key = JSON.stringify([rule.scope.ref.kind, rule.scope.ref.path, rule.name]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, entry);
      continue;
    }
    const scopeText = `${rule.scope.ref.kind} "${rule.scope.ref.path}"`;
    diagnostics.push({
      code: 'WR2002',
      severity: 'error',
      message: `an automation named "${rule.name}" is already defined in ${scopeText}`,
      span: nameSpan(rule),
      file: entry.file,
      related: [{ message: `the first "${rule.name}" is here`, span: nameSpan(first.rule), file: first.file }],
      hints: [
        rule.derivedName || first.rule.derivedName
          ? 'Derived names repeat when two rules read the same; give one of them automation "NAME".'
          : 'Automation names are unique within a scope; rename one of them.',
      ],
    });
  }
  return diagnostics;
}

/** Where a rule's name is: the written name, or the event its name is derived from. */
export function nameSpan(rule: ResolvedRule): { start: number; end: number } {
  return rule.rule.name?.span ?? rule.rule.event.span;
}
