/**
 * What W&B sends when an automation fires: a webhook's request body or an
 * ARIA prompt, with its `${...}` template variables filled in. One renderer
 * serves `wbrules webhook render` and `--show-payloads` of `wbrules test` and
 * `wbrules replay`, so they cannot disagree.
 *
 * Values come from a built-in sample for the automation's event type
 * ({@link sampleValues}), overridden by the caller: a firing's values
 * ({@link firingValues}), an event file, `--set`. Secrets are filled in twice:
 * with their values in the text that is sent (and signed), and as
 * `<secret NAME>` in the text that may be shown. Every choice W&B does not
 * document is a semantic point (docs/semantics.md, "Rendering webhook bodies
 * and ARIA prompts"), and a rendering lists the assumed ones it used.
 *
 * Pure and browser-safe: signing the body is the caller's business.
 */

import {
  allTemplateVariables,
  type CompiledAutomation,
  type FilterNode,
  isSecretName,
  templateReferences,
  templateVariablesOfEventType,
} from '@wbrules/compiler';
import { decodeTrigger, type MetricCondition } from './decode-trigger.js';
import type { Firing } from './firing.js';
import type { SemanticPointId } from './semantic-points.js';

/** A variable's value: text, a number, a flag, or a list of metric values. */
export type TemplateValue = string | number | boolean | readonly number[];

/** What to fill in over the built-in sample. */
export interface RenderOptions {
  /**
   * Variable values by name (`run_name`, `artifact_metadata.framework`), over
   * the sample. A variable that does not apply to the event stays empty
   * whatever is given here, as at W&B.
   */
  readonly values?: Readonly<Record<string, TemplateValue>>;
  /** Secret values by name (`ACCESS_TOKEN`, `MY_SECRET`); a secret without one renders as `<secret NAME>`. */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** A rendered webhook body or ARIA prompt, and what went into it. */
export interface RenderedPayload {
  readonly action: 'webhook' | 'aria';
  /** What W&B would send: secrets filled in where a value was given. Sign this; never print it. */
  readonly text: string;
  /** The same with every secret shown as `<secret NAME>`: what may be printed. */
  readonly shown: string;
  /** Documented variables that do not apply to the event: rendered as `""`. */
  readonly notApplicable: readonly string[];
  /** Names W&B does not document, left as written (`${foo}` stays `${foo}`). */
  readonly unknown: readonly string[];
  /** Secrets the payload uses. */
  readonly secrets: readonly string[];
  /** Secrets without a value: `<secret NAME>` is what was rendered (and would be signed). */
  readonly unsetSecrets: readonly string[];
  /** `artifact_metadata.KEY` whose key the metadata lacks: rendered as `""`. */
  readonly missingMetadata: readonly string[];
  /** Variables used whose value came from {@link RenderOptions.values} rather than the sample. */
  readonly overridden: readonly string[];
  /** The assumed semantic points this rendering rests on, in id order. */
  readonly assumed: readonly SemanticPointId[];
}

/** Whether an automation sends a webhook, an ARIA prompt, or neither (`undefined`). */
export function payloadKind(automation: CompiledAutomation): 'webhook' | 'aria' | undefined {
  const type = automation.input.triggeredActionType;
  return type === 'GENERIC_WEBHOOK' ? 'webhook' : type === 'ARIA' ? 'aria' : undefined;
}

/** What `${event_type}` renders as: W&B's documentation spells `LINK_MODEL` as `LINK_ARTIFACT`. */
export function eventTypeText(eventType: string): string {
  return eventType === 'LINK_MODEL' ? 'LINK_ARTIFACT' : eventType;
}

const EVENT_WORDS: Readonly<Record<string, string>> = {
  CREATE_ARTIFACT: 'artifact created',
  LINK_MODEL: 'artifact linked',
  UNLINK_ARTIFACT: 'artifact unlinked',
  ADD_ARTIFACT_ALIAS: 'alias added',
  ADD_ARTIFACT_TAG: 'artifact tag added',
  REMOVE_ARTIFACT_TAG: 'artifact tag removed',
  ADD_COLLECTION_TAG: 'collection tag added',
  REMOVE_COLLECTION_TAG: 'collection tag removed',
  RUN_METRIC: 'run metric threshold',
  RUN_METRIC_CHANGE: 'run metric change',
  RUN_METRIC_ZSCORE: 'run metric z-score',
  RUN_STATE: 'run state',
};

/** An event type in words, for messages: `artifact linked`, `run state`. */
export function describeEventType(eventType: string): string {
  return EVENT_WORDS[eventType] ?? eventType;
}

/** The sample artifact metadata (`${artifact_metadata.KEY}`): a string, numbers, a flag and an object. */
export const sampleMetadata: Readonly<Record<string, unknown>> = {
  framework: 'pytorch',
  accuracy: 0.931,
  epochs: 30,
  quantized: false,
  dataset: { name: 'imagenet-1k', split: 'val' },
};

/**
 * Realistic values of every variable the automation's event offers: entity
 * and project from its scope (`acme`/`vision` where the scope does not say),
 * the automation's name, the run name, metric and values its event filter
 * names, or else `resnet-50-lr3e-4`, `resnet-weights:v12`, alias
 * `production`, tag `candidate`, author `alice`.
 */
export function sampleValues(automation: CompiledAutomation): Record<string, TemplateValue> {
  const eventType = automation.input.triggeringEventType;
  const [entity, project, collection] = scopeNames(automation);
  const decoded = decodeTrigger(eventType, automation.input.eventFilter);
  const trigger = decoded.ok ? decoded.trigger : undefined;
  const version = 12;
  const values: Record<string, TemplateValue> = {
    automation_name: automation.name,
    event_type: eventTypeText(eventType),
    event_author: 'alice',
    entity_name: entity,
    project_name: project,
    artifact_collection_name: collection,
    artifact_version: `v${version}`,
    artifact_version_index: version,
    artifact_version_string: `${entity}/${project}/${collection}:v${version}`,
    alias: (trigger?.family === 'artifact' && literalOf(trigger.filter, 'alias')) || 'production',
    tag: (trigger?.family === 'artifact' && literalOf(trigger.filter, 'tag')) || 'candidate',
    run_name:
      (trigger !== undefined && trigger.family !== 'artifact' && literalOf(trigger.runFilter, 'display_name')) ||
      'resnet-50-lr3e-4',
    run_status: trigger?.family === 'state' ? (trigger.states[0] ?? 'FAILED').toLowerCase() : 'failed',
  };
  if (trigger?.family === 'metric') Object.assign(values, metricSample(trigger.condition));
  else Object.assign(values, metricSample(undefined));
  return values;
}

/** The values a firing supplies (run, metric and its window, state, artifact event), over the sample. */
export function firingValues(firing: Firing): Record<string, TemplateValue> {
  const out: Record<string, TemplateValue> = {};
  const project = (path: string | undefined): void => {
    const [entity, name] = (path ?? '').split('/');
    if (entity !== undefined && entity !== '' && name !== undefined && name !== '') {
      out.entity_name = entity;
      out.project_name = name;
    }
  };
  switch (firing.kind) {
    case 'metric': {
      project(firing.run.project);
      out.run_name = firing.run.name;
      out.metric_name = firing.metric;
      const d = firing.detail;
      out.metric_values = d.kind === 'change' ? d.current : d.window;
      break;
    }
    case 'state':
      project(firing.run.project);
      out.run_name = firing.run.name;
      out.run_status = firing.state === 'crashed' ? 'failed' : firing.state;
      break;
    case 'artifact': {
      const e = firing.event;
      const parts = e.collection?.split('/') ?? [];
      if (parts.length === 3) {
        project(`${parts[0]}/${parts[1]}`);
        out.artifact_collection_name = parts[2] as string;
      }
      if (e.version !== undefined) {
        out.artifact_version = `v${e.version}`;
        out.artifact_version_index = e.version;
        if (e.collection !== undefined) out.artifact_version_string = `${e.collection}:v${e.version}`;
      }
      if (e.alias !== undefined) out.alias = e.alias;
      if (e.tag !== undefined) out.tag = e.tag;
      break;
    }
  }
  return out;
}

/**
 * Renders an automation's webhook body or ARIA prompt (`undefined` for any
 * other action). Webhook bodies are the stored `requestPayload` (`{}` without
 * one) with each `${name}` inside a JSON string value replaced by its
 * JSON-escaped value; prompts are plain text.
 */
export function renderPayload(
  automation: CompiledAutomation,
  options: RenderOptions = {},
): RenderedPayload | undefined {
  const action = payloadKind(automation);
  if (action === undefined) return undefined;
  const eventType = automation.input.triggeringEventType;
  const offered = templateVariablesOfEventType(eventType) ?? { names: [], metadata: false };
  const sample = sampleValues(automation);
  const given = options.values ?? {};
  const secrets = options.secrets ?? {};
  const notes = {
    notApplicable: new Set<string>(),
    unknown: new Set<string>(),
    secrets: new Set<string>(),
    unsetSecrets: new Set<string>(),
    missingMetadata: new Set<string>(),
    overridden: new Set<string>(),
    assumed: new Set<SemanticPointId>(),
  };
  let filled = 0;

  /** The sent and shown text of one reference. */
  const resolve = (name: string, written: string): readonly [string, string] => {
    if (isSecretName(name) && action === 'webhook') {
      notes.secrets.add(name);
      const masked = `<secret ${name}>`;
      const value = secrets[name];
      if (value === undefined) notes.unsetSecrets.add(name);
      filled++;
      return [value ?? masked, masked];
    }
    const pick = (key: string): TemplateValue | undefined => {
      if (Object.hasOwn(given, key)) {
        notes.overridden.add(key);
        return given[key];
      }
      return undefined;
    };
    if (name.startsWith('artifact_metadata.')) {
      filled++;
      if (!offered.metadata) {
        notes.notApplicable.add(name);
        return both('');
      }
      const key = name.slice('artifact_metadata.'.length);
      const value = pick(name) ?? (Object.hasOwn(sampleMetadata, key) ? sampleMetadata[key] : undefined);
      if (value === undefined) {
        notes.missingMetadata.add(name);
        return both('');
      }
      if (typeof value !== 'string') notes.assumed.add('metadata-rendering');
      return both(typeof value === 'string' ? value : JSON.stringify(value));
    }
    if (allTemplateVariables.has(name)) {
      filled++;
      if (!offered.names.includes(name)) {
        notes.notApplicable.add(name);
        if (action === 'webhook') notes.assumed.add('not-applicable-empty');
        return both('');
      }
      if (name === 'event_type') notes.assumed.add('event-type-value');
      if (RUN_GUESSES.has(name)) notes.assumed.add('run-variable-values');
      const value = pick(name) ?? sample[name] ?? '';
      if (typeof value === 'number' || Array.isArray(value)) notes.assumed.add('number-rendering');
      return both(valueText(value));
    }
    notes.unknown.add(name);
    notes.assumed.add('unknown-verbatim');
    return both(written);
  };

  let text: string;
  let shown: string;
  if (action === 'aria') {
    const prompt =
      'ariaActionInput' in automation.input.triggeredActionConfig
        ? automation.input.triggeredActionConfig.ariaActionInput.prompt
        : '';
    [text, shown] = fillText(prompt, resolve, (s) => s);
  } else {
    const config = automation.input.triggeredActionConfig;
    const stored = 'genericWebhookActionInput' in config ? config.genericWebhookActionInput.requestPayload : undefined;
    if (stored === undefined) notes.assumed.add('empty-payload');
    notes.assumed.add('body-bytes');
    [text, shown] = fillJson(stored ?? '{}', resolve);
    if (filled > 0) notes.assumed.add('template-escaping');
  }
  return {
    action,
    text,
    shown,
    notApplicable: [...notes.notApplicable],
    unknown: [...notes.unknown],
    secrets: [...notes.secrets],
    unsetSecrets: [...notes.unsetSecrets],
    missingMetadata: [...notes.missingMetadata],
    overridden: [...notes.overridden],
    assumed: [...notes.assumed].sort(),
  };
}

/** Variables whose spelling at W&B is a guess (`run-variable-values`). */
const RUN_GUESSES: ReadonlySet<string> = new Set([
  'run_status',
  'metric_filter',
  'metric_filter_short',
  'metric_current_status',
]);

function both(text: string): readonly [string, string] {
  return [text, text];
}

/** A value as text: numbers in their shortest round-trip form, metric values as a compact JSON array. */
export function valueText(value: TemplateValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return String(value);
  return `[${value.map(numberText).join(',')}]`;
}

function numberText(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

type Resolve = (name: string, written: string) => readonly [string, string];

/** Fills every `${name}` of `text`; `encode` writes a value for where it lands. */
function fillText(text: string, resolve: Resolve, encode: (value: string) => string): [string, string] {
  let sent = '';
  let shown = '';
  let at = 0;
  for (const ref of templateReferences(text)) {
    const [value, masked] = resolve(decodedName(ref.name), text.slice(ref.start, ref.end));
    sent += text.slice(at, ref.start) + encode(value);
    shown += text.slice(at, ref.start) + encode(masked);
    at = ref.end;
  }
  return [sent + text.slice(at), shown + text.slice(at)];
}

/** A name as written inside a JSON string (`\u0061` is `a`); plain text when it does not decode. */
function decodedName(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** JSON string contents for a value (no quotes). */
function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * Fills the variables of a compact JSON text inside string values only (keys
 * and everything outside strings stay byte for byte), each value escaped for
 * a JSON string, so the body stays valid JSON.
 */
function fillJson(json: string, resolve: Resolve): [string, string] {
  let sent = '';
  let shown = '';
  let at = 0;
  for (let open = json.indexOf('"'); open >= 0; open = json.indexOf('"', at)) {
    let close = open + 1;
    while (close < json.length && json[close] !== '"') close += json[close] === '\\' ? 2 : 1;
    const raw = json.slice(open + 1, close);
    let next = close + 1;
    while (next < json.length && ' \t\r\n'.includes(json[next] as string)) next++;
    const [s, m] = json[next] === ':' ? [raw, raw] : fillText(raw, resolve, jsonEscape);
    sent += `${json.slice(at, open)}"${s}"`;
    shown += `${json.slice(at, open)}"${m}"`;
    at = close + 1;
  }
  return [sent + json.slice(at), shown + json.slice(at)];
}

/** `[entity, project, collection]` from the automation's scope, the sample's names where it does not say. */
function scopeNames(automation: CompiledAutomation): [string, string, string] {
  const { kind, path, entity } = automation.scope;
  const parts = path.split('/');
  switch (kind) {
    case 'project':
      return [parts[0] ?? entity, parts[1] ?? 'vision', 'resnet-weights'];
    case 'collection':
      return [parts[0] ?? entity, parts[1] ?? 'vision', parts[2] ?? 'resnet-weights'];
    case 'registry':
      return [entity, `wandb-registry-${parts[1] ?? 'model'}`, 'resnet-weights'];
    default:
      return [entity || 'acme', 'vision', 'resnet-weights'];
  }
}

/** The value a filter pins `field` to (`$eq`, or the first of `$in`), when it is that simple. */
function literalOf(filter: FilterNode, field: string): string | undefined {
  const stack: FilterNode[] = [filter];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node.kind === 'LogicalFilter') {
      if (node.operator !== '$nor') stack.push(...node.children);
      continue;
    }
    if (node.kind !== 'FieldFilter' || node.field !== field) continue;
    for (const [op, operand] of node.condition.entries) {
      if (op === '$eq' && operand.kind === 'string') return operand.value;
      if (op === '$in' && operand.kind === 'array' && operand.items[0]?.kind === 'string')
        return operand.items[0].value;
    }
  }
  return undefined;
}

/** Round to 4 significant digits, as a logged metric would read. */
function round(x: number): number {
  return Number(x.toPrecision(4));
}

/** Values spread around `centre` over `n` steps, moving in `direction` (+1 rising, -1 falling). */
function spread(centre: number, n: number, width: number, direction: number): number[] {
  const mid = (n - 1) / 2;
  return Array.from({ length: n }, (_, k) => round(centre + (direction * width * (k - mid)) / Math.max(n, 1)));
}

const AGG = { AVERAGE: 'avg', MIN: 'min', MAX: 'max' } as const;
const CMP = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** Metric name, values and descriptions that satisfy the condition (a plausible firing). */
function metricSample(condition: MetricCondition | undefined): Record<string, TemplateValue> {
  if (condition === undefined) {
    return {
      metric_name: 'val/acc',
      metric_values: [0.81, 0.79, 0.78, 0.76, 0.75],
      metric_filter: 'avg(val/acc) over 5 < 0.8',
      metric_filter_short: 'val/acc < 0.8',
      metric_current_status: 'avg(val/acc) = 0.778',
    };
  }
  const m = condition.metric;
  switch (condition.kind) {
    case 'threshold': {
      const t = condition.threshold;
      const d = t === 0 ? 0.05 : Math.abs(t) * 0.05;
      const below = condition.comparison === '$lt' || condition.comparison === '$lte';
      const n = condition.aggregation === null ? 1 : Math.min(condition.window, 10);
      const values = spread(below ? t - d : t + d, n, d, below ? -1 : 1);
      const agg = condition.aggregation === null ? undefined : AGG[condition.aggregation];
      const subject = agg === undefined ? m : `${agg}(${m})`;
      const current = agg === undefined ? (values[0] as number) : aggregate(condition.aggregation ?? 'AVERAGE', values);
      const short = `${m} ${CMP[condition.comparison]} ${numberText(t)}`;
      return {
        metric_name: m,
        metric_values: values,
        metric_filter: `${subject}${agg === undefined ? '' : ` over ${condition.window}`} ${CMP[condition.comparison]} ${numberText(t)}`,
        metric_filter_short: short,
        metric_current_status: `${subject} = ${numberText(round(current))}`,
      };
    }
    case 'change': {
      const a = condition.amount;
      const up = condition.direction !== 'DECREASE';
      const relative = condition.changeType === 'RELATIVE';
      const prior = relative ? 1 : 3 * a;
      const target = relative ? prior * (1 + (up ? 1.5 : -1.5) * a) : prior + (up ? 1.5 : -1.5) * a;
      const n = condition.aggregation === null ? 1 : Math.min(condition.currentWindow, 10);
      const values = spread(target, n, Math.abs(target - prior) / 4, up ? 1 : -1);
      const by = relative ? `${numberText(round(a * 100))}%` : numberText(a);
      const verb =
        condition.direction === 'INCREASE' ? 'increases' : condition.direction === 'DECREASE' ? 'decreases' : 'changes';
      const agg = condition.aggregation === null ? undefined : AGG[condition.aggregation];
      const subject = agg === undefined ? m : `${agg}(${m})`;
      return {
        metric_name: m,
        metric_values: values,
        metric_filter: `${subject} ${verb} by ${by}`,
        metric_filter_short: `${m} ${verb} by ${by}`,
        metric_current_status: `${subject} went from ${numberText(round(prior))} to ${numberText(round(aggregate(condition.aggregation ?? 'AVERAGE', values)))}`,
      };
    }
    case 'zscore': {
      const n = Math.min(condition.window, 10);
      const base = Array.from({ length: Math.max(n - 1, 0) }, (_, k) =>
        round(1 + (k % 2 === 0 ? 0.01 : -0.01) * ((k % 3) + 1)),
      );
      const down = condition.direction === 'DECREASE';
      const spike = round(1 + (down ? -1 : 1) * 0.02 * (condition.threshold + 2));
      const sign = condition.direction === 'INCREASE' ? '>' : condition.direction === 'DECREASE' ? '<' : 'beyond ±';
      const short = `z-score of ${m} ${sign === 'beyond ±' ? sign : `${sign} ${down ? '-' : ''}`}${numberText(condition.threshold)}`;
      return {
        metric_name: m,
        metric_values: [...base, spike],
        metric_filter: `${short} over ${condition.window}`,
        metric_filter_short: short,
        metric_current_status: `${m} = ${numberText(spike)}`,
      };
    }
  }
}

function aggregate(aggregation: 'AVERAGE' | 'MIN' | 'MAX', values: readonly number[]): number {
  if (aggregation === 'MIN') return Math.min(...values);
  if (aggregation === 'MAX') return Math.max(...values);
  return values.reduce((s, x) => s + x, 0) / Math.max(values.length, 1);
}
