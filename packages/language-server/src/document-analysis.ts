import {
  allChecks,
  type Check,
  duplicateNameDiagnostics,
  type ResolvedDocument,
  type ResolvedRule,
  resolveDocument,
  runChecks,
} from '@wbrules/compiler';
import {
  type Diagnostic,
  type IntegrationDecl,
  LineIndex,
  type ParseResult,
  type Rule,
  type Scope,
} from '@wbrules/dsl';
import { IncrementalParser, type TextEdit } from './incremental-parser.js';
import { editedLineStarts, lineStarts } from './positions.js';

/**
 * Everything the handlers read about one version of a document. It holds
 * until its state's next update (which reuses its nodes and moves their
 * spans in place): handlers read it at once, never across an update.
 */
export interface DocumentAnalysis {
  /** The document's URI (also the file name its diagnostics carry). */
  readonly uri: string;
  readonly text: string;
  readonly lines: LineIndex;
  readonly parsed: ParseResult;
  /** The compiler's resolution: each rule's scope, integration and automation name. */
  readonly resolved: ResolvedDocument;
  /** Every diagnostic `compileDocument` reports for the text, in its order. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The compiler's order for one file's diagnostics (see `compile.ts`): by
 * start, then end, then code.
 */
function byPlace(a: Diagnostic, b: Diagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);
}

/** The "declared but never used" warning, dropped when the text has a syntax error (as `checkDocument` does). */
const unusedIntegrationCode = 'WR3025';

/**
 * The checks split by what they need: a check with an `end` hook gathers
 * facts across rules (which integrations any rule uses) and runs over the
 * whole file on every analysis; every other check reports on one item at a
 * time (a rule with its bindings, an `in` default), so what it says of a
 * rule can be kept while the rule and what it binds to are unchanged.
 */
const probe = { file: '', declarations: [], integrations: new Map(), report: () => {} };
const fileChecks: readonly Check[] = allChecks.filter((c) => c.start(probe).end !== undefined);
const itemChecks: readonly Check[] = allChecks.filter((c) => !fileChecks.includes(c));

/** What the item checks said of one rule, in the current text's offsets. */
interface RuleCheck {
  /** The scope node the rule was resolved under (its own, or an `in` default's). */
  scope: Scope | undefined;
  diagnostics: readonly Diagnostic[];
  /** The last analysis that had the rule (older entries are the rules an edit replaced). */
  analysis: number;
}

/**
 * One open document. Each new text goes through the incremental parser and
 * then the compiler's checking phases, as `checkDocument` runs them
 * (resolution, the checks, duplicate names); lowering every rule on every
 * keystroke would double the cost of a re-analysis and adds no diagnostic,
 * so it happens per rule, when hover asks for one.
 *
 * Resolution and the file-wide checks run over the whole file each time;
 * the per-item checks run only on the rules the edit re-parsed (new rule
 * nodes) or whose scope changed, and every other rule's diagnostics are
 * those of the previous analysis moved past the edit. All of them are
 * dropped when an integration declaration changes (every rule's bindings
 * and suggestions read them). Tests hold these diagnostics equal to
 * `compileDocument`'s and to a fresh analysis's after random edits.
 */
export class DocumentState {
  private readonly parser: IncrementalParser;
  private current: DocumentAnalysis | undefined;
  /** The item checks' findings for each rule node of the current text. */
  private readonly ruleChecks = new Map<Rule, RuleCheck>();
  /** Counts analyses (see {@link RuleCheck.analysis}). */
  private analyses = 0;
  /** The current text's line starts, updated for each edit (diagnostics are published as lines and columns). */
  private lineStarts: number[] = [];
  /** The declaration nodes those findings were made with, in file order. */
  private declarations: readonly IntegrationDecl[] = [];

  constructor(readonly uri: string) {
    this.parser = new IncrementalParser(uri);
  }

  /** The analysis of `text`, reusing what the previous text's analysis allows. */
  update(text: string): DocumentAnalysis {
    if (this.current !== undefined && this.current.text === text) return this.current;
    const parsed = this.parser.update(text);
    const edit = this.parser.lastEdit();
    const file = this.uri;
    const resolved = resolveDocument(parsed.ast, file);
    const declarations = resolved.declarations.map((d) => d.decl);
    const ruleChecks = this.ruleChecks;
    if (edit === undefined || !sameNodes(declarations, this.declarations)) ruleChecks.clear();
    this.declarations = declarations;
    const analysis = ++this.analyses;
    // Each rule's entry, kept (its diagnostics moved past the edit) or to be checked again.
    const entries: RuleCheck[] = [];
    const unchecked: ResolvedRule[] = [];
    for (const rule of resolved.rules) {
      const scope = rule.scope?.node;
      let kept = ruleChecks.get(rule.rule);
      const moved =
        kept !== undefined && kept.scope === scope && edit !== undefined
          ? moveDiagnostics(kept.diagnostics, edit)
          : undefined;
      if (moved === undefined) unchecked.push(rule);
      if (kept === undefined) {
        kept = { scope, diagnostics: moved ?? [], analysis };
        ruleChecks.set(rule.rule, kept);
      } else {
        kept.scope = scope;
        kept.diagnostics = moved ?? [];
        kept.analysis = analysis;
      }
      entries.push(kept);
    }
    if (unchecked.length > 0) {
      for (const [rule, diagnostics] of checkRules(resolved, unchecked)) {
        (ruleChecks.get(rule.rule) as RuleCheck).diagnostics = diagnostics;
      }
    }
    const checked: Diagnostic[] = [];
    for (const entry of entries) for (const d of entry.diagnostics) checked.push(d);
    if (ruleChecks.size > resolved.rules.length) {
      for (const [rule, entry] of ruleChecks) if (entry.analysis !== analysis) ruleChecks.delete(rule);
    }
    const defaults = parsed.ast.items.filter((item) => item.kind === 'ScopeDefault');
    if (defaults.length > 0) {
      const onlyDefaults = { ...resolved, document: { ...resolved.document, items: defaults }, rules: [] };
      for (const d of runChecks(onlyDefaults, itemChecks)) checked.push(d);
    }
    for (const d of runChecks(resolved, fileChecks)) checked.push(d);
    const syntaxBroken = parsed.diagnostics.some((d) => d.severity === 'error');
    const diagnostics = [
      ...parsed.diagnostics.map((d) => (d.file === undefined ? { ...d, file } : d)),
      ...resolved.diagnostics,
      ...(syntaxBroken ? checked.filter((d) => d.code !== unusedIntegrationCode) : checked),
      ...duplicateNameDiagnostics(resolved.rules.map((rule) => ({ file, rule }))),
    ].sort(byPlace);
    this.lineStarts = edit === undefined ? lineStarts(text) : editedLineStarts(this.lineStarts, text, edit);
    const lines = new LineIndex(text, this.lineStarts);
    this.current = { uri: file, text, lines, parsed, resolved, diagnostics };
    return this.current;
  }

  /** Characters the last update re-parsed. */
  lastParsedChars(): number {
    return this.parser.stats().parsedChars;
  }
}

/**
 * The item checks' diagnostics for each of `rules` (their bindings read
 * from `resolved`), in one pass of the checks, each rule's in the order a
 * pass over it alone gives. Each report is traced to the rule being checked
 * when it was made, and each diagnostic to its report (same span object,
 * code and message); should that ever fail, each rule is checked alone.
 * The diagnostics get spans of their own: a check reports a node's span
 * object, which the incremental parser moves in place after a later edit,
 * while these are kept and moved past each edit here.
 */
function checkRules(resolved: ResolvedDocument, rules: readonly ResolvedRule[]): Map<ResolvedRule, Diagnostic[]> {
  const out = new Map<ResolvedRule, Diagnostic[]>();
  for (const rule of rules) out.set(rule, []);
  const reports = new Map<object, { code: string; message: string; owner: ResolvedRule | undefined }[]>();
  let current: ResolvedRule | undefined;
  const traced = itemChecks.map(
    (check): Check => ({
      ...check,
      start(context) {
        const { rule } = check.start({
          ...context,
          report(report) {
            const made = { code: report.code, message: report.message, owner: current };
            const same = reports.get(report.span);
            if (same === undefined) reports.set(report.span, [made]);
            else same.push(made);
            context.report(report);
          },
        });
        if (rule === undefined) return {};
        return {
          rule(r) {
            current = r;
            rule(r);
            current = undefined;
          },
        };
      },
    }),
  );
  const only = (list: readonly ResolvedRule[]): ResolvedDocument => ({
    ...resolved,
    document: { ...resolved.document, items: [] },
    rules: list,
  });
  const owners: ResolvedRule[] = [];
  const diagnostics = runChecks(only(rules), traced);
  for (const d of diagnostics) {
    const same = reports.get(d.span) ?? [];
    const at = same.findIndex((r) => r.code === d.code && r.message === d.message);
    const owner = same[at]?.owner;
    if (owner === undefined) break;
    same.splice(at, 1);
    owners.push(owner);
  }
  if (owners.length === diagnostics.length) {
    diagnostics.forEach((d, i) => {
      out.get(owners[i] as ResolvedRule)?.push(copyData(d) as Diagnostic);
    });
  } else {
    for (const rule of rules)
      out.set(
        rule,
        runChecks(only([rule]), itemChecks).map((d) => copyData(d) as Diagnostic),
      );
  }
  return out;
}

/** A deep copy of plain data (no `structuredClone`: a Web Worker has it, a bare script context may not). */
function copyData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData);
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copyData((value as Record<string, unknown>)[key]);
  return out;
}

function sameNodes<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((node, i) => node === b[i]);
}

/**
 * `diagnostics` (of the previous text) in the new text's offsets, or
 * `undefined` when one of their places touches the edited stretch (the
 * rule is then checked again).
 */
function moveDiagnostics(diagnostics: readonly Diagnostic[], edit: TextEdit): readonly Diagnostic[] | undefined {
  return moveSpans(diagnostics, edit) as readonly Diagnostic[] | undefined;
}

/** A copy of `value` with every `span` moved past `edit`; the value itself when nothing moves. */
function moveSpans(value: unknown, edit: TextEdit): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const moved = moveSpans(value[i], edit);
      if (moved === undefined) return undefined;
      if (moved !== value[i]) out ??= value.slice();
      if (out !== undefined) out[i] = moved;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const field = record[key];
    if (typeof field !== 'object' || field === null) continue;
    let moved: unknown;
    if (key === 'span') {
      const span = field as { start: number; end: number };
      const start = moveOffset(span.start, edit);
      const end = moveOffset(span.end, edit);
      if (start === undefined || end === undefined) return undefined;
      moved = start === span.start && end === span.end ? span : { start, end };
    } else {
      moved = moveSpans(field, edit);
      if (moved === undefined) return undefined;
    }
    if (moved !== field) {
      out ??= { ...record };
      out[key] = moved;
    }
  }
  return out ?? value;
}

/** An offset of the previous text in the new one; `undefined` on the edited stretch or its ends. */
function moveOffset(offset: number, edit: TextEdit): number | undefined {
  if (offset < edit.start) return offset;
  if (offset > edit.oldEnd) return offset + edit.delta;
  return undefined;
}

/** Analyses a text from scratch (tests, one-off requests). */
export function analyzeText(uri: string, text: string): DocumentAnalysis {
  return new DocumentState(uri).update(text);
}

/** The resolved rule whose source span holds `offset` (a cursor right after a rule still counts). */
export function ruleAt(analysis: DocumentAnalysis, offset: number): ResolvedRule | undefined {
  return analysis.resolved.rules.find((r) => r.rule.span.start <= offset && offset <= r.rule.span.end);
}
