import type {
  Action,
  AggregationOp,
  ComparisonOp,
  Expression,
  MetricThresholdEvent,
  MetricZScoreEvent,
  Rule,
  Span,
} from '@wbrules/dsl';
import { type LoweredAction, lowerAction } from './action.js';
import { eventFamilyOf, eventTypeOf } from '../model/event-kinds.js';
import { type FilterNode, filterToString, normalizeMutationFilter, normalizeRunFilter } from '../model/filter-model.js';
import { isWellFormedString, stringifyString } from '../json/json-text.js';
import { lowerExpression, lowerRuleFilter } from './filter.js';
import { spelledValue, windowValue } from '../json/number-spelling.js';
import type { EventType } from '../model/types.js';

/**
 * Events to `triggeringEventType` and the `eventFilter` string, byte for
 * byte as the SDK writes them (spec §4): mutation events as the fixed point
 * of `{"$or":[{"$and":[...]}]}`; run events as `run_filter` (a JSON string
 * inside the JSON string) followed by the metric or state filter, with the
 * SDK's key orders, nulls kept, and ints and floats kept apart.
 *
 * The event filters have a fixed shape, so they are spelled here directly,
 * key by key in the SDK's order, rather than built as `JsonText` and then
 * stringified (`compile` writes one per rule). The strings spelled this way
 * are the SDK's words and numbers, which need no escapes; names and the
 * filters go through `stringifyString`, as `stringify` would spell them.
 */

/** An event lowered to its wire form. */
export interface LoweredEvent {
  readonly eventType: EventType;
  readonly eventFilter: string;
}

const aggregationOps: Readonly<Record<AggregationOp, string>> = {
  avg: 'AVERAGE',
  mean: 'AVERAGE',
  min: 'MIN',
  max: 'MAX',
};
const thresholdOps: Readonly<Partial<Record<ComparisonOp, string>>> = {
  '>': '$gt',
  '>=': '$gte',
  '<': '$lt',
  '<=': '$lte',
};
const changeDirections = { changes: 'ANY', increases: 'INCREASE', decreases: 'DECREASE' } as const;
const runStates: Readonly<Record<string, string>> = {
  running: 'RUNNING',
  finished: 'FINISHED',
  failed: 'FAILED',
  crashed: 'FAILED',
};

/** The `run_filter` member: the normalized filter as a JSON string inside the JSON. */
function runFilterMember(filter: FilterNode | undefined): string {
  return `"run_filter":${stringifyString(filterToString(normalizeRunFilter(filter)))}`;
}

/**
 * What the rules of one file repeat, lowered once: events (with their
 * `where` clause) by their source text, `run_filter` members by the source
 * text of their `where` clause, and actions by integration ID and content. Rule files repeat the same clauses and actions, and the same text
 * always lowers the same way (`null`: it does not lower). Lowering a filter
 * builds, normalizes and spells a tree, which costs far more than looking
 * its text up. Rules with the same action share one (immutable)
 * `triggeredActionConfig`: `compile` keeps every rule's payload until it
 * returns, and one copy instead of thousands is less for the garbage
 * collector to copy. Only for trees whose spans index `text`, i.e. parsed
 * from it.
 */
export class RunFilterMemo {
  private readonly members: SpanTable<string | null>;
  /** By integration ID, the distinct actions without a payload lowered with it (compared field by field: no key to build and hash). */
  private readonly actions = new Map<string | undefined, { action: Action; lowered: LoweredAction | undefined }[]>();
  /** By integration ID, webhook actions with a payload, by the payload's text. */
  private readonly payloads = new Map<string | undefined, SpanTable<LoweredAction | null>>();
  /**
   * Lowered events by the text of the event and of the `where` clause: rules
   * sharing an event share its `eventFilter` string, the largest thing
   * `compile` keeps per rule. A threshold or z-score event is looked up by
   * its text up to the threshold instead (see `heads`).
   */
  private readonly events: TextTable<LoweredEvent>;
  /**
   * Threshold and z-score events lowered up to their threshold, by the text
   * before it and of the `where` clause. Their thresholds are mostly all
   * different (so whole events rarely repeat), while the rest repeats: each
   * such rule's `eventFilter` is the shared head joined to its own short
   * tail, which V8 keeps as a two-part string (about 90 bytes, a third of
   * a flat copy, for the garbage collector to copy) and never flattens
   * until something reads it.
   */
  private readonly heads: TextTable<EventHead>;

  /** `text` is the file the rules come from. */
  constructor(readonly text: string) {
    this.members = new SpanTable(text);
    // Sized by the file (a rule takes a hundred characters or more): a small file gets small tables.
    const bits = Math.max(6, Math.min(12, Math.ceil(Math.log2(Math.max(1, text.length / 128)))));
    this.events = new TextTable(bits);
    this.heads = new TextTable(bits);
  }

  /** `lowerAction(action, integrationID)`, shared with an earlier rule that had the same. */
  action(action: Action, integrationID: string | undefined): LoweredAction | undefined {
    if (action.kind === 'WebhookAction' && action.payload !== undefined) {
      let byText = this.payloads.get(integrationID);
      if (byText === undefined) {
        byText = new SpanTable(this.text);
        this.payloads.set(integrationID, byText);
      }
      // The same payload text parses to the same payload.
      let lowered = byText.get(action.payload.span);
      if (lowered === undefined) {
        lowered = lowerAction(action, integrationID) ?? null;
        byText.set(action.payload.span, lowered);
      }
      return lowered ?? undefined;
    }
    let seen = this.actions.get(integrationID);
    if (seen === undefined) {
      seen = [];
      this.actions.set(integrationID, seen);
    }
    for (const entry of seen) if (sameAction(entry.action, action)) return entry.lowered;
    const lowered = lowerAction(action, integrationID);
    // Bounded: an ID used with ever-different titles and messages gains nothing from it.
    if (seen.length < 16) seen.push({ action, lowered });
    return lowered;
  }

  /** `lowerEvent(rule)`, shared with an earlier rule whose event and `where` clause read the same. */
  event(rule: Pick<Rule, 'event' | 'filter'>): LoweredEvent | undefined {
    const event = rule.event;
    const filter = rule.filter?.span;
    if ((event.kind === 'MetricThresholdEvent' || event.kind === 'MetricZScoreEvent') && !event.threshold.percent) {
      const heads = this.heads;
      const cut = event.threshold.span.start;
      let head = heads.find(this.text, event.span.start, cut, filter);
      if (head === undefined) {
        head = eventHead(rule, event, this) ?? null;
        heads.store(event.span.start, cut, filter, head);
      }
      const tail = head === null ? undefined : metricTail(event);
      return head === null || tail === undefined
        ? undefined
        : { eventType: head.eventType, eventFilter: head.head + tail };
    }
    const events = this.events;
    let lowered = events.find(this.text, event.span.start, event.span.end, filter);
    if (lowered === undefined) {
      lowered = lowerEventOnce(rule, this) ?? null;
      events.store(event.span.start, event.span.end, filter, lowered);
    }
    return lowered ?? undefined;
  }

  /** The member for a run event's `where` clause (`undefined` when it does not lower). */
  member(filter: Expression): string | undefined {
    let member = this.members.get(filter.span);
    if (member === undefined) {
      const lowered = lowerExpression(filter, 'run');
      member = lowered === undefined ? null : runFilterMember(lowered);
      this.members.set(filter.span, member);
    }
    return member ?? undefined;
  }
}

/**
 * Values by the text of a span of one source, without cutting that text out:
 * a string cut from the source has no hash yet, and a map computes it in a
 * runtime call that costs more than lowering a small clause. Spans are
 * hashed here, by their characters, and told apart by comparing characters.
 * Bounded, like the regex cache: a file of all-different texts gains nothing.
 */
class SpanTable<V> {
  private readonly buckets = new Map<number, { readonly span: Span; readonly value: V }[]>();
  private size = 0;

  constructor(private readonly text: string) {}

  get(span: Span): V | undefined {
    const bucket = this.buckets.get(this.hash(span));
    if (bucket !== undefined) for (const entry of bucket) if (this.same(entry.span, span)) return entry.value;
    return undefined;
  }

  set(span: Span, value: V): void {
    if (this.size >= 4096) {
      this.buckets.clear();
      this.size = 0;
    }
    const hash = this.hash(span);
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) this.buckets.set(hash, [{ span, value }]);
    else bucket.push({ span, value });
    this.size++;
  }

  private hash(span: Span): number {
    return hashText(this.text, span.start, span.end, span.end - span.start);
  }

  private same(a: Span, b: Span): boolean {
    return sameText(this.text, a.start, a.end, b.start, b.end);
  }
}

/**
 * Values by a stretch of the text and an optional second one (an event and
 * its `where` clause), in a direct-mapped table: a slot holds the last key
 * hashed to it, as the offsets where its texts were first seen, and its
 * value (`null`: the key does not lower; `undefined`: an empty slot). A miss
 * allocates nothing: fixed arrays, unlike a map's entries, which the garbage
 * collector would copy for every distinct event of a file.
 */
class TextTable<V> {
  /** Per slot: the key's hash, then the start and end of its two texts (-1 for no second text). */
  private readonly keys: Int32Array;
  private readonly values: (V | null | undefined)[];
  private slot = 0;
  private hash = 0;

  /** A table of `2 ** bits` slots. */
  constructor(private readonly bits: number) {
    this.keys = new Int32Array(5 << bits);
    this.values = new Array(1 << bits).fill(undefined);
  }

  /** The value for `text` from `start` to `end` with `second`'s text; `undefined` when not held (the slot is then remembered for `store`). */
  find(text: string, start: number, end: number, second: Span | undefined): V | null | undefined {
    let h = sampleHash(text, start, end, end - start);
    if (second !== undefined) h = sampleHash(text, second.start, second.end, Math.imul(h, 0x2c1b3c6d) ^ 1);
    const slot = Math.imul(h, 0x9e3779b1) >>> (32 - this.bits);
    this.slot = slot;
    this.hash = h;
    const value = this.values[slot];
    const keys = this.keys;
    const at = slot * 5;
    if (
      value !== undefined &&
      keys[at] === h &&
      sameText(text, keys[at + 1] as number, keys[at + 2] as number, start, end) &&
      (second === undefined
        ? keys[at + 3] === -1
        : keys[at + 3] !== -1 &&
          sameText(text, keys[at + 3] as number, keys[at + 4] as number, second.start, second.end))
    ) {
      return value;
    }
    return undefined;
  }

  /** Holds `value` for the key `find` last missed. */
  store(start: number, end: number, second: Span | undefined, value: V | null): void {
    const at = this.slot * 5;
    const keys = this.keys;
    keys[at] = this.hash;
    keys[at + 1] = start;
    keys[at + 2] = end;
    keys[at + 3] = second === undefined ? -1 : second.start;
    keys[at + 4] = second === undefined ? -1 : second.end;
    this.values[this.slot] = value;
  }
}

/** A hash of `text` from `start` to `end`, continuing from `h`. */
function hashText(text: string, start: number, end: number, h: number): number {
  for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
  return h;
}

/**
 * A hash of some of the characters from `start` to `end` (about 24, spread
 * out, and the last 8 in full, where numbers end), continuing from `h`: the
 * event table compares the texts anyway, and hashing every character of
 * every rule's event and `where` clause cost more than lowering the misses.
 */
function sampleHash(text: string, start: number, end: number, h: number): number {
  const tail = Math.max(start, end - 8);
  const step = ((tail - start) >> 4) + 1;
  for (let k = start; k < tail; k += step) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
  return hashText(text, tail, end, h);
}

/** Whether two stretches of `text` read the same. */
function sameText(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const length = aEnd - aStart;
  if (bEnd - bStart !== length) return false;
  // From the end: texts that differ mostly differ in their last number.
  for (let k = length - 1; k >= 0; k--) if (text.charCodeAt(aStart + k) !== text.charCodeAt(bStart + k)) return false;
  return true;
}

/** Whether two actions without a payload lower the same way (with one integration ID): what `lowerAction` reads is equal. */
function sameAction(a: Action, b: Action): boolean {
  switch (a.kind) {
    case 'NothingAction':
      return b.kind === 'NothingAction';
    case 'AriaAction':
      return b.kind === 'AriaAction' && a.prompt.value === b.prompt.value;
    case 'SlackAction':
      return (
        b.kind === 'SlackAction' &&
        a.title?.value === b.title?.value &&
        a.message?.value === b.message?.value &&
        a.severity?.name === b.severity?.name
      );
    case 'WebhookAction':
      return b.kind === 'WebhookAction' && a.payload === undefined && b.payload === undefined;
  }
}

/** What rules without a filter send (most rules): normalized and spelled once. */
const noMutationFilter = filterToString(normalizeMutationFilter(undefined));
const noRunFilter = runFilterMember(undefined);

/** The z-score window when the rule gives none (the SDK's default). */
export const defaultZScoreWindow = 30;

/**
 * The wire form of a rule's event and filter, or `undefined` when the rule
 * holds something the checks reject (lowering never throws, so it can run on
 * any tree the parser returns). With a `memo`, a `where` clause already
 * lowered in the same file is not lowered again.
 */
export function lowerEvent(
  rule: Pick<Rule, 'event' | 'filter'>,
  memo: RunFilterMemo | undefined = undefined,
): LoweredEvent | undefined {
  return memo === undefined ? lowerEventOnce(rule, undefined) : memo.event(rule);
}

/** {@link lowerEvent} without looking the whole event up (`memo` still serves the `where` clause). */
function lowerEventOnce(
  rule: Pick<Rule, 'event' | 'filter'>,
  memo: RunFilterMemo | undefined,
): LoweredEvent | undefined {
  const eventType = eventTypeOf(rule.event);
  if (eventFamilyOf(rule.event) === 'artifact') {
    const filter = lowerRuleFilter(rule);
    if (!filter.ok) return undefined;
    const eventFilter =
      filter.filter === undefined ? noMutationFilter : filterToString(normalizeMutationFilter(filter.filter));
    return { eventType, eventFilter };
  }
  const runFilter = runFilterPart(rule, memo);
  if (runFilter === undefined) return undefined;
  const event = rule.event;
  if (event.kind === 'RunStateEvent') {
    const states: string[] = [];
    for (const state of event.states) {
      const wire = runStates[state.name];
      if (wire === undefined) return undefined;
      if (!states.includes(wire)) states.push(wire);
    }
    if (states.length === 0) return undefined;
    states.sort();
    const stateList = states.map((state) => `"${state}"`).join(',');
    return { eventType, eventFilter: flat(`{${runFilter},"run_state_filter":{"states":[${stateList}]}}`) };
  }
  if (event.kind === 'MetricThresholdEvent' || event.kind === 'MetricZScoreEvent') {
    const head = metricHead(event);
    const tail = head === undefined ? undefined : metricTail(event);
    if (tail === undefined) return undefined;
    return { eventType, eventFilter: flat(`{${runFilter},"run_metric_filter":${head}${tail}`) };
  }
  const metric = metricFilter(event);
  if (metric === undefined) return undefined;
  return { eventType, eventFilter: flat(`{${runFilter},"run_metric_filter":${metric},"metric_filter":null}`) };
}

/** A threshold or z-score event's `eventFilter` up to its threshold (flat), with its event type. */
interface EventHead {
  readonly eventType: EventType;
  readonly head: string;
}

/** The {@link EventHead} of a rule, or `undefined` when the rule does not lower whatever its threshold. */
function eventHead(
  rule: Pick<Rule, 'event' | 'filter'>,
  event: MetricThresholdEvent | MetricZScoreEvent,
  memo: RunFilterMemo,
): EventHead | undefined {
  const runFilter = runFilterPart(rule, memo);
  const head = runFilter === undefined ? undefined : metricHead(event);
  if (head === undefined) return undefined;
  return { eventType: eventTypeOf(event), head: flat(`{${runFilter},"run_metric_filter":${head}`) };
}

/** The `run_filter` member of a run event's `eventFilter`, or `undefined` when its `where` clause does not lower. */
function runFilterPart(rule: Pick<Rule, 'event' | 'filter'>, memo: RunFilterMemo | undefined): string | undefined {
  // Run events have no filter sugar: the `where` clause is the whole filter.
  if (rule.filter === undefined) return noRunFilter;
  return memo === undefined ? runFilterOf(rule) : memo.member(rule.filter);
}

/** `text` made one flat string (reading a character does it), so what compile keeps per rule is compact, as `stringify` leaves it. */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** The `run_filter` member of a run event with a `where` clause, or `undefined` when the clause does not lower. */
function runFilterOf(rule: Pick<Rule, 'event' | 'filter'>): string | undefined {
  const filter = lowerRuleFilter(rule);
  return filter.ok && filter.filter !== undefined ? runFilterMember(filter.filter) : undefined;
}

/**
 * The `run_metric_filter` object of a threshold or z-score event up to its
 * threshold, spelled; `undefined` when the event does not lower whatever
 * its threshold. {@link metricTail} spells the rest.
 */
function metricHead(event: MetricThresholdEvent | MetricZScoreEvent): string | undefined {
  if (!isWellFormedString(event.metric.value)) return undefined;
  const name = stringifyString(event.metric.value);
  if (event.kind === 'MetricThresholdEvent') {
    const cmp = thresholdOps[event.comparator.op];
    if (cmp === undefined) return undefined;
    let agg = 'null';
    let window = '1';
    if (event.aggregation !== undefined) {
      const size = event.aggregation.window === undefined ? undefined : windowValue(event.aggregation.window);
      if (size === undefined) return undefined;
      agg = `"${aggregationOps[event.aggregation.op]}"`;
      window = size.text;
    }
    return `{"threshold_filter":{"name":${name},"agg_op":${agg},"window_size":${window},"cmp_op":"${cmp}","threshold":`;
  }
  let window = String(defaultZScoreWindow);
  if (event.window !== undefined) {
    const size = windowValue(event.window);
    if (size === undefined) return undefined;
    window = size.text;
  }
  return `{"zscore_filter":{"name":${name},"window_size":${window},"threshold":`;
}

/**
 * The rest of a threshold or z-score event's `eventFilter` after
 * {@link metricHead}: the threshold and what follows it, which depends on
 * nothing before the threshold but the comparator (and `abs`); `undefined`
 * when the threshold does not lower.
 */
function metricTail(event: MetricThresholdEvent | MetricZScoreEvent): string | undefined {
  if (event.threshold.percent) return undefined;
  const threshold = spelledValue(event.threshold);
  if (threshold === undefined) return undefined;
  if (event.kind === 'MetricThresholdEvent') return `${threshold.text}}},"metric_filter":null}`;
  const op = event.comparator.op;
  const sign = threshold.sign;
  const upward = op === '>' || op === '>=';
  const downward = op === '<' || op === '<=';
  let direction: string;
  if (event.abs !== undefined) {
    if (!upward || sign <= 0) return undefined;
    direction = 'ANY';
  } else if (upward && sign > 0) {
    direction = 'INCREASE';
  } else if (downward && sign < 0) {
    direction = 'DECREASE';
  } else {
    return undefined;
  }
  // The SDK spells -x as "-" and the spelling of x.
  const magnitude = sign < 0 ? threshold.text.slice(1) : threshold.text;
  return `${magnitude},"change_dir":"${direction}"}},"metric_filter":null}`;
}

/** The `run_metric_filter` object of a change event, spelled (`undefined` for other events). */
function metricFilter(event: Rule['event']): string | undefined {
  if (event.kind !== 'MetricChangeEvent') return undefined;
  if (!isWellFormedString(event.metric.value)) return undefined;
  const name = stringifyString(event.metric.value);
  const amount = spelledValue(event.amount);
  if (amount === undefined || amount.sign <= 0) return undefined;
  let agg = 'null';
  let current = '1';
  let prior = '1';
  if (event.window !== undefined) {
    // `within N` always aggregates, AVERAGE unless a word says otherwise.
    const size = windowValue(event.window);
    const priorSize = event.priorWindow === undefined ? size : windowValue(event.priorWindow);
    if (size === undefined || priorSize === undefined) return undefined;
    agg = `"${aggregationOps[event.aggregation?.op ?? 'avg']}"`;
    current = size.text;
    prior = priorSize.text;
  } else if (event.aggregation !== undefined || event.priorWindow !== undefined) {
    return undefined;
  }
  const changeType = event.amount.percent ? 'RELATIVE' : 'ABSOLUTE';
  const changeDir = changeDirections[event.direction.direction];
  return `{"change_filter":{"name":${name},"agg_op":${agg},"current_window_size":${current},"change_amount":${amount.text},"prior_window_size":${prior},"change_type":"${changeType}","change_dir":"${changeDir}"}}`;
}
