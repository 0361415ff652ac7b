import type { Diagnostic, Document, IntegrationDecl, Rule, Scope, ScopeDefault } from '@wbrules/dsl';
import { deriveName } from './derive-name.js';
import { nameClause } from './name-rules.js';
import { type IntegrationTarget, parseIntegrationTarget } from '../model/integration-target.js';
import { scopeEntityOf, scopeTypeOf } from '../model/scope-model.js';
import type { IntegrationRef, ScopeRef } from '../model/types.js';

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
  const resolver = new Resolver(file);
  for (const item of document.items) if (item.kind === 'IntegrationDecl') resolver.declare(item);
  const rules: ResolvedRule[] = [];
  for (const item of document.items) {
    if (item.kind === 'ScopeDefault') resolver.setDefault(item);
    else if (item.kind === 'Rule') rules.push(resolver.resolveRule(item));
  }
  const { declarations, integrations, diagnostics } = resolver;
  return { file, document, rules, declarations, integrations, diagnostics };
}

/**
 * Resolution one item at a time, for a file read in chunks: declarations
 * are hoisted (a rule may use one declared further down), so a caller
 * declares every declaration it has before resolving the rules it has, and a
 * rule resolved before its declaration was read finds none
 * (`resolveDocument` reads all declarations first).
 */
export class Resolver {
  /** Every declaration so far, in file order (duplicates included). */
  readonly declarations: ResolvedIntegration[] = [];
  /** The first declaration of each local name so far. */
  readonly integrations = new Map<string, ResolvedIntegration>();
  /** Problems with declarations, and the derived-name notes. */
  readonly diagnostics: Diagnostic[] = [];
  private defaultScope: Scope | undefined;

  constructor(readonly file: string) {}

  /** Reads one integration declaration. */
  declare(item: IntegrationDecl): void {
    const { file, diagnostics } = this;
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
    this.declarations.push(resolved);
    const first = this.integrations.get(item.name.name);
    if (first === undefined) {
      this.integrations.set(item.name.name, resolved);
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

  /** Reads a top-level `in` default: the scope of the rules after it that give none. */
  setDefault(item: ScopeDefault): void {
    this.defaultScope = item.scope;
  }

  /** Binds one rule, in file order, to its scope, name and integration. */
  resolveRule(item: Rule): ResolvedRule {
    const { file, diagnostics } = this;
    const scopeNode = item.scope ?? this.defaultScope;
    const scope: ResolvedScope | undefined =
      scopeNode === undefined
        ? undefined
        : { node: scopeNode, origin: item.scope === undefined ? 'default' : 'rule', ref: this.refOf(scopeNode) };
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
                newText: `${nameClause(name)}\n`,
              },
            ],
          },
        ],
      });
    }
    const declaration = this.declarationFor(item);
    return {
      rule: item,
      scope,
      name,
      derivedName,
      declaration,
      integration: this.integrationOf(item, declaration, scope),
    };
  }

  /**
   * The rule bound to the integration its action names, as declared so far:
   * `resolveRule` binds each rule as it is read; a rule read before its
   * declaration is bound again once the whole file is read.
   */
  bind(rule: ResolvedRule): ResolvedRule {
    const declaration = this.declarationFor(rule.rule);
    if (declaration === rule.declaration) return rule;
    const { rule: item, scope, name, derivedName } = rule;
    return {
      rule: item,
      scope,
      name,
      derivedName,
      declaration,
      integration: this.integrationOf(item, declaration, scope),
    };
  }

  /**
   * The integration a rule's action uses (see {@link integrationEntity}),
   * one ref shared by the rules that use the same declaration under the same
   * entity (most rules of a file).
   */
  private integrationOf(
    rule: Rule,
    declaration: ResolvedIntegration | undefined,
    scope: ResolvedScope | undefined,
  ): IntegrationRef | undefined {
    const entity = integrationEntity(rule, declaration, scope);
    if (entity === undefined || declaration?.target === undefined) return undefined;
    const last = this.lastIntegrations.get(declaration);
    if (last !== undefined && last.entity === entity) return last;
    const name = declaration.target.name;
    const ref: IntegrationRef = { kind: declaration.decl.integrationKind, name, entity, key: `${entity}/${name}` };
    this.lastIntegrations.set(declaration, ref);
    return ref;
  }

  /** The last ref made for each declaration. */
  private readonly lastIntegrations = new Map<ResolvedIntegration, IntegrationRef>();

  /** The symbolic scope of a scope node, computed once per node (an `in` default serves many rules). */
  private refOf(node: Scope): ScopeRef {
    if (node === this.lastScope && this.lastRef !== undefined) return this.lastRef;
    this.lastScope = node;
    this.lastRef = scopeRef(node);
    return this.lastRef;
  }

  private lastScope: Scope | undefined;
  private lastRef: ScopeRef | undefined;

  /** The first declaration (so far) of the name the rule's action uses. */
  private declarationFor(rule: Rule): ResolvedIntegration | undefined {
    const action = rule.action;
    return action.kind === 'WebhookAction' || action.kind === 'SlackAction'
      ? this.integrations.get(action.integration.name)
      : undefined;
  }
}

/**
 * The entity of the integration a rule's action uses, when it uses one: its
 * declaration must be of the right kind with a well-formed target, and the
 * entity is the one named in the target or the one owning the rule's scope.
 */
function integrationEntity(
  rule: Rule,
  declaration: ResolvedIntegration | undefined,
  scope: ResolvedScope | undefined,
): string | undefined {
  const action = rule.action;
  if (
    declaration?.target === undefined ||
    (action.kind !== 'WebhookAction' && action.kind !== 'SlackAction') ||
    declaration.decl.integrationKind !== (action.kind === 'WebhookAction' ? 'webhook' : 'slack')
  ) {
    return undefined;
  }
  return declaration.target.entity ?? scope?.ref.entity;
}

/**
 * Whether a rule's action names a declaration of the kind it needs (or needs
 * none): then nothing declared later in the file can change what the rule
 * resolves to or what the checks say of it.
 */
export function bindingIsFinal(rule: ResolvedRule): boolean {
  const action = rule.rule.action;
  if (action.kind !== 'WebhookAction' && action.kind !== 'SlackAction') return true;
  return rule.declaration?.decl.integrationKind === (action.kind === 'WebhookAction' ? 'webhook' : 'slack');
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
  const names = new AutomationNames();
  for (const { file, rule } of rules) names.add(file, rule, diagnostics);
  return diagnostics;
}

/**
 * {@link duplicateNameDiagnostics} one rule at a time, in source order. Keeps
 * only what a later duplicate points at (file, name span), never the rules.
 */
export class AutomationNames {
  /** `kind path` (a scope keyword has no space) to the names given in that scope, each to its record in `firsts`. */
  private readonly scopes = new Map<string, Map<string, number>>();
  /**
   * Where each name was first given, three numbers a name: the index of its
   * file in `files` (bitwise negated when the name was derived), then the
   * start and end of its span. Numbers in one array instead of an object and
   * a span per name: `compile` keeps these until it returns, tens of
   * thousands for a big file, and the garbage collector copies whatever lives.
   */
  private readonly firsts: number[] = [];
  private readonly files: string[] = [];

  /** Records a rule's name; appends an error to `diagnostics` when its scope already has it. */
  add(file: string, rule: ResolvedRule, diagnostics: Diagnostic[]): void {
    if (rule.scope === undefined) return;
    const { kind, path } = rule.scope.ref;
    const names = this.namesIn(rule.scope.ref);
    const first = names.get(rule.name);
    if (first === undefined) {
      const span = nameSpan(rule);
      const fileIndex = this.fileIndex(file);
      names.set(rule.name, this.firsts.length);
      this.firsts.push(rule.derivedName ? ~fileIndex : fileIndex, span.start, span.end);
      return;
    }
    const firsts = this.firsts;
    const fileIndex = firsts[first] as number;
    const firstDerived = fileIndex < 0;
    const firstFile = this.files[firstDerived ? ~fileIndex : fileIndex] as string;
    const firstSpan = { start: firsts[first + 1] as number, end: firsts[first + 2] as number };
    diagnostics.push({
      code: 'WR2002',
      severity: 'error',
      message: `an automation named "${rule.name}" is already defined in ${kind} "${path}"`,
      span: nameSpan(rule),
      file,
      related: [{ message: `the first "${rule.name}" is here`, span: firstSpan, file: firstFile }],
      hints: [
        rule.derivedName || firstDerived
          ? 'Derived names repeat when two rules read the same; give one of them automation "NAME".'
          : 'Automation names are unique within a scope; rename one of them.',
      ],
    });
  }

  /** The index of `file` in `files`, added when new (files come one after another, so the last is checked first). */
  private fileIndex(file: string): number {
    const last = this.files.length - 1;
    if (last >= 0 && this.files[last] === file) return last;
    const index = this.files.indexOf(file);
    if (index >= 0) return index;
    this.files.push(file);
    return last + 1;
  }

  /** The names given in a scope so far; consecutive rules mostly share one scope ref, so the last is kept at hand. */
  private namesIn(ref: ScopeRef): Map<string, number> {
    if (ref === this.lastRef && this.lastNames !== undefined) return this.lastNames;
    const scopeKey = `${ref.kind} ${ref.path}`;
    let names = this.scopes.get(scopeKey);
    if (names === undefined) {
      names = new Map();
      this.scopes.set(scopeKey, names);
    }
    this.lastRef = ref;
    this.lastNames = names;
    return names;
  }

  private lastRef: ScopeRef | undefined;
  private lastNames: Map<string, number> | undefined;
}

/** Where a rule's name is: the written name, or the event its name is derived from. */
export function nameSpan(rule: ResolvedRule): { start: number; end: number } {
  return rule.rule.name?.span ?? rule.rule.event.span;
}
