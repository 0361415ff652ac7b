/**
 * What the evaluator reports: each time an automation would have run its
 * action, with the values that made it fire; and each place an assumed
 * semantic point decided (or could have decided) an outcome.
 */

import type { CompiledAutomation, EventType } from '@wbrules/compiler';
import type { ArtifactEvent, RunInfo, RunStateName } from './events.js';
import type { MetricDetail } from './metric-monitor.js';
import type { SemanticPointId } from './semantic-points.js';

/** What every firing says. */
interface FiringBase {
  /** The automation's index in the list given to the evaluator. */
  readonly automation: number;
  /** The automation's name. */
  readonly name: string;
  readonly eventType: EventType;
  /** Event time of the firing, in seconds. */
  readonly time: number;
  /** Assumed semantic points this firing rests on (the rule's own and, e.g., `refire`). */
  readonly assumed: readonly SemanticPointId[];
}

/** A metric automation firing on a run at a step. */
export interface MetricFiring extends FiringBase {
  readonly kind: 'metric';
  readonly run: RunInfo;
  readonly step: number;
  readonly metric: string;
  readonly detail: MetricDetail;
}

/** A run-state automation firing when a run changed state. */
export interface StateFiring extends FiringBase {
  readonly kind: 'state';
  readonly run: RunInfo;
  readonly step: number;
  readonly state: RunStateName;
}

/** An artifact or collection automation firing on an event. */
export interface ArtifactFiring extends FiringBase {
  readonly kind: 'artifact';
  readonly event: ArtifactEvent;
}

/** Any firing. */
export type Firing = MetricFiring | StateFiring | ArtifactFiring;

/**
 * A place where an assumed semantic point decided an outcome, or would have
 * if it were different: recorded once per automation, run and point, at its
 * first occurrence.
 */
export interface Touch {
  readonly automation: number;
  readonly point: SemanticPointId;
  /** The run, for run events. */
  readonly run?: RunInfo;
  readonly step?: number;
  readonly time: number;
}

/** An automation the evaluator cannot evaluate (its payload does not decode, or its filter has unknown parts). */
export interface AutomationProblem {
  readonly automation: number;
  readonly name: string;
  readonly message: string;
}

/** Everything one evaluation found. */
export interface Evaluation {
  readonly automations: readonly CompiledAutomation[];
  /** In event order: time, then run (first seen first), then step, then automation. */
  readonly firings: readonly Firing[];
  readonly touches: readonly Touch[];
  readonly problems: readonly AutomationProblem[];
}
