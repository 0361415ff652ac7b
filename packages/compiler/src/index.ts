/**
 * @wbrules/compiler: from a checked `.wbrules` AST to the exact GraphQL
 * payloads the wandb SDK would send. Pure and browser-safe.
 */

export type {
  DuplicateKeys,
  FloatTextResult,
  IntegerTextResult,
  JsonArray,
  JsonBool,
  JsonEntry,
  JsonFloat,
  JsonInt,
  JsonNull,
  JsonNumber,
  JsonObject,
  JsonParseError,
  JsonParseResult,
  JsonString,
  JsonText,
  NumberTextError,
  NumberTextResult,
  ParseJsonOptions,
} from './json-text.js';
export {
  floatFromText,
  integerFromText,
  isWellFormedString,
  jsonArray,
  jsonBool,
  jsonEquals,
  jsonFloat,
  jsonInt,
  jsonMember,
  jsonNull,
  jsonObject,
  jsonString,
  MAX_INTEGER,
  numberFromText,
  parseJsonOrdered,
  percentToFraction,
  spellFloat,
  stringify,
} from './json-text.js';
export type {
  FieldFilter,
  FilterFromJsonResult,
  FilterJsonError,
  FilterNode,
  LogicalFilter,
  LogicalOperator,
  NotFilter,
  OpaqueFilter,
  OperatorFilter,
  ValueOperator,
} from './filter-model.js';
export {
  andFilter,
  fieldConditionFilter,
  fieldFilter,
  filterEquals,
  filterFromJson,
  filterToJson,
  filterToString,
  logicalFilter,
  negate,
  normalizeMutationFilter,
  normalizeRunFilter,
  norFilter,
  notFilter,
  opaqueFilter,
  operatorFilter,
  orFilter,
  simplifyOnce,
  wrapAnd,
} from './filter-model.js';
export type {
  ActionType,
  CompiledAutomation,
  CompileOptions,
  CompileResult,
  CompileSource,
  CreateFilterTriggerInput,
  EventType,
  GenericWebhookActionInput,
  IdMap,
  IntegrationRef,
  NotificationActionInput,
  ScopeRef,
  ScopeType,
  TriggeredActionConfig,
} from './types.js';
export {
  type CompileDocumentOptions,
  checkDocument,
  compile,
  compileDocument,
  type DocumentCheck,
  type DocumentCompilation,
} from './compile.js';
export {
  duplicateNameDiagnostics,
  resolveDocument,
  scopeRef,
  type ResolvedDocument,
  type ResolvedIntegration,
  type ResolvedRule,
  type ResolvedScope,
  type RuleInFile,
} from './resolve.js';
export { deriveName, maxNameLength, slug } from './derive-name.js';
export { type Check, type CheckContext, type CheckReport, type FileCheck, runChecks } from './check.js';
export { allChecks } from './all-checks.js';
export {
  idMapDiagnostics,
  idMapSections,
  type IdMapValidation,
  lookupIntegrationId,
  lookupScopeId,
  validateIdMap,
} from './id-map.js';
export { lowerRule, type RuleIds } from './lower-rule.js';
export { lowerEvent, type LoweredEvent } from './lower-event.js';
export { lowerAction, type LoweredAction } from './lower-action.js';
export { lowerExpression, lowerRuleFilter, type RuleFilterResult } from './lower-filter.js';
export { lowerPayload } from './lower-payload.js';
export { allowedScopes, type EventFamily, eventFamilyOf, eventTypeOf } from './event-kinds.js';
export { scopeEntityOf, scopePathProblem, scopeTypeOf } from './scope-model.js';
export { parseIntegrationTarget, type IntegrationTarget } from './integration-target.js';
export { isSecretName, templateReferences, templateVariablesOf, type TemplateVariables } from './template-variables.js';
export { re2Problem, type RegexProblem } from './checks/filter-regex.js';
export {
  decompile,
  decompileAll,
  type DecompileAllResult,
  type DecompileOptions,
  type DecompileResult,
} from './decompile.js';
export type { IntegrationName, ReverseIdMap, ScopeName } from './decompile-names.js';
export type { ScopeContext } from './decompile-scope.js';
export { didYouMean, editDistance } from './did-you-mean.js';
export { severityNames } from './checks/slack-severity.js';
export { runStateNames } from './checks/run-states.js';
export { backendField, filterFields } from './filter-fields.js';
export { eventPhrase } from './event-kinds.js';
export { type AutomationNormalForm, automationNormalForm, type NormalFormResult } from './normal-form.js';
export { diffNormalForms, type FieldChange } from './normal-form-diff.js';
export {
  actionConfigKeys,
  allowedScopeTypes,
  eventFamily,
  legacyActions,
  legacyEvents,
  metricFilterKeys,
  mutationEvents,
} from './wire-events.js';
