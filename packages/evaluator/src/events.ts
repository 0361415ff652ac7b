/**
 * The events the evaluator consumes: what a W&B project sees happen. Run
 * events carry the run they belong to; artifact events carry the collection,
 * version and the alias or tag they concern.
 *
 * `time` is event time in seconds (any epoch); it only feeds the 24-hour
 * firing limit, so tests can make it up and replays take it from the history.
 */

import type { EventType } from '@wbrules/compiler';

/** A run as the evaluator sees it. */
export interface RunInfo {
  /** Identifies the run's evaluation state; unique among the runs of one evaluation. */
  readonly id: string;
  /** The run's display name: what run filters read as `display_name`. */
  readonly name: string;
  /**
   * The run's project as `entity/project`; scopes are checked against it.
   * Absent means "any project": the run is in the scope of every run rule.
   */
  readonly project?: string;
}

/** The run states a run can change to. `crashed` means `failed` to W&B; `killed` never triggers anything. */
export type RunStateName = 'running' | 'finished' | 'failed' | 'crashed' | 'killed';

/** Every {@link RunStateName}, in the order messages list them. */
export const runStateNames: readonly RunStateName[] = ['running', 'finished', 'failed', 'crashed', 'killed'];

/** One `run.log(...)` call: the metrics logged at one step. A metric not logged at that step is absent. */
export interface MetricLogEvent {
  readonly kind: 'log';
  readonly run: RunInfo;
  readonly step: number;
  readonly time: number;
  readonly values: Readonly<Record<string, number>>;
}

/** A run changing state. */
export interface RunStateEvent {
  readonly kind: 'state';
  readonly run: RunInfo;
  /** The step the change is attributed to (the run's last step, or where a test file places it). */
  readonly step: number;
  readonly time: number;
  readonly state: RunStateName;
}

/** The artifact and collection events, named as test files write them. */
export type ArtifactEventName =
  | 'created'
  | 'linked'
  | 'unlinked'
  | 'alias_added'
  | 'tag_added'
  | 'tag_removed'
  | 'collection_tag_added'
  | 'collection_tag_removed';

/** The W&B event type each artifact event triggers (spec §3.1; `linked` is `LINK_MODEL` on the wire). */
export const artifactEventTypes: Readonly<Record<ArtifactEventName, EventType>> = {
  created: 'CREATE_ARTIFACT',
  linked: 'LINK_MODEL',
  unlinked: 'UNLINK_ARTIFACT',
  alias_added: 'ADD_ARTIFACT_ALIAS',
  tag_added: 'ADD_ARTIFACT_TAG',
  tag_removed: 'REMOVE_ARTIFACT_TAG',
  collection_tag_added: 'ADD_COLLECTION_TAG',
  collection_tag_removed: 'REMOVE_COLLECTION_TAG',
};

/** Something that happened to an artifact version or a collection. */
export interface ArtifactEvent {
  readonly kind: 'artifact';
  readonly event: ArtifactEventName;
  /**
   * The collection as `entity/project/name` (a registry collection as W&B shows it,
   * `org-entity/wandb-registry-model/name`). Absent means "any collection".
   */
  readonly collection?: string;
  /** The version index (`v3` is 3), when the event concerns a version. */
  readonly version?: number;
  /** The alias added (`alias_added`). */
  readonly alias?: string;
  /** The version's aliases, for events that do not add one. */
  readonly aliases?: readonly string[];
  /** The tag added or removed (tag events). */
  readonly tag?: string;
  /** The version's (or collection's) tags, for events that do not add or remove one. */
  readonly tags?: readonly string[];
  readonly time: number;
  /** The event's position among the artifact events of one evaluation, for reports (0-based). */
  readonly index: number;
}

/** Any event the evaluator consumes. */
export type EvaluatorEvent = MetricLogEvent | RunStateEvent | ArtifactEvent;
