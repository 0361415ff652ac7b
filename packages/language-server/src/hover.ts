import {
  type CreateFilterTriggerInput,
  eventPhrase,
  eventTypeOf,
  type JsonText,
  lowerRule,
  parseJsonOrdered,
  type ResolvedIntegration,
  type ResolvedRule,
  stringify,
} from '@wbrules/compiler';
import type { AriaAction, Rule, Span } from '@wbrules/dsl';
import { type Hover, MarkupKind, type Position } from 'vscode-languageserver';
import { type DocumentAnalysis, ruleAt } from './document-analysis.js';
import { decodeEventFilter } from './event-filter-view.js';
import { integrationNameAt } from './integration-references.js';
import { toOffset, toRange } from './positions.js';

/**
 * Hover: on an integration name, its declaration; on the `aria` of an ARIA
 * action, what the action does; anywhere else in a rule,
 * what the rule becomes on W&B (event, scope, action, the values it takes by
 * default, and the `eventFilter` both as sent and decoded). Everything shown
 * is read from the compiler's resolution and lowering.
 */
export function hover(analysis: DocumentAnalysis, position: Position): Hover | null {
  const offset = toOffset(analysis.lines, position);
  const name = integrationNameAt(analysis, offset);
  if (name !== undefined) {
    return {
      contents: { kind: MarkupKind.Markdown, value: integrationHover(analysis, name.name, name.declaration) },
      range: toRange(analysis.lines, name.span),
    };
  }
  const aria = ariaWordAt(analysis, offset);
  if (aria !== undefined) {
    return { contents: { kind: MarkupKind.Markdown, value: ariaHover }, range: toRange(analysis.lines, aria) };
  }
  const resolved = ruleAt(analysis, offset);
  if (resolved === undefined) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: ruleHover(analysis, resolved) },
    range: toRange(analysis.lines, resolved.rule.span),
  };
}

/** The span of the word `aria` that starts an ARIA action, if the cursor is on it. */
function ariaWordAt(analysis: DocumentAnalysis, offset: number): Span | undefined {
  for (const item of analysis.parsed.ast.items) {
    if (item.kind !== 'Rule' || item.action.kind !== 'AriaAction') continue;
    const action: AriaAction = item.action;
    const word = { start: action.span.start, end: action.span.start + 'aria'.length };
    if (word.start <= offset && offset <= word.end) return word;
  }
  return undefined;
}

/** What `-> aria "PROMPT"` does (spec §6.5), for the hover on `aria`. */
const ariaHover = [
  '**`-> aria "PROMPT"`**: when the event fires, W&B sends the prompt to its research agent ARIA',
  '(`triggeredActionType` `ARIA`). The conversation is created under the account of the',
  "automation's creator, in the project where the event happened.",
  '',
  '- The prompt is plain text of at most 4,000 characters (code points); W&B checks the limit again',
  '  after filling in the template variables.',
  '- `${name}` template variables work as in webhook payloads; one that does not apply to the event',
  '  becomes an empty string.',
  '- ARIA has no secrets: an upper-case `${NAME}` is an error.',
  '- Not on registry scopes. W&B runs at most 3 ARIA prompts a minute, on Multi-tenant Cloud only.',
].join('\n');

function fence(language: string, text: string): string {
  let longest = 2;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}

function integrationHover(
  analysis: DocumentAnalysis,
  name: string,
  declaration: ResolvedIntegration | undefined,
): string {
  if (declaration === undefined) return `Integration \`${name}\` is not declared in this file.`;
  const decl = declaration.decl;
  const source = analysis.text.slice(decl.span.start, decl.span.end);
  const target = declaration.target;
  const what = decl.integrationKind === 'webhook' ? 'Generic webhook integration' : 'Slack integration, channel';
  const entity =
    target?.entity === undefined
      ? 'looked up in the entity that owns each rule’s scope'
      : `looked up in entity "${target.entity}"`;
  return [fence('wbrules', source), `${what} "${target?.name ?? decl.target.value}", ${entity}.`].join('\n\n');
}

/** Which lowered metric settings the rule wrote; the others are the language's defaults. */
function writtenSettings(rule: Rule): Set<string> {
  const written = new Set<string>(['name', 'threshold', 'cmp_op', 'change_amount', 'change_type', 'change_dir']);
  const event = rule.event;
  if (event.kind === 'MetricThresholdEvent' && event.aggregation !== undefined) {
    written.add('agg_op');
    written.add('window_size');
  }
  if (event.kind === 'MetricChangeEvent') {
    if (event.aggregation !== undefined) written.add('agg_op');
    if (event.window !== undefined) written.add('current_window_size');
    if (event.priorWindow !== undefined) written.add('prior_window_size');
  }
  if (event.kind === 'MetricZScoreEvent' && event.window !== undefined) written.add('window_size');
  return written;
}

/** The scalar settings of the lowered metric filter (`threshold_filter`, `change_filter`, `zscore_filter`). */
function metricSettings(eventFilter: string): [string, string][] {
  const parsed = parseJsonOrdered(eventFilter);
  if (!parsed.ok || parsed.value.kind !== 'object') return [];
  const metric = parsed.value.entries.find(([k]) => k === 'run_metric_filter')?.[1];
  if (metric?.kind !== 'object') return [];
  const inner = metric.entries[0]?.[1];
  if (inner?.kind !== 'object') return [];
  return inner.entries
    .filter(([, v]: readonly [string, JsonText]) => v.kind !== 'object' && v.kind !== 'array')
    .map(([k, v]) => [k, stringify(v)]);
}

function actionLine(input: CreateFilterTriggerInput, resolved: ResolvedRule): string[] {
  const action = resolved.rule.action;
  const target =
    resolved.integration === undefined
      ? ''
      : ` via ${resolved.integration.kind} "${resolved.integration.name}" of entity "${resolved.integration.entity}"`;
  const lines = [`- **action** \`${input.triggeredActionType}\`${target}`];
  const config = input.triggeredActionConfig;
  if ('notificationActionInput' in config && action.kind === 'SlackAction') {
    const n = config.notificationActionInput;
    const mark = (given: boolean) => (given ? '' : ' (default)');
    lines.push(`  - severity \`${n.severity}\`${mark(action.severity !== undefined)}`);
    lines.push(`  - title ${JSON.stringify(n.title)}${mark(action.title !== undefined)}`);
    lines.push(`  - message ${JSON.stringify(n.message)}${mark(action.message !== undefined)}`);
  }
  if ('ariaActionInput' in config) lines.push(`  - prompt ${JSON.stringify(config.ariaActionInput.prompt)}`);
  if ('genericWebhookActionInput' in config) {
    const payload = config.genericWebhookActionInput.requestPayload;
    lines.push(payload === undefined ? '  - no payload' : `  - payload \`${payload}\``);
  }
  return lines;
}

function ruleHover(analysis: DocumentAnalysis, resolved: ResolvedRule): string {
  const rule = resolved.rule;
  const title = `**automation ${JSON.stringify(resolved.name)}**${resolved.derivedName ? ' (name derived from the rule)' : ''}`;
  const scope = resolved.scope;
  const scopeLine =
    scope === undefined
      ? '- **scope** none: add `in project "ENTITY/PROJECT"` to the rule or above it'
      : `- **scope** \`${scope.ref.type}\` ${scope.ref.kind} "${scope.ref.path}" (entity "${scope.ref.entity}", ${
          scope.origin === 'rule'
            ? 'written on the rule'
            : `from the \`in\` default on line ${analysis.lines.locate(scope.node.span.start).line}`
        })`;
  const input = lowerRule(resolved);
  const eventLine = `- **event** \`${eventTypeOf(rule.event)}\` (${eventPhrase(rule.event)})`;
  if (input === undefined) {
    return [title, eventLine, scopeLine, '', '_Not compiled: this rule has errors._'].join('\n');
  }
  const written = writtenSettings(rule);
  const settings = metricSettings(input.eventFilter).map(
    ([k, v]) => `  - ${k} \`${v}\`${written.has(k) ? '' : ' (default)'}`,
  );
  return [
    title,
    '',
    eventLine,
    ...settings,
    scopeLine,
    ...actionLine(input, resolved),
    `- **enabled** ${input.enabled ? 'yes' : 'no (`disabled`)'}`,
    '',
    '`eventFilter` as sent:',
    fence('json', JSON.stringify(input.eventFilter)),
    'decoded:',
    fence('json', decodeEventFilter(input.eventFilter)),
  ].join('\n');
}
