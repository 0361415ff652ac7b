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
} from './json/index.js';
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
} from './json/index.js';
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
} from './model/index.js';
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
} from './model/index.js';
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
} from './model/index.js';
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
} from './resolve/index.js';
export { deriveName, maxNameLength, slug } from './resolve/index.js';
export {
  applyInsertions,
  type RuleNameInsertion,
  ruleNameInsertion,
  ruleNameInsertions,
} from './resolve/index.js';
export {
  type Check,
  type CheckApplies,
  type CheckContext,
  type CheckReport,
  type FileCheck,
  runChecks,
} from './checks/index.js';
export { allChecks } from './checks/index.js';
export {
  idMapDiagnostics,
  idMapSections,
  type IdMapValidation,
  lookupIntegrationId,
  lookupScopeId,
  validateIdMap,
} from './resolve/index.js';
export { lowerRule, type RuleIds } from './lower/index.js';
export { lowerEvent, type LoweredEvent } from './lower/index.js';
export { lowerAction, type LoweredAction } from './lower/index.js';
export { lowerExpression, lowerRuleFilter, type RuleFilterResult } from './lower/index.js';
export { lowerPayload } from './lower/index.js';
export { allowedScopes, type EventFamily, eventFamilyOf, eventTypeOf } from './model/index.js';
export { isRegistryScope, registryProjectPrefix, scopeEntityOf, scopePathProblem, scopeTypeOf } from './model/index.js';
export { parseIntegrationTarget, type IntegrationTarget } from './model/index.js';
export {
  allTemplateVariables,
  isSecretName,
  templateReferences,
  templateVariablesOf,
  templateVariablesOfEventType,
  type TemplateVariables,
} from './model/index.js';
export { re2Problem, type RegexProblem } from './checks/index.js';
export {
  decompile,
  decompileAll,
  type DecompileAllResult,
  type DecompileOptions,
  type DecompileResult,
} from './decompile/index.js';
export type { IntegrationName, ReverseIdMap, ScopeName } from './decompile/index.js';
export type { ScopeContext } from './decompile/index.js';
export { didYouMean, editDistance } from './resolve/index.js';
export { severityNames } from './model/index.js';
export { runStateNames } from './checks/index.js';
export { backendField, filterFields } from './model/index.js';
export { eventPhrase } from './model/index.js';
export { type AutomationNormalForm, automationNormalForm, type NormalFormResult } from './decompile/index.js';
export { diffNormalForms, type FieldChange } from './decompile/index.js';
export {
  actionConfigKeys,
  maxAriaPromptLength,
  allowedScopeTypes,
  eventFamily,
  legacyActions,
  legacyEvents,
  metricFilterKeys,
  mutationEvents,
} from './model/index.js';
export { compileEntry, compileEntryKeys } from './model/index.js';
