import type { Event, ScopeKind } from '@wbrules/dsl';
import type { EventType } from './types.js';

/**
 * What the compiler needs to know about each event form: its W&B wire type,
 * its family (run events carry a run filter, artifact events a mutation
 * filter) and the scopes W&B accepts it on (spec §3.1).
 */

/** Run events filter runs; artifact ("mutation") events filter aliases and tags. */
export type EventFamily = 'run' | 'artifact';

/** The W&B event type an event lowers to (the wire names, e.g. `LINK_MODEL` for "artifact linked"). */
export function eventTypeOf(event: Event): EventType {
  switch (event.kind) {
    case 'MetricThresholdEvent':
      return 'RUN_METRIC';
    case 'MetricChangeEvent':
      return 'RUN_METRIC_CHANGE';
    case 'MetricZScoreEvent':
      return 'RUN_METRIC_ZSCORE';
    case 'RunStateEvent':
      return 'RUN_STATE';
    case 'ArtifactEvent':
      return event.action === 'created'
        ? 'CREATE_ARTIFACT'
        : event.action === 'linked'
          ? 'LINK_MODEL'
          : 'UNLINK_ARTIFACT';
    case 'AliasEvent':
      return 'ADD_ARTIFACT_ALIAS';
    case 'TagEvent':
      if (event.target === 'collection')
        return event.change === 'added' ? 'ADD_COLLECTION_TAG' : 'REMOVE_COLLECTION_TAG';
      return event.change === 'added' ? 'ADD_ARTIFACT_TAG' : 'REMOVE_ARTIFACT_TAG';
  }
}

/** Whether an event is a run event or an artifact/collection event. */
export function eventFamilyOf(event: Event): EventFamily {
  switch (event.kind) {
    case 'MetricThresholdEvent':
    case 'MetricChangeEvent':
    case 'MetricZScoreEvent':
    case 'RunStateEvent':
      return 'run';
    case 'ArtifactEvent':
    case 'AliasEvent':
    case 'TagEvent':
      return 'artifact';
  }
}

const everyScope: readonly ScopeKind[] = ['project', 'registry', 'collection', 'team', 'org'];
const runScopes: readonly ScopeKind[] = ['project', 'team', 'org'];

/**
 * The scopes each event type may use (spec §3.1): artifact created only on a
 * collection; the other artifact events everywhere; run events on a project
 * or an entity, never on a collection, and not on a registry, which the SDK
 * refuses for run events although a registry is a project server-side.
 */
export const allowedScopes: Readonly<Record<EventType, readonly ScopeKind[]>> = {
  CREATE_ARTIFACT: ['collection'],
  LINK_MODEL: everyScope,
  UNLINK_ARTIFACT: everyScope,
  ADD_ARTIFACT_ALIAS: everyScope,
  ADD_ARTIFACT_TAG: everyScope,
  REMOVE_ARTIFACT_TAG: everyScope,
  ADD_COLLECTION_TAG: everyScope,
  REMOVE_COLLECTION_TAG: everyScope,
  RUN_METRIC: runScopes,
  RUN_METRIC_CHANGE: runScopes,
  RUN_METRIC_ZSCORE: runScopes,
  RUN_STATE: runScopes,
};

/** How messages name an event: the words the user wrote, without names or numbers. */
export function eventPhrase(event: Event): string {
  switch (event.kind) {
    case 'MetricThresholdEvent':
    case 'MetricChangeEvent':
    case 'MetricZScoreEvent':
      return 'run metric';
    case 'RunStateEvent':
      return 'run state';
    case 'ArtifactEvent':
      return `artifact ${event.action}`;
    case 'AliasEvent':
      return 'alias added';
    case 'TagEvent':
      return `${event.target === 'collection' ? 'collection tag' : 'tag'} ${event.change}`;
  }
}
