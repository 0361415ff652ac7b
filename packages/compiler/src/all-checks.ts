import type { Check } from './check.js';
import { automationNameCheck } from './checks/automation-name.js';
import { changeAggregationCheck } from './checks/change-aggregation.js';
import { changeAmountCheck } from './checks/change-amount.js';
import { eventScopeCheck } from './checks/event-scope.js';
import { filterFieldsCheck } from './checks/filter-fields.js';
import { filterOperandsCheck } from './checks/filter-operands.js';
import { filterRegexCheck } from './checks/filter-regex.js';
import { integrationUseCheck } from './checks/integration-use.js';
import { metricComparatorCheck } from './checks/metric-comparator.js';
import { numberRangeCheck } from './checks/number-range.js';
import { payloadKeysCheck } from './checks/payload-keys.js';
import { payloadTemplatesCheck } from './checks/payload-templates.js';
import { ruleScopeCheck } from './checks/rule-scope.js';
import { runStatesCheck } from './checks/run-states.js';
import { scopePathCheck } from './checks/scope-path.js';
import { slackSeverityCheck } from './checks/slack-severity.js';
import { unusedIntegrationCheck } from './checks/unused-integration.js';
import { windowSizeCheck } from './checks/window-size.js';
import { zscoreReachCheck } from './checks/zscore-reach.js';
import { zscoreThresholdCheck } from './checks/zscore-threshold.js';

/** Every check, in the order they run: scopes and names first, then events, filters and actions. */
export const allChecks: readonly Check[] = [
  ruleScopeCheck,
  scopePathCheck,
  eventScopeCheck,
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
];
