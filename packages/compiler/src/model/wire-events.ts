/**
 * W&B's wire-level event and action tables (spec §3.1, §3.3): which events
 * exist, which can still be created, their family, the scope types each
 * allows, and the config key each action type takes. One copy, shared by the
 * compiler's normal form and the runtime's validation and local server.
 */

/** Artifact and collection ("mutation") events: filters are `{"$or":[{"$and":[…]}]}`. */
export const mutationEvents: ReadonlySet<string> = new Set([
  'CREATE_ARTIFACT',
  'LINK_MODEL',
  'UNLINK_ARTIFACT',
  'ADD_ARTIFACT_ALIAS',
  'ADD_ARTIFACT_TAG',
  'REMOVE_ARTIFACT_TAG',
  'ADD_COLLECTION_TAG',
  'REMOVE_COLLECTION_TAG',
]);

/** Run metric events and the `run_metric_filter` key each takes. */
export const metricFilterKeys: Readonly<Record<string, string>> = {
  RUN_METRIC: 'threshold_filter',
  RUN_METRIC_CHANGE: 'change_filter',
  RUN_METRIC_ZSCORE: 'zscore_filter',
};

/** Event types the server knows but no new or edited automation may use. */
export const legacyEvents: Readonly<Record<string, string>> = {
  UPDATE_ARTIFACT_ALIAS: 'is a legacy event W&B only keeps on saved automations',
  WEAVE_METRIC_THRESHOLD: 'has no filter shape the SDK can create',
};

/** The family of an event type, or `undefined` for one that cannot be created. */
export function eventFamily(eventType: string): 'mutation' | 'run' | undefined {
  if (mutationEvents.has(eventType)) return 'mutation';
  if (eventType in metricFilterKeys || eventType === 'RUN_STATE') return 'run';
  return undefined;
}

/** The scope types an event allows (spec §3.1). */
export function allowedScopeTypes(eventType: string): readonly string[] {
  if (eventType === 'CREATE_ARTIFACT') return ['ARTIFACT_COLLECTION'];
  if (mutationEvents.has(eventType)) return ['ARTIFACT_COLLECTION', 'PROJECT', 'ENTITY'];
  return ['PROJECT', 'ENTITY'];
}

/** The `triggeredActionConfig` key each action type takes. */
export const actionConfigKeys: Readonly<Record<string, string>> = {
  NOTIFICATION: 'notificationActionInput',
  GENERIC_WEBHOOK: 'genericWebhookActionInput',
  NO_OP: 'noOpActionInput',
  ARIA: 'ariaActionInput',
  QUEUE_JOB: 'queueJobActionInput',
  PUSH_NOTIFICATION: 'pushNotificationActionInput',
};

/** The most code points W&B allows in an ARIA prompt (spec §6.5; W&B checks again after filling in the variables). */
export const maxAriaPromptLength = 4000;

/** Action types W&B no longer accepts for new or edited automations. */
export const legacyActions: ReadonlySet<string> = new Set(['QUEUE_JOB', 'PUSH_NOTIFICATION']);
