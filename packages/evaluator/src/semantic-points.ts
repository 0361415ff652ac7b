/**
 * The semantic points the evaluator rests on, each either backed by a W&B
 * documentation or SDK fact or assumed. `docs/semantics.md` explains every
 * point under a heading with the same id; verdicts that an assumed point
 * decided carry its id, so `wbrules test` can say so.
 *
 * Ids are stable (tests, output and the document refer to them): add rows,
 * never rename one.
 */

/** Whether a point is documented by W&B (docs or SDK) or our assumption. */
export type PointBasis = 'documented' | 'assumed';

/** One row of {@link semanticPoints}. */
export interface SemanticPoint {
  readonly basis: PointBasis;
  /** What the evaluator does, as one short clause. */
  readonly summary: string;
}

/**
 * Every semantic point. Documented ones cite their source in
 * `docs/semantics.md`; assumed ones give the reasoning there.
 */
export const semanticPoints = {
  'threshold-window': {
    basis: 'documented',
    summary: 'a threshold compares the avg/min/max of the most recent window of logged values',
  },
  'single-value': { basis: 'documented', summary: 'without an aggregation the latest logged value is compared' },
  'logged-values': { basis: 'documented', summary: 'windows count logged values, not steps' },
  'change-windows': {
    basis: 'documented',
    summary: 'a change compares the current window with the non-overlapping prior window just before it',
  },
  'change-inclusive': { basis: 'documented', summary: 'a change exactly equal to the amount fires' },
  'relative-fraction': { basis: 'documented', summary: 'a relative change amount is a fraction (0.1 is 10%)' },
  'zscore-inclusive': { basis: 'documented', summary: 'a z-score exactly at the threshold fires' },
  'firing-limit': { basis: 'documented', summary: 'an automation fires at most once per run in 24 hours' },
  'run-states': {
    basis: 'documented',
    summary: 'a state rule fires when a run changes to a listed state; crashed is failed; killed never fires',
  },
  'run-filter-name': { basis: 'documented', summary: 'run filters read the run display name as `display_name`' },
  'contains-substring': { basis: 'documented', summary: '`$contains` is a substring test' },
  'regex-search': { basis: 'documented', summary: '`$regex` matches anywhere in the value (unanchored search)' },
  disabled: { basis: 'documented', summary: 'an automation saved with `enabled: false` never fires' },
  'partial-window': { basis: 'assumed', summary: 'a window that is not yet full does not fire' },
  'non-finite': { basis: 'assumed', summary: 'NaN and infinite values are skipped, as if not logged' },
  'relative-magnitude': {
    basis: 'assumed',
    summary: "a relative change is divided by the prior aggregate's magnitude",
  },
  'prior-zero': { basis: 'assumed', summary: 'a relative change from a prior aggregate of 0 never fires' },
  'zscore-window': {
    basis: 'assumed',
    summary: 'a z-score uses the mean and population deviation of the window, the latest value included',
  },
  'zero-deviation': { basis: 'assumed', summary: 'a z-score over a window with zero deviation never fires' },
  refire: { basis: 'assumed', summary: 'after 24 hours a rule whose condition still holds fires again' },
  'state-limit': { basis: 'assumed', summary: 'the 24-hour limit also applies to run-state automations' },
  'artifact-limit': { basis: 'assumed', summary: 'artifact automations are not limited: every matching event fires' },
  'regex-dialect': { basis: 'assumed', summary: '`$regex` patterns are RE2 (Go) regular expressions' },
  negation: { basis: 'assumed', summary: '`$not` and `$nor` are logical negations W&B evaluates' },
  'string-order': { basis: 'assumed', summary: '`$gt`/`$lt` on strings compare by Unicode code point' },
  'other-fields': { basis: 'assumed', summary: 'filter fields other than the documented ones are missing' },
  'artifact-fields': {
    basis: 'assumed',
    summary: 'on events that do not add one, `alias`/`tag` hold the version’s aliases/tags',
  },
  // Rendering webhook bodies and ARIA prompts (render-payload.ts).
  'webhook-delivery': {
    basis: 'documented',
    summary: 'a webhook is a POST with Content-Type application/json, a bearer token and X-Wandb-Signature',
  },
  'template-escaping': {
    basis: 'assumed',
    summary: 'in a webhook body, variables are filled in inside JSON strings only, JSON-escaped',
  },
  'body-bytes': {
    basis: 'assumed',
    summary: 'the body is the stored compact requestPayload with the variables filled in',
  },
  'empty-payload': { basis: 'assumed', summary: 'a webhook without a payload sends `{}`' },
  'not-applicable-empty': {
    basis: 'assumed',
    summary: 'in a webhook body, a variable that does not apply to the event is an empty string',
  },
  'unknown-verbatim': {
    basis: 'assumed',
    summary: 'a lower-case `${name}` W&B does not document is left as written',
  },
  'event-type-value': {
    basis: 'assumed',
    summary: '`${event_type}` is the wire event type, except LINK_ARTIFACT for LINK_MODEL',
  },
  'metadata-rendering': {
    basis: 'assumed',
    summary: '`${artifact_metadata.KEY}` of a non-string value is its compact JSON text',
  },
  'number-rendering': {
    basis: 'assumed',
    summary: 'numbers render as their shortest round-trip text; metric values as a compact JSON array',
  },
  'run-variable-values': {
    basis: 'assumed',
    summary: 'the spelling of `run_status` and the metric_filter/metric_current_status texts are guesses',
  },
} as const satisfies Record<string, SemanticPoint>;

/** The id of a semantic point (`partial-window`, `firing-limit`, ...). */
export type SemanticPointId = keyof typeof semanticPoints;

/** Whether a point is assumed rather than documented. */
export function isAssumed(id: SemanticPointId): boolean {
  return semanticPoints[id].basis === 'assumed';
}
