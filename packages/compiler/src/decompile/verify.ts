import { type Document, format, type IntegrationDecl, type Rule, type Scope, type ScopeKind } from '@wbrules/dsl';
import { compile } from '../compile.js';
import { noSpan, stringLiteral } from './ast.js';
import type { ScopeName } from './names.js';
import type { DecompileReport } from './report.js';

/**
 * The decompiler's promise, checked on every rule it produces: the rule, as
 * formatted source, compiles back to the payload it came from. Without it a
 * gap between the decompiler's reading and the compiler's lowering would
 * give a silently different rule; with it, such a gap is a diagnostic and
 * no rule. Names that are placeholders are swapped for well-formed stand-ins
 * for the check, so the rest of the rule is still verified.
 */

/** The names the rule is meant to carry, for comparison with what the compiler resolves. */
export interface IntendedNames {
  /** `undefined` when the scope is a placeholder. */
  readonly scope: ScopeName | undefined;
  /** The integration as the compiler should resolve it (`undefined` for a placeholder or no integration). */
  readonly integration: { readonly name: string; readonly entity: string | undefined } | undefined;
}

const standInScopes: Readonly<Record<ScopeKind, string>> = {
  project: 'entity/project',
  registry: 'org/registry',
  collection: 'entity/project/collection',
  team: 'team',
  org: 'org',
};

/** The file name the check compiles under (never shown unless a diagnostic quotes it). */
const checkFile = 'decompiled.wbrules';

/**
 * Compiles `rule` (with `scope` as the file's default and `declaration` for
 * its integration) and compares the payload with `target`, ignoring IDs.
 * Reports `WR4015` when the checker rejects the rule and `WR4014` when it
 * lowers to something else.
 */
export function verifyRule(
  rule: Rule,
  scope: Scope,
  declaration: IntegrationDecl | undefined,
  intended: IntendedNames,
  target: Readonly<Record<string, unknown>>,
  report: DecompileReport,
): void {
  const checkedScope: Scope =
    intended.scope === undefined ? { ...scope, path: stringLiteral(standInScopes[scope.scopeKind]) } : scope;
  const checkedDeclaration: IntegrationDecl | undefined =
    declaration === undefined || intended.integration !== undefined
      ? declaration
      : { ...declaration, target: stringLiteral(declaration.integrationKind === 'webhook' ? 'hook' : '#channel') };
  const document: Document = {
    kind: 'Document',
    items: [
      ...(checkedDeclaration === undefined ? [] : [checkedDeclaration]),
      { kind: 'ScopeDefault', scope: checkedScope, span: noSpan },
      rule,
    ],
    comments: [],
    span: noSpan,
  };
  const text = format(document);
  const result = compile([{ file: checkFile, text }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const error of errors) {
      report.unsupported('WR4015', `the rule written for it would be rejected (${error.code}: ${error.message})`, [
        `The rule was:\n${text.trimEnd()}`,
      ]);
    }
    return;
  }
  const [compiled, ...more] = result.automations;
  if (compiled === undefined || more.length > 0) {
    report.unsupported(
      'WR4014',
      `the rule written for it compiles to ${result.automations.length} automations instead of one (an internal error)`,
    );
    return;
  }
  const differences = differingFields(
    withoutIds(compiled.input as unknown as Record<string, unknown>),
    withoutIds(target),
  );
  if (
    intended.scope !== undefined &&
    (compiled.scope.kind !== intended.scope.kind || compiled.scope.path !== intended.scope.path)
  ) {
    differences.push(
      `scope: ${compiled.scope.kind} "${compiled.scope.path}" instead of ${intended.scope.kind} "${intended.scope.path}"`,
    );
  }
  const integration = intended.integration;
  if (
    integration !== undefined &&
    (compiled.integration?.name !== integration.name ||
      (integration.entity !== undefined && compiled.integration.entity !== integration.entity))
  ) {
    differences.push(
      `integration: "${compiled.integration?.key ?? 'none'}" instead of "${integration.entity ?? '<scope entity>'}/${integration.name}"`,
    );
  }
  if (differences.length > 0) {
    report.unsupported(
      'WR4014',
      'the rule written for it does not compile back to the same payload (an internal error; please report it)',
      [...differences, `The rule was:\n${text.trimEnd()}`],
    );
  }
}

/** The payload without the IDs a rule does not carry (and without null members, which GraphQL input objects leave out). */
export function withoutIds(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined || key === 'id' || key === 'clientMutationId' || key === 'scopeID')
      continue;
    if (key === 'triggeredActionConfig' && typeof value === 'object' && !Array.isArray(value)) {
      const config: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === null || v === undefined) continue;
        config[k] =
          typeof v === 'object' && !Array.isArray(v)
            ? Object.fromEntries(
                Object.entries(v as Record<string, unknown>).filter(
                  ([ik, iv]) => ik !== 'integrationID' && iv !== null && iv !== undefined,
                ),
              )
            : v;
      }
      out[key] = config;
      continue;
    }
    out[key] = value;
  }
  return out;
}

/** The top-level fields whose values differ (deeply; object member order is irrelevant at this layer), each with both values. */
function differingFields(actual: Record<string, unknown>, expected: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return keys
    .filter((k) => !deepEqual(actual[k], expected[k]))
    .map((k) => `${k}: ${JSON.stringify(actual[k]) ?? 'absent'} instead of ${JSON.stringify(expected[k]) ?? 'absent'}`);
}

/** Structural equality of plain JSON values; object member order is ignored (GraphQL input objects are unordered). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  return (
    ak.length === bk.length &&
    ak.every(
      (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
