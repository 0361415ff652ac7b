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
import { type ActionSpec, decompileAction, integrationKindOf, isRecord } from './action.js';
import { identifier, noSpan, payloadObject, stringLiteral } from './ast.js';
import { checkEventType, decompileEvent } from './event.js';
import { type NamedIntegration, nameIntegration } from './integration.js';
import { type CompileEntry, isCompileEntry, readCompileEntry } from './entry.js';
import { describeValue, quoteList } from './json.js';
import { localIntegrationName, type NameLookup, nameLookup, type ReverseIdMap } from './names.js';
import { type DiagnosticAnchor, DecompileReport } from './report.js';
import { isSavedAutomation, readSavedAutomation, type SavedAutomation } from './saved.js';
import { type NamedScope, nameScope, type ScopeContext } from './scope.js';
import { verifyRule } from './verify.js';
import { allowedScopes } from '../model/event-kinds.js';
import { isRegistryScope } from '../model/scope-model.js';
import type { IdMap, ScopeType } from '../model/types.js';

/**
 * The decompiler: W&B automation payloads back to `.wbrules` rules.
 *
 * It reads a `CreateFilterTriggerInput` or `UpdateFilterTriggerInput` (what
 * `compile` produces and the SDK sends), an entry of `wbrules compile`'s
 * output (the input with the names it was compiled from), or a saved
 * automation as listings and mutation responses return it (`TriggerFields`,
 * spec §8.4), and writes the rule that compiles back to the same payload:
 * the same input, and the same `eventFilter` and `requestPayload` strings
 * byte for byte. For a saved automation "the same payload" is the input the
 * SDK would send to update it unchanged.
 *
 * A payload no rule reproduces (a legacy event, a queue-job action, a filter
 * field or operator the language has no word for, a value it cannot spell)
 * gives a diagnostic and no rule, never an approximation; every rule is
 * checked by compiling it again. IDs become names through the compile
 * entry or the options; a name that cannot be found becomes a visible
 * placeholder with an error, and `decompileAll` writes such a rule commented
 * out, so the file it writes never holds source that fails to compile.
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
  /**
   * The rule (its scope left out: see `scope`), or `undefined` when no rule
   * reproduces the payload. When a name is missing it holds a placeholder
   * that does not compile (and an error says which name).
   */
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
  /** The rules whose names are all known: declarations first, then one `in SCOPE` per scope followed by its rules. */
  readonly document: Document;
  /**
   * The document, formatted, then the rules a missing name keeps out of it,
   * commented out below a list of the names that are missing: nothing that
   * could be decompiled is lost, and nothing that would fail to compile is
   * left as source.
   */
  readonly text: string;
  /** Each input's own result, in input order (rules here use the file's local integration names). */
  readonly results: readonly DecompileResult[];
  /**
   * Every diagnostic: each input's, in input order, then those about the file
   * as a whole. Spans point into `text`: one about a written rule's scope or
   * declaration at its scope path or declaration target, anything else about
   * a written rule at the rule, anything about a commented-out rule at its
   * line in the list of missing names; diagnostics of inputs that produced no
   * rule have empty spans.
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

/** The hint on a missing name's error when the rule is written commented out. */
const commentedHint = 'The rule is written commented out, with a "<...>" placeholder where the name goes.';

/**
 * Decompiles many payloads into one `.wbrules` file: integration
 * declarations at the top (one per distinct target, local names unique),
 * then for each scope an `in SCOPE` line and its rules. Scopes are ordered
 * by keyword (project, registry, collection, team, org) and path, rules by
 * automation name and declarations by kind and target, so the text depends
 * only on the set of payloads, not on the order a listing returned them in.
 * Rules with a placeholder for a missing name follow, laid out the same way
 * but commented out.
 */
export function decompileAll(inputs: readonly unknown[], options: DecompileOptions = {}): DecompileAllResult {
  const lookup = lookupOf(options);
  const ones = inputs.map((input) => decompileOne(input, options, lookup));
  const commented = ones.map(
    (one) => one.build !== undefined && (one.scope?.placeholder === true || one.integration?.placeholder === true),
  );
  const written = ones.map((one, index) => one.build !== undefined && !commented[index]);

  // An integration some rule names with its entity ("my-team/ci-hook") is
  // named that way by every rule, so one declaration serves them all.
  const explicit = new Set<string>();
  ones.forEach((one, index) => {
    const i = one.integration;
    if (written[index] && i !== undefined && i.entity !== undefined)
      explicit.add(`${i.kind}\u0000${i.entity}/${i.name}`);
  });
  const declared = (i: NamedIntegration): NamedIntegration =>
    i.entity === undefined && i.owner !== undefined && explicit.has(`${i.kind}\u0000${i.owner}/${i.name}`)
      ? { ...i, entity: i.owner, target: `${i.owner}/${i.name}` }
      : i;
  const integrations = ones.map((one) => (one.integration === undefined ? undefined : declared(one.integration)));

  // The written rules' declarations go at the top; one only commented-out
  // rules use goes with them, under a local name that is not taken above.
  const taken = new Set<string>();
  const declarationsOf = (flags: readonly boolean[], skip: ReadonlyMap<string, IntegrationDecl>) => {
    const targets = new Map<string, NamedIntegration>();
    integrations.forEach((i, index) => {
      if (flags[index] && i !== undefined && !skip.has(targetKey(i))) targets.set(targetKey(i), i);
    });
    const declarations = new Map<string, IntegrationDecl>();
    for (const key of [...targets.keys()].sort(compareStrings)) {
      const integration = targets.get(key) as NamedIntegration;
      declarations.set(key, declaration(integration, localIntegrationName(integration.kind, integration.name, taken)));
    }
    return declarations;
  };
  const top = declarationsOf(written, new Map());
  const below = declarationsOf(commented, top);
  const declarationOf = (i: NamedIntegration | undefined): IntegrationDecl | undefined =>
    i === undefined ? undefined : (top.get(targetKey(i)) ?? below.get(targetKey(i)));

  const built = ones.map((one, index) => {
    const integration = integrations[index];
    return finish({ ...one, integration }, declarationOf(integration)?.name.name);
  });

  const main = scopeSections(built, written);
  const aside = scopeSections(built, commented);
  const items: TopLevelItem[] = [...top.values(), ...main.items];
  const document: Document = { kind: 'Document', items, comments: [], span: noSpan };
  const asideText = format({
    kind: 'Document',
    items: [...below.values(), ...aside.items],
    comments: [],
    span: noSpan,
  });

  // The list of missing names, one line per name, each line's offset kept to point diagnostics at.
  const missingLines: string[] = ['# Commented out until the names marked "<...>" are filled in:'];
  const firstLine = new Map<number, number>();
  for (const { index } of aside.rules) {
    firstLine.set(index, missingLines.length);
    for (const detail of ones[index]?.missing ?? [])
      missingLines.push(`# - automation ${JSON.stringify(ones[index]?.name ?? '')}: ${detail}`);
  }
  const mainText = format(document).trimEnd();
  const asideLines = asideText
    .trimEnd()
    .split('\n')
    .map((line) => (line === '' ? '#' : `# ${line}`));
  const asideStart = mainText === '' ? 0 : mainText.length + 2;
  const text =
    aside.rules.length === 0
      ? format(document)
      : `${mainText === '' ? '' : `${mainText}\n\n`}${[...missingLines, '#', ...asideLines].join('\n')}\n`;
  const lineSpan = (line: number): Span => {
    let start = asideStart;
    for (let i = 0; i < line; i++) start += (missingLines[i] as string).length + 1;
    return { start, end: start + (missingLines[line] as string).length };
  };

  // Point each diagnostic at what it is about in `text`: a commented-out
  // rule's at its line in the list, a written rule's at its scope path,
  // declaration target or the rule.
  const located = locate(items, text);
  const results = built.map((result, index): DecompileResult => {
    const rule = result.rule;
    if (rule === undefined || result.scope === undefined) return result;
    const line = firstLine.get(index);
    if (line !== undefined) {
      const span = lineSpan(line);
      const diagnostics = result.diagnostics.map((d) =>
        d.severity === 'error' && ones[index]?.anchors.has(d)
          ? { ...d, span, hints: [...(d.hints ?? []), commentedHint] }
          : { ...d, span },
      );
      return { ...result, diagnostics };
    }
    const integration = integrations[index];
    const scopeItem = located.get(main.groups.get(scopeKey(result.scope))?.item as TopLevelItem);
    const declItem =
      integration === undefined ? undefined : located.get(top.get(targetKey(integration)) as TopLevelItem);
    const spans: Record<DiagnosticAnchor | 'rule', Span | undefined> = {
      rule: located.get(rule)?.span,
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
  const fileDiagnostics = main.duplicates.map(
    (rule): Diagnostic => ({
      code: 'WR4016',
      severity: 'error',
      message: `two automations are named ${JSON.stringify(rule.name?.value ?? '')} in ${scopeOf(rule, built)}; both are written, and the file will not compile until one is renamed`,
      span: located.get(rule)?.span ?? noSpan,
    }),
  );
  return { document, text, results, diagnostics: [...results.flatMap((r) => r.diagnostics), ...fileDiagnostics] };
}

/** One `in SCOPE` and the rules under it. */
interface ScopeGroup {
  readonly item: ScopeDefault;
  readonly rules: { readonly rule: Rule; readonly index: number }[];
}

/**
 * The chosen results laid out by scope: an `in SCOPE` per scope (by keyword
 * and path) followed by its rules (by name, then input order), and the rules
 * whose name an earlier rule of the same scope already has.
 */
function scopeSections(
  results: readonly DecompileResult[],
  chosen: readonly boolean[],
): {
  items: TopLevelItem[];
  groups: Map<string, ScopeGroup>;
  rules: { rule: Rule; index: number }[];
  duplicates: Rule[];
} {
  const groups = new Map<string, ScopeGroup>();
  results.forEach((result, index) => {
    if (!chosen[index] || result.rule === undefined || result.scope === undefined) return;
    const key = scopeKey(result.scope);
    const group = groups.get(key) ?? { item: { kind: 'ScopeDefault', scope: result.scope, span: noSpan }, rules: [] };
    group.rules.push({ rule: result.rule, index });
    groups.set(key, group);
  });
  const items: TopLevelItem[] = [];
  const rules: { rule: Rule; index: number }[] = [];
  const duplicates: Rule[] = [];
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const group = groups.get(key) as ScopeGroup;
    group.rules.sort((a, b) => compareStrings(a.rule.name?.value ?? '', b.rule.name?.value ?? '') || a.index - b.index);
    items.push(group.item);
    for (const [i, entry] of group.rules.entries()) {
      items.push(entry.rule);
      rules.push(entry);
      if (i > 0 && group.rules[i - 1]?.rule.name?.value === entry.rule.name?.value) duplicates.push(entry.rule);
    }
  }
  return { items, groups, rules, duplicates };
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
  /** What each placeholder stands for. */
  readonly missing: readonly string[];
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
    missing: [],
  });
  if (
    !isRecord(value) ||
    !(isCompileEntry(value) || isSavedAutomation(value) || 'eventFilter' in value || 'triggeringEventType' in value)
  ) {
    report.unsupported(
      'WR4001',
      `the value is ${describeValue(value)} that is neither an automation input, a "wbrules compile" entry nor a saved automation`,
      [
        'Pass a CreateFilterTriggerInput / UpdateFilterTriggerInput (the "input" of the GraphQL variables), an entry of "wbrules compile" output, or a saved automation (a "trigger" node of a listing or mutation response).',
      ],
    );
    return failed();
  }
  let saved: SavedAutomation | undefined;
  let entry: CompileEntry | undefined;
  let input: Readonly<Record<string, unknown>> = value;
  if (isCompileEntry(value)) {
    entry = readCompileEntry(value, report);
    if (entry === undefined) return failed();
    input = entry.input;
  } else if (isSavedAutomation(value)) {
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
  const scope = nameScope(
    scopeType as ScopeType,
    scopeID ?? undefined,
    saved?.scope,
    entry?.scope,
    lookup,
    options,
    report,
  );
  if (event === undefined || action === undefined || scope === undefined || eventType === undefined) return failed();
  if (!allowedScopes[eventType].includes(scope.name.kind)) {
    report.unsupported('WR4010', `the event "${eventType}" is not allowed on a ${scope.name.kind} scope`, [
      `W&B allows it on ${allowedScopes[eventType].map((k) => `${k} scopes`).join(', ')}.`,
    ]);
    return failed();
  }
  if (action.kind === 'aria' && isRegistryScope(scope.name.kind, scope.name.path)) {
    report.unsupported(
      'WR4006',
      'the action type "ARIA" has no .wbrules form in a registry scope (for a registry the W&B App asks which team holds the ARIA conversation, and no field for that team is known)',
    );
    return failed();
  }
  const kind = integrationKindOf(action);
  let integration: NamedIntegration | undefined;
  if (kind !== undefined && (action.kind === 'webhook' || action.kind === 'slack')) {
    const fromResponse = saved?.integration?.kind === kind ? saved.integration.name : undefined;
    integration = nameIntegration(kind, action.integrationID, fromResponse, entry?.integration, scope, lookup, report);
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
  return {
    name,
    build,
    scope,
    integration,
    diagnostics: report.diagnostics,
    anchors: report.anchors,
    missing: report.missing,
  };
}

/** The action written with its defaults left out: no empty title or message, no `severity info`. */
function ruleAction(action: ActionSpec, local: string): Action {
  switch (action.kind) {
    case 'nothing':
      return { kind: 'NothingAction', span: noSpan };
    case 'aria':
      return { kind: 'AriaAction', prompt: stringLiteral(action.prompt), span: noSpan };
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
