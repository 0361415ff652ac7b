/**
 * The evaluator: compiled automations in, firings out. Events can be pushed
 * one at a time (a live stream, the playground) or a run's whole history at
 * once, which runs one tight loop per rule over a column; both give the same
 * firings in the same order.
 *
 * Each automation follows each run on its own: a monitor per (automation,
 * run) keeps the windows, and the 24-hour firing limit is kept per
 * (automation, run) in event time.
 */

import type { CompiledAutomation } from '@wbrules/compiler';
import { ChangeMonitor } from './change-monitor.js';
import type { PayloadRunState } from './decode-trigger.js';
import {
  type ArtifactEvent,
  artifactEventTypes,
  type EvaluatorEvent,
  type MetricLogEvent,
  type RunInfo,
  type RunStateEvent,
  type RunStateName,
} from './events.js';
import type { AutomationProblem, Evaluation, Firing, Touch } from './firing.js';
import type { FieldValue, FilterDocument } from './filter-matcher.js';
import { type MetricMonitor, pointFlagIds } from './metric-monitor.js';
import type { ArtifactRule, MetricRule, PreparedRule, StateRule } from './prepare-rules.js';
import { prepareRules } from './prepare-rules.js';
import type { RunHistory } from './run-history.js';
import { collectionInScope, runInScope } from './scope-match.js';
import type { SemanticPointId } from './semantic-points.js';
import { ThresholdMonitor } from './threshold-monitor.js';
import { ZScoreMonitor } from './zscore-monitor.js';

/** W&B's limit: an automation fires at most once per run in this many seconds of event time. */
export const FIRING_LIMIT_SECONDS = 24 * 60 * 60;

/** Options of an evaluation. */
export interface EvaluatorOptions {
  /** Evaluate automations compiled with `disabled` as if they were enabled (W&B never runs them). */
  readonly includeDisabled?: boolean;
}

/** Monitor slots: not yet decided whether the run is in the rule's scope and filter. */
const UNDECIDED = undefined;
/** Monitor slots: the run is outside the rule's scope or filter, or the rule is disabled. */
const EXCLUDED = null;

/** What the evaluator keeps per run. */
class RunState {
  /** Per metric rule (by position in `metricRules`). */
  readonly monitors: (MetricMonitor | null | undefined)[];
  /** Per rule index: event time before which the rule may not fire again for this run. */
  readonly nextAllowed: Float64Array;
  /** Per state rule (by position in `stateRules`): whether the run is included. */
  readonly stateIncluded: (boolean | undefined)[];
  lastState: RunStateName | undefined;

  constructor(
    readonly info: RunInfo,
    /** Position among runs, first seen first: orders firings at equal times. */
    readonly order: number,
    metricRules: number,
    stateRules: number,
    rules: number,
  ) {
    this.monitors = new Array(metricRules).fill(UNDECIDED);
    this.nextAllowed = new Float64Array(rules).fill(Number.NEGATIVE_INFINITY);
    this.stateIncluded = new Array(stateRules).fill(undefined);
  }
}

/** A firing with the keys it is sorted by. */
interface Ordered {
  readonly firing: Firing;
  readonly time: number;
  /** Runs first, in first-seen order; artifact events after them. */
  readonly source: number;
  /** Within a run: `2 × step` for state changes, `2 × step + 1` for logs; the event index for artifacts. */
  readonly position: number;
}

/** Evaluates compiled automations over the events pushed into it. */
export class Evaluator {
  /** Automations that cannot be evaluated, or have filter parts that cannot. */
  readonly problems: readonly AutomationProblem[];
  private readonly automations: readonly CompiledAutomation[];
  private readonly rules: readonly (PreparedRule | undefined)[];
  private readonly metricRules: MetricRule[] = [];
  private readonly stateRules: StateRule[] = [];
  private readonly artifactRules: ArtifactRule[] = [];
  /** Metric name → positions in `metricRules`. */
  private readonly byMetric = new Map<string, number[]>();
  private readonly runs = new Map<string, RunState>();
  private readonly fired: Ordered[] = [];
  private readonly touches: Touch[] = [];
  private readonly touched = new Set<string>();
  /** Indices of the rules evaluated (prepared, and enabled unless disabled ones are included). */
  private readonly active = new Set<number>();
  /** Per artifact rule index: event time of its last firing. */
  private readonly lastArtifactFiring = new Map<number, number>();

  constructor(automations: readonly CompiledAutomation[], options: EvaluatorOptions = {}) {
    this.automations = automations;
    const { rules, problems } = prepareRules(automations);
    this.rules = rules;
    this.problems = problems;
    for (const rule of rules) {
      if (rule === undefined || (!rule.enabled && options.includeDisabled !== true)) continue;
      this.active.add(rule.index);
      if (rule.family === 'metric') {
        const position = this.metricRules.push(rule) - 1;
        const list = this.byMetric.get(rule.condition.metric);
        if (list === undefined) this.byMetric.set(rule.condition.metric, [position]);
        else list.push(position);
      } else if (rule.family === 'state') this.stateRules.push(rule);
      else this.artifactRules.push(rule);
    }
  }

  /** Feeds one event. Events of one run must come in step order. */
  push(event: EvaluatorEvent): void {
    if (event.kind === 'log') this.pushLog(event);
    else if (event.kind === 'state') this.pushState(event);
    else this.pushArtifact(event);
  }

  /**
   * Feeds a run's whole history, rule by rule (the fast path). The run must
   * not have had events before; its firings interleave with the others' in
   * {@link result} exactly as if its events had been pushed one by one.
   */
  pushRun(history: RunHistory): void {
    const state = this.runState(history.run);
    const { steps, times } = history;
    for (const [name, column] of history.metrics) {
      const positions = this.byMetric.get(name);
      if (positions === undefined) continue;
      for (const position of positions) {
        const monitor = this.monitor(state, position);
        if (monitor === EXCLUDED) continue;
        const rule = this.metricRules[position] as MetricRule;
        const length = Math.min(column.length, steps.length);
        for (let i = 0; i < length; i++) {
          const x = column[i];
          if (x === null || x === undefined) continue;
          this.feed(state, rule, monitor, x, steps[i] as number, times[i] as number);
        }
      }
    }
    for (const change of history.states) this.changeState(state, change.state, change.step, change.time);
  }

  /** Everything found so far; firings in event order (see {@link Evaluation.firings}). */
  result(): Evaluation {
    const ordered = [...this.fired].sort(
      (a, b) =>
        a.time - b.time || a.source - b.source || a.position - b.position || a.firing.automation - b.firing.automation,
    );
    return {
      automations: this.automations,
      firings: ordered.map((o) => o.firing),
      touches: [...this.touches],
      problems: this.problems,
    };
  }

  /**
   * Why automation `index` does not watch `run` (or, without a run, any
   * event), in words (`it is disabled`, `the run is outside its scope`, ...),
   * or `undefined` when it does. Reports use it to explain an automation
   * that never fired.
   */
  whyNotWatching(index: number, run?: RunInfo): string | undefined {
    const rule = this.rules[index];
    if (rule === undefined) return 'it cannot be evaluated';
    if (!this.active.has(index)) return 'it is disabled, and W&B never runs a disabled automation';
    if (run === undefined) return undefined;
    if (rule.family === 'artifact') return 'it reacts to artifact events, not runs';
    if (!runInScope(rule.automation.scope, run.project)) return `run "${run.name}" is outside its scope`;
    if (!rule.filter.matches(runDocument(run))) return `run "${run.name}" does not pass its run filter`;
    return undefined;
  }

  /** The metric automation `index` watches (`undefined` for other automations). */
  watchedMetric(index: number): string | undefined {
    const rule = this.rules[index];
    return rule?.family === 'metric' ? rule.condition.metric : undefined;
  }

  /** Assumed semantic points every verdict of automation `index` rests on. */
  assumedPoints(index: number): readonly SemanticPointId[] {
    return this.rules[index]?.assumed ?? [];
  }

  private pushLog(event: MetricLogEvent): void {
    const state = this.runState(event.run);
    const { values, step, time } = event;
    for (const name in values) {
      const positions = this.byMetric.get(name);
      if (positions === undefined) continue;
      const x = values[name] as number;
      for (const position of positions) {
        const monitor = this.monitor(state, position);
        if (monitor !== EXCLUDED) this.feed(state, this.metricRules[position] as MetricRule, monitor, x, step, time);
      }
    }
  }

  private pushState(event: RunStateEvent): void {
    this.changeState(this.runState(event.run), event.state, event.step, event.time);
  }

  /** One value for one (rule, run): the inner loop of every evaluation. */
  private feed(state: RunState, rule: MetricRule, monitor: MetricMonitor, x: number, step: number, time: number): void {
    if (x - x !== 0) {
      // NaN and ±Infinity (x − x is NaN for exactly those).
      this.touch(rule.index, 'non-finite', state.info, step, time);
      return;
    }
    monitor.add(x);
    const next = state.nextAllowed[rule.index] as number;
    if (time < next) return;
    if (monitor.holds()) {
      const refire = next !== Number.NEGATIVE_INFINITY;
      if (refire) this.touch(rule.index, 'refire', state.info, step, time);
      state.nextAllowed[rule.index] = time + FIRING_LIMIT_SECONDS;
      this.record(
        {
          kind: 'metric',
          automation: rule.index,
          name: rule.name,
          eventType: rule.eventType,
          time,
          assumed: refire ? [...rule.assumed, 'refire'] : rule.assumed,
          run: state.info,
          step,
          metric: rule.condition.metric,
          detail: monitor.detail(),
        },
        state.order,
        2 * step + 1,
      );
    }
    if (monitor.flags !== 0) {
      for (const [bit, point] of pointFlagIds)
        if ((monitor.flags & bit) !== 0) this.touch(rule.index, point, state.info, step, time);
      monitor.flags = 0;
    }
  }

  private changeState(state: RunState, to: RunStateName, step: number, time: number): void {
    const previous = state.lastState;
    state.lastState = to;
    const payload = payloadState(to);
    if (payload === undefined || (previous !== undefined && payloadState(previous) === payload)) return;
    this.stateRules.forEach((rule, position) => {
      if (!rule.states.has(payload)) return;
      let included = state.stateIncluded[position];
      if (included === undefined) {
        included = this.includes(rule, state.info);
        state.stateIncluded[position] = included;
      }
      if (!included) return;
      if (time < (state.nextAllowed[rule.index] as number)) {
        this.touch(rule.index, 'state-limit', state.info, step, time);
        return;
      }
      state.nextAllowed[rule.index] = time + FIRING_LIMIT_SECONDS;
      this.record(
        {
          kind: 'state',
          automation: rule.index,
          name: rule.name,
          eventType: rule.eventType,
          time,
          assumed: rule.assumed,
          run: state.info,
          step,
          state: to,
        },
        state.order,
        2 * step,
      );
    });
  }

  private pushArtifact(event: ArtifactEvent): void {
    const type = artifactEventTypes[event.event];
    const document = artifactDocument(event);
    for (const rule of this.artifactRules) {
      if (rule.eventType !== type || !collectionInScope(rule.automation.scope, event.collection)) continue;
      if (!rule.filter.matches(document)) continue;
      const last = this.lastArtifactFiring.get(rule.index);
      const assumed: SemanticPointId[] = [...rule.assumed];
      if (last !== undefined && event.time - last < FIRING_LIMIT_SECONDS) {
        this.touch(rule.index, 'artifact-limit', undefined, undefined, event.time);
        assumed.push('artifact-limit');
      }
      this.lastArtifactFiring.set(rule.index, event.time);
      this.record(
        {
          kind: 'artifact',
          automation: rule.index,
          name: rule.name,
          eventType: rule.eventType,
          time: event.time,
          assumed,
          event,
        },
        Number.MAX_SAFE_INTEGER,
        event.index,
      );
    }
  }

  private runState(run: RunInfo): RunState {
    let state = this.runs.get(run.id);
    if (state === undefined) {
      state = new RunState(run, this.runs.size, this.metricRules.length, this.stateRules.length, this.rules.length);
      this.runs.set(run.id, state);
    }
    return state;
  }

  /** The monitor of a metric rule for a run, created on first use; {@link EXCLUDED} when the run is not watched. */
  private monitor(state: RunState, position: number): MetricMonitor | null {
    const existing = state.monitors[position];
    if (existing !== UNDECIDED) return existing;
    const rule = this.metricRules[position] as MetricRule;
    const monitor = this.includes(rule, state.info) ? createMonitor(rule) : EXCLUDED;
    state.monitors[position] = monitor;
    return monitor;
  }

  /** Whether a run rule watches `run`: the run is in its scope and passes its run filter. */
  private includes(rule: MetricRule | StateRule, run: RunInfo): boolean {
    return runInScope(rule.automation.scope, run.project) && rule.filter.matches(runDocument(run));
  }

  private touch(
    automation: number,
    point: SemanticPointId,
    run: RunInfo | undefined,
    step: number | undefined,
    time: number,
  ): void {
    const key = `${automation}\u0000${run?.id ?? ''}\u0000${point}`;
    if (this.touched.has(key)) return;
    this.touched.add(key);
    this.touches.push({
      automation,
      point,
      time,
      ...(run === undefined ? {} : { run }),
      ...(step === undefined ? {} : { step }),
    });
  }

  private record(firing: Firing, source: number, position: number): void {
    this.fired.push({ firing, time: firing.time, source, position });
  }
}

/** Evaluates `automations` over whole run histories and artifact events. */
export function evaluate(
  automations: readonly CompiledAutomation[],
  input: { readonly runs?: readonly RunHistory[]; readonly artifacts?: readonly ArtifactEvent[] },
  options: EvaluatorOptions = {},
): Evaluation {
  const evaluator = new Evaluator(automations, options);
  for (const run of input.runs ?? []) evaluator.pushRun(run);
  for (const event of input.artifacts ?? []) evaluator.push(event);
  return evaluator.result();
}

function createMonitor(rule: MetricRule): MetricMonitor {
  const { condition } = rule;
  switch (condition.kind) {
    case 'threshold':
      return new ThresholdMonitor(condition);
    case 'change':
      return new ChangeMonitor(condition);
    case 'zscore':
      return new ZScoreMonitor(condition);
  }
}

/** The state W&B sees: `crashed` is `failed`; `killed` is none (it never triggers). */
function payloadState(state: RunStateName): PayloadRunState | undefined {
  switch (state) {
    case 'running':
      return 'RUNNING';
    case 'finished':
      return 'FINISHED';
    case 'failed':
    case 'crashed':
      return 'FAILED';
    case 'killed':
      return undefined;
  }
}

/** What a run filter reads: the display name as `display_name` (spec §4.4). */
function runDocument(run: RunInfo): FilterDocument {
  return { display_name: run.name };
}

/**
 * What an artifact event filter reads: the alias or tag the event adds or
 * removes, or, on other events, the version's aliases and tags as lists.
 */
function artifactDocument(event: ArtifactEvent): FilterDocument {
  const document: Record<string, FieldValue> = {};
  const alias = event.alias ?? event.aliases;
  const tag = event.tag ?? event.tags;
  if (alias !== undefined) document.alias = alias;
  if (tag !== undefined) document.tag = tag;
  return document;
}
