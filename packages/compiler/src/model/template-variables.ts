import type { Event } from '@wbrules/dsl';

/**
 * The `${name}` template variables W&B substitutes in webhook payloads, per
 * event kind (the table in the language reference). The artifact set comes
 * from W&B's webhook documentation; the run variables from W&B's per-event
 * table for prompt actions, which the webhook page does not list, so they
 * carry that caveat. An unknown variable is only ever a warning.
 */

/** Available on every event. */
const common = ['automation_name', 'event_type', 'event_author', 'entity_name', 'project_name'] as const;
/** Available on events about one artifact version. */
const artifact = [
  'artifact_collection_name',
  'artifact_version',
  'artifact_version_string',
  'artifact_version_index',
] as const;
const runMetric = [
  'run_name',
  'metric_name',
  'metric_values',
  'metric_filter',
  'metric_filter_short',
  'metric_current_status',
] as const;
const runState = ['run_name', 'run_status'] as const;

/** The variables an event offers, and whether `artifact_metadata.KEY` is among them. */
export interface TemplateVariables {
  readonly names: readonly string[];
  readonly metadata: boolean;
}

/** One frozen table per event kind, shared: checks ask once per rule. */
function variables(names: readonly string[], metadata: boolean): TemplateVariables {
  return Object.freeze({ names: Object.freeze([...names]), metadata });
}
const runMetricVariables = variables([...common, ...runMetric], false);
const runStateVariables = variables([...common, ...runState], false);
const artifactVariables = variables([...common, ...artifact], true);
const aliasVariables = variables([...common, ...artifact, 'alias'], true);
const artifactTagVariables = variables([...common, ...artifact, 'tag'], true);
const collectionTagVariables = variables([...common, 'artifact_collection_name', 'tag'], false);

/** The documented template variables for an event. */
export function templateVariablesOf(event: Event): TemplateVariables {
  switch (event.kind) {
    case 'MetricThresholdEvent':
    case 'MetricChangeEvent':
    case 'MetricZScoreEvent':
      return runMetricVariables;
    case 'RunStateEvent':
      return runStateVariables;
    case 'ArtifactEvent':
      return artifactVariables;
    case 'AliasEvent':
      return aliasVariables;
    case 'TagEvent':
      return event.target === 'collection' ? collectionTagVariables : artifactTagVariables;
  }
}

/**
 * The documented template variables for a wire event type (`LINK_MODEL`,
 * `RUN_STATE`, ...): the same table as {@link templateVariablesOf}, keyed by
 * what a compiled or saved automation says. `undefined` for an event type
 * the table does not know.
 */
export function templateVariablesOfEventType(eventType: string): TemplateVariables | undefined {
  switch (eventType) {
    case 'RUN_METRIC':
    case 'RUN_METRIC_CHANGE':
    case 'RUN_METRIC_ZSCORE':
      return runMetricVariables;
    case 'RUN_STATE':
      return runStateVariables;
    case 'CREATE_ARTIFACT':
    case 'LINK_MODEL':
    case 'UNLINK_ARTIFACT':
      return artifactVariables;
    case 'ADD_ARTIFACT_ALIAS':
      return aliasVariables;
    case 'ADD_ARTIFACT_TAG':
    case 'REMOVE_ARTIFACT_TAG':
      return artifactTagVariables;
    case 'ADD_COLLECTION_TAG':
    case 'REMOVE_COLLECTION_TAG':
      return collectionTagVariables;
    default:
      return undefined;
  }
}

/** Every documented variable of any event (a variable outside its event's set is filled in as an empty string). */
export const allTemplateVariables: ReadonlySet<string> = new Set([
  ...common,
  ...artifact,
  ...runMetric,
  ...runState,
  'alias',
  'tag',
]);

/** Upper-case names are webhook secrets (`${ACCESS_TOKEN}`, `${MY_SECRET}`), resolved by W&B and never checked. */
export function isSecretName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}

/** One `${...}` occurrence in a string: the name between the braces and where it sits in the decoded value. */
export interface TemplateReference {
  readonly name: string;
  /** Offset of `$` in the decoded string. */
  readonly start: number;
  /** Offset just past `}`. */
  readonly end: number;
}

/**
 * Every `${...}` in a decoded string, in order: from each `${` to the first
 * `}` after it. An unclosed `${` is plain text (W&B leaves it alone). A scan
 * rather than a regex: `/\$\{[^}]*\}/g` retries the rest of the string at
 * every `${` when no `}` follows, which is quadratic in a string of `${`s.
 */
export function templateReferences(text: string): TemplateReference[] {
  const out: TemplateReference[] = [];
  for (let open = text.indexOf('${'); open >= 0; open = text.indexOf('${', open)) {
    const close = text.indexOf('}', open + 2);
    // No `}` after this `${`, so none after any later one either.
    if (close < 0) break;
    out.push({ name: text.slice(open + 2, close), start: open, end: close + 1 });
    open = close + 1;
  }
  return out;
}
