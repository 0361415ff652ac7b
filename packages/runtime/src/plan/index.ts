/**
 * `plan/`: compiled rules meeting what a server holds. Resolving the names
 * the rules use to IDs, planning (the automations the files describe against
 * those the server lists), saved plan files, applying a plan in batches,
 * and pulling what exists back into `.wbrules` files.
 *
 * May import: `client/`, `validate/` and `schema/`, `@wbrules/compiler`,
 * `@wbrules/dsl`, Node. Nothing but the package's entry imports `plan/`.
 */

export {
  type AppliedChange,
  type ApplyOptions,
  type ApplyResult,
  applyPlan,
  defaultBatchSize,
  type FailedChange,
} from './apply.js';
export { type CapabilityDiagnosticsOptions, capabilityDiagnostics } from './capability-warnings.js';
export { type ListedScopeContext, type ListedScopeName, listedScopeName } from './listed-scope.js';
export {
  listEntities,
  type ListedInEntity,
  makePlan,
  type MakePlanOptions,
  type MakePlanResult,
  sha256,
} from './make-plan.js';
export { mapLimit } from '../client/map-limit.js';
export { matchingPattern, namePattern } from './name-pattern.js';
export {
  type ComputedPlan,
  type ComputePlanOptions,
  computePlan,
  type DesiredAutomation,
  type ExistingAutomation,
  fingerprintOf,
  identityKey,
  type KeepReason,
  type Plan,
  type PlanChange,
  type PlanCreate,
  type PlanDelete,
  type PlanEntry,
  planFormat,
  type PlanKept,
  type PlanScope,
  type PlanSummary,
  type PlanUnmanaged,
  type PlanUpdate,
  sameAutomation,
  savedIdentity,
  savedScopeType,
  secretKeepReason,
  scopeText,
  type SourcePlace,
  stalePlanReasons,
  updateInput,
} from './plan.js';
export { inexpressibleReason } from './inexpressible.js';
export { PlanFileError, readPlanFile } from './plan-file.js';
export {
  type KeptAutomation,
  type PulledFile,
  pullAutomations,
  PullError,
  pullFilePath,
  type PullOptions,
  type PullResult,
  type SkippedAutomation,
} from './pull.js';
export { resolveIds, type ResolveIdsOptions, type ResolveIdsResult } from './resolve-ids.js';
