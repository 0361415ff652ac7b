/**
 * The shared harness of the evaluator tests: compile rules with the real
 * compiler (so every test goes through a real payload), build runs from the
 * compact series notation, and reduce firings to what a table asserts.
 */

import { type CompiledAutomation, compile } from '@wbrules/compiler';
import { expect } from 'vitest';
import { evaluate, type EvaluatorOptions } from '../evaluator.js';
import type { ArtifactEvent, RunStateName } from '../events.js';
import type { Evaluation, Firing } from '../firing.js';
import type { RunHistory } from '../run-history.js';
import { parseSeries } from '../series.js';

/** Compiles rules written under `in project "acme/vision"`; fails the test on any compile error. */
export function automations(rules: string): CompiledAutomation[] {
  const result = compile([{ file: 'rules.wbrules', text: `in project "acme/vision"\n${rules}` }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return [...result.automations];
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly project?: string;
  /** Seconds between steps (default 1). */
  readonly stepSeconds?: number;
  /** `"running@0 failed@7"`. */
  readonly states?: string;
}

/** A run whose metrics are written in the compact notation (`"1 0.9 _ 0.5"`). */
export function run(
  name: string,
  metrics: Readonly<Record<string, string | readonly (number | null)[]>>,
  options: RunOptions = {},
): RunHistory {
  const columns = new Map<string, readonly (number | null)[]>();
  let length = 0;
  for (const [metric, series] of Object.entries(metrics)) {
    let values: readonly (number | null)[];
    if (typeof series === 'string') {
      const parsed = parseSeries(series);
      if (!parsed.ok) throw new Error(`bad series in a test: ${parsed.problem.message}`);
      values = parsed.values;
    } else values = series;
    columns.set(metric, values);
    length = Math.max(length, values.length);
  }
  const seconds = options.stepSeconds ?? 1;
  const steps = Array.from({ length }, (_, i) => i);
  const states = (options.states ?? '')
    .split(/\s+/)
    .filter((s) => s !== '')
    .map((s) => {
      const [state, step] = s.split('@');
      return { state: state as RunStateName, step: Number(step), time: Number(step) * seconds };
    });
  return {
    run: { id: name, name, ...(options.project === undefined ? {} : { project: options.project }) },
    steps,
    times: steps.map((s) => s * seconds),
    metrics: columns,
    states,
  };
}

/** An artifact event with defaults. */
export function artifact(
  event: Omit<ArtifactEvent, 'kind' | 'time' | 'index'> & { time?: number; index?: number },
): ArtifactEvent {
  return { kind: 'artifact', time: 0, index: 0, ...event };
}

/** Evaluates `rules` over runs (and artifact events). */
export function evaluateRules(
  rules: string,
  runs: readonly RunHistory[],
  artifacts: readonly ArtifactEvent[] = [],
  options: EvaluatorOptions = {},
): Evaluation {
  return evaluate(automations(rules), { runs, artifacts }, options);
}

/** The steps at which the single rule in `rules` fires on one run's metrics. */
export function firingSteps(
  rule: string,
  metrics: Readonly<Record<string, string | readonly (number | null)[]>>,
  options: RunOptions = {},
): number[] {
  return stepsOf(evaluateRules(rule, [run('r', metrics, options)]).firings);
}

/** The steps of run firings. */
export function stepsOf(firings: readonly Firing[]): number[] {
  return firings.map((f) => (f.kind === 'artifact' ? -1 : f.step));
}

/** `name@run:step` for each firing, for compact assertions. */
export function brief(evaluation: Evaluation): string[] {
  return evaluation.firings.map((f) =>
    f.kind === 'artifact' ? `${f.name}@artifact#${f.event.index}` : `${f.name}@${f.run.name}:${f.step}`,
  );
}

/** Rules whose every firing is limited to once per 24 h: a step of a day and a second keeps firings visible at every step. */
export const everyStep: RunOptions = { stepSeconds: 86_400 };
