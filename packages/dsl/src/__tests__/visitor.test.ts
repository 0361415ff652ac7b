import { describe, expect, it } from 'vitest';
import type * as ast from '../ast.js';
import {
  childKeys,
  childKeysComplete,
  childrenOf,
  type Node,
  type NodeKind,
  nodeAt,
  nodePathAt,
  parse,
  visit,
} from '../index.js';
import { fixture } from './harness.js';

const kitchenSink = fixture('kitchen-sink.wbrules');
const doc = parse(kitchenSink).ast;

function allNodes(root: Node): Node[] {
  const out: Node[] = [];
  visit(root, { enter: (n) => void out.push(n) });
  return out;
}

/** Whether a property value is an AST node or an array of them (what `childKeys` must list). */
function holdsNodes(value: unknown): boolean {
  const isNode = (v: unknown) =>
    typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string';
  return isNode(value) || (Array.isArray(value) && value.length > 0 && value.every(isNode));
}

describe('childKeys', () => {
  it('covers every node kind (checked by the compiler; true only while no child property is unlisted)', () => {
    expect(childKeysComplete).toBe(true);
    const kinds = new Set(allNodes(doc).map((n) => n.kind));
    expect([...kinds].sort()).toEqual(Object.keys(childKeys).sort());
  });

  it('lists every property that holds nodes, on every node of the kitchen sink', () => {
    for (const node of allNodes(doc)) {
      const listed = childKeys[node.kind] as readonly string[];
      const holding = Object.entries(node)
        .filter(([, v]) => holdsNodes(v))
        .map(([k]) => k);
      expect(listed, node.kind).toEqual(expect.arrayContaining(holding));
    }
  });
});

describe('visit', () => {
  it('visits every node kind of the kitchen sink', () => {
    const seen = new Set<NodeKind>();
    visit(doc, { enter: (n) => void seen.add(n.kind) });
    expect(seen.size).toBe(Object.keys(childKeys).length);
  });

  it('visits children in source order, each inside its parent', () => {
    let previousStart = -1;
    visit(doc, {
      enter(node, parent) {
        if (parent !== undefined) {
          expect(node.span.start).toBeGreaterThanOrEqual(parent.span.start);
          expect(node.span.end).toBeLessThanOrEqual(parent.span.end);
        }
        // Comments hang off the document, so they may fall inside an item; everything else is disjoint.
        const children = childrenOf(node).filter((c) => c.kind !== 'Comment');
        for (let i = 1; i < children.length; i++) {
          expect((children[i] as Node).span.start).toBeGreaterThanOrEqual((children[i - 1] as Node).span.end);
        }
        if (node.kind !== 'Comment') {
          expect(node.span.start).toBeGreaterThanOrEqual(previousStart);
          previousStart = node.span.start;
        }
      },
    });
  });

  it('orders header clauses and slack options as written, not as listed', () => {
    const text = 'description "d" disabled automation "a" on run state failed -> slack s severity warn title "t"';
    const rule = parse(text).ast.items[0] as ast.Rule;
    expect(childrenOf(rule).map((n) => text.slice(n.span.start, n.span.end))).toEqual([
      '"d"',
      'disabled',
      '"a"',
      'run state failed',
      'slack s severity warn title "t"',
    ]);
    expect(childrenOf(rule.action).map((n) => text.slice(n.span.start, n.span.end))).toEqual(['s', 'warn', '"t"']);
  });

  it('interleaves comments with items by position', () => {
    const { ast: d } = parse('# a\nwebhook ci = "x" # b\n# c\nin team "t"');
    expect(childrenOf(d).map((n) => n.kind)).toEqual([
      'Comment',
      'IntegrationDecl',
      'Comment',
      'Comment',
      'ScopeDefault',
    ]);
  });

  it('calls enter and leave around children, generic first on entry and last on exit', () => {
    const { ast: d } = parse('on run state failed -> nothing');
    const log: string[] = [];
    visit(d, {
      enter: (n, parent) => void log.push(`enter ${n.kind} < ${parent?.kind ?? '-'}`),
      leave: (n) => void log.push(`leave ${n.kind}`),
      Rule: { enter: () => void log.push('Rule.enter'), leave: () => void log.push('Rule.leave') },
      Identifier: (n) => void log.push(`Identifier ${n.name}`),
    });
    expect(log).toEqual([
      'enter Document < -',
      'enter Rule < Document',
      'Rule.enter',
      'enter RunStateEvent < Rule',
      'enter Identifier < RunStateEvent',
      'Identifier failed',
      'leave Identifier',
      'leave RunStateEvent',
      'enter NothingAction < Rule',
      'leave NothingAction',
      'Rule.leave',
      'leave Rule',
      'leave Document',
    ]);
  });

  it('skips the children and the leave of a node whose enter returns false', () => {
    const { ast: d } = parse('on alias added where not (alias == "a") -> nothing\non tag added -> nothing');
    const entered: string[] = [];
    const left: string[] = [];
    visit(d, {
      enter: (n) => void entered.push(n.kind),
      leave: (n) => void left.push(n.kind),
      NotExpression: () => false,
    });
    expect(entered).not.toContain('GroupExpression');
    expect(entered).toContain('TagEvent');
    expect(left).not.toContain('NotExpression');
    const generic: string[] = [];
    visit(d, {
      enter: (n) => {
        generic.push(n.kind);
        return n.kind !== 'Rule';
      },
    });
    expect(generic).toEqual(['Document', 'Rule', 'Rule']);
  });
});

describe('nodeAt', () => {
  const text = 'on run metric "loss" >0.5 -> webhook ci';
  const { ast: d } = parse(text);
  const cases: [string, number, NodeKind | undefined][] = [
    ['inside the metric name', text.indexOf('loss'), 'StringLiteral'],
    ['on the "on" keyword (belongs to the rule only)', 0, 'Rule'],
    ['between "metric" and the name', text.indexOf(' "loss"'), 'MetricThresholdEvent'],
    ['where ">" ends and "0.5" starts: the node that starts wins', text.indexOf('0.5'), 'NumberLiteral'],
    ['right after the last character of "ci"', text.length, 'Identifier'],
    ['on "webhook"', text.indexOf('webhook'), 'WebhookAction'],
    ['past the end', text.length + 1, undefined],
    ['before the start', -1, undefined],
  ];
  it.each(cases)('%s', (_name, offset, kind) => {
    expect(nodeAt(d, offset)?.kind).toBe(kind);
  });

  it('returns the chain from the document down', () => {
    expect(nodePathAt(d, text.indexOf('ci')).map((n) => n.kind)).toEqual([
      'Document',
      'Rule',
      'WebhookAction',
      'Identifier',
    ]);
  });

  it('finds a comment and a deep payload value', () => {
    const src = 'on artifact linked -> webhook ci { "a": [1, { "b": true }] } # note';
    const { ast: p } = parse(src);
    expect(nodeAt(p, src.indexOf('true'))?.kind).toBe('BooleanLiteral');
    expect(nodePathAt(p, src.indexOf('true')).map((n) => n.kind)).toEqual([
      'Document',
      'Rule',
      'WebhookAction',
      'JsonObject',
      'JsonMember',
      'JsonArray',
      'JsonObject',
      'JsonMember',
      'BooleanLiteral',
    ]);
    expect(nodeAt(p, src.indexOf('note'))?.kind).toBe('Comment');
    const inside = 'on run state failed # why\n -> nothing';
    expect(nodePathAt(parse(inside).ast, inside.indexOf('why')).map((n) => n.kind)).toEqual(['Document', 'Comment']);
  });
});
