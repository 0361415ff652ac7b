/**
 * One generic walk over the AST, driven by one table.
 *
 * `childKeys` lists, for every node kind, the properties that hold child
 * nodes, in source order. Everything that walks the tree (the visitor,
 * `nodeAt`, the compiler's passes) reads that table instead of hand-writing a
 * `switch` per pass, so a new node kind is added in two places: `ast.ts` and
 * the table — and the compiler refuses to build until the table lists it.
 */
import type { Document, Node, NodeKind } from './ast.js';

/** The node type whose `kind` is `K`. */
export type NodeOfKind<K extends NodeKind> = Extract<Node, { kind: K }>;

/** The properties of node type `N` that hold a node, an optional node or an array of nodes. */
export type ChildKey<N> = {
  [P in keyof N]-?: P extends 'kind' | 'span' ? never : NonNullable<N[P]> extends Node | readonly Node[] ? P : never;
}[keyof N];

/**
 * For each node kind, the properties holding its children, in the order they
 * appear in source. The `satisfies` clause makes a missing kind or a
 * misspelled key a compile error, and `UnlistedChildKeys` below makes a
 * forgotten child property one too.
 *
 * Two kinds allow a source order different from the table's: header clauses
 * (`description "d" automation "a"`) and slack options come in any order, and
 * `Document.comments` interleave with its items; `childrenOf` sorts by offset.
 */
export const childKeys = {
  Document: ['items', 'comments'],
  IntegrationDecl: ['name', 'target'],
  ScopeDefault: ['scope'],
  Scope: ['path'],
  DisabledFlag: [],
  Rule: ['name', 'description', 'disabled', 'event', 'scope', 'filter', 'action'],
  MetricThresholdEvent: ['metric', 'aggregation', 'comparator', 'threshold'],
  MetricChangeEvent: ['metric', 'aggregation', 'direction', 'amount', 'window', 'priorWindow'],
  MetricZScoreEvent: ['metric', 'abs', 'window', 'comparator', 'threshold'],
  RunStateEvent: ['states'],
  ArtifactEvent: [],
  AliasEvent: ['alias'],
  TagEvent: ['tag'],
  Aggregation: ['window'],
  Comparator: [],
  Direction: [],
  AbsFlag: [],
  OrExpression: ['operands'],
  AndExpression: ['operands'],
  NotExpression: ['operand'],
  GroupExpression: ['expression'],
  ComparisonExpression: ['field', 'comparator', 'value'],
  MembershipExpression: ['field', 'list'],
  MatchesExpression: ['field', 'pattern'],
  ContainsExpression: ['field', 'text'],
  ExistsExpression: ['field'],
  FieldRef: [],
  LiteralList: ['elements'],
  WebhookAction: ['integration', 'payload'],
  SlackAction: ['integration', 'title', 'message', 'severity'],
  NothingAction: [],
  AriaAction: ['prompt'],
  JsonObject: ['members'],
  JsonMember: ['key', 'value'],
  JsonArray: ['elements'],
  StringLiteral: [],
  NumberLiteral: [],
  BooleanLiteral: [],
  NullLiteral: [],
  Identifier: [],
  Comment: [],
} as const satisfies { readonly [K in NodeKind]: readonly ChildKey<NodeOfKind<K>>[] };

/**
 * Child properties that exist on a node type but are missing from
 * `childKeys`; `never` while the table is complete. The constant below fails
 * to compile otherwise, naming the forgotten property in the error.
 */
export type UnlistedChildKeys = {
  [K in NodeKind]: Exclude<ChildKey<NodeOfKind<K>>, (typeof childKeys)[K][number]>;
}[NodeKind];

/** `true` only while no child property is missing from `childKeys` (a compile-time check). */
export const childKeysComplete: [UnlistedChildKeys] extends [never] ? true : UnlistedChildKeys = true;

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  const record = node as unknown as Readonly<Record<string, unknown>>;
  for (const key of childKeys[node.kind] as readonly string[]) {
    const value = record[key];
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      for (const child of value as readonly Node[]) out.push(child);
    } else {
      out.push(value as Node);
    }
  }
  // Header clauses, slack options and comments may come in any order; most nodes are already sorted.
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as Node).span.start < (out[i - 1] as Node).span.start) {
      return out.sort((a, b) => a.span.start - b.span.start);
    }
  }
  return out;
}

/**
 * What to call on a node: `enter` before its children, `leave` after them.
 * `enter` returning `false` skips the node's children (and its `leave`).
 */
export interface VisitFns<N extends Node> {
  // biome-ignore lint/suspicious/noConfusingVoidType: an `enter` that returns nothing must type-check.
  readonly enter?: (node: N, parent: Node | undefined) => boolean | void;
  readonly leave?: (node: N, parent: Node | undefined) => void;
}

/** A per-kind callback: either an `enter` function or an `{ enter, leave }` pair. */
export type KindVisitor<N extends Node> = VisitFns<N>['enter'] | VisitFns<N>;

/**
 * A visitor in the style of graphql-js's `visit`, without edits: generic
 * `enter`/`leave` for every node, plus optional callbacks per kind
 * (`{ Rule(rule) {...}, JsonMember: { leave(m) {...} } }`). For each node the
 * generic `enter` runs first, then the kind's; on the way out the kind's
 * `leave` runs first, then the generic one.
 */
export type Visitor = VisitFns<Node> & { readonly [K in NodeKind]?: KindVisitor<NodeOfKind<K>> };

/**
 * Walks `node` and its descendants depth-first in source order. An `enter`
 * callback (generic or per kind) returning `false` skips that node's
 * children and its `leave` callbacks; the walk then continues with the next
 * sibling. The tree is never modified.
 */
export function visit(node: Node, visitor: Visitor): void {
  walk(node, undefined, visitor);
}

/** Kinds whose child properties may hold children out of source order (clauses written in any order). */
const unorderedKinds: ReadonlySet<NodeKind> = new Set(['Document', 'Rule', 'SlackAction']);

function walk(node: Node, parent: Node | undefined, visitor: Visitor): void {
  const forKind = visitor[node.kind] as KindVisitor<Node> | undefined;
  const kindEnter = typeof forKind === 'function' ? forKind : forKind?.enter;
  if (visitor.enter?.(node, parent) === false) return;
  if (kindEnter?.(node, parent) === false) return;
  if (unorderedKinds.has(node.kind)) {
    for (const child of childrenOf(node)) walk(child, node, visitor);
  } else {
    // Hot path: the child keys are already in source order, so walk them without building a list.
    const record = node as unknown as Readonly<Record<string, unknown>>;
    for (const key of childKeys[node.kind] as readonly string[]) {
      const value = record[key];
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const child of value as readonly Node[]) walk(child, node, visitor);
      else walk(value as Node, node, visitor);
    }
  }
  if (typeof forKind === 'object') forKind.leave?.(node, parent);
  visitor.leave?.(node, parent);
}

/**
 * The chain of nodes from the document down to the innermost node at
 * `offset` (empty when the offset lies outside the document). A node holds
 * the offsets `start..end` inclusive, so a cursor right after a word still
 * finds the word; where two siblings touch (`>0.5`), the one that starts at
 * the offset wins, and a comment wins over the item it sits inside.
 */
export function nodePathAt(document: Document, offset: number): Node[] {
  if (offset < document.span.start || offset > document.span.end) return [];
  const path: Node[] = [document];
  let current: Node = document;
  for (;;) {
    let inside: Node | undefined;
    let touching: Node | undefined;
    for (const child of childrenOf(current)) {
      if (child.span.start > offset) break;
      if (offset < child.span.end) inside = child;
      else if (offset === child.span.end) touching = child;
    }
    const next = inside ?? touching;
    if (next === undefined) return path;
    path.push(next);
    current = next;
  }
}

/**
 * The innermost node whose span contains `offset` (see `nodePathAt` for
 * boundaries): what an editor shows on hover or completes at the cursor.
 * `undefined` when the offset lies outside the document.
 */
export function nodeAt(document: Document, offset: number): Node | undefined {
  return nodePathAt(document, offset).at(-1);
}
