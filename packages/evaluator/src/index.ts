/**
 * @wbrules/evaluator: evaluates compiled W&B automations against run
 * histories and artifact events (which fire, when, and on which values),
 * reads rule test files and history exports, and runs rule tests.
 * Pure and browser-safe: no Node imports, no I/O.
 */

export type {
  ArtifactEvent,
  ArtifactEventName,
  EvaluatorEvent,
  MetricLogEvent,
  RunInfo,
  RunStateEvent,
  RunStateName,
} from './events.js';
export { artifactEventTypes, runStateNames } from './events.js';
export { type RunHistory, runHistoryEvents, type StateChange } from './run-history.js';
export {
  type ChangeCondition,
  type Comparison,
  type DecodeResult,
  type Direction,
  decodeTrigger,
  type MetricCondition,
  type PayloadRunState,
  type ThresholdCondition,
  type Trigger,
  type ZScoreCondition,
} from './decode-trigger.js';
export {
  type CompiledFilter,
  compareCodePoints,
  compileFilter,
  type FieldValue,
  type FilterDocument,
} from './filter-matcher.js';
export { SlidingWindow, type WindowAggregation, type WindowTracking } from './sliding-window.js';
export { MonotonicDeque } from './monotonic-deque.js';
export type { ChangeDetail, MetricDetail, MetricMonitor, ThresholdDetail, ZScoreDetail } from './metric-monitor.js';
export { compareWith, ThresholdMonitor } from './threshold-monitor.js';
export { ChangeMonitor } from './change-monitor.js';
export { ZScoreMonitor } from './zscore-monitor.js';
export { collectionInScope, runInScope } from './scope-match.js';
export type {
  ArtifactFiring,
  AutomationProblem,
  Evaluation,
  Firing,
  MetricFiring,
  StateFiring,
  Touch,
} from './firing.js';
export { evaluate, Evaluator, type EvaluatorOptions, FIRING_LIMIT_SECONDS } from './evaluator.js';
export {
  isAssumed,
  type PointBasis,
  type SemanticPoint,
  type SemanticPointId,
  semanticPoints,
} from './semantic-points.js';
export {
  describeArtifactEvent,
  describeWhere,
  describeWhy,
  formatAgainst,
  formatNumber,
  formatValues,
} from './describe-firing.js';
export { maxExpansion, parseSeries, type SeriesProblem, type SeriesResult } from './series.js';
export {
  type Expectation,
  type Located,
  parseTestFile,
  type TestArtifactEvent,
  type TestCase,
  type TestFile,
  type TestFileParse,
  type TestMetric,
  type TestRun,
  type TestStateChange,
} from './test-file.js';
export {
  type AssumedPoint,
  type CaseResult,
  type ExpectationResult,
  runHistory,
  runTestFile,
  type TestFileResult,
} from './test-runner.js';
export { type HistoryOptions, type HistoryParse, parseHistory, type TimeSource } from './history.js';
export { parseCsv, type CsvField, type CsvResult } from './csv.js';
export {
  describeEventType,
  eventTypeText,
  firingValues,
  payloadKind,
  type RenderedPayload,
  type RenderOptions,
  renderPayload,
  sampleMetadata,
  sampleValues,
  type TemplateValue,
  valueText,
} from './render-payload.js';
