import {
  type Action,
  type Diagnostic,
  type Document,
  format,
  type IntegrationDecl,
  parse,
  type Rule,
  type Scope,
  type ScopeDefault,
  type ScopeKind,
  type Span,
  type TopLevelItem,
} from '@wbrules/dsl';
import { type ActionSpec, decompileAction, integrationKindOf, isRecord } from './decompile-action.js';
import { identifier, noSpan, payloadObject, stringLiteral } from './decompile-ast.js';
import { checkEventType, decompileEvent } from './decompile-event.js';
import { type NamedIntegration, nameIntegration } from './decompile-integration.js';
import { describeValue, quoteList } from './decompile-json.js';
import { localIntegrationName, type NameLookup, nameLookup, type ReverseIdMap } from './decompile-names.js';
import { type DiagnosticAnchor, DecompileReport } from './decompile-report.js';
import { isSavedAutomation, readSavedAutomation, type SavedAutomation } from './decompile-saved.js';
import { type NamedScope, nameScope, type ScopeContext } from './decompile-scope.js';
import { verifyRule } from './decompile-verify.js';
import { allowedScopes } from './event-kinds.js';
import type { IdMap, ScopeType } from './types.js';

/**
 * The decompiler: W&B automation payloads back to `.wbrules` rules.
 *
 * It reads a `CreateFilterTriggerInput` or `UpdateFilterTriggerInput` (what
 * `compile` produces and the SDK sends) or a saved automation as listings
 * and mutation responses return it (`TriggerFields`, spec §8.4), and writes
 * the rule that compiles back to the same payload: the same input, and the
 * same `eventFilter` and `requestPayload` strings byte for byte. For a saved
 * automation "the same payload" is the input the SDK would send to update it
 * unchanged.
 *
 * A payload no rule reproduces (a legacy event, a queue-job action, a filter
 * field or operator the language has no word for, a value it cannot spell)
 * gives a diagnostic and no rule, never an approximation; every rule is
 * checked by compiling it again. IDs become names through the options; a
 * name that cannot be found becomes a visible placeholder with an error.
 *
 * Pure and browser-safe: no I/O, clock or environment.
 */

/** Options for {@link decompile} and {@link decompileAll}. */
export interface DecompileOptions extends ReverseIdMap, ScopeContext {
  /** The ID map the payloads were compiled with; inverted to name IDs (entries in `scopes`/`integrations` win). */
  readonly ids?: IdMap;
}

/** One payload decompiled. */
export interface DecompileResult {
  /** The automation's name, when the payload has a readable one. */
  readonly name: string | undefined;
  /** The rule (its scope left out: see `scope`), or `undefined` when no rule reproduces the payload. */
  readonly rule: Rule | undefined;
  /** The rule's scope, as a file default (`in SCOPE`) or the rule's own `in SCOPE` would write it. */
  readonly scope: Scope | undefined;
  /** The declaration of the integration the rule's action names (none for `-> nothing`). */
  readonly integrations: readonly IntegrationDecl[];
  /** What could not be written, or was written as a placeholder. A payload has no text, so spans are empty here. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Many payloads decompiled into one file. */
export interface DecompileAllResult {
  /** Declarations first, then one `in SCOPE` per scope followed by its rules. */
  readonly document: Document;
  /** The document, formatted. */
  readonly text: string;
  /** Each input's own result, in input order (rules here use the document's local integration names). */
  readonly results: readonly DecompileResult[];
  /**
   * Every diagnostic: each input's, in input order, then those about the file
   * as a whole. Spans point into `text` (a placeholder at its scope path or
   * declaration target, anything else about a written rule at the rule);
   * diagnostics of inputs that produced no rule have empty spans.
   */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Decompiles one automation payload into a rule, the scope it lives in and
 * the integration declaration it needs. Never throws.
 */
export function decompile(input: unknown, options: DecompileOptions = {}): DecompileResult {
  const one = decompileOne(input, options, lookupOf(options));
  const local =
    one.integration === undefined
      ? undefined
      : localIntegrationName(one.integration.kind, one.integration.name, new Set());
  return finish(one, local);
}

/**
 * Decompiles many payloads into one `.wbrules` file: integration
 * declarations at the top (one per distinct target, local names unique),
 * then for each scope an `in SCOPE` line and its rules. Scopes are ordered
 * by keyword (project, registry, collection, team, org) and path, rules by
 * automation name and declarations by kind and target, so the text depends
 * only on the set of payloads, not on the order a listing returned them in.
 */
export function decompileAll(inputs: readonly unknown[], options: DecompileOptions = {}): DecompileAllResult {
  const lookup = lookupOf(options);
  const ones = inputs.map((input) => decompileOne(input, options, lookup));

  // An integration some rule names with its entity ("my-team/ci-hook") is
  // named that way by every rule, so one declaration serves them all.
  const explicit = new Set<string>();
  for (const one of ones) {
    const i = one.integration;
    if (one.build !== undefined && i !== undefined && i.entity !== undefined)
      explicit.add(`${i.kind}\u0000${i.entity}/${i.name}`);
  }
  const declared = (i: NamedIntegration): NamedIntegration =>
    i.entity === undefined && i.owner !== undefined && explicit.has(`${i.kind}\u0000${i.owner}/${i.name}`)
      ? { ...i, entity: i.owner, target: `${i.owner}/${i.name}` }
      : i;
  const targets = new Map<string, NamedIntegration>();
  for (const one of ones) {
    if (one.build !== undefined && one.integration !== undefined)
      targets.set(targetKey(declared(one.integration)), declared(one.integration));
  }
  const taken = new Set<string>();
  const declarations = new Map<string, IntegrationDecl>();
  for (const key of [...targets.keys()].sort(compareStrings)) {
    const integration = targets.get(key) as NamedIntegration;
    declarations.set(key, declaration(integration, localIntegrationName(integration.kind, integration.name, taken)));
  }

  const integrations = ones.map((one) => (one.integration === undefined ? undefined : declared(one.integration)));
  const built = ones.map((one, index) => {
    const integration = integrations[index];
    return finish(
      { ...one, integration },
      integration === undefined ? undefined : declarations.get(targetKey(integration))?.name.name,
    );
  });

  interface Group {
    readonly item: ScopeDefault;
    readonly rules: { readonly rule: Rule; readonly index: number }[];
  }
  const groups = new Map<string, Group>();
  built.forEach((result, index) => {
    if (result.rule === undefined || result.scope === undefined) return;
    const key = scopeKey(result.scope);
    const group = groups.get(key) ?? { item: { kind: 'ScopeDefault', scope: result.scope, span: noSpan }, rules: [] };
    group.rules.push({ rule: result.rule, index });
    groups.set(key, group);
  });

  const duplicates: Rule[] = [];
  const items: TopLevelItem[] = [...declarations.values()];
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const group = groups.get(key) as Group;
    group.rules.sort((a, b) => compareStrings(a.rule.name?.value ?? '', b.rule.name?.value ?? '') || a.index - b.index);
    items.push(group.item);
    for (const [i, { rule }] of group.rules.entries()) {
      items.push(rule);
      if (i > 0 && group.rules[i - 1]?.rule.name?.value === rule.name?.value) duplicates.push(rule);
    }
  }
  const document: Document = { kind: 'Document', items, comments: [], span: noSpan };
  const text = format(document);

  // Point each diagnostic at what it is about in `text`: a placeholder at
  // its scope path or declaration target, anything else at its rule.
  const written = locate(items, text);
  const results = built.map((result, index): DecompileResult => {
    const rule = result.rule;
    if (rule === undefined || result.scope === undefined) return result;
    const integration = integrations[index];
    const scopeItem = written.get(groups.get(scopeKey(result.scope))?.item as TopLevelItem);
    const declItem =
      integration === undefined ? undefined : written.get(declarations.get(targetKey(integration)) as TopLevelItem);
    const spans: Record<DiagnosticAnchor | 'rule', Span | undefined> = {
      rule: written.get(rule)?.span,
      scope: scopeItem?.kind === 'ScopeDefault' ? scopeItem.scope.path.span : undefined,
      integration: declItem?.kind === 'IntegrationDecl' ? declItem.target.span : undefined,
    };
    const anchors = ones[index]?.anchors;
    const diagnostics = result.diagnostics.map((d) => {
      const span = spans[anchors?.get(d) ?? 'rule'];
      return span === undefined ? d : { ...d, span };
    });
    return { ...result, diagnostics };
  });
  const fileDiagnostics = duplicates.map(
    (rule): Diagnostic => ({
      code: 'WR4016',
      severity: 'error',
      message: `two automations are named ${JSON.stringify(rule.name?.value ?? '')} in ${scopeOf(rule, built)}; both are written, and the file will not compile until one is renamed`,
      span: written.get(rule)?.span ?? noSpan,
    }),
  );
  return { document, text, results, diagnostics: [...results.flatMap((r) => r.diagnostics), ...fileDiagnostics] };
}

/** How a message names the scope of a rule in the file. */
function scopeOf(rule: Rule, results: readonly DecompileResult[]): string {
  const scope = results.find((r) => r.rule === rule)?.scope;
  return scope === undefined ? 'one scope' : `${scope.scopeKind} ${JSON.stringify(scope.path.value)}`;
}

/**
 * The items as parsed back from the formatted `text`, by the item they were
 * printed from, for their spans. Formatting a document always parses back to
 * the same items; if it somehow did not, nothing is located.
 */
function locate(items: readonly TopLevelItem[], text: string): Map<TopLevelItem, TopLevelItem> {
  const parsed = parse(text).ast.items;
  const located = new Map<TopLevelItem, TopLevelItem>();
  if (parsed.length !== items.length || parsed.some((p, i) => p.kind !== items[i]?.kind)) return located;
  for (const [i, item] of items.entries()) located.set(item, parsed[i] as TopLevelItem);
  return located;
}

// ---------------------------------------------------------------------------

/** One payload read, with its action's integration still to be given a local name. */
interface Decompiled {
  readonly name: string | undefined;
  /** Built once the integration's local name is known. */
  readonly build: ((local: string | undefined) => Rule) | undefined;
  readonly scope: NamedScope | undefined;
  readonly integration: NamedIntegration | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly anchors: ReadonlyMap<Diagnostic, DiagnosticAnchor>;
}

function lookupOf(options: DecompileOptions): NameLookup {
  return nameLookup(
    {
      ...(options.scopes === undefined ? {} : { scopes: options.scopes }),
      ...(options.integrations === undefined ? {} : { integrations: options.integrations }),
    },
    options.ids,
  );
}

function finish(one: Decompiled, local: string | undefined): DecompileResult {
  const rule = one.build?.(local);
  const integrations =
    rule !== undefined && one.integration !== undefined && local !== undefined
      ? [declaration(one.integration, local)]
      : [];
  return {
    name: one.name,
    rule,
    scope: rule === undefined ? undefined : one.scope?.scope,
    integrations,
    diagnostics: one.diagnostics,
  };
}

function declaration(integration: NamedIntegration, local: string): IntegrationDecl {
  return {
    kind: 'IntegrationDecl',
    integrationKind: integration.kind,
    name: identifier(local),
    target: stringLiteral(integration.target),
    span: noSpan,
  };
}

/** Declarations are shared by kind and target: two rules using `webhook "ci"` share one. */
function targetKey(integration: NamedIntegration): string {
  return `${integration.kind === 'webhook' ? 0 : 1}\u0000${integration.target}`;
}

const scopeOrder: readonly ScopeKind[] = ['project', 'registry', 'collection', 'team', 'org'];

function scopeKey(scope: Scope): string {
  return `${scopeOrder.indexOf(scope.scopeKind)}\u0000${scope.path.value}`;
}

/** Code-unit order: stable across locales and runtimes. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const inputKeys = [
  'clientMutationId',
  'description',
  'enabled',
  'eventFilter',
  'id',
  'name',
  'scopeID',
  'scopeType',
  'triggeredActionConfig',
  'triggeredActionType',
  'triggeringEventType',
];

const scopeTypes: readonly ScopeType[] = ['PROJECT', 'ARTIFACT_COLLECTION', 'ENTITY'];

function decompileOne(value: unknown, options: DecompileOptions, lookup: NameLookup): Decompiled {
  const report = new DecompileReport();
  // With no rule there is no placeholder to speak of: only the reasons remain.
  const failed = (): Decompiled => ({
    name: report.automation,
    build: undefined,
    scope: undefined,
    integration: undefined,
    diagnostics: report.diagnostics.filter((d) => !report.anchors.has(d)),
    anchors: new Map(),
  });
  if (!isRecord(value) || !(isSavedAutomation(value) || 'eventFilter' in value || 'triggeringEventType' in value)) {
    report.unsupported(
      'WR4001',
      `the value is ${describeValue(value)} that is neither an automation input nor a saved automation`,
      [
        'Pass a CreateFilterTriggerInput / UpdateFilterTriggerInput (the "input" of the GraphQL variables) or a saved automation (a "trigger" node of a listing or mutation response).',
      ],
    );
    return failed();
  }
  let saved: SavedAutomation | undefined;
  let input: Readonly<Record<string, unknown>> = value;
  if (isSavedAutomation(value)) {
    saved = readSavedAutomation(value, report);
    if (saved === undefined) return failed();
    input = saved.input;
  }
  if (typeof input.name === 'string') report.automation = input.name;
  const unknown = Object.keys(input).filter((k) => !inputKeys.includes(k));
  if (unknown.length > 0) {
    report.unsupported(
      'WR4003',
      `the input has the field${unknown.length > 1 ? 's' : ''} ${quoteList(unknown)}, which .wbrules cannot express`,
    );
    return failed();
  }
  const { name, description, enabled, scopeID, scopeType, eventFilter, triggeringEventType } = input;
  const wrongType = (field: string, value: unknown, expected: string): Decompiled => {
    report.unsupported(
      'WR4002',
      value === undefined ? `it has no "${field}"` : `its "${field}" is ${describeValue(value)}, not ${expected}`,
    );
    return failed();
  };
  if (typeof name !== 'string') return wrongType('name', name, 'a string');
  if (description !== undefined && description !== null && typeof description !== 'string')
    return wrongType('description', description, 'a string');
  if (typeof enabled !== 'boolean') return wrongType('enabled', enabled, 'true or false');
  if (typeof scopeType !== 'string' || !(scopeTypes as readonly string[]).includes(scopeType)) {
    return wrongType('scopeType', scopeType, `one of ${quoteList(scopeTypes)}`);
  }
  if (scopeID !== undefined && scopeID !== null && typeof scopeID !== 'string')
    return wrongType('scopeID', scopeID, 'a string');
  if (typeof triggeringEventType !== 'string') return wrongType('triggeringEventType', triggeringEventType, 'a string');
  if (typeof eventFilter !== 'string') return wrongType('eventFilter', eventFilter, 'a JSON string');

  // Read everything before giving up, so one call reports every problem it can.
  const eventType = checkEventType(triggeringEventType, report) ? triggeringEventType : undefined;
  const event = eventType === undefined ? undefined : decompileEvent(eventType, eventFilter, report);
  const action = decompileAction(input.triggeredActionType, input.triggeredActionConfig, report);
  const scope = nameScope(scopeType as ScopeType, scopeID ?? undefined, saved?.scope, lookup, options, report);
  if (event === undefined || action === undefined || scope === undefined || eventType === undefined) return failed();
  if (!allowedScopes[eventType].includes(scope.name.kind)) {
    report.unsupported('WR4010', `the event "${eventType}" is not allowed on a ${scope.name.kind} scope`, [
      `W&B allows it on ${allowedScopes[eventType].map((k) => `${k} scopes`).join(', ')}.`,
    ]);
    return failed();
  }
  const kind = integrationKindOf(action);
  let integration: NamedIntegration | undefined;
  if (kind !== undefined && action.kind !== 'nothing') {
    const fromResponse = saved?.integration?.kind === kind ? saved.integration.name : undefined;
    integration = nameIntegration(kind, action.integrationID, fromResponse, scope, lookup, report);
    if (integration === undefined) return failed();
  }
  if (report.failed) return failed();

  const build = (local: string | undefined): Rule => ({
    kind: 'Rule',
    name: stringLiteral(name),
    description: typeof description === 'string' ? stringLiteral(description) : undefined,
    disabled: enabled ? undefined : { kind: 'DisabledFlag', span: noSpan },
    event: event.event,
    scope: undefined,
    filter: event.filter,
    action: ruleAction(action, local ?? ''),
    span: noSpan,
  });
  const provisional =
    integration === undefined ? undefined : localIntegrationName(integration.kind, integration.name, new Set());
  verifyRule(
    build(provisional),
    scope.scope,
    integration === undefined || provisional === undefined ? undefined : declaration(integration, provisional),
    {
      scope: scope.placeholder ? undefined : scope.name,
      integration:
        integration === undefined || integration.placeholder
          ? undefined
          : { name: integration.name, entity: integration.entity },
    },
    input,
    report,
  );
  if (report.failed) return failed();
  return { name, build, scope, integration, diagnostics: report.diagnostics, anchors: report.anchors };
}

/** The action written with its defaults left out: no empty title or message, no `severity info`. */
function ruleAction(action: ActionSpec, local: string): Action {
  switch (action.kind) {
    case 'nothing':
      return { kind: 'NothingAction', span: noSpan };
    case 'webhook':
      return {
        kind: 'WebhookAction',
        integration: identifier(local),
        payload: action.payload === undefined ? undefined : payloadObject(action.payload.entries),
        span: noSpan,
      };
    case 'slack':
      return {
        kind: 'SlackAction',
        integration: identifier(local),
        title: action.title === '' ? undefined : stringLiteral(action.title),
        message: action.message === '' ? undefined : stringLiteral(action.message),
        severity: action.severity === 'INFO' ? undefined : identifier(action.severity.toLowerCase()),
        span: noSpan,
      };
  }
}
