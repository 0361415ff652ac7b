import type { CompiledAutomation } from '@wbrules/compiler';
import { LineIndex } from '@wbrules/dsl';
import {
  type AssumedPoint,
  type CaseResult,
  describeWhere,
  describeWhy,
  type Expectation,
  type ExpectationResult,
  type Firing,
  firingValues,
  type RenderedPayload,
  renderPayload,
  type SemanticPointId,
  semanticPoints,
} from '@wbrules/evaluator';

/**
 * The text `wbrules test` prints for test results: one line per case, and
 * for a failed case each failed expectation with what happened instead,
 * window values included. Kept apart from the command so the wording is
 * tested on its own.
 */

/** Firings shown per failed expectation before the rest are counted. */
const SHOWN_FIRINGS = 5;

/** `"acc-floor" fires for run "prod-7" at step 4`, `"loss-spike" stays quiet`. */
export function describeExpectation(e: Expectation): string {
  const name = JSON.stringify(e.automation.value);
  const where =
    e.run !== undefined
      ? ` for run ${JSON.stringify(e.run.value)}`
      : e.artifact !== undefined
        ? ` on ${e.artifact.value}${e.version === undefined ? '' : `:v${e.version}`}`
        : '';
  if (e.kind === 'quiet') return `${name} stays quiet${where}`;
  const step = e.step === undefined ? '' : ` at step ${e.step}`;
  const count = e.count === undefined ? '' : `, ${e.count === 1 ? 'once' : `${e.count} times`}`;
  return `${name} fires${where}${step}${count}`;
}

/** `for run "prod-7" at step 4: avg of "val/acc" [...] = 0.79 < 0.8`, `on alias_added "prod" (artifact event 1): …` */
export function describeFiring(firing: Firing): string {
  return `${firing.kind === 'artifact' ? 'on' : 'for'} ${describeWhere(firing)}: ${describeWhy(firing)}`;
}

/** The assumed points of a case's verdicts, each once, in id order. */
export function caseAssumptions(c: CaseResult): SemanticPointId[] {
  const ids = new Set<SemanticPointId>();
  for (const e of c.expectations) for (const a of e.assumed) ids.add(a.point);
  return [...ids].sort();
}

/**
 * A case's lines (two-space indent): `✓ name`, `✗ name`, `! name` (not run),
 * with `[assumes: …]` when an assumed point decided a verdict, then the
 * failed expectations in detail.
 */
export function formatCase(c: CaseResult, testText: string): string[] {
  const mark = c.status === 'passed' ? '✓' : c.status === 'failed' ? '✗' : '!';
  const assumed = caseAssumptions(c);
  const suffix =
    c.status === 'error'
      ? ' (not run: see the errors above)'
      : assumed.length === 0
        ? ''
        : `  [assumes: ${assumed.join(', ')}]`;
  const lines = [`  ${mark} ${c.name}${suffix}`];
  if (c.status !== 'failed') return lines;
  const index = new LineIndex(testText);
  for (const e of c.expectations) if (!e.passed) lines.push(...formatFailure(e, index));
  return lines;
}

function formatFailure(e: ExpectationResult, index: LineIndex): string[] {
  const { line } = index.locate(e.expectation.span.start);
  const lines = [`      line ${line}: expected ${describeExpectation(e.expectation)}`];
  const name = JSON.stringify(e.expectation.automation.value);
  if (e.firings.length === 0) {
    const why = e.notes.length === 0 ? '' : `: ${e.notes.join('; ')}`;
    lines.push(`        but ${name} never fired${where(e.expectation)}${why}`);
  } else {
    const shown = e.firings.slice(0, SHOWN_FIRINGS);
    shown.forEach((firing, i) => {
      lines.push(`        ${i === 0 ? `but ${name} fired` : 'and'} ${describeFiring(firing)}`);
    });
    if (e.firings.length > SHOWN_FIRINGS) lines.push(`        and ${e.firings.length - SHOWN_FIRINGS} more times`);
  }
  // Points the rule always rests on are listed on the case's line; here only those that came into play somewhere.
  for (const a of e.assumed)
    if (a.run !== undefined) lines.push(`        (this rests on the assumed point ${describeAssumption(a)})`);
  return lines;
}

function where(e: Expectation): string {
  if (e.run !== undefined) return ` for run ${JSON.stringify(e.run.value)}`;
  if (e.artifact !== undefined) return ` on ${e.artifact.value}`;
  return '';
}

/** `partial-window: a window that is not yet full does not fire (run "r", step 2)` */
export function describeAssumption(a: AssumedPoint): string {
  const at =
    a.run === undefined ? '' : ` (run ${JSON.stringify(a.run)}${a.step === undefined ? '' : `, step ${a.step}`})`;
  return `${a.point}: ${semanticPoints[a.point].summary}${at}`;
}

/** The heading of the legend of the assumed points the payloads `--show-payloads` printed rest on. */
export const PAYLOAD_LEGEND = 'the payloads shown rest on points W&B does not document (docs/semantics.md):';

/**
 * `--show-payloads`: what a firing makes W&B send, rendered with the
 * firing's values over the built-in sample, secrets masked: `body: {…}` for
 * a webhook, `prompt: …` for ARIA (on one line); `undefined` for other actions.
 */
export function firingPayload(
  firing: Firing,
  automation: CompiledAutomation,
): { readonly line: string; readonly rendered: RenderedPayload } | undefined {
  const rendered = renderPayload(automation, { values: firingValues(firing) });
  if (rendered === undefined) return undefined;
  return { line: `${rendered.action === 'webhook' ? 'body' : 'prompt'}: ${rendered.shown}`, rendered };
}

/** The legend printed after the summary: each assumed point that decided a verdict, with what it says. */
export function assumptionLegend(
  ids: ReadonlySet<SemanticPointId>,
  heading = 'verdicts marked [assumes: …] rest on points W&B does not document (docs/semantics.md):',
): string[] {
  if (ids.size === 0) return [];
  const sorted = [...ids].sort();
  const width = Math.max(...sorted.map((id) => id.length));
  return [heading, ...sorted.map((id) => `  ${id.padEnd(width)}  ${semanticPoints[id].summary}`)];
}
