import { type Diagnostic, type Document, LineIndex, type ParseResult, parse, type Scope } from '@wbrules/dsl';
import { allChecks } from './all-checks.js';
import { runChecks } from './check.js';
import { idMapDiagnostics, lookupIntegrationId, lookupScopeId } from './id-map.js';
import { lowerRule } from './lower-rule.js';
import { duplicateNameDiagnostics, type ResolvedDocument, type ResolvedScope, resolveDocument } from './resolve.js';
import type { CompiledAutomation, CompileOptions, CompileResult, CompileSource, ScopeRef } from './types.js';

/**
 * The compiler driver: parse, resolve, check, lower, file by file, then the
 * checks that span files (duplicate automation names in one scope).
 *
 * Errors stop compilation: when any diagnostic is an error, `automations`
 * is empty, so a caller can never send half a rule set. Lowering still runs
 * on every rule (it never throws), which keeps it exercised on every tree
 * the parser can return.
 */

/** Options for {@link compileDocument}. */
export interface CompileDocumentOptions extends CompileOptions {
  /** The source already parsed (an editor keeps its own parse); parsed again when absent. */
  readonly parsed?: ParseResult;
}

/** One file compiled alone, with what the phases produced along the way (for editors). */
export interface DocumentCompilation extends CompileResult {
  readonly ast: Document;
  readonly resolved: ResolvedDocument;
}

interface Analysis {
  readonly ast: Document;
  readonly resolved: ResolvedDocument;
  readonly diagnostics: Diagnostic[];
  readonly automations: CompiledAutomation[];
}

/** The "declared but never used" warning (see checks/unused-integration.ts). */
const unusedIntegrationCode = 'WR3025';

/** What {@link checkDocument} returns: one file's diagnostics and resolution, nothing lowered. */
export interface DocumentCheck {
  readonly resolved: ResolvedDocument;
  /** Parse, resolution and check diagnostics (not sorted; not duplicate names). */
  readonly diagnostics: Diagnostic[];
}

/**
 * Resolves and checks one parsed file: every diagnostic short of lowering and
 * of the duplicate-name check (which may span files). The one sequence both
 * `compile` and editors run, so they always report the same things.
 */
export function checkDocument(file: string, parsed: ParseResult): DocumentCheck {
  const resolved = resolveDocument(parsed.ast, file);
  // A rule dropped for a syntax error may be the one that uses a declaration:
  // warning that it is unused would send the user after the wrong problem.
  const syntaxBroken = parsed.diagnostics.some((d) => d.severity === 'error');
  const checked = runChecks(resolved, allChecks);
  const diagnostics: Diagnostic[] = [
    ...parsed.diagnostics.map((d) => (d.file === undefined ? { ...d, file } : d)),
    ...resolved.diagnostics,
    ...(syntaxBroken ? checked.filter((d) => d.code !== unusedIntegrationCode) : checked),
  ];
  return { resolved, diagnostics };
}

function analyze(source: CompileSource, options: CompileDocumentOptions): Analysis {
  const parsed = options.parsed ?? parse(source.text, { file: source.file });
  const { resolved, diagnostics } = checkDocument(source.file, parsed);
  const ids = options.ids;
  if (ids !== undefined) diagnostics.push(...idMapDiagnostics(resolved, ids));
  const lines = new LineIndex(source.text);
  const automations: CompiledAutomation[] = [];
  // Rules under one `in` default share one scope object: big files hold tens of thousands of them.
  const scopes = new Map<Scope, ScopeRef>();
  const scopeOf = (resolved: ResolvedScope): ScopeRef => {
    let ref = scopes.get(resolved.node);
    if (ref === undefined) {
      ref = { ...resolved.ref, span: resolved.node.path.span };
      scopes.set(resolved.node, ref);
    }
    return ref;
  };
  for (const rule of resolved.rules) {
    const input = lowerRule(rule, {
      scopeID: ids === undefined || rule.scope === undefined ? undefined : lookupScopeId(ids, rule.scope.ref),
      integrationID:
        ids === undefined || rule.integration === undefined ? undefined : lookupIntegrationId(ids, rule.integration),
    });
    if (input === undefined || rule.scope === undefined) continue;
    // Built key by key (no spreads): tens of thousands of these share one hidden class.
    const automation: { -readonly [K in keyof CompiledAutomation]: CompiledAutomation[K] } = {
      name: rule.name,
      derivedName: rule.derivedName,
      file: source.file,
      line: lines.locate(rule.rule.span.start).line,
      span: rule.rule.span,
      scope: scopeOf(rule.scope),
    } as never;
    if (rule.integration !== undefined && rule.rule.action.kind !== 'NothingAction') {
      const ref = rule.integration;
      automation.integration = {
        kind: ref.kind,
        name: ref.name,
        entity: ref.entity,
        key: ref.key,
        span: rule.rule.action.integration.span,
      };
    }
    automation.input = input;
    automations.push(automation);
  }
  return { ast: parsed.ast, resolved, diagnostics, automations };
}

function finish(analyses: readonly { file: string; analysis: Analysis }[]): CompileResult {
  const duplicates = duplicateNameDiagnostics(
    analyses.flatMap(({ file, analysis }) => analysis.resolved.rules.map((rule) => ({ file, rule }))),
  );
  const order = new Map(analyses.map(({ file }, i) => [file, i]));
  const diagnostics = [...analyses.flatMap(({ analysis }) => analysis.diagnostics), ...duplicates].sort(
    (a, b) =>
      (order.get(a.file ?? '') ?? 0) - (order.get(b.file ?? '') ?? 0) ||
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      a.code.localeCompare(b.code),
  );
  const failed = diagnostics.some((d) => d.severity === 'error');
  return { automations: failed ? [] : analyses.flatMap(({ analysis }) => analysis.automations), diagnostics };
}

/**
 * Compiles `.wbrules` sources to the `CreateFilterTriggerInput` payloads the
 * wandb SDK would send, one per rule, in source order (file by file). Each
 * file stands alone for declarations and `in` defaults; automation names
 * must be unique per scope across all of them. Pure: no I/O, clock or
 * environment; never throws on any input.
 */
export function compile(sources: readonly CompileSource[], options: CompileOptions = {}): CompileResult {
  return finish(sources.map((source) => ({ file: source.file, analysis: analyze(source, options) })));
}

/**
 * Compiles one file alone, returning its AST and resolution as well: what
 * an editor needs to check a document as the user types. Duplicate names
 * are checked within the file only.
 */
export function compileDocument(source: CompileSource, options: CompileDocumentOptions = {}): DocumentCompilation {
  const analysis = analyze(source, options);
  return { ...finish([{ file: source.file, analysis }]), ast: analysis.ast, resolved: analysis.resolved };
}
