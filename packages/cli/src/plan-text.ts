import { ansi, painter } from '@wbrules/dsl';
import type { Plan, PlanChange, PlanEntry, PlanScope, PlanSummary } from '@wbrules/runtime';
import { printable, quoted } from './printable.js';

/**
 * A plan as a person reads it (`wbrules plan`, and `wbrules apply` before it
 * asks): the changes grouped by scope, `+` create, `~` update with each
 * changed field decoded (`event.filter.run_metric_filter.threshold_filter.threshold:
 * 0.8 → 0.7`, never an escaped JSON string), `-` delete; then the
 * automations the files do not mention ("not managed"), those kept as
 * they are because wbrules cannot write them as rules (each with the
 * reason) or because they hold the API key (by ID only), then the counts.
 * Every name and value is printed with its control characters escaped
 * (`quoted`, `printable`), since it came from a file or the server.
 * Colour only when asked for (standard output is a terminal).
 */

/** Not-managed automations shown one per line before the rest are only counted. */
const notManagedShown = 20;

/** The whole plan, ending with its summary line. */
export function renderPlan(plan: Plan, color: boolean): string {
  const paint = planPainter(color);
  const lines: string[] = [
    `Plan for ${printable(plan.server)} (automations of ${plan.entities.map(quoted).join(', ') || 'no entity'} listed${plan.prune ? '; --prune' : ''})`,
  ];
  let scope = '';
  for (const change of plan.changes) {
    const heading = scopeHeading(change.scope);
    if (heading !== scope) {
      lines.push('', paint.bold(heading));
      scope = heading;
    }
    for (const line of changeLines(change, plan, paint)) lines.push(line);
  }
  if (plan.unmanaged.length > 0) {
    lines.push(
      '',
      plan.prune
        ? plan.unmanaged.some((u) => u.keptBy !== undefined)
          ? 'Not managed (not in these files, kept by --keep or in scopes they do not use; never changed):'
          : 'Not managed (not in these files, in scopes they do not use; never changed):'
        : 'Not managed (not in these files; left alone unless --prune is given):',
    );
    // One line per automation in a scope the files use (--prune would delete
    // it), one line per other scope (the files cannot touch those).
    const inScope = plan.unmanaged.filter((u) => u.inManagedScope);
    for (const entry of inScope.slice(0, notManagedShown)) {
      const prunable =
        entry.keptBy !== undefined
          ? ` (kept by --keep ${quoted(entry.keptBy)})`
          : plan.prune
            ? ''
            : ' (--prune would delete it)';
      lines.push(`  ${paint.dim('·')} ${scopeHeading(entry.scope)}: ${quoted(entry.name)}${prunable}`);
    }
    if (inScope.length > notManagedShown)
      lines.push(`  … and ${inScope.length - notManagedShown} more in these scopes (--json lists them all)`);
    const elsewhere = new Map<string, number>();
    for (const entry of plan.unmanaged)
      if (!entry.inManagedScope)
        elsewhere.set(scopeHeading(entry.scope), (elsewhere.get(scopeHeading(entry.scope)) ?? 0) + 1);
    for (const [heading, count] of elsewhere)
      lines.push(
        `  ${paint.dim('·')} ${heading}: ${count === 1 ? '1 automation' : `${count} automations`} (a scope these files do not use)`,
      );
  }
  // A plan saved before inexpressible automations were kept has no `why`: all of its kept ones hold the key.
  const inexpressible = plan.kept.filter((k) => k.why === 'inexpressible');
  const secret = plan.kept.filter((k) => k.why !== 'inexpressible');
  if (inexpressible.length > 0) {
    lines.push('', 'Kept as they are (wbrules cannot write them as rules, so it never changes or deletes them):');
    for (const entry of inexpressible) {
      const rule = entry.source === undefined ? '' : ` (the rule at ${placeOf(entry)} is not applied)`;
      lines.push(
        `  ${paint.dim('·')} ${scopeHeading(entry.scope)}: ${quoted(entry.name ?? '')} (${printable(entry.id)})${rule}`,
        `      kept: ${printable(entry.reason)}`,
      );
    }
  }
  if (secret.length > 0) {
    lines.push('', 'Kept as they are (they hold the API key, so they are shown by ID only and never changed):');
    for (const entry of secret) {
      const rule = entry.source === undefined ? '' : ` (the rule at ${placeOf(entry)} is not applied)`;
      lines.push(`  ${paint.dim('·')} ${scopeHeading(entry.scope)}: automation ${printable(entry.id)}${rule}`);
    }
  }
  lines.push('', summaryLine(plan.summary, plan.kept.length));
  const derived = derivedNamesLine(plan.derivedNames ?? 0);
  if (derived !== undefined) lines.push(derived);
  return `${lines.join('\n')}\n`;
}

/** `Plan: 1 to create, 2 to update, 0 to delete; 5 unchanged, 1 not managed.` (and `, 1 kept`) or the no-changes sentence. */
export function summaryLine(summary: PlanSummary, keptCount = 0): string {
  const kept = keptCount > 0 ? `, ${keptCount} kept` : '';
  const rest = `${summary.unchanged} unchanged, ${summary.unmanaged} not managed${kept}`;
  if (summary.create + summary.update + summary.delete === 0)
    return `No changes: the server already holds what the files say (${rest}).`;
  return `Plan: ${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete; ${rest}.`;
}

/**
 * The one line about rules without `automation "NAME"`: editing one renames
 * its automation (see docs/plan-apply-pull.md), and `fmt --name-rules` pins
 * the names. `undefined` when no rule the plan applies has a derived name.
 */
export function derivedNamesLine(count: number): string | undefined {
  if (count === 0) return undefined;
  const rules = count === 1 ? '1 rule has a derived name' : `${count} rules have derived names`;
  return `Note: ${rules} (no automation "NAME"); "wbrules fmt --name-rules" pins them.`;
}

/** How a plan names a scope: `project "acme/vision"`. */
export function scopeHeading(scope: Pick<PlanScope, 'kind' | 'path'>): string {
  return `${printable(scope.kind)} ${quoted(scope.path)}`;
}

/** `file:line` of an entry's rule, or nothing. */
export function placeOf(entry: Pick<PlanEntry, 'source'>): string {
  return entry.source === undefined ? '' : `${printable(entry.source.file)}:${entry.source.line}`;
}

function changeLines(change: PlanChange, plan: Plan, paint: Painter): string[] {
  const name = quoted(change.name);
  switch (change.action) {
    case 'create':
      return [`  ${paint.green('+')} ${name}  ${paint.dim(placeOf(change))}`];
    case 'delete':
      return [`  ${paint.red('-')} ${name}  ${paint.dim('(no rule names it; --prune)')}`];
    case 'update': {
      // An edited rule with a derived name renames its automation in place.
      const names = change.renamedFrom === undefined ? name : `${quoted(change.renamedFrom)} → ${name}`;
      const out = [`  ${paint.yellow('~')} ${names}  ${paint.dim(placeOf(change))}`];
      for (const field of change.fields) {
        const show = (value: string | undefined) =>
          value === undefined ? '(none)' : field.path === 'action.integration' ? integration(value, plan) : value;
        out.push(`      ${printable(field.path)}: ${printable(show(field.before))} → ${printable(show(field.after))}`);
      }
      return out;
    }
  }
}

/** An integration ID (as compact JSON) shown by name when the plan knows it. */
function integration(json: string, plan: Plan): string {
  try {
    const id = JSON.parse(json);
    const label = typeof id === 'string' ? plan.integrations[id] : undefined;
    return label === undefined ? json : `${JSON.stringify(label)} (${id})`;
  } catch {
    return json;
  }
}

interface Painter {
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly red: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

function planPainter(color: boolean): Painter {
  const paint = painter(color);
  const style = (code: string) => (s: string) => paint(code, s);
  return {
    green: style(ansi.green),
    yellow: style(ansi.yellow),
    red: style(ansi.red),
    bold: style(ansi.bold),
    dim: style(ansi.dim),
  };
}
