/**
 * The typed AST of a `.wbrules` document.
 *
 * Every node is a readonly object with a `kind` discriminant equal to its
 * type name and a half-open `span` of UTF-16 offsets into the source text.
 * Line and column are computed from offsets only when a message needs them
 * (see `source-location.ts`). The AST knows nothing of W&B IDs: it is what
 * the user wrote, decoded (strings) but not interpreted (numbers keep their
 * spelling so the compiler can lower them exactly).
 */

/** A half-open range `[start, end)` of UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

// ---------------------------------------------------------------------------
// Leaves

/** A name the user chose: an integration's local name, a severity, a run state. */
export interface Identifier {
  readonly kind: 'Identifier';
  readonly name: string;
  readonly span: Span;
}

/**
 * A string literal. `value` is decoded (JSON escapes resolved); `raw` is the
 * text exactly as written, quotes included. `style` is `'raw'` for `r"..."`
 * strings, whose backslashes are literal.
 */
export interface StringLiteral {
  readonly kind: 'StringLiteral';
  readonly value: string;
  readonly raw: string;
  readonly style: 'json' | 'raw';
  readonly span: Span;
}

/**
 * A number as written. `raw` is the JSON-form spelling without any `%`;
 * `isInteger` is true when the spelling has neither fraction nor exponent
 * (`3` is an integer, `3.0` and `1e2` are floats). `percent` is true for
 * `10%` (allowed only on change amounts). The compiler lowers from `raw`,
 * never from a JavaScript number, so nothing is lost.
 */
export interface NumberLiteral {
  readonly kind: 'NumberLiteral';
  readonly raw: string;
  readonly isInteger: boolean;
  readonly percent: boolean;
  readonly span: Span;
}

/** `true` or `false`. */
export interface BooleanLiteral {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
  readonly span: Span;
}

/** `null` (only inside webhook payloads and filter operands). */
export interface NullLiteral {
  readonly kind: 'NullLiteral';
  readonly span: Span;
}

/** A scalar literal. */
export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

/** A `#` or `//` comment, kept so the formatter can put it back. */
export interface Comment {
  readonly kind: 'Comment';
  /** The comment text including its marker (`# note`, `// note`). */
  readonly text: string;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Document and top-level items

/** A whole `.wbrules` file. */
export interface Document {
  readonly kind: 'Document';
  readonly items: readonly TopLevelItem[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

/** What may stand at the top level of a file. */
export type TopLevelItem = IntegrationDecl | ScopeDefault | Rule;

/** The kinds of integration a declaration can bind. */
export type IntegrationKind = 'webhook' | 'slack';

/**
 * `webhook ci = "github-dispatch"` / `slack alerts = "#ml-alerts"` /
 * `webhook pager = "ops-team/pagerduty"`: a local name bound to a W&B
 * integration.
 */
export interface IntegrationDecl {
  readonly kind: 'IntegrationDecl';
  readonly integrationKind: IntegrationKind;
  readonly name: Identifier;
  readonly target: StringLiteral;
  readonly span: Span;
}

/** `in project "acme/vision"` at the top level: the default scope for the rules that follow. */
export interface ScopeDefault {
  readonly kind: 'ScopeDefault';
  readonly scope: Scope;
  readonly span: Span;
}

/** The kinds of scope a rule can live in. */
export type ScopeKind = 'project' | 'registry' | 'collection' | 'team' | 'org';

/** `project "acme/vision"`, `registry "acme/model"`, `collection "e/p/c"`, `team "t"`, `org "o"`. */
export interface Scope {
  readonly kind: 'Scope';
  readonly scopeKind: ScopeKind;
  readonly path: StringLiteral;
  readonly span: Span;
}

/** The `disabled` header flag. */
export interface DisabledFlag {
  readonly kind: 'DisabledFlag';
  readonly span: Span;
}

/**
 * `[automation "NAME"] [description "TEXT"] [disabled]
 *  on EVENT [in SCOPE] [where FILTER] -> ACTION`
 */
export interface Rule {
  readonly kind: 'Rule';
  readonly name: StringLiteral | undefined;
  readonly description: StringLiteral | undefined;
  readonly disabled: DisabledFlag | undefined;
  readonly event: Event;
  readonly scope: Scope | undefined;
  readonly filter: Expression | undefined;
  readonly action: Action;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Events

/** Every event form. */
export type Event =
  | MetricThresholdEvent
  | MetricChangeEvent
  | MetricZScoreEvent
  | RunStateEvent
  | ArtifactEvent
  | AliasEvent
  | TagEvent;

/** Aggregation words: `avg` and `mean` are the same W&B `AVERAGE`. */
export type AggregationOp = 'avg' | 'mean' | 'min' | 'max';

/** `avg over 5` on a threshold (window required there), or `max` before `changes`. */
export interface Aggregation {
  readonly kind: 'Aggregation';
  readonly op: AggregationOp;
  /** `over N`; absent on change rules (their window is `within N`). */
  readonly window: NumberLiteral | undefined;
  readonly span: Span;
}

/** Comparison operators. `==` and `!=` parse everywhere; the checker rejects them on metrics. */
export type ComparisonOp = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A comparison operator with its span. */
export interface Comparator {
  readonly kind: 'Comparator';
  readonly op: ComparisonOp;
  readonly span: Span;
}

/** `on run metric "M" [AGG over N] CMP NUMBER` */
export interface MetricThresholdEvent {
  readonly kind: 'MetricThresholdEvent';
  readonly metric: StringLiteral;
  readonly aggregation: Aggregation | undefined;
  readonly comparator: Comparator;
  readonly threshold: NumberLiteral;
  readonly span: Span;
}

/** Change directions: `changes` (any), `increases`, `decreases`. */
export type ChangeDirection = 'changes' | 'increases' | 'decreases';

/** The direction word of a change rule with its span. */
export interface Direction {
  readonly kind: 'Direction';
  readonly direction: ChangeDirection;
  readonly span: Span;
}

/** `on run metric "M" [AGG] changes|increases|decreases by AMOUNT[%] [within N [vs M]]` */
export interface MetricChangeEvent {
  readonly kind: 'MetricChangeEvent';
  readonly metric: StringLiteral;
  readonly aggregation: Aggregation | undefined;
  readonly direction: Direction;
  readonly amount: NumberLiteral;
  readonly window: NumberLiteral | undefined;
  readonly priorWindow: NumberLiteral | undefined;
  readonly span: Span;
}

/** The `abs` word of an any-direction z-score rule. */
export interface AbsFlag {
  readonly kind: 'AbsFlag';
  readonly span: Span;
}

/** `on run metric "M" [abs] zscore [over N] CMP NUMBER` */
export interface MetricZScoreEvent {
  readonly kind: 'MetricZScoreEvent';
  readonly metric: StringLiteral;
  readonly abs: AbsFlag | undefined;
  readonly window: NumberLiteral | undefined;
  readonly comparator: Comparator;
  readonly threshold: NumberLiteral;
  readonly span: Span;
}

/** `on run state finished, failed` — state names are checked by the compiler. */
export interface RunStateEvent {
  readonly kind: 'RunStateEvent';
  readonly states: readonly Identifier[];
  readonly span: Span;
}

/** What happened to an artifact version. */
export type ArtifactAction = 'created' | 'linked' | 'unlinked';

/** `on artifact created|linked|unlinked` */
export interface ArtifactEvent {
  readonly kind: 'ArtifactEvent';
  readonly action: ArtifactAction;
  readonly span: Span;
}

/** `on alias ["NAME"] added` */
export interface AliasEvent {
  readonly kind: 'AliasEvent';
  readonly alias: StringLiteral | undefined;
  readonly span: Span;
}

/** `added` or `removed`. */
export type TagChange = 'added' | 'removed';

/** `on [collection] tag ["NAME"] added|removed` */
export interface TagEvent {
  readonly kind: 'TagEvent';
  /** `artifact` for `tag ...`, `collection` for `collection tag ...`. */
  readonly target: 'artifact' | 'collection';
  readonly tag: StringLiteral | undefined;
  readonly change: TagChange;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Filters

/** A `where` filter expression. */
export type Expression =
  | OrExpression
  | AndExpression
  | NotExpression
  | GroupExpression
  | ComparisonExpression
  | MembershipExpression
  | MatchesExpression
  | ContainsExpression
  | ExistsExpression;

/** `a or b or c` — n-ary, two or more operands. */
export interface OrExpression {
  readonly kind: 'OrExpression';
  readonly operands: readonly Expression[];
  readonly span: Span;
}

/** `a and b and c` — n-ary, two or more operands. */
export interface AndExpression {
  readonly kind: 'AndExpression';
  readonly operands: readonly Expression[];
  readonly span: Span;
}

/** `not a` */
export interface NotExpression {
  readonly kind: 'NotExpression';
  readonly operand: Expression;
  readonly span: Span;
}

/** `( a )` — kept so the formatter writes parentheses exactly where the user did. */
export interface GroupExpression {
  readonly kind: 'GroupExpression';
  readonly expression: Expression;
  readonly span: Span;
}

/** A field reference such as `run.name`, `alias` or `tag`. */
export interface FieldRef {
  readonly kind: 'FieldRef';
  /** The dotted path as written, e.g. `run.name`. */
  readonly path: string;
  readonly span: Span;
}

/** `field OP literal` */
export interface ComparisonExpression {
  readonly kind: 'ComparisonExpression';
  readonly field: FieldRef;
  readonly comparator: Comparator;
  readonly value: Literal;
  readonly span: Span;
}

/** A bracketed list of literals: `["a", "b"]`. */
export interface LiteralList {
  readonly kind: 'LiteralList';
  readonly elements: readonly Literal[];
  readonly span: Span;
}

/** `field in [..]` / `field not in [..]` */
export interface MembershipExpression {
  readonly kind: 'MembershipExpression';
  readonly field: FieldRef;
  readonly negated: boolean;
  readonly list: LiteralList;
  readonly span: Span;
}

/** `field matches "regex"` */
export interface MatchesExpression {
  readonly kind: 'MatchesExpression';
  readonly field: FieldRef;
  readonly pattern: StringLiteral;
  readonly span: Span;
}

/** `field contains "text"` */
export interface ContainsExpression {
  readonly kind: 'ContainsExpression';
  readonly field: FieldRef;
  readonly text: StringLiteral;
  readonly span: Span;
}

/** `field exists` / `field not exists` */
export interface ExistsExpression {
  readonly kind: 'ExistsExpression';
  readonly field: FieldRef;
  readonly negated: boolean;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// Actions

/** Every action form. */
export type Action = WebhookAction | SlackAction | NothingAction | AriaAction;

/** `-> webhook NAME [{ ...json object... }]` */
export interface WebhookAction {
  readonly kind: 'WebhookAction';
  readonly integration: Identifier;
  readonly payload: JsonObject | undefined;
  readonly span: Span;
}

/** `-> slack NAME [title "T"] [message "M"] [severity info|warn|error]` */
export interface SlackAction {
  readonly kind: 'SlackAction';
  readonly integration: Identifier;
  readonly title: StringLiteral | undefined;
  readonly message: StringLiteral | undefined;
  /** The severity word as written; the compiler checks it. */
  readonly severity: Identifier | undefined;
  readonly span: Span;
}

/** `-> nothing` */
export interface NothingAction {
  readonly kind: 'NothingAction';
  readonly span: Span;
}

/**
 * `-> aria "PROMPT"`: send a prompt to W&B's research agent (ARIA). The
 * prompt is plain text with the same `${...}` template variables as webhook
 * payloads; the compiler checks its length and variables.
 */
export interface AriaAction {
  readonly kind: 'AriaAction';
  readonly prompt: StringLiteral;
  readonly span: Span;
}

// ---------------------------------------------------------------------------
// JSON (webhook payloads)

/** A JSON value inside a webhook payload. */
export type JsonValue = JsonObject | JsonArray | Literal;

/** `{ "key": value, ... }` — members in source order, duplicates kept for the checker. */
export interface JsonObject {
  readonly kind: 'JsonObject';
  readonly members: readonly JsonMember[];
  readonly span: Span;
}

/** `"key": value` */
export interface JsonMember {
  readonly kind: 'JsonMember';
  readonly key: StringLiteral;
  readonly value: JsonValue;
  readonly span: Span;
}

/** `[ value, ... ]` */
export interface JsonArray {
  readonly kind: 'JsonArray';
  readonly elements: readonly JsonValue[];
  readonly span: Span;
}

// ---------------------------------------------------------------------------

/** Any AST node. */
export type Node =
  | Document
  | TopLevelItem
  | Scope
  | DisabledFlag
  | Event
  | Aggregation
  | Comparator
  | Direction
  | AbsFlag
  | Expression
  | FieldRef
  | LiteralList
  | Action
  | JsonValue
  | JsonMember
  | Identifier
  | Comment;

/** The `kind` strings of every node. */
export type NodeKind = Node['kind'];
