import {
  type Diagnostic,
  type Document,
  LineIndex,
  type ParseResult,
  parse,
  parseInChunks,
  type Rule,
  type Scope,
  type TopLevelItem,
} from '@wbrules/dsl';
import { allChecks } from './checks/all-checks.js';
import { type Check, checkApplies, checkContext, type FileCheck, runChecks } from './checks/check.js';
import { IdLookup, idMapCheck } from './resolve/id-map.js';
import { RunFilterMemo } from './lower/event.js';
import { lowerRule } from './lower/rule.js';
import {
  AutomationNames,
  bindingIsFinal,
  type ResolvedDocument,
  type ResolvedRule,
  type ResolvedScope,
  Resolver,
  resolveDocument,
} from './resolve/resolve.js';
import type { CompiledAutomation, CompileOptions, CompileResult, CompileSource, ScopeRef } from './model/types.js';

/**
 * The compiler driver: parse, resolve, check, lower, file by file, then the
 * checks that span files (duplicate automation names in one scope).
 *
 * `compile` works through each file a parser chunk at a time: each rule is
 * resolved, checked and lowered as soon as its chunk is parsed, and the
 * chunk's tree is then let go, so a big file's whole AST never lives at once
 * (what it keeps per rule is the payload and where the rule was). A rule
 * whose action names no declaration of its kind waits for the end of the
 * file, since the declaration it means may come later (declarations are
 * hoisted); a test holds the result equal, whatever the chunk size, to
 * checking the whole tree at once as editors do (`checkDocument`).
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
 * of the duplicate-name check (which may span files). Editors run this on the
 * whole tree; `compile` reports the same diagnostics (a test holds them equal).
 */
export function checkDocument(file: string, parsed: ParseResult): DocumentCheck {
  const resolved = resolveDocument(parsed.ast, file);
  const checked = runChecks(resolved, allChecks);
  const diagnostics: Diagnostic[] = [
    ...withFile(parsed.diagnostics, file),
    ...resolved.diagnostics,
    ...(syntaxBroken(parsed.diagnostics) ? checked.filter((d) => d.code !== unusedIntegrationCode) : checked),
  ];
  return { resolved, diagnostics };
}

/**
 * A rule dropped for a syntax error may be the one that uses a declaration:
 * warning that it is unused would send the user after the wrong problem.
 */
function syntaxBroken(parseDiagnostics: readonly Diagnostic[]): boolean {
  return parseDiagnostics.some((d) => d.severity === 'error');
}

function withFile(diagnostics: readonly Diagnostic[], file: string): Diagnostic[] {
  return diagnostics.map((d) => (d.file === undefined ? { ...d, file } : d));
}

/** What one file contributes to a {@link CompileResult}, and its resolution when kept. */
interface FileResult {
  readonly diagnostics: Diagnostic[];
  readonly automations: CompiledAutomation[];
  readonly resolved: ResolvedDocument | undefined;
}

/**
 * One file's compilation, fed its top-level items in file order (all at
 * once, or a parser chunk at a time). Resolution, checks, ID lookups and
 * lowering run per rule; the file's end runs what needs the whole file.
 */
class FileCompilation {
  private readonly file: string;
  private readonly resolver: Resolver;
  private readonly lines: LineCounter;
  /** Present when the tree's spans are known to index `source.text` (the compiler parsed it itself). */
  private readonly runFilters: RunFilterMemo | undefined;
  private readonly ids: IdLookup | undefined;
  private readonly checkDiagnostics: Diagnostic[] = [];
  private readonly otherDiagnostics: Diagnostic[] = [];
  private readonly checks: FileCheck[];
  /** Each check's `rule` hook with the rules it applies to (see `Check.applies`). */
  private readonly ruleChecks: { readonly check: (rule: ResolvedRule) => void; readonly applies: Check['applies'] }[];
  /**
   * The `rule` hooks that apply to a rule, by its event kind, action kind and
   * whether it has a filter (a few dozen combinations, each listed once):
   * most checks look at one kind of event or action only.
   */
  private readonly checksByShape = new Map<string, Map<string, ((rule: ResolvedRule) => void)[][]>>();
  private readonly checkIds: ((rule: ResolvedRule) => void) | undefined;
  /** One slot per rule, in file order: its automation once lowered (`undefined` if it cannot be). */
  private readonly slots: (CompiledAutomation | undefined)[] = [];
  /** Rules waiting for the end of the file (their integration may be declared further down), with their slots. */
  private readonly waiting: { rule: ResolvedRule; slot: number }[] = [];
  /** The resolved rules in file order, when the caller wants the resolution back. */
  private readonly kept: ResolvedRule[] | undefined;
  /** Rules under one `in` default share one scope object: big files hold tens of thousands of them. */
  private readonly scopes = new Map<Scope, ScopeRef>();

  constructor(
    source: CompileSource,
    options: CompileOptions,
    private readonly names: AutomationNames,
    keep: boolean,
    ownParse: boolean,
  ) {
    this.file = source.file;
    this.resolver = new Resolver(source.file);
    this.lines = new LineCounter(source.text);
    this.runFilters = ownParse ? new RunFilterMemo(source.text) : undefined;
    this.ids = options.ids === undefined ? undefined : new IdLookup(options.ids);
    const context = checkContext(
      source.file,
      this.resolver.declarations,
      this.resolver.integrations,
      this.checkDiagnostics,
    );
    this.checks = allChecks.map((check) => check.start(context));
    this.ruleChecks = this.checks.flatMap((check, i) =>
      check.rule === undefined ? [] : [{ check: check.rule, applies: allChecks[i]?.applies }],
    );
    this.checkIds =
      this.ids === undefined ? undefined : idMapCheck(source.file, this.ids.ids, this.otherDiagnostics, this.ids);
    this.kept = keep ? [] : undefined;
  }

  /** Reads the next items of the file. */
  add(items: readonly TopLevelItem[]): void {
    // Declarations are hoisted: a rule may use one further down the same chunk.
    for (const item of items) if (item.kind === 'IntegrationDecl') this.resolver.declare(item);
    for (const item of items) {
      if (item.kind === 'ScopeDefault') {
        this.resolver.setDefault(item);
        for (const check of this.checks) check.scopeDefault?.(item);
      } else if (item.kind === 'Rule') {
        const rule = this.resolver.resolveRule(item);
        this.kept?.push(rule);
        this.names.add(this.file, rule, this.otherDiagnostics);
        const slot = this.slots.length;
        this.slots.push(undefined);
        if (bindingIsFinal(rule)) this.compileRule(rule, slot);
        else this.waiting.push({ rule, slot });
      }
    }
  }

  /** Ends the file: the waiting rules, the checks' file-wide parts, and the result. */
  finish(parseDiagnostics: readonly Diagnostic[], document: Document | undefined): FileResult {
    for (const { rule, slot } of this.waiting) {
      const bound = this.resolver.bind(rule);
      if (this.kept !== undefined) this.kept[slot] = bound;
      this.compileRule(bound, slot);
    }
    for (const check of this.checks) check.end?.();
    const broken = syntaxBroken(parseDiagnostics);
    const diagnostics = [
      ...withFile(parseDiagnostics, this.file),
      ...this.resolver.diagnostics,
      ...(broken ? this.checkDiagnostics.filter((d) => d.code !== unusedIntegrationCode) : this.checkDiagnostics),
      ...this.otherDiagnostics,
    ];
    const automations: CompiledAutomation[] = [];
    for (const automation of this.slots) if (automation !== undefined) automations.push(automation);
    const { file, resolver, kept } = this;
    const resolved =
      kept === undefined || document === undefined
        ? undefined
        : {
            file,
            document,
            rules: kept,
            declarations: resolver.declarations,
            integrations: resolver.integrations,
            diagnostics: resolver.diagnostics,
          };
    return { diagnostics, automations, resolved };
  }

  private compileRule(rule: ResolvedRule, slot: number): void {
    for (const check of this.checksFor(rule.rule)) check(rule);
    this.checkIds?.(rule);
    this.slots[slot] = this.lower(rule);
  }

  /** The `rule` hooks of the checks that apply to a rule of this shape, in check order. */
  private checksFor(rule: Rule): ((rule: ResolvedRule) => void)[] {
    const event = rule.event.kind;
    const action = rule.action.kind;
    let byAction = this.checksByShape.get(event);
    if (byAction === undefined) {
      byAction = new Map();
      this.checksByShape.set(event, byAction);
    }
    let byFilter = byAction.get(action);
    if (byFilter === undefined) {
      byFilter = [false, true].map((filter) =>
        this.ruleChecks.filter(({ applies }) => checkApplies(applies, event, action, filter)).map(({ check }) => check),
      );
      byAction.set(action, byFilter);
    }
    return byFilter[rule.filter === undefined ? 0 : 1] as ((rule: ResolvedRule) => void)[];
  }

  private lower(rule: ResolvedRule): CompiledAutomation | undefined {
    const ids = this.ids;
    const input = lowerRule(
      rule,
      {
        scopeID: ids === undefined || rule.scope === undefined ? undefined : ids.scopeId(rule.scope.ref),
        integrationID:
          ids === undefined || rule.integration === undefined ? undefined : ids.integrationId(rule.integration),
      },
      this.runFilters,
    );
    if (input === undefined || rule.scope === undefined) return undefined;
    // Whole object literals, one per shape (not a literal grown key by key):
    // V8 then keeps every property inside the object, where properties added
    // later go to a separate backing array. Compile keeps one automation per
    // rule until it returns, so the bytes each one holds are bytes the garbage
    // collector copies on every young-generation collection it survives.
    const name = rule.name;
    const derivedName = rule.derivedName;
    const file = this.file;
    const line = this.lines.lineAt(rule.rule.span.start);
    const span = rule.rule.span;
    const scope = this.scopeOf(rule.scope);
    const ruleAction = rule.rule.action;
    const ref = rule.integration;
    if (ref === undefined || (ruleAction.kind !== 'WebhookAction' && ruleAction.kind !== 'SlackAction')) {
      return { name, derivedName, file, line, span, scope, input };
    }
    const integration = {
      kind: ref.kind,
      name: ref.name,
      entity: ref.entity,
      key: ref.key,
      span: ruleAction.integration.span,
    };
    return { name, derivedName, file, line, span, scope, integration, input };
  }

  private scopeOf(resolved: ResolvedScope): ScopeRef {
    let ref = this.scopes.get(resolved.node);
    if (ref === undefined) {
      ref = { ...resolved.ref, span: resolved.node.path.span };
      this.scopes.set(resolved.node, ref);
    }
    return ref;
  }
}

/**
 * The line of an offset, for rules met mostly in file order: counts line
 * breaks forward from the last offset asked (with `indexOf`, fast), rather
 * than indexing every line of the file. Gives what `LineIndex.locate` gives;
 * a text with a carriage return, or an offset before the last, goes to a
 * `LineIndex` (built once, when first needed).
 */
class LineCounter {
  private offset = 0;
  private line = 1;
  private readonly plainBreaks: boolean;
  private index: LineIndex | undefined;

  constructor(private readonly text: string) {
    this.plainBreaks = !text.includes('\r');
  }

  lineAt(offset: number): number {
    if (!this.plainBreaks || offset < this.offset) {
      this.index ??= new LineIndex(this.text);
      return this.index.locate(offset).line;
    }
    const text = this.text;
    const end = Math.min(offset, text.length);
    for (let at = text.indexOf('\n', this.offset); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) this.line++;
    this.offset = end;
    return this.line;
  }
}

/** Options of {@link compileStreaming} that only tests and benchmarks set. */
export interface StreamingOptions {
  /** Tokens per parser chunk (see `ParseOptions.chunkTokens`); the result never depends on it. */
  readonly chunkTokens?: number;
}

/**
 * Tokens per parser chunk when compiling: small enough that a chunk's tree
 * is compiled and dropped before the young generation is next collected, so
 * it is never copied or promoted (and V8 never learns to allocate trees in
 * the old generation, where they would pile up as garbage until a full
 * collection). `pnpm bench` measured 512 fastest with the lowest peak memory;
 * 4,096 (what `parse` uses, keeping its whole tree) was 10% slower and
 * sometimes doubled peak memory.
 */
const compileChunkTokens = 512;

/**
 * Compiles sources the way {@link compile} does; `streaming.chunkTokens`
 * sets the parser's chunk size, which tests vary to show it changes nothing.
 */
export function compileStreaming(
  sources: readonly CompileSource[],
  options: CompileOptions,
  streaming: StreamingOptions,
): CompileResult {
  const names = new AutomationNames();
  const files = sources.map((source) => {
    const compilation = new FileCompilation(source, options, names, false, true);
    const parseOptions = { file: source.file, chunkTokens: streaming.chunkTokens ?? compileChunkTokens };
    const parseDiagnostics = parseInChunks(source.text, parseOptions, (chunk) => compilation.add(chunk.items));
    return { file: source.file, result: compilation.finish(parseDiagnostics, undefined) };
  });
  return finish(files);
}

function finish(files: readonly { file: string; result: FileResult }[]): CompileResult {
  const order = new Map(files.map(({ file }, i) => [file, i]));
  const diagnostics = files
    .flatMap(({ result }) => result.diagnostics)
    .sort(
      (a, b) =>
        (order.get(a.file ?? '') ?? 0) - (order.get(b.file ?? '') ?? 0) ||
        a.span.start - b.span.start ||
        a.span.end - b.span.end ||
        a.code.localeCompare(b.code),
    );
  const failed = diagnostics.some((d) => d.severity === 'error');
  const automations: CompiledAutomation[] = [];
  if (!failed)
    for (const { result } of files) for (const automation of result.automations) automations.push(automation);
  return { automations, diagnostics };
}

/**
 * Compiles `.wbrules` sources to the `CreateFilterTriggerInput` payloads the
 * wandb SDK would send, one per rule, in source order (file by file). Each
 * file stands alone for declarations and `in` defaults; automation names
 * must be unique per scope across all of them. Pure: no I/O, clock or
 * environment; never throws on any input.
 */
export function compile(sources: readonly CompileSource[], options: CompileOptions = {}): CompileResult {
  return compileStreaming(sources, options, {});
}

/**
 * Compiles one file alone, returning its AST and resolution as well: what
 * an editor needs to check a document as the user types. Duplicate names
 * are checked within the file only.
 */
export function compileDocument(source: CompileSource, options: CompileDocumentOptions = {}): DocumentCompilation {
  const parsed = options.parsed ?? parse(source.text, { file: source.file });
  const compilation = new FileCompilation(source, options, new AutomationNames(), true, options.parsed === undefined);
  compilation.add(parsed.ast.items);
  const result = compilation.finish(parsed.diagnostics, parsed.ast);
  return {
    ...finish([{ file: source.file, result }]),
    ast: parsed.ast,
    resolved: result.resolved as ResolvedDocument,
  };
}
