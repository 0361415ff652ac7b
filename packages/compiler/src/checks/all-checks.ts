import type { Check } from './check.js';
import { ariaActionCheck } from './aria-action.js';
import { automationNameCheck } from './automation-name.js';
import { changeAggregationCheck } from './change-aggregation.js';
import { changeAmountCheck } from './change-amount.js';
import { eventScopeCheck } from './event-scope.js';
import { filterFieldsCheck } from './filter-fields.js';
import { filterOperandsCheck } from './filter-operands.js';
import { filterRegexCheck } from './filter-regex.js';
import { integrationUseCheck } from './integration-use.js';
import { metricComparatorCheck } from './metric-comparator.js';
import { numberRangeCheck } from './number-range.js';
import { payloadKeysCheck } from './payload-keys.js';
import { payloadTemplatesCheck } from './payload-templates.js';
import { ruleScopeCheck } from './rule-scope.js';
import { runEventAppScopeCheck } from './run-event-app-scope.js';
import { runStatesCheck } from './run-states.js';
import { scopePathCheck } from './scope-path.js';
import { slackSeverityCheck } from './slack-severity.js';
import { unusedIntegrationCheck } from './unused-integration.js';
import { windowSizeCheck } from './window-size.js';
import { zscoreReachCheck } from './zscore-reach.js';
import { zscoreThresholdCheck } from './zscore-threshold.js';

/** Every check, in the order they run: scopes and names first, then events, filters and actions. */
export const allChecks: readonly Check[] = [
  ruleScopeCheck,
  scopePathCheck,
  eventScopeCheck,
  runEventAppScopeCheck,
  automationNameCheck,
  integrationUseCheck,
  unusedIntegrationCheck,
  numberRangeCheck,
  windowSizeCheck,
  metricComparatorCheck,
  zscoreThresholdCheck,
  zscoreReachCheck,
  changeAmountCheck,
  changeAggregationCheck,
  runStatesCheck,
  filterFieldsCheck,
  filterOperandsCheck,
  filterRegexCheck,
  slackSeverityCheck,
  payloadKeysCheck,
  payloadTemplatesCheck,
  ariaActionCheck,
];
