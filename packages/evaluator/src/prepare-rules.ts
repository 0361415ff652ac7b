/**
 * Turns compiled automations into rules ready to evaluate: the payload's
 * event filter decoded, its filter compiled, and the assumed semantic points
 * its every verdict rests on collected once.
 */

import type { CompiledAutomation, EventType } from '@wbrules/compiler';
import { decodeTrigger, type MetricCondition, type PayloadRunState } from './decode-trigger.js';
import type { AutomationProblem } from './firing.js';
import { type CompiledFilter, compileFilter } from './filter-matcher.js';
import { isAssumed, type SemanticPointId } from './semantic-points.js';

/** What every prepared rule has. */
interface RuleBase {
  readonly index: number;
  readonly automation: CompiledAutomation;
  readonly name: string;
  readonly eventType: EventType;
  readonly enabled: boolean;
  /** The run filter, or the artifact event filter. */
  readonly filter: CompiledFilter;
  /** Assumed points every verdict of this rule rests on. */
  readonly assumed: readonly SemanticPointId[];
}

/** A metric automation. */
export interface MetricRule extends RuleBase {
  readonly family: 'metric';
  readonly condition: MetricCondition;
}

/** A run-state automation. */
export interface StateRule extends RuleBase {
  readonly family: 'state';
  readonly states: ReadonlySet<PayloadRunState>;
}

/** An artifact or collection automation. */
export interface ArtifactRule extends RuleBase {
  readonly family: 'artifact';
}

/** Any prepared rule. */
export type PreparedRule = MetricRule | StateRule | ArtifactRule;

/** The fields W&B documents for run filters (spec §4.4) and artifact event filters (spec §4.1). */
const RUN_FIELDS: ReadonlySet<string> = new Set(['display_name']);
const ARTIFACT_FIELDS: ReadonlySet<string> = new Set(['alias', 'tag']);

/** The field each artifact event fills with the one alias or tag it concerns. */
const OWN_FIELD: Readonly<Partial<Record<EventType, string>>> = {
  ADD_ARTIFACT_ALIAS: 'alias',
  ADD_ARTIFACT_TAG: 'tag',
  REMOVE_ARTIFACT_TAG: 'tag',
  ADD_COLLECTION_TAG: 'tag',
  REMOVE_COLLECTION_TAG: 'tag',
};

/** Prepares every automation; one that cannot be evaluated is left out (`undefined`) with a problem. */
export function prepareRules(automations: readonly CompiledAutomation[]): {
  readonly rules: readonly (PreparedRule | undefined)[];
  readonly problems: readonly AutomationProblem[];
} {
  const problems: AutomationProblem[] = [];
  const rules = automations.map((automation, index): PreparedRule | undefined => {
    const { input } = automation;
    const report = (message: string): undefined => {
      problems.push({ automation: index, name: automation.name, message });
      return undefined;
    };
    const decoded = decodeTrigger(input.triggeringEventType, input.eventFilter);
    if (!decoded.ok) return report(decoded.message);
    const { trigger } = decoded;
    const base = {
      index,
      automation,
      name: automation.name,
      eventType: input.triggeringEventType,
      enabled: input.enabled,
    };
    const filter =
      trigger.family === 'artifact'
        ? compileFilter(trigger.filter, ARTIFACT_FIELDS)
        : compileFilter(trigger.runFilter, RUN_FIELDS);
    for (const message of filter.problems) report(message);
    const points = new Set<SemanticPointId>(filter.points);
    if (trigger.family === 'metric') {
      if (trigger.condition.kind === 'zscore') points.add('zscore-window');
      return { ...base, family: 'metric', filter, condition: trigger.condition, assumed: assumedOf(points) };
    }
    if (trigger.family === 'state') {
      return { ...base, family: 'state', filter, states: new Set(trigger.states), assumed: assumedOf(points) };
    }
    const own = OWN_FIELD[input.triggeringEventType];
    if ([...filter.fields].some((field) => ARTIFACT_FIELDS.has(field) && field !== own)) points.add('artifact-fields');
    return { ...base, family: 'artifact', filter, assumed: assumedOf(points) };
  });
  return { rules, problems };
}

function assumedOf(points: ReadonlySet<SemanticPointId>): SemanticPointId[] {
  return [...points].filter(isAssumed).sort();
}
