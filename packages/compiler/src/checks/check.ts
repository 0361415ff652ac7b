import {
  type Action,
  type Diagnostic,
  type DiagnosticCode,
  diagnosticCodes,
  type Event,
  type Fix,
  type RelatedInformation,
  type ScopeDefault,
  type Span,
} from '@wbrules/dsl';
import type { ResolvedDocument, ResolvedIntegration, ResolvedRule } from '../resolve/resolve.js';

/**
 * The checking phase: a list of checks, one invariant each. A check never
 * throws and never stops the others; it reports what it finds through its
 * context. Two drivers run them: {@link runChecks} over a resolved file (one
 * check after another, for editors), and `compile`, which feeds each rule to
 * every check as the file is parsed, a chunk at a time.
 */

/** What a check reports; the severity comes from the code table and the file from the context. */
export interface CheckReport {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly hints?: readonly string[];
  readonly related?: readonly RelatedInformation[];
  readonly fixes?: readonly Fix[];
}

/**
 * What a check sees of the file it checks. Declarations are those read so
 * far: complete at `end`, and for any rule whose action does not name a
 * declaration of its own kind (such rules are checked once the whole file is
 * read, because a later declaration may be the one they mean).
 */
export interface CheckContext {
  readonly file: string;
  /** Every integration declaration, in file order (duplicates included). */
  readonly declarations: readonly ResolvedIntegration[];
  /** The first declaration of each local name. */
  readonly integrations: ReadonlyMap<string, ResolvedIntegration>;
  report(report: CheckReport): void;
}

/**
 * A check at work on one file: each hook sees its part of the file in file
 * order (an `in` default, a rule), then `end` runs once. A check keeps
 * whatever it needs across rules in the closure that `start` returns, so a
 * file can be checked a chunk at a time without holding its whole tree.
 */
export interface FileCheck {
  /** Each top-level `in` default. */
  readonly scopeDefault?: (item: ScopeDefault) => void;
  /** Each rule, with its bindings. */
  readonly rule?: (rule: ResolvedRule) => void;
  /** After the file's last item. */
  readonly end?: () => void;
}

/** Which rules a check can report on (see {@link Check.applies}): each field present narrows them. */
export interface CheckApplies {
  /** Only rules with one of these events. */
  readonly events?: readonly Event['kind'][];
  /** Only rules with one of these actions. */
  readonly actions?: readonly Action['kind'][];
  /** Only rules with a `where` clause. */
  readonly filter?: true;
}

/** Whether a check that `applies` so can report on a rule with this event, action and filter presence. */
export function checkApplies(
  applies: CheckApplies | undefined,
  event: Event['kind'],
  action: Action['kind'],
  filter: boolean,
): boolean {
  if (applies === undefined) return true;
  if (applies.events !== undefined && !applies.events.includes(event)) return false;
  if (applies.actions !== undefined && !applies.actions.includes(action)) return false;
  return applies.filter === undefined || filter;
}

/** One checker rule. */
export interface Check {
  /** Kebab-case, the file name under `checks/`. */
  readonly name: string;
  /** The one-sentence invariant the check enforces. */
  readonly invariant: string;
  /** The codes it may report. */
  readonly codes: readonly DiagnosticCode[];
  /**
   * The rules the check's `rule` hook can report on, when narrower than every
   * rule: `compile` hands a rule only to the checks that apply to it (calling
   * every check on every rule was most of the cost of checking a big file).
   * `runChecks` hands every rule to every check; a test holds the two equal.
   */
  readonly applies?: CheckApplies;
  /** Starts checking one file. */
  start(context: CheckContext): FileCheck;
}

/** A check context for `file` that appends what checks report to `diagnostics`. */
export function checkContext(
  file: string,
  declarations: readonly ResolvedIntegration[],
  integrations: ReadonlyMap<string, ResolvedIntegration>,
  diagnostics: Diagnostic[],
): CheckContext {
  return {
    file,
    declarations,
    integrations,
    report(report) {
      const related = report.related?.map((r) => (r.file === undefined ? { ...r, file } : r));
      diagnostics.push({
        code: report.code,
        severity: diagnosticCodes[report.code].severity,
        message: report.message,
        span: report.span,
        file,
        ...(related === undefined ? {} : { related }),
        ...(report.hints === undefined ? {} : { hints: report.hints }),
        ...(report.fixes === undefined ? {} : { fixes: report.fixes }),
      });
    },
  };
}

/**
 * Runs every check over one resolved file; diagnostics in check order, then
 * as each check found them. The file is read once, each item handed to every
 * check in turn (one pass over a big tree, not one per check), and each
 * check reports into its own list, so the order is as if the checks had run
 * one after another.
 */
export function runChecks(resolved: ResolvedDocument, checks: readonly Check[]): Diagnostic[] {
  const found = checks.map(() => [] as Diagnostic[]);
  const started = checks.map((check, i) =>
    check.start(checkContext(resolved.file, resolved.declarations, resolved.integrations, found[i] as Diagnostic[])),
  );
  const scopeDefaults = started.flatMap((check) => (check.scopeDefault === undefined ? [] : [check.scopeDefault]));
  const ruleChecks = started.flatMap((check) => (check.rule === undefined ? [] : [check.rule]));
  // Defaults and rules interleave in file order (`resolved.rules` holds the file's rules in order).
  let next = 0;
  for (const item of resolved.document.items) {
    if (item.kind === 'ScopeDefault') {
      for (const scopeDefault of scopeDefaults) scopeDefault(item);
    } else if (item.kind === 'Rule' && resolved.rules[next]?.rule === item) {
      const rule = resolved.rules[next] as ResolvedRule;
      for (const check of ruleChecks) check(rule);
      next++;
    }
  }
  for (; next < resolved.rules.length; next++) {
    const rule = resolved.rules[next] as ResolvedRule;
    for (const check of ruleChecks) check(rule);
  }
  for (const check of started) check.end?.();
  return found.flat();
}

/** A one-edit fix. */
export function replaceFix(title: string, span: Span, newText: string): Fix {
  return { title, edits: [{ span, newText }] };
}
