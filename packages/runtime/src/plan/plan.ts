import { createHash } from 'node:crypto';
import {
  type AutomationNormalForm,
  automationNormalForm,
  type CreateFilterTriggerInput,
  diffNormalForms,
  type FieldChange,
  jsonEquals,
  type ScopeType,
  stringify,
} from '@wbrules/compiler';
import type { Diagnostic } from '@wbrules/dsl';
import type { SavedTrigger } from '../client/wandb-api.js';
import { matchingPattern, type namePattern } from './name-pattern.js';

/**
 * The plan: what it takes to make the server hold what the files say,
 * computed from data alone (the rules, compiled with IDs, and the
 * automations listed from the server) so it can be tested without a server.
 *
 * An automation's identity is its scope and its name. For each rule: no
 * saved automation with its identity means create; one that means the same
 * (`automationNormalForm`) is unchanged; anything else is an update, which
 * sends the whole `UpdateFilterTriggerInput` — the saved automation's `id`,
 * its own scope (a rule never moves an automation: another scope is another
 * identity) and every field of the rule, as the SDK sends updates (spec
 * §7.2). Saved automations no rule names are "not managed": left alone,
 * and listed so nothing is a surprise; with `prune`, those in a scope some
 * rule uses are deleted instead, and no others ever are.
 *
 * Some saved automations are "kept", as the caller's `keep` tells: never
 * changed, renamed or deleted (not even with `prune`), and listed with the
 * reason. One that holds the API key (in its name or any field) is named by
 * its ID only, so the key is never written into a plan; one that wbrules
 * cannot write as a rule (an event, action or scope type without a
 * `.wbrules` form, a filter it cannot decompile exactly) is named as usual.
 * A rule with a kept automation's identity is not applied (an update would
 * replace what the rule cannot say; a create would make a second
 * automation of that name): the kept entry names the rule instead.
 *
 * Editing a rule written without `automation "NAME"` changes its derived
 * name. So a rule with a derived name and no saved automation of that name
 * takes over the one unmanaged automation of its scope that has a derived
 * name (see {@link ComputePlanOptions.derivedNameOf}) and the same event
 * type and action target: an update that renames it, in place. With
 * several such automations the rule is an error (WR5206) rather than a
 * guess.
 */

/** The `format` of a plan (and of a plan file). */
export const planFormat = 'wbrules-plan/1';

/** Where a rule is written, for messages about it. */
export interface SourcePlace {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
  /** The rule's span (offsets into the file). */
  readonly start: number;
  readonly end: number;
}

/** A scope as a plan names it. */
export interface PlanScope {
  /** The scope keyword a source would write (`project`, `registry`, `collection`, `team`, `org`), or `user`/`unknown` for scopes the language has no word for. */
  readonly kind: string;
  /** The path a source would write; `?` stands for a part the listing does not tell. */
  readonly path: string;
  readonly type: ScopeType | string;
  readonly id: string;
}

/** An automation a plan talks about. */
export interface PlanEntry {
  readonly scope: PlanScope;
  readonly name: string;
  /** The entity whose listing holds (or will hold) the automation. */
  readonly entity: string;
  /** The saved automation's ID (absent for a create). */
  readonly id?: string;
  /** What the saved automation was when the plan was made (see {@link fingerprintOf}); absent for a create. */
  readonly fingerprint?: string;
  /**
   * The saved automation's `updatedAt` when the plan was made (`null`: never
   * updated); absent for a create, and in plans saved before it was recorded.
   * W&B's inputs carry no version, so this is what tells that someone else
   * wrote the automation since.
   */
  readonly updatedAt?: string | null;
  /** The rule (absent for an automation no rule names). */
  readonly source?: SourcePlace;
}

/** Create an automation: `input` is the `CreateFilterTriggerInput` to send. */
export interface PlanCreate extends PlanEntry {
  readonly action: 'create';
  readonly source: SourcePlace;
  readonly input: CreateFilterTriggerInput;
}

/** Update a saved automation: `input` is the whole `UpdateFilterTriggerInput`; `fields` what changes. */
export interface PlanUpdate extends PlanEntry {
  readonly action: 'update';
  readonly id: string;
  readonly fingerprint: string;
  readonly source: SourcePlace;
  readonly input: Readonly<Record<string, unknown>>;
  readonly fields: readonly FieldChange[];
  /** The saved name, when the update renames the automation (an edited rule with a derived name). */
  readonly renamedFrom?: string;
}

/** Delete a saved automation no rule names (`--prune` only). */
export interface PlanDelete extends PlanEntry {
  readonly action: 'delete';
  readonly id: string;
  readonly fingerprint: string;
}

/** One change a plan makes. */
export type PlanChange = PlanCreate | PlanUpdate | PlanDelete;

/** A saved automation no rule names. */
export interface PlanUnmanaged extends PlanEntry {
  readonly id: string;
  readonly fingerprint: string;
  /** In a scope some rule uses, so `--prune` would delete it. */
  readonly inManagedScope: boolean;
  /** The `--keep` pattern its name matches: `--prune` never deletes it. */
  readonly keptBy?: string;
}

/**
 * A saved automation left as it is, and why. One that holds the API key is
 * named by its ID only (its name and fields are never written into a plan).
 */
export interface PlanKept {
  readonly scope: PlanScope;
  readonly entity: string;
  readonly id: string;
  /** The automation's name; absent when it holds the API key. */
  readonly name?: string;
  /** `secret`: it holds the API key; `inexpressible`: wbrules cannot write it as a rule. */
  readonly why: KeepReason['why'];
  /** One line, e.g. `no .wbrules form — event type UPDATE_ARTIFACT_ALIAS`. */
  readonly reason: string;
  /** The rule with its identity, which is therefore not applied. */
  readonly source?: SourcePlace;
}

/** Why a saved automation is kept (see {@link ComputePlanOptions.keep}). */
export type KeepReason =
  | { readonly why: 'secret' }
  | { readonly why: 'inexpressible' /** One line, without the automation's name. */; readonly reason: string };

/** The reason a plan gives for an automation that holds the API key. */
export const secretKeepReason = 'its name or fields hold the API key';

/** Counts of a plan. */
export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly unchanged: number;
  readonly unmanaged: number;
}

/** A plan; as JSON, it is what `wbrules plan --json` prints and `--out` saves. */
export interface Plan {
  readonly format: typeof planFormat;
  /** The server the plan was made against (its base URL); a saved plan applies there only. */
  readonly server: string;
  readonly prune: boolean;
  /** The entities whose automations were listed. */
  readonly entities: readonly string[];
  /** The files the rules came from, with a SHA-256 of each, to tell whether a saved plan's locations still fit. */
  readonly sources: readonly { readonly file: string; readonly sha256: string }[];
  readonly summary: PlanSummary;
  readonly changes: readonly PlanChange[];
  readonly unchanged: readonly PlanEntry[];
  readonly unmanaged: readonly PlanUnmanaged[];
  readonly kept: readonly PlanKept[];
  /** How to show integration IDs (`acme/github-dispatch`, `acme/#ml-alerts`). */
  readonly integrations: Readonly<Record<string, string>>;
  /**
   * How many of the rules the plan applies (created, updated or unchanged)
   * have derived names (no `automation "NAME"`); absent in plans saved before
   * it was recorded.
   */
  readonly derivedNames?: number;
}

/** A rule, compiled with IDs, as a plan reads it. */
export interface DesiredAutomation {
  readonly name: string;
  readonly scope: PlanScope;
  readonly entity: string;
  /** `CreateFilterTriggerInput` with `scopeID` and any `integrationID` filled in. */
  readonly input: CreateFilterTriggerInput;
  readonly source: SourcePlace;
  /** The rule has no `automation "NAME"`: its name is derived, so editing it renames its automation. */
  readonly derivedName?: boolean;
}

/** A listed automation, with its scope named. */
export interface ExistingAutomation {
  readonly trigger: SavedTrigger;
  readonly scope: PlanScope;
  readonly entity: string;
}

/** What {@link computePlan} works out, before the caller adds where it came from. */
export type ComputedPlan = Pick<Plan, 'prune' | 'summary' | 'changes' | 'unchanged' | 'unmanaged' | 'kept'>;

/** Options for {@link computePlan}. */
export interface ComputePlanOptions {
  /** Delete saved automations no rule names, in the scopes the rules use. */
  readonly prune?: boolean;
  /**
   * Whether a saved automation is kept as it is, and why: it holds the API
   * key (named by ID only), or wbrules cannot write it as a rule.
   */
  readonly keep?: (trigger: SavedTrigger) => KeepReason | undefined;
  /** `--keep`: globs over names (see {@link namePattern}); a saved automation no rule names that matches one is never pruned. */
  readonly keepNames?: readonly string[];
  /**
   * The name `rule`'s algorithm derives for a saved automation (deriving a
   * name from its decompiled form, its integration called what the rule
   * calls it), or `undefined` when it has none; the saved automation "has a
   * derived name" when this is exactly its saved name. Without it, no
   * rename is ever planned.
   */
  readonly derivedNameOf?: (saved: ExistingAutomation, rule: DesiredAutomation) => string | undefined;
}

const scopeTypeOfTypename: Readonly<Record<string, ScopeType>> = {
  Project: 'PROJECT',
  ArtifactSequence: 'ARTIFACT_COLLECTION',
  ArtifactPortfolio: 'ARTIFACT_COLLECTION',
  Entity: 'ENTITY',
};

/** The W&B scope type of a saved automation's scope node. */
export function savedScopeType(trigger: Pick<SavedTrigger, 'scope'>): string {
  return scopeTypeOfTypename[trigger.scope.__typename] ?? trigger.scope.__typename;
}

/** The identity of an automation: scope type, scope ID, name. */
export function identityKey(scopeType: string, scopeID: string, name: string): string {
  return `${scopeType}\u0000${scopeID}\u0000${name}`;
}

/** The identity of a saved automation. */
export function savedIdentity(trigger: SavedTrigger): string {
  return identityKey(savedScopeType(trigger), trigger.scope.id, trigger.name);
}

/**
 * What a saved automation is, as a short hash: its identity and its normal
 * form (or, if it has none, its whole saved form). A saved plan records it
 * for every automation it touches or found unchanged; `apply` refuses the
 * plan when one differs.
 */
export function fingerprintOf(trigger: SavedTrigger): string {
  const form = automationNormalForm(trigger);
  const what = form.ok
    ? stringify(form.form.meaning)
    : JSON.stringify({ ...trigger, createdAt: undefined, updatedAt: undefined });
  return createHash('sha256')
    .update(`${savedIdentity(trigger)}\u0000${what}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * The `UpdateFilterTriggerInput` that makes `saved` what `desired` says
 * (spec §7.2, the update vectors): every field, keys in the SDK's order,
 * `id` between `eventFilter` and `name`, and the saved scope. A description
 * the rule drops is sent as `""`, because an omitted field keeps its saved
 * value.
 */
export function updateInput(
  desired: CreateFilterTriggerInput | Readonly<Record<string, unknown>>,
  saved: Pick<SavedTrigger, 'id' | 'description' | 'scope'>,
): Record<string, unknown> {
  const d = desired as Readonly<Record<string, unknown>>;
  const out: Record<string, unknown> = {};
  if (typeof d.description === 'string') out.description = d.description;
  else if (typeof saved.description === 'string' && saved.description !== '') out.description = '';
  out.enabled = d.enabled;
  out.eventFilter = d.eventFilter;
  out.id = saved.id;
  out.name = d.name;
  out.scopeID = saved.scope.id;
  out.scopeType = savedScopeType(saved);
  out.triggeredActionConfig = d.triggeredActionConfig;
  out.triggeredActionType = d.triggeredActionType;
  out.triggeringEventType = d.triggeringEventType;
  return out;
}

/** Whether a saved automation already is what `desired` (a create input) says. */
export function sameAutomation(saved: SavedTrigger, desired: Readonly<Record<string, unknown>>): boolean {
  const a = automationNormalForm(saved);
  const b = automationNormalForm(desired);
  return a.ok && b.ok && jsonEquals(a.form.meaning, b.form.meaning);
}

/**
 * The plan for `desired` against what the server holds. Two rules with one
 * identity (which the compiler already refuses within one set of files) are
 * errors, as is a rule that does not compile to an automation.
 */
export function computePlan(
  desired: readonly DesiredAutomation[],
  existing: readonly ExistingAutomation[],
  options: ComputePlanOptions = {},
): { readonly plan: ComputedPlan; readonly diagnostics: readonly Diagnostic[] } {
  const prune = options.prune === true;
  const diagnostics: Diagnostic[] = [];
  const wanted = new Map<string, DesiredAutomation>();
  const managedScopes = new Set<string>();
  for (const rule of desired) {
    const scopeID = rule.input.scopeID ?? rule.scope.id;
    const key = identityKey(rule.input.scopeType, scopeID, rule.name);
    managedScopes.add(`${rule.input.scopeType}\u0000${scopeID}`);
    const first = wanted.get(key);
    if (first !== undefined) {
      diagnostics.push({
        code: 'WR5204',
        severity: 'error',
        message: `two rules define the automation "${rule.name}" in ${scopeText(rule.scope)}`,
        span: { start: rule.source.start, end: rule.source.end },
        file: rule.source.file,
        related: [
          {
            message: 'the other rule is here',
            span: { start: first.source.start, end: first.source.end },
            file: first.source.file,
          },
        ],
      });
      continue;
    }
    wanted.set(key, rule);
  }

  // The oldest saved automation of an identity is the one the rule manages;
  // any more (a server that does not enforce unique names) are not managed.
  const saved = new Map<string, ExistingAutomation>();
  const extra: ExistingAutomation[] = [];
  const kept = new Map<string, PlanKept[]>();
  const seenIds = new Set<string>();
  for (const automation of existing) {
    if (seenIds.has(automation.trigger.id)) continue;
    seenIds.add(automation.trigger.id);
    const key = savedIdentity(automation.trigger);
    const verdict = options.keep?.(automation.trigger);
    if (verdict !== undefined) {
      const { scope, entity, trigger } = automation;
      const entry: PlanKept =
        verdict.why === 'secret'
          ? { scope, entity, id: trigger.id, why: 'secret', reason: secretKeepReason }
          : { scope, entity, id: trigger.id, name: trigger.name, why: 'inexpressible', reason: verdict.reason };
      kept.set(key, [...(kept.get(key) ?? []), entry]);
    } else if (saved.has(key) || !wanted.has(key)) extra.push(automation);
    else saved.set(key, automation);
  }

  const changes: PlanChange[] = [];
  const unchanged: PlanEntry[] = [];
  const unmanaged: PlanUnmanaged[] = [];
  const renamed = renamedAutomations(wanted, saved, kept, extra, options.derivedNameOf, diagnostics);
  for (const [key, rule] of wanted) {
    const holding = kept.get(key);
    if (holding !== undefined) {
      const inexpressible = holding.find((entry) => entry.why === 'inexpressible');
      if (inexpressible !== undefined)
        diagnostics.push({
          code: 'WR5205',
          severity: 'warning',
          message: `the rule is not applied: the automation "${rule.name}" in ${scopeText(rule.scope)} (${inexpressible.id}) is kept as it is (${inexpressible.reason})`,
          span: { start: rule.source.start, end: rule.source.end },
          file: rule.source.file,
          hints: [
            'wbrules never updates an automation it cannot write as a rule; rename the rule to make a new automation, or change or delete the saved one in the W&B App',
          ],
        });
      kept.set(
        key,
        holding.map((entry) => ({ ...entry, source: rule.source })),
      );
      continue;
    }
    const previous = renamed.get(key);
    if (previous !== undefined) {
      changes.push({
        action: 'update',
        scope: previous.scope,
        name: rule.name,
        entity: previous.entity,
        id: previous.trigger.id,
        fingerprint: fingerprintOf(previous.trigger),
        updatedAt: previous.trigger.updatedAt ?? null,
        source: rule.source,
        input: updateInput(rule.input, previous.trigger),
        fields: differences(previous.trigger, rule.input),
        renamedFrom: previous.trigger.name,
      });
      continue;
    }
    const current = saved.get(key);
    if (current === undefined) {
      changes.push({
        action: 'create',
        scope: rule.scope,
        name: rule.name,
        entity: rule.entity,
        source: rule.source,
        input: rule.input,
      });
      continue;
    }
    const base = {
      scope: current.scope,
      name: rule.name,
      entity: current.entity,
      id: current.trigger.id,
      fingerprint: fingerprintOf(current.trigger),
      updatedAt: current.trigger.updatedAt ?? null,
      source: rule.source,
    };
    const fields = differences(current.trigger, rule.input);
    if (fields.length === 0) unchanged.push(base);
    else changes.push({ ...base, action: 'update', input: updateInput(rule.input, current.trigger), fields });
  }
  for (const automation of extra) {
    if ([...renamed.values()].includes(automation)) continue;
    const { trigger } = automation;
    const inManagedScope = managedScopes.has(`${savedScopeType(trigger)}\u0000${trigger.scope.id}`);
    const entry = {
      scope: automation.scope,
      name: trigger.name,
      entity: automation.entity,
      id: trigger.id,
      fingerprint: fingerprintOf(trigger),
      updatedAt: trigger.updatedAt ?? null,
    };
    const keptBy = matchingPattern(options.keepNames ?? [], trigger.name);
    if (prune && inManagedScope && keptBy === undefined) changes.push({ ...entry, action: 'delete' });
    else unmanaged.push({ ...entry, inManagedScope, ...(keptBy === undefined ? {} : { keptBy }) });
  }
  changes.sort(compareEntries);
  unchanged.sort(compareEntries);
  unmanaged.sort(compareEntries);
  const keptList = [...kept.values()]
    .flat()
    .sort((a, b) => compareScopes(a.scope, b.scope, () => compare(a.name ?? '', b.name ?? '')) || compare(a.id, b.id));
  const count = (action: PlanChange['action']) => changes.filter((c) => c.action === action).length;
  return {
    plan: {
      prune,
      summary: {
        create: count('create'),
        update: count('update'),
        delete: count('delete'),
        unchanged: unchanged.length,
        unmanaged: unmanaged.length,
      },
      changes,
      unchanged,
      unmanaged,
      kept: keptList,
    },
    diagnostics,
  };
}

/**
 * For each rule with a derived name and no saved automation of that name,
 * the one unmanaged automation it renames: same scope, event type, action
 * type and integration, and a derived name of its own. Each automation is
 * taken by one rule at most; a rule with several candidates gets WR5206.
 */
function renamedAutomations(
  wanted: ReadonlyMap<string, DesiredAutomation>,
  saved: ReadonlyMap<string, ExistingAutomation>,
  kept: ReadonlyMap<string, readonly PlanKept[]>,
  extra: readonly ExistingAutomation[],
  derivedNameOf: ComputePlanOptions['derivedNameOf'],
  diagnostics: Diagnostic[],
): Map<string, ExistingAutomation> {
  const renamed = new Map<string, ExistingAutomation>();
  if (derivedNameOf === undefined) return renamed;
  const taken = new Set<ExistingAutomation>();
  // Each saved automation's target is decoded once, however many rules look at it.
  const targets = new Map<ExistingAutomation, string | undefined>();
  const targetOf = (automation: ExistingAutomation) => {
    if (!targets.has(automation)) targets.set(automation, targetKey(automation.trigger));
    return targets.get(automation);
  };
  for (const [key, rule] of wanted) {
    if (rule.derivedName !== true || saved.has(key) || kept.has(key)) continue;
    const target = targetKey(rule.input);
    const scopeID = rule.input.scopeID ?? rule.scope.id;
    const candidates = extra.filter(
      (automation) =>
        !taken.has(automation) &&
        savedScopeType(automation.trigger) === rule.input.scopeType &&
        automation.trigger.scope.id === scopeID &&
        target !== undefined &&
        targetOf(automation) === target &&
        derivedNameOf(automation, rule) === automation.trigger.name,
    );
    const only = candidates[0];
    if (candidates.length === 1 && only !== undefined) {
      renamed.set(key, only);
      taken.add(only);
    } else if (candidates.length > 1) {
      const names = candidates.map((c) => `"${c.trigger.name}" (${c.trigger.id})`).join(', ');
      diagnostics.push({
        code: 'WR5206',
        severity: 'error',
        message: `the rule's automation "${rule.name}" in ${scopeText(rule.scope)} may be any of ${candidates.length} saved automations with derived names: ${names}`,
        span: { start: rule.source.start, end: rule.source.end },
        file: rule.source.file,
        hints: [
          'name the rule with `automation "NAME"` (the name of the one it should update), or delete the others in the W&B App, then plan again',
        ],
      });
    }
  }
  return renamed;
}

/** The event type and action target (action type and integration) of a saved automation or an input, decoded; equal keys mean the same. */
function targetKey(value: unknown): string | undefined {
  const form = automationNormalForm(value);
  if (!form.ok) return undefined;
  const meaning = JSON.parse(stringify(form.form.meaning)) as {
    action?: { type?: unknown; integration?: unknown };
    event?: { type?: unknown };
  };
  return JSON.stringify([meaning.event?.type, meaning.action?.type, meaning.action?.integration]);
}

/** What differs between a saved automation and a rule's input, decoded; empty when they mean the same. */
function differences(trigger: SavedTrigger, input: CreateFilterTriggerInput): FieldChange[] {
  const wanted = automationNormalForm(input);
  if (!wanted.ok) throw new Error(`a compiled rule has no normal form: ${wanted.reasons.join('; ')}`);
  const current = automationNormalForm(trigger);
  if (!current.ok) return [{ path: '(the saved automation)', before: `unreadable: ${current.reasons.join('; ')}` }];
  return diffNormalForms(current.form.meaning, (wanted.form as AutomationNormalForm).meaning);
}

/**
 * Why a saved plan no longer describes the server: every automation it
 * touches or found unchanged must still be as it was (same ID, fingerprint
 * and, when the plan recorded it, `updatedAt`), and
 * every automation it creates must still be absent. Empty when the plan is
 * still good.
 */
export function stalePlanReasons(
  plan: Pick<Plan, 'changes' | 'unchanged'>,
  existing: readonly SavedTrigger[],
): string[] {
  const byIdentity = new Map<string, SavedTrigger>();
  for (const trigger of existing) {
    const key = savedIdentity(trigger);
    if (!byIdentity.has(key)) byIdentity.set(key, trigger);
  }
  const reasons: string[] = [];
  const what = (entry: PlanEntry) => `automation "${entry.name}" in ${scopeText(entry.scope)}`;
  for (const entry of [...plan.changes, ...plan.unchanged]) {
    const savedName = 'renamedFrom' in entry && typeof entry.renamedFrom === 'string' ? entry.renamedFrom : entry.name;
    const current = byIdentity.get(identityKey(entry.scope.type, entry.scope.id, savedName));
    if (entry.fingerprint === undefined) {
      if (current !== undefined) reasons.push(`${what(entry)} was created since the plan was made`);
    } else if (current === undefined) {
      reasons.push(`${what(entry)} was deleted since the plan was made`);
    } else if (
      current.id !== entry.id ||
      fingerprintOf(current) !== entry.fingerprint ||
      (entry.updatedAt !== undefined && (current.updatedAt ?? null) !== entry.updatedAt)
    ) {
      reasons.push(`${what(entry)} was changed since the plan was made`);
    }
  }
  return reasons;
}

/** How messages name a scope: `project "acme/vision"`. */
export function scopeText(scope: Pick<PlanScope, 'kind' | 'path'>): string {
  return `${scope.kind} ${JSON.stringify(scope.path)}`;
}

const kindOrder = ['project', 'registry', 'collection', 'team', 'org'];

/** By scope keyword, scope path, then name, in code-unit order: the same plan prints the same on every machine. */
function compareEntries(a: PlanEntry, b: PlanEntry): number {
  return compareScopes(a.scope, b.scope, () => compare(a.name, b.name));
}

/** By scope keyword, then path; then `then`; then scope ID. */
function compareScopes(a: PlanScope, b: PlanScope, then: () => number = () => 0): number {
  const ka = kindOrder.indexOf(a.kind);
  const kb = kindOrder.indexOf(b.kind);
  if (ka !== kb) return (ka < 0 ? 99 : ka) - (kb < 0 ? 99 : kb);
  return compare(a.path, b.path) || then() || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
