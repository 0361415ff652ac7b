import type { Diagnostic, ScopeKind, Span } from '@wbrules/dsl';

/**
 * The public types of the compiler: what goes in (sources, an optional ID
 * map) and what comes out (W&B payloads with their provenance).
 */

/** A source file to compile. Each file stands alone (its declarations and `in` defaults are its own). */
export interface CompileSource {
  /** The path diagnostics and outputs name (as given; never read). */
  readonly file: string;
  readonly text: string;
}

/**
 * Names to GraphQL IDs, as `wbrules resolve` writes and `wbrules compile --ids` reads.
 * Integrations are keyed `<entity>/<name>` (`acme/github-dispatch`, `acme/#ml-alerts`),
 * by the entity that owns the rule's scope as written, or the entity a declaration names.
 */
export interface IdMap {
  readonly projects?: Readonly<Record<string, string>>;
  readonly registries?: Readonly<Record<string, string>>;
  readonly collections?: Readonly<Record<string, string>>;
  readonly teams?: Readonly<Record<string, string>>;
  readonly orgs?: Readonly<Record<string, string>>;
  readonly webhooks?: Readonly<Record<string, string>>;
  readonly slack?: Readonly<Record<string, string>>;
}

/** Options for `compile`. */
export interface CompileOptions {
  /** When given, every `scopeID`/`integrationID` is filled from it; a missing entry is a located error. */
  readonly ids?: IdMap;
}

/** W&B scope types (`TriggerScopeType`). */
export type ScopeType = 'PROJECT' | 'ARTIFACT_COLLECTION' | 'ENTITY';

/** The symbolic scope of an automation, for the runtime to resolve. */
export interface ScopeRef {
  /** The scope keyword as written: project, registry, collection, team, org. */
  readonly kind: ScopeKind;
  /** The path string as written (`acme/vision`, `acme-org/model`, `acme/vision/weights`, `acme`). */
  readonly path: string;
  /** The W&B scope type it lowers to. */
  readonly type: ScopeType;
  /** The entity that owns the scope, where integrations are looked up. */
  readonly entity: string;
  /** Where the scope's path string is in the source (set on compiled automations), for located runtime errors. */
  readonly span?: Span;
}

/** The symbolic integration an action uses, for the runtime to resolve. */
export interface IntegrationRef {
  readonly kind: 'webhook' | 'slack';
  /** Webhook integration name, or Slack channel name (`#ml-alerts`). */
  readonly name: string;
  /** The entity whose integrations are searched. */
  readonly entity: string;
  /** `<entity>/<name>`: the ID map key. */
  readonly key: string;
  /** Where the action names the integration (set on compiled automations), for located runtime errors. */
  readonly span?: Span;
}

/** `NotificationActionInput` */
export interface NotificationActionInput {
  readonly integrationID?: string;
  readonly message: string;
  readonly severity: 'INFO' | 'WARN' | 'ERROR';
  readonly title: string;
}

/** `GenericWebhookActionInput` */
export interface GenericWebhookActionInput {
  readonly integrationID?: string;
  readonly requestPayload?: string;
}

/** `TriggeredActionConfig`: exactly one key. */
export type TriggeredActionConfig =
  | { readonly notificationActionInput: NotificationActionInput }
  | { readonly genericWebhookActionInput: GenericWebhookActionInput }
  | { readonly noOpActionInput: { readonly noOp: boolean } }
  | { readonly ariaActionInput: AriaActionInput };

/** `ARIAActionInput` (spec §6.5): the prompt, as written (template variables stay text). */
export interface AriaActionInput {
  readonly prompt: string;
}

/** W&B event types the language can create (`EventTriggeringConditionType`). */
export type EventType =
  | 'CREATE_ARTIFACT'
  | 'LINK_MODEL'
  | 'UNLINK_ARTIFACT'
  | 'ADD_ARTIFACT_ALIAS'
  | 'ADD_ARTIFACT_TAG'
  | 'REMOVE_ARTIFACT_TAG'
  | 'ADD_COLLECTION_TAG'
  | 'REMOVE_COLLECTION_TAG'
  | 'RUN_METRIC'
  | 'RUN_METRIC_CHANGE'
  | 'RUN_METRIC_ZSCORE'
  | 'RUN_STATE';

/** W&B action types the language can create (`TriggeredActionType`). */
export type ActionType = 'NOTIFICATION' | 'GENERIC_WEBHOOK' | 'NO_OP' | 'ARIA';

/**
 * `CreateFilterTriggerInput`, keys in the SDK's (alphabetical) order.
 * `scopeID` (and the action's `integrationID`) are present only when an ID map was given.
 */
export interface CreateFilterTriggerInput {
  readonly description?: string;
  readonly enabled: boolean;
  readonly eventFilter: string;
  readonly name: string;
  readonly scopeID?: string;
  readonly scopeType: ScopeType;
  readonly triggeredActionConfig: TriggeredActionConfig;
  readonly triggeredActionType: ActionType;
  readonly triggeringEventType: EventType;
}

/** One compiled automation with where it came from. */
export interface CompiledAutomation {
  /** The automation's name on the server (written or derived). */
  readonly name: string;
  /** True when the name was derived from the rule (no `automation "NAME"`). */
  readonly derivedName: boolean;
  readonly file: string;
  /** 1-based line of the rule's first token. */
  readonly line: number;
  /** The rule's span in its file. */
  readonly span: Span;
  readonly scope: ScopeRef;
  /** Absent for `-> nothing`. */
  readonly integration?: IntegrationRef;
  readonly input: CreateFilterTriggerInput;
}

/** What `compile` returns: automations in source order (file by file) and every diagnostic. */
export interface CompileResult {
  readonly automations: readonly CompiledAutomation[];
  readonly diagnostics: readonly Diagnostic[];
}
