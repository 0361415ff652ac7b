/**
 * Runs the cases of a test file against compiled automations: each case's
 * runs and artifact events are evaluated on their own, then its
 * expectations are checked against the firings. Names that do not resolve
 * (automations, runs) are located diagnostics in the YAML, and the case is
 * not run.
 */

import { type CompiledAutomation, didYouMean } from '@wbrules/compiler';
import type { Diagnostic, DiagnosticCode, Span } from '@wbrules/dsl';
import { diagnosticCodes } from '@wbrules/dsl';
import { Evaluator } from './evaluator.js';
import type { RunInfo } from './events.js';
import type { Evaluation, Firing } from './firing.js';
import type { RunHistory } from './run-history.js';
import { isAssumed, type SemanticPointId } from './semantic-points.js';
import type { Expectation, TestCase, TestFile, TestRun } from './test-file.js';

/** An assumed point a verdict rests on, with where it came into play (when it is not the rule's own). */
export interface AssumedPoint {
  readonly point: SemanticPointId;
  readonly run?: string;
  readonly step?: number;
}

/** How one expectation came out. */
export interface ExpectationResult {
  readonly expectation: Expectation;
  readonly passed: boolean;
  /** The named automation's firings that fit the expectation's run or artifact: what actually happened. */
  readonly firings: readonly Firing[];
  /** Assumed semantic points the verdict rests on. */
  readonly assumed: readonly AssumedPoint[];
  /** Why the automation stayed quiet, when it did and that is worth saying (disabled, filtered out, ...). */
  readonly notes: readonly string[];
}

/** How one test case came out: `error` when its names do not resolve (see the diagnostics). */
export interface CaseResult {
  readonly name: string;
  readonly span: Span;
  readonly status: 'passed' | 'failed' | 'error';
  readonly expectations: readonly ExpectationResult[];
  /** Every firing of the case (`undefined` when it was not run). */
  readonly evaluation?: Evaluation;
}

/** How a test file came out. */
export interface TestFileResult {
  readonly file: string;
  readonly cases: readonly CaseResult[];
  /** Problems found while resolving names, and automations the evaluator cannot evaluate. */
  readonly diagnostics: readonly Diagnostic[];
  /** Indices (into the automations given) of the automations that fired in some case. */
  readonly fired: ReadonlySet<number>;
}

/** Runs every case of `testFile` against `automations` (compiled from the file's `rules`). */
export function runTestFile(testFile: TestFile, automations: readonly CompiledAutomation[]): TestFileResult {
  const diagnostics: Diagnostic[] = [];
  const fired = new Set<number>();
  const names = [...new Set(automations.map((a) => a.name))];
  const report = (code: DiagnosticCode, message: string, span: Span, hints: string[] = []): void => {
    diagnostics.push({
      code,
      severity: diagnosticCodes[code].severity,
      message,
      span,
      file: testFile.file,
      ...(hints.length === 0 ? {} : { hints }),
    });
  };
  const problemsReported = new Set<string>();
  const cases = testFile.cases.map((testCase): CaseResult => {
    const before = diagnostics.length;
    for (const expectation of testCase.expectations) {
      const { automation, run } = expectation;
      if (!names.includes(automation.value)) {
        const suggestion = didYouMean(automation.value, names);
        report(
          'WR6004',
          `no automation named "${automation.value}" in ${testFile.rules.map((r) => `"${r.value}"`).join(', ')}`,
          automation.span,
          suggestion === undefined
            ? ['A rule without `automation "NAME"` has a derived name; `wbrules compile` prints every name.']
            : [`Did you mean "${suggestion}"?`],
        );
      }
      if (run !== undefined && !testCase.runs.some((r) => r.name === run.value)) {
        const suggestion = didYouMean(
          run.value,
          testCase.runs.map((r) => r.name),
        );
        report(
          'WR6009',
          `the test case "${testCase.name}" has no run named "${run.value}"`,
          run.span,
          suggestion === undefined ? [] : [`Did you mean "${suggestion}"?`],
        );
      }
    }
    if (testCase.invalid || diagnostics.length > before)
      return { name: testCase.name, span: testCase.span, status: 'error', expectations: [] };
    const evaluator = new Evaluator(automations, { includeDisabled: testCase.evaluateDisabled });
    for (const problem of evaluator.problems) {
      const key = `${problem.automation}\u0000${problem.message}`;
      if (problemsReported.has(key)) continue;
      problemsReported.add(key);
      const source = automations[problem.automation] as CompiledAutomation;
      diagnostics.push({
        code: 'WR6013',
        severity: diagnosticCodes.WR6013.severity,
        message: `the automation "${problem.name}" cannot be fully evaluated: ${problem.message}`,
        span: source.span,
        file: source.file,
      });
    }
    const infos = new Map<string, RunInfo>();
    for (const run of testCase.runs) {
      const history = runHistory(run);
      infos.set(run.name, history.run);
      evaluator.pushRun(history);
    }
    for (const artifact of testCase.artifacts) evaluator.push(artifact.event);
    const evaluation = evaluator.result();
    for (const firing of evaluation.firings) fired.add(firing.automation);
    const expectations = testCase.expectations.map((e) => checkExpectation(e, testCase, evaluator, evaluation, infos));
    return {
      name: testCase.name,
      span: testCase.span,
      status: expectations.every((e) => e.passed) ? 'passed' : 'failed',
      expectations,
      evaluation,
    };
  });
  return { file: testFile.file, cases, diagnostics, fired };
}

/** A test run as a history: step k is row k, at k × step_seconds. */
export function runHistory(run: TestRun): RunHistory {
  let length = 0;
  for (const metric of run.metrics) length = Math.max(length, metric.values.length);
  const steps = Array.from({ length }, (_, i) => i);
  const times = steps.map((step) => step * run.stepSeconds);
  const metrics = new Map<string, readonly (number | null)[]>(run.metrics.map((m) => [m.name, m.values]));
  return {
    run: { id: run.name, name: run.name, ...(run.project === undefined ? {} : { project: run.project }) },
    steps,
    times,
    metrics,
    states: run.states.map((s) => ({ state: s.state, step: s.step, time: s.step * run.stepSeconds })),
  };
}

function checkExpectation(
  expectation: Expectation,
  testCase: TestCase,
  evaluator: Evaluator,
  evaluation: Evaluation,
  infos: ReadonlyMap<string, RunInfo>,
): ExpectationResult {
  const indices = new Set<number>();
  evaluation.automations.forEach((a, i) => {
    if (a.name === expectation.automation.value) indices.add(i);
  });
  const run = expectation.run?.value;
  const artifact = expectation.artifact?.value;
  const firings = evaluation.firings.filter((f) => {
    if (!indices.has(f.automation)) return false;
    if (run !== undefined) return f.kind !== 'artifact' && f.run.name === run;
    if (artifact !== undefined) {
      if (f.kind !== 'artifact' || f.event.collection !== artifact) return false;
      return expectation.version === undefined || f.event.version === expectation.version;
    }
    return true;
  });
  let passed: boolean;
  if (expectation.kind === 'quiet') passed = firings.length === 0;
  else {
    passed =
      expectation.step === undefined
        ? firings.length > 0
        : firings.some((f) => f.kind !== 'artifact' && f.step === expectation.step);
    if (expectation.count !== undefined) passed = passed && firings.length === expectation.count;
  }
  const assumed = new Map<string, AssumedPoint>();
  const add = (point: AssumedPoint): void => {
    if (!assumed.has(point.point)) assumed.set(point.point, point);
  };
  // A disabled (or undecodable) automation's quiet verdict rests on nothing about its condition.
  for (const index of indices) {
    if (evaluator.whyNotWatching(index) === undefined)
      for (const point of evaluator.assumedPoints(index)) add({ point });
  }
  // Touches first: they say where a point came into play, which the firings' own lists do not.
  for (const touch of evaluation.touches) {
    if (!indices.has(touch.automation) || !isAssumed(touch.point)) continue;
    if (run !== undefined && touch.run?.name !== run) continue;
    if (artifact !== undefined && touch.run !== undefined) continue;
    add({
      point: touch.point,
      ...(touch.run === undefined ? {} : { run: touch.run.name }),
      ...(touch.step === undefined ? {} : { step: touch.step }),
    });
  }
  for (const firing of firings) for (const point of firing.assumed) if (isAssumed(point)) add({ point });
  const notes: string[] = [];
  if (firings.length === 0) {
    const runs = run === undefined ? testCase.runs.map((r) => r.name) : [run];
    const reasons = new Set<string>();
    for (const index of indices) {
      const general = evaluator.whyNotWatching(index);
      if (general !== undefined) {
        reasons.add(general);
        continue;
      }
      const runEvent = (evaluation.automations[index] as CompiledAutomation).input.triggeringEventType.startsWith(
        'RUN_',
      );
      if (!runEvent || artifact !== undefined) continue;
      for (const name of runs) {
        const info = infos.get(name);
        const why = info === undefined ? undefined : evaluator.whyNotWatching(index, info);
        if (why !== undefined) reasons.add(why);
        const metric = evaluator.watchedMetric(index);
        const testRun = testCase.runs.find((r) => r.name === name);
        if (why === undefined && metric !== undefined && testRun !== undefined && !logs(testRun, metric)) {
          reasons.add(`run "${name}" logs no "${metric}"`);
        }
      }
    }
    notes.push(...reasons);
  }
  return {
    expectation,
    passed,
    firings,
    assumed: [...assumed.values()].sort((a, b) => (a.point < b.point ? -1 : 1)),
    notes,
  };
}

/** Whether a test run logs at least one value of `metric`. */
function logs(run: TestRun, metric: string): boolean {
  return run.metrics.some((m) => m.name === metric && m.values.some((v) => v !== null));
}
