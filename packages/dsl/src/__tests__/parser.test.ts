// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${name}` in plain strings is the rule language's template syntax, not a JS template.
import { describe, expect, it } from 'vitest';
import type * as ast from '../ast.js';
import { type Diagnostic, maxNestingDepth, parse, stripSpans } from '../index.js';

/**
 * Table-driven parser tests. The sources in the "language brief" tables are
 * the examples of the language design brief, copied verbatim (completed into
 * a rule with `-> nothing` where the brief shows only an event); the
 * expected shapes list the fields a user would notice.
 */

/** Parses, asserts there is nothing to report, and returns the AST without spans. */
function clean(source: string): ast.Document {
  const { ast: doc, diagnostics } = parse(source);
  expect(diagnostics).toEqual([]);
  return stripSpans(doc) as ast.Document;
}

function onlyRule(source: string): ast.Rule {
  const doc = clean(source);
  expect(doc.items).toHaveLength(1);
  return doc.items[0] as ast.Rule;
}

/** The span of the `nth` occurrence of `needle` in `text` (exact offsets, readable tests). */
function spanOf(text: string, needle: string, nth = 0): ast.Span {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  return { start: at, end: at + needle.length };
}

const str = (value: string) => ({ kind: 'StringLiteral', value, raw: JSON.stringify(value), style: 'json' });
const num = (raw: string, isInteger: boolean, percent = false) => ({ kind: 'NumberLiteral', raw, isInteger, percent });
const field = (path: string) => ({ kind: 'FieldRef', path });
const eq = (path: string, value: string) => ({
  kind: 'ComparisonExpression',
  field: field(path),
  comparator: { kind: 'Comparator', op: '==' },
  value: str(value),
});

describe('language brief: declarations and scopes', () => {
  it('parses the declarations block', () => {
    const doc = clean(`# Integrations: a local name bound to a W&B integration, looked up by name in
# the entity that owns each rule's scope when the rules are applied.
webhook ci     = "github-dispatch"     # GenericWebhookIntegration.name
slack   alerts = "#ml-alerts"          # SlackIntegration.channelName
webhook pager  = "ops-team/pagerduty"  # an explicit entity: ENTITY/NAME

# Default scope for the rules that follow (until the next \`in\`).
in project "acme/vision"`);
    expect(doc.items).toMatchObject([
      { kind: 'IntegrationDecl', integrationKind: 'webhook', name: { name: 'ci' }, target: str('github-dispatch') },
      { kind: 'IntegrationDecl', integrationKind: 'slack', name: { name: 'alerts' }, target: str('#ml-alerts') },
      {
        kind: 'IntegrationDecl',
        integrationKind: 'webhook',
        name: { name: 'pager' },
        target: str('ops-team/pagerduty'),
      },
      { kind: 'ScopeDefault', scope: { kind: 'Scope', scopeKind: 'project', path: str('acme/vision') } },
    ]);
    expect(doc.comments.map((c) => c.text)).toEqual([
      '# Integrations: a local name bound to a W&B integration, looked up by name in',
      "# the entity that owns each rule's scope when the rules are applied.",
      '# GenericWebhookIntegration.name',
      '# SlackIntegration.channelName',
      '# an explicit entity: ENTITY/NAME',
      '# Default scope for the rules that follow (until the next `in`).',
    ]);
  });

  const scopes: [string, ast.ScopeKind, string][] = [
    ['project "entity/project"', 'project', 'entity/project'],
    ['registry "org/model"', 'registry', 'org/model'],
    ['collection "entity/project/name"', 'collection', 'entity/project/name'],
    ['collection "org-entity/wandb-registry-model/name"', 'collection', 'org-entity/wandb-registry-model/name'],
    ['team "name"', 'team', 'name'],
    ['org "name"', 'org', 'name'],
  ];
  it.each(scopes)('scope %s, as a default and on a rule', (source, scopeKind, path) => {
    expect(clean(`in ${source}`).items).toMatchObject([
      { kind: 'ScopeDefault', scope: { scopeKind, path: str(path) } },
    ]);
    expect(onlyRule(`on artifact linked in ${source} -> nothing`).scope).toMatchObject({ scopeKind, path: str(path) });
  });
});

describe('language brief: events', () => {
  const events: [string, object][] = [
    [
      'on run metric "M" > 0.5',
      { kind: 'MetricThresholdEvent', metric: str('M'), comparator: { op: '>' }, threshold: num('0.5', false) },
    ],
    ['on run metric "M" >= 1', { kind: 'MetricThresholdEvent', comparator: { op: '>=' }, threshold: num('1', true) }],
    ['on run metric "M" < 1', { kind: 'MetricThresholdEvent', comparator: { op: '<' } }],
    ['on run metric "M" <= 1', { kind: 'MetricThresholdEvent', comparator: { op: '<=' } }],
    [
      'on run metric "M" avg over 5 < 0.8',
      {
        kind: 'MetricThresholdEvent',
        aggregation: { kind: 'Aggregation', op: 'avg', window: num('5', true) },
        comparator: { op: '<' },
        threshold: num('0.8', false),
      },
    ],
    ['on run metric "M" mean over 5 < 0.8', { aggregation: { op: 'mean', window: num('5', true) } }],
    ['on run metric "M" min over 5 < 0.8', { aggregation: { op: 'min' } }],
    ['on run metric "M" max over 5 < 0.8', { aggregation: { op: 'max' } }],
    [
      'on run metric "M" changes by 10% within 5',
      {
        kind: 'MetricChangeEvent',
        metric: str('M'),
        direction: { kind: 'Direction', direction: 'changes' },
        amount: num('10', true, true),
        window: num('5', true),
      },
    ],
    [
      'on run metric "M" increases by 0.5',
      { kind: 'MetricChangeEvent', direction: { direction: 'increases' }, amount: num('0.5', false) },
    ],
    [
      'on run metric "M" decreases by 2%',
      { kind: 'MetricChangeEvent', direction: { direction: 'decreases' }, amount: num('2', true, true) },
    ],
    ['on run metric "M" changes by 10% within 5 vs 10', { window: num('5', true), priorWindow: num('10', true) }],
    [
      'on run metric "M" max changes by 10% within 5',
      { kind: 'MetricChangeEvent', aggregation: { kind: 'Aggregation', op: 'max' }, window: num('5', true) },
    ],
    [
      'on run metric "M" zscore over 30 > 3',
      { kind: 'MetricZScoreEvent', window: num('30', true), comparator: { op: '>' }, threshold: num('3', true) },
    ],
    [
      'on run metric "M" zscore over 30 < -3',
      { kind: 'MetricZScoreEvent', comparator: { op: '<' }, threshold: num('-3', true) },
    ],
    ['on run metric "M" abs zscore over 30 > 3', { kind: 'MetricZScoreEvent', abs: { kind: 'AbsFlag' } }],
    ['on run state finished', { kind: 'RunStateEvent', states: [{ kind: 'Identifier', name: 'finished' }] }],
    ['on run state finished, failed', { kind: 'RunStateEvent', states: [{ name: 'finished' }, { name: 'failed' }] }],
    ['on run state running, finished, failed, crashed', { states: [{ name: 'running' }, {}, {}, { name: 'crashed' }] }],
    ['on artifact created', { kind: 'ArtifactEvent', action: 'created' }],
    ['on artifact linked', { kind: 'ArtifactEvent', action: 'linked' }],
    ['on artifact unlinked', { kind: 'ArtifactEvent', action: 'unlinked' }],
    ['on alias "prod" added', { kind: 'AliasEvent', alias: str('prod') }],
    ['on alias added', { kind: 'AliasEvent' }],
    ['on tag "x" added', { kind: 'TagEvent', target: 'artifact', tag: str('x'), change: 'added' }],
    ['on tag "x" removed', { kind: 'TagEvent', target: 'artifact', tag: str('x'), change: 'removed' }],
    ['on tag added', { kind: 'TagEvent', target: 'artifact', change: 'added' }],
    ['on collection tag "x" added', { kind: 'TagEvent', target: 'collection', tag: str('x'), change: 'added' }],
    ['on collection tag "x" removed', { kind: 'TagEvent', target: 'collection', change: 'removed' }],
    ['on collection tag added', { kind: 'TagEvent', target: 'collection', change: 'added' }],
  ];
  it.each(events)('%s', (source, shape) => {
    expect(onlyRule(`${source} -> nothing`).event).toMatchObject(shape);
  });

  it('leaves optional parts of events absent', () => {
    const threshold = onlyRule('on run metric "M" > 0.5 -> nothing').event as ast.MetricThresholdEvent;
    expect(threshold.aggregation).toBeUndefined();
    const change = onlyRule('on run metric "M" increases by 0.5 -> nothing').event as ast.MetricChangeEvent;
    expect([change.aggregation, change.window, change.priorWindow]).toEqual([undefined, undefined, undefined]);
    const zscore = onlyRule('on run metric "M" zscore > 3 -> nothing').event as ast.MetricZScoreEvent;
    expect([zscore.abs, zscore.window]).toEqual([undefined, undefined]);
    expect((onlyRule('on alias added -> nothing').event as ast.AliasEvent).alias).toBeUndefined();
  });

  const metricNames: [string, string][] = [
    ['"val/acc"', 'val/acc'],
    ['"loss.total"', 'loss.total'],
    ['"損失/训练 🚀"', '損失/训练 🚀'],
    ['"caf\\u00e9"', 'café'],
    ['r"^exp-\\d+$"', '^exp-\\d+$'],
  ];
  it.each(metricNames)('metric name %s', (source, value) => {
    const event = onlyRule(`on run metric ${source} > 1 -> nothing`).event as ast.MetricThresholdEvent;
    expect(event.metric).toEqual({
      kind: 'StringLiteral',
      value,
      raw: source,
      style: source.startsWith('r') ? 'raw' : 'json',
    });
  });

  const numbers: [string, string, boolean, boolean][] = [
    ['3', '3', true, false],
    ['3.0', '3.0', false, false],
    ['0.5', '0.5', false, false],
    ['1e-7', '1e-7', false, false],
    ['1E2', '1E2', false, false],
    ['-3', '-3', true, false],
    ['1.1%', '1.1', false, true],
    ['100%', '100', true, true],
  ];
  it.each(numbers)('change amount %s keeps its spelling', (source, raw, isInteger, percent) => {
    const event = onlyRule(`on run metric "M" changes by ${source} within 1 -> nothing`).event as ast.MetricChangeEvent;
    expect(event.amount).toEqual({ kind: 'NumberLiteral', raw, isInteger, percent });
  });

  it('reads "->" as the arrow even right after a number', () => {
    const rule = onlyRule('on run metric "M" < -3->nothing');
    expect((rule.event as ast.MetricThresholdEvent).threshold).toEqual(num('-3', true));
    expect(rule.action.kind).toBe('NothingAction');
  });
});

describe('language brief: filters', () => {
  const filter = (source: string): ast.Expression => {
    const rule = onlyRule(`on run state failed where ${source} -> nothing`);
    return rule.filter as ast.Expression;
  };
  const predicates: [string, object][] = [
    ['run.name == "a"', eq('run.name', 'a')],
    ['run.name != "a"', { kind: 'ComparisonExpression', comparator: { op: '!=' } }],
    ['run.name < "a"', { comparator: { op: '<' } }],
    ['run.name <= "a"', { comparator: { op: '<=' } }],
    ['run.name > "a"', { comparator: { op: '>' } }],
    ['run.name >= "a"', { comparator: { op: '>=' } }],
    [
      'run.name in ["a", "b"]',
      {
        kind: 'MembershipExpression',
        field: field('run.name'),
        negated: false,
        list: { kind: 'LiteralList', elements: [str('a'), str('b')] },
      },
    ],
    ['run.name not in ["debug"]', { kind: 'MembershipExpression', negated: true, list: { elements: [str('debug')] } }],
    ['run.name in []', { kind: 'MembershipExpression', list: { elements: [] } }],
    ['run.name matches "^prod-"', { kind: 'MatchesExpression', field: field('run.name'), pattern: str('^prod-') }],
    ['run.name matches r"^exp-\\d+$"', { kind: 'MatchesExpression', pattern: { value: '^exp-\\d+$', style: 'raw' } }],
    ['run.name contains "text"', { kind: 'ContainsExpression', text: str('text') }],
    ['run.name exists', { kind: 'ExistsExpression', negated: false }],
    ['run.name not exists', { kind: 'ExistsExpression', negated: true }],
    ['alias == "prod"', eq('alias', 'prod')],
    ['tag == "x"', eq('tag', 'x')],
  ];
  it.each(predicates)('%s', (source, shape) => {
    expect(filter(source)).toMatchObject(shape);
  });

  const a = eq('run.name', 'a');
  const b = eq('run.name', 'b');
  const c = eq('run.name', 'c');
  const trees: [string, object][] = [
    ['run.name == "a" or run.name == "b" or run.name == "c"', { kind: 'OrExpression', operands: [a, b, c] }],
    ['run.name == "a" and run.name == "b" and run.name == "c"', { kind: 'AndExpression', operands: [a, b, c] }],
    [
      'not (run.name == "a" or run.name == "b" or run.name == "c")',
      {
        kind: 'NotExpression',
        operand: { kind: 'GroupExpression', expression: { kind: 'OrExpression', operands: [a, b, c] } },
      },
    ],
    [
      'not (run.name == "a" and run.name == "b")',
      {
        kind: 'NotExpression',
        operand: { kind: 'GroupExpression', expression: { kind: 'AndExpression', operands: [a, b] } },
      },
    ],
    // Precedence: not > and > or.
    [
      'not run.name == "a" and run.name == "b" or run.name == "c"',
      {
        kind: 'OrExpression',
        operands: [{ kind: 'AndExpression', operands: [{ kind: 'NotExpression', operand: a }, b] }, c],
      },
    ],
    [
      'run.name == "a" or run.name == "b" and run.name == "c"',
      { kind: 'OrExpression', operands: [a, { kind: 'AndExpression', operands: [b, c] }] },
    ],
    [
      '(run.name == "a" or run.name == "b") and run.name == "c"',
      {
        kind: 'AndExpression',
        operands: [{ kind: 'GroupExpression', expression: { kind: 'OrExpression', operands: [a, b] } }, c],
      },
    ],
    ['not not run.name == "a"', { kind: 'NotExpression', operand: { kind: 'NotExpression', operand: a } }],
    ['((run.name == "a"))', { kind: 'GroupExpression', expression: { kind: 'GroupExpression', expression: a } }],
  ];
  it.each(trees)('%s', (source, shape) => {
    expect(filter(source)).toEqual(shape);
  });

  it('keeps sugar and filter apart: on alias "prod" added where F', () => {
    const rule = onlyRule('on alias "prod" added where tag == "x" -> nothing');
    expect(rule.event).toEqual({ kind: 'AliasEvent', alias: str('prod') });
    expect(rule.filter).toEqual(eq('tag', 'x'));
  });

  it('reads "in" after the event as the rule scope and inside the filter as membership', () => {
    const rule = onlyRule('on alias added in team "acme" where alias in ["prod", "staging"] -> nothing');
    expect(rule.scope).toMatchObject({ scopeKind: 'team', path: str('acme') });
    expect(rule.filter).toMatchObject({
      kind: 'MembershipExpression',
      list: { elements: [str('prod'), str('staging')] },
    });
  });
});

describe('language brief: rules and actions', () => {
  it('parses header clauses in any order', () => {
    const rule = onlyRule('disabled description "TEXT" automation "NAME" on artifact linked -> nothing');
    expect(rule).toMatchObject({ name: str('NAME'), description: str('TEXT'), disabled: { kind: 'DisabledFlag' } });
  });

  it('parses description and disabled without automation', () => {
    const rule = onlyRule('description "TEXT" disabled on artifact linked -> nothing');
    expect(rule.name).toBeUndefined();
    expect(rule).toMatchObject({ description: str('TEXT'), disabled: { kind: 'DisabledFlag' } });
  });

  const actions: [string, object][] = [
    ['-> webhook ci', { kind: 'WebhookAction', integration: { kind: 'Identifier', name: 'ci' } }],
    [
      '-> webhook ci { "text": "${project_name}: ${event_type}" }',
      {
        kind: 'WebhookAction',
        payload: {
          kind: 'JsonObject',
          members: [{ kind: 'JsonMember', key: str('text'), value: str('${project_name}: ${event_type}') }],
        },
      },
    ],
    ['-> slack alerts', { kind: 'SlackAction', integration: { name: 'alerts' } }],
    [
      '-> slack alerts title "T" message "M" severity warn',
      { kind: 'SlackAction', title: str('T'), message: str('M'), severity: { kind: 'Identifier', name: 'warn' } },
    ],
    [
      '-> slack alerts severity error message "M" title "T"',
      { title: str('T'), message: str('M'), severity: { name: 'error' } },
    ],
    ['-> slack alerts severity info', { kind: 'SlackAction', severity: { name: 'info' } }],
    ['-> nothing', { kind: 'NothingAction' }],
    ['-> slack ci', { kind: 'SlackAction', integration: { name: 'ci' } }],
    ['-> aria "Explain ${run_name}"', { kind: 'AriaAction', prompt: str('Explain ${run_name}') }],
    ['-> aria r"C:\\tmp ${x}"', { kind: 'AriaAction', prompt: { value: 'C:\\tmp ${x}', style: 'raw' } }],
    ['-> webhook aria', { kind: 'WebhookAction', integration: { name: 'aria' } }],
    ['-> slack aria severity warn', { kind: 'SlackAction', integration: { name: 'aria' } }],
  ];
  it.each(actions)('%s', (source, shape) => {
    expect(onlyRule(`on artifact linked ${source}`).action).toMatchObject(shape);
  });

  it('keeps a payload exactly: key order, duplicate keys, number spellings, nesting, secrets', () => {
    const action = onlyRule(
      'on artifact linked -> webhook ci { "b": 1.50, "10": 1E2, "a": [true, false, null, { "x": [] }], "b": "${ACCESS_TOKEN}" }',
    ).action as ast.WebhookAction;
    expect(action.payload).toEqual({
      kind: 'JsonObject',
      members: [
        { kind: 'JsonMember', key: { ...str('b'), raw: '"b"', style: 'json' }, value: { ...num('1.50', false) } },
        { kind: 'JsonMember', key: { ...str('10'), raw: '"10"', style: 'json' }, value: { ...num('1E2', false) } },
        {
          kind: 'JsonMember',
          key: { ...str('a'), raw: '"a"', style: 'json' },
          value: {
            kind: 'JsonArray',
            elements: [
              { kind: 'BooleanLiteral', value: true },
              { kind: 'BooleanLiteral', value: false },
              { kind: 'NullLiteral' },
              {
                kind: 'JsonObject',
                members: [
                  {
                    kind: 'JsonMember',
                    key: { ...str('x'), raw: '"x"', style: 'json' },
                    value: { kind: 'JsonArray', elements: [] },
                  },
                ],
              },
            ],
          },
        },
        {
          kind: 'JsonMember',
          key: { ...str('b'), raw: '"b"', style: 'json' },
          value: { ...str('${ACCESS_TOKEN}'), raw: '"${ACCESS_TOKEN}"', style: 'json' },
        },
      ],
    });
  });

  it('reads aria as a name everywhere but at the start of an action (a contextual word)', () => {
    const { ast: doc, diagnostics } = parse(
      'webhook aria = "aria"\nin project "e/p"\non run state failed where aria == "x" -> webhook aria\non run state failed -> aria "p" on artifact linked -> slack aria',
    );
    expect(diagnostics).toEqual([]);
    expect(doc.items.map((i) => (i.kind === 'Rule' ? i.action.kind : i.kind))).toEqual([
      'IntegrationDecl',
      'ScopeDefault',
      'WebhookAction',
      'AriaAction',
      'SlackAction',
    ]);
  });

  it('lets comments sit between payload tokens', () => {
    const { ast: doc, diagnostics } = parse('on artifact linked -> webhook ci { # a\n "a" // b\n : 1 # c\n }');
    expect(diagnostics).toEqual([]);
    expect(doc.comments.map((c) => c.text)).toEqual(['# a', '// b', '# c']);
  });

  it('decodes JSON escapes and keeps the raw spelling', () => {
    const rule = onlyRule(
      'automation "tab\\there \\"q\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00" on artifact linked -> nothing',
    );
    expect(rule.name).toEqual({
      kind: 'StringLiteral',
      value: 'tab\there "q" \\ / é 😀',
      raw: '"tab\\there \\"q\\" \\\\ \\/ \\u00e9 \\ud83d\\ude00"',
      style: 'json',
    });
  });

  it('parses the full example', () => {
    const doc = clean(`webhook ci     = "github-dispatch"
slack   alerts = "#ml-alerts"

in project "acme/vision"

on run metric "loss" changes by 10% within 5 -> webhook ci

automation "accuracy-floor" description "Page when validation accuracy sags"
on run metric "val/acc" avg over 5 < 0.8
  where run.name matches "^prod-"
  -> slack alerts title "Accuracy dropped" message "val/acc fell under 0.8" severity warn

on run state failed, crashed -> slack alerts severity error

automation "promote-to-staging"
on alias "staging" added in collection "acme/vision/resnet-weights"
  -> webhook ci { "event_type": "\${event_type}", "version": "\${artifact_version_string}" }`);
    expect(doc.items.map((i) => i.kind)).toEqual([
      'IntegrationDecl',
      'IntegrationDecl',
      'ScopeDefault',
      'Rule',
      'Rule',
      'Rule',
      'Rule',
    ]);
    const [, , , canonical, floor, states, promote] = doc.items as ast.Rule[];
    expect(canonical).toMatchObject({
      event: { kind: 'MetricChangeEvent', amount: num('10', true, true), window: num('5', true) },
      action: { kind: 'WebhookAction', integration: { name: 'ci' } },
    });
    expect(floor).toMatchObject({
      name: str('accuracy-floor'),
      description: str('Page when validation accuracy sags'),
      event: {
        kind: 'MetricThresholdEvent',
        aggregation: { op: 'avg', window: num('5', true) },
        threshold: num('0.8', false),
      },
      filter: { kind: 'MatchesExpression', field: field('run.name'), pattern: str('^prod-') },
      action: {
        kind: 'SlackAction',
        title: str('Accuracy dropped'),
        message: str('val/acc fell under 0.8'),
        severity: { name: 'warn' },
      },
    });
    expect(states).toMatchObject({
      event: { states: [{ name: 'failed' }, { name: 'crashed' }] },
      action: { severity: { name: 'error' } },
    });
    expect(promote).toMatchObject({
      name: str('promote-to-staging'),
      event: { kind: 'AliasEvent', alias: str('staging') },
      scope: { scopeKind: 'collection', path: str('acme/vision/resnet-weights') },
      action: {
        payload: {
          members: [
            { key: str('event_type'), value: str('${event_type}') },
            { key: str('version'), value: str('${artifact_version_string}') },
          ],
        },
      },
    });
  });

  it('is newline-insensitive: a whole file on one line parses the same', () => {
    const multi =
      'webhook ci = "a"\nin project "p/q"\nautomation "x"\non run state failed\n  where run.name exists\n  -> webhook ci';
    expect(clean(multi.replace(/\s+/g, ' '))).toEqual(clean(multi));
  });

  it('gives every node a span inside its parent, in source order', () => {
    const text = 'automation "a" on run metric "m" avg over 5 < 0.8 where run.name == "x" -> slack s title "t"';
    const { ast: doc } = parse(text);
    const rule = doc.items[0] as ast.Rule;
    expect(rule.span).toEqual({ start: 0, end: text.length });
    expect(rule.event.span).toEqual(spanOf(text, 'run metric "m" avg over 5 < 0.8'));
    expect((rule.event as ast.MetricThresholdEvent).aggregation?.span).toEqual(spanOf(text, 'avg over 5'));
    expect(rule.filter?.span).toEqual(spanOf(text, 'run.name == "x"'));
    expect(rule.action.span).toEqual(spanOf(text, 'slack s title "t"'));
  });
});

describe('syntax errors', () => {
  interface ErrorCase {
    readonly name: string;
    readonly source: string;
    /** Each expected diagnostic: code, the text its span covers (`needle`, its `nth` occurrence), message. */
    readonly expected: readonly { code: string; needle: string; nth?: number; message: string; hints?: string[] }[];
  }
  const cases: ErrorCase[] = [
    {
      name: 'a metric with no comparison',
      source: 'on run metric "loss" -> webhook ci',
      expected: [
        {
          code: 'WR1101',
          needle: '->',
          message: 'expected a comparison such as "> 0.5" or "changes by 10%" after the metric name, found "->"',
        },
      ],
    },
    {
      name: 'a metric with no name',
      source: 'on run metric -> nothing',
      expected: [{ code: 'WR1101', needle: '->', message: 'expected a string after "metric", found "->"' }],
    },
    {
      name: 'an aggregation without "over N"',
      source: 'on run metric "x" avg < 3 -> nothing',
      expected: [
        {
          code: 'WR1101',
          needle: '<',
          message:
            'expected "over N" and a comparison (a threshold on the aggregate, e.g. "avg over 5 < 0.8") or "changes by ..." after the aggregation, found "<"',
        },
      ],
    },
    {
      name: 'a change without "by"',
      source: 'on run metric "x" changes 10% -> nothing',
      expected: [{ code: 'WR1101', needle: '10', message: 'expected "by" after "changes", found the number 10' }],
    },
    {
      name: 'an aria action with no prompt',
      source: 'on run state failed -> aria\non run state finished -> nothing',
      expected: [{ code: 'WR1101', needle: 'on', nth: 1, message: 'expected a string after "aria", found "on"' }],
    },
    {
      name: 'an aria prompt that is a name, not a string',
      source: 'on run state failed -> aria explain',
      expected: [
        { code: 'WR1101', needle: 'explain', message: 'expected a string after "aria", found the name "explain"' },
      ],
    },
    {
      name: 'a missing threshold',
      source: 'on run metric "x" > -> nothing',
      expected: [{ code: 'WR1101', needle: '->', message: 'expected a number after ">", found "->"' }],
    },
    {
      name: 'a missing run state',
      source: 'on run state failed, -> nothing',
      expected: [
        {
          code: 'WR1101',
          needle: '->',
          message: 'expected a run state (running, finished, failed or crashed) after ",", found "->"',
        },
      ],
    },
    {
      name: 'an unknown artifact event',
      source: 'on artifact made -> nothing',
      expected: [
        {
          code: 'WR1101',
          needle: 'made',
          message: 'expected "created", "linked" or "unlinked" after "artifact", found the name "made"',
        },
      ],
    },
    {
      name: 'a tag event without added/removed',
      source: 'on tag "x" -> nothing',
      expected: [
        {
          code: 'WR1101',
          needle: '->',
          message: 'expected "added" or "removed" in this tag event (tag "NAME" added), found "->"',
        },
      ],
    },
    {
      name: 'an unknown scope',
      source: 'in space "x"',
      expected: [
        {
          code: 'WR1101',
          needle: 'space',
          message:
            'expected a scope such as project "entity/project", registry "org/name", collection "entity/project/name", team "name" or org "name" after "in", found the name "space"',
        },
      ],
    },
    {
      name: 'a field with no operator',
      source: 'on run state failed where run.name -> nothing',
      expected: [
        {
          code: 'WR1101',
          needle: '->',
          message:
            'expected an operator such as ==, !=, in [...], matches "...", contains "..." or exists after the field, found "->"',
        },
      ],
    },
    {
      name: 'a dangling "and"',
      source: 'on run state failed where run.name == "x" and -> nothing',
      expected: [
        {
          code: 'WR1101',
          needle: '->',
          message:
            'expected a condition such as run.name matches "^prod-", alias == "prod" or tag in ["a", "b"] in the filter, found "->"',
        },
      ],
    },
    {
      name: 'an unclosed parenthesis',
      source: 'on run state failed where (run.name == "x" -> nothing',
      expected: [{ code: 'WR1101', needle: '->', message: 'expected ")" in the filter, found "->"' }],
    },
    {
      name: 'a missing comma in a list',
      source: 'on run state failed where run.name in ["a" "b"] -> nothing',
      expected: [{ code: 'WR1101', needle: '"b"', message: 'expected "," or "]" in the list, found the string "b"' }],
    },
    {
      name: 'an unquoted payload key',
      source: 'on run state failed -> webhook ci { key: 1 }',
      expected: [
        {
          code: 'WR1101',
          needle: 'key',
          message: 'expected a member ("key": value) or "}" after "{", found the name "key"',
        },
      ],
    },
    {
      name: 'an unknown action',
      source: 'on run state failed -> email x',
      expected: [
        {
          code: 'WR1101',
          needle: 'email',
          message:
            'expected an action: webhook NAME, slack NAME, aria "PROMPT" or nothing after "->", found the name "email"',
        },
      ],
    },
    {
      name: 'a quoted severity',
      source: 'on run state failed -> slack a severity "x"',
      expected: [
        {
          code: 'WR1101',
          needle: '"x"',
          message: 'expected a severity (info, warn or error) after "severity", found the string "x"',
        },
      ],
    },
    {
      name: 'an integration declaration without "="',
      source: 'webhook ci "x"',
      expected: [
        {
          code: 'WR1101',
          needle: '"x"',
          message:
            'expected "=" in this integration declaration (webhook NAME = "integration-name"), found the string "x"',
        },
      ],
    },
    {
      name: 'a stray word at the top level',
      source: 'foo',
      expected: [
        {
          code: 'WR1101',
          needle: 'foo',
          message:
            'expected a rule ("on ..."), an integration ("webhook NAME = ...") or a default scope ("in project ..."), found the name "foo"',
        },
      ],
    },
    {
      name: 'the file ends inside a rule (an empty span at the end)',
      source: 'on run state failed -> webhook',
      expected: [
        {
          code: 'WR1102',
          needle: '',
          nth: 0,
          message: 'expected an integration name after "webhook", found the end of the file',
        },
      ],
    },
    {
      name: 'an invalid escape, with the fix in a hint',
      source: 'on alias added where alias == "\\d" -> nothing',
      expected: [
        {
          code: 'WR1003',
          needle: '\\d',
          message: '"\\d" is not a valid escape in a string',
          hints: [
            'Write a literal backslash as "\\\\" ("\\\\d"), or use a raw string r"..." whose backslashes are literal.',
          ],
        },
      ],
    },
    {
      name: 'an unterminated string',
      source: 'webhook ci = "abc\non run state failed -> nothing',
      expected: [
        {
          code: 'WR1002',
          needle: '"abc',
          message: 'this string has no closing quote on its line',
          hints: ['Strings end on the line they start; write a line break as \\n.'],
        },
      ],
    },
    {
      name: 'a percentage on a threshold',
      source: 'on run metric "x" > 90% -> nothing',
      expected: [
        {
          code: 'WR1106',
          needle: '%',
          message: 'a percentage is allowed only on change amounts ("changes by 10%")',
          hints: ['Write the value as a plain number (0.9 rather than 90%).'],
        },
      ],
    },
    {
      name: 'a percentage on a threshold, rewritten as the exact fraction written',
      source: 'on run metric "acc" < 80% -> nothing',
      expected: [
        {
          code: 'WR1106',
          needle: '%',
          message: 'a percentage is allowed only on change amounts ("changes by 10%")',
          hints: ['Write the value as a plain number (0.8 rather than 80%).'],
        },
      ],
    },
    {
      name: 'a percentage with decimals on an aggregate threshold (shifted in decimal, not divided)',
      source: 'on run metric "acc" avg over 5 >= 1.1% -> nothing',
      expected: [
        {
          code: 'WR1106',
          needle: '%',
          message: 'a percentage is allowed only on change amounts ("changes by 10%")',
          hints: ['Write the value as a plain number (0.011 rather than 1.1%).'],
        },
      ],
    },
    {
      name: 'a percentage on a window',
      source: 'on run metric "x" changes by 5 within 3% -> nothing',
      expected: [
        {
          code: 'WR1106',
          needle: '%',
          message: 'a percentage is allowed only on change amounts ("changes by 10%")',
          hints: ['A window counts logged values: write 3 rather than 3%.'],
        },
      ],
    },
    {
      name: 'a string in single quotes',
      source: "in project 'acme/vision'\non run state failed -> nothing",
      expected: [
        {
          code: 'WR1007',
          needle: "'acme/vision'",
          message: 'strings use double quotes, not single quotes',
          hints: ['Write "acme/vision".'],
        },
      ],
    },
    {
      name: 'strings in typographic quotes, and the errors after them',
      source: 'on alias \u201cprod\u201d added where tag == \u2018x\u2019 -> webhook',
      expected: [
        {
          code: 'WR1007',
          needle: '\u201cprod\u201d',
          message: 'strings use straight double quotes ("), not typographic quotes',
          hints: ['Write "prod".'],
        },
        {
          code: 'WR1007',
          needle: '\u2018x\u2019',
          message: 'strings use straight double quotes ("), not typographic quotes',
          hints: ['Write "x".'],
        },
        {
          code: 'WR1102',
          needle: '',
          message: 'expected an integration name after "webhook", found the end of the file',
        },
      ],
    },
    {
      name: 'a single-quoted string holding double quotes',
      source: `on alias 'say "hi"' added -> nothing`,
      expected: [
        {
          code: 'WR1007',
          needle: `'say "hi"'`,
          message: 'strings use double quotes, not single quotes',
          hints: ['Write "say \\"hi\\"".'],
        },
      ],
    },
    {
      name: 'a lone single quote (no string to rewrite)',
      source: "on alias 'prod added -> nothing",
      expected: [
        { code: 'WR1001', needle: "'", message: 'unexpected character "\'", which cannot start any part of a rule' },
        {
          code: 'WR1101',
          needle: 'prod',
          message: 'expected "added" in this alias event (alias "NAME" added), found the name "prod"',
        },
      ],
    },
    {
      name: 'a trailing comma in a payload object',
      source: 'on run state failed -> webhook ci { "a": 1, }',
      expected: [
        {
          code: 'WR1108',
          needle: ',',
          message: 'JSON allows no trailing comma after the last member of an object',
          hints: ['Remove the "," before "}".'],
        },
      ],
    },
    {
      name: 'a trailing comma in a payload array',
      source: 'on run state failed -> webhook ci { "a": [1, {"b": 2},], "c": 3 }',
      expected: [
        {
          code: 'WR1108',
          needle: ',',
          nth: 1,
          message: 'JSON allows no trailing comma after the last element of an array',
          hints: ['Remove the "," before "]".'],
        },
      ],
    },
    {
      name: 'a trailing comma in a filter list',
      source: 'on run state failed where run.name in ["a", "b",] -> nothing',
      expected: [
        {
          code: 'WR1108',
          needle: ',',
          nth: 1,
          message: 'a list allows no trailing comma after its last value',
          hints: ['Remove the "," before "]".'],
        },
      ],
    },
    {
      name: 'a comma before the wrong closer (a missing "]", not a trailing comma)',
      source: 'on run state failed -> webhook ci { "a": [1, 2,} }',
      expected: [
        {
          code: 'WR1101',
          needle: '}',
          message:
            'expected a JSON value (a string, number, object, array, true, false or null) in the webhook payload, found "}"',
        },
      ],
    },
    {
      name: 'a header clause given twice',
      source: 'automation "a"\nautomation "b"\non artifact linked -> nothing',
      expected: [{ code: 'WR1103', needle: 'automation "b"', message: '"automation" is given twice on this rule' }],
    },
    {
      name: 'a slack option given twice',
      source: 'on run state failed -> slack s title "a" severity warn title "b"',
      expected: [{ code: 'WR1104', needle: 'title "b"', message: '"title" is given twice on this slack action' }],
    },
    {
      name: 'a template variable outside quotes',
      source: 'on run state failed -> webhook ci { "a": ${x} }',
      expected: [
        {
          code: 'WR1107',
          needle: '${x}',
          message: 'the template variable "${x}" must stand inside a JSON string',
          hints: ['Quote it: "${x}".'],
        },
      ],
    },
    {
      name: 'a number with a leading zero',
      source: 'on run metric "x" > 01 -> nothing',
      expected: [
        {
          code: 'WR1006',
          needle: '01',
          message: '"01" is not a number the language accepts',
          hints: ['Write numbers in JSON form: 3, -0.5, 1.5e-7 (no leading zeros, no trailing dot).'],
        },
      ],
    },
    {
      name: 'a character that starts no token',
      source: 'on run state failed -> nothing @',
      expected: [
        { code: 'WR1001', needle: '@', message: 'unexpected character "@", which cannot start any part of a rule' },
      ],
    },
    {
      name: 'a lone surrogate',
      source: 'on alias "\\ud800" added -> nothing',
      expected: [
        {
          code: 'WR1004',
          needle: '"\\ud800"',
          message: 'this string contains a lone UTF-16 surrogate, which cannot be sent as UTF-8',
        },
      ],
    },
    {
      name: 'a raw tab inside a string',
      source: 'on alias "a\tb" added -> nothing',
      expected: [
        { code: 'WR1005', needle: '\t', message: 'a raw control character (U+0009) cannot stand inside a string' },
      ],
    },
  ];
  it.each(cases)('$name', ({ source, expected }) => {
    const { diagnostics } = parse(source);
    const eof = { start: source.length, end: source.length };
    expect(
      diagnostics.map((d, i) => ({
        code: d.code,
        severity: d.severity,
        span: d.span,
        message: d.message,
        ...(expected[i]?.hints ? { hints: d.hints } : {}),
      })),
    ).toEqual(
      expected.map((e) => ({
        code: e.code,
        severity: 'error',
        span: e.needle === '' ? eof : spanOf(source, e.needle, e.nth),
        message: e.message,
        ...(e.hints ? { hints: e.hints } : {}),
      })),
    );
  });

  it.each([
    ["in project 'acme/vision'\non run state failed -> nothing", 'in project "acme/vision"'],
    ['on alias \u2018prod\u2019 added -> nothing', 'on alias "prod" added'],
    ['on run metric "acc" < 80% -> nothing', '< 0.8 ->'],
    ['on run metric "acc" abs zscore over 30% > 3 -> nothing', 'over 30 >'],
    ['on run state failed -> webhook ci { "a": [1, 2,], "b": 1, }', '{ "a": [1, 2], "b": 1 }'],
    ['on run state failed where tag in ["a",] -> nothing', '["a"]'],
  ])('offers a fix that cures %j', (source, fixed) => {
    let text = source;
    for (let round = 0; round < 3; round++) {
      const d = parse(text).diagnostics[0];
      if (d === undefined) break;
      const edits = [...(d.fixes?.[0]?.edits ?? [])].sort((a, b) => b.span.start - a.span.start);
      expect(edits.length, d.message).toBeGreaterThan(0);
      for (const e of edits) text = text.slice(0, e.span.start) + e.newText + text.slice(e.span.end);
    }
    expect(parse(text).diagnostics).toEqual([]);
    expect(text).toContain(fixed);
  });

  it('reports a misquoted string once and parses the rule around it', () => {
    const source = "on alias 'prod' added -> nothing\non run metric 'x' > 01 -> nothing\non tag 'a' added -> nothing";
    const { ast: doc, diagnostics } = parse(source);
    expect(diagnostics.map((d) => [d.code, source.slice(d.span.start, d.span.end)])).toEqual([
      ['WR1007', "'prod'"],
      ['WR1007', "'x'"],
      ['WR1006', '01'],
      ['WR1007', "'a'"],
    ]);
    expect(doc.items.map((i) => (i.kind === 'Rule' ? i.event.kind : i.kind))).toEqual([
      'AliasEvent',
      'MetricThresholdEvent',
      'TagEvent',
    ]);
  });

  it('points a duplicate header at the first one', () => {
    const source = 'automation "a"\nautomation "b"\non artifact linked -> nothing';
    const [d] = parse(source).diagnostics as Diagnostic[];
    expect(d.related).toEqual([{ message: 'first "automation" here', span: spanOf(source, '"a"') }]);
  });

  it('reports several broken rules in one pass and keeps the good rules between them', () => {
    const source = [
      'webhook ci = "a"',
      'on run metric "loss" -> webhook ci',
      'on run state failed -> nothing',
      'on artifact bogus -> nothing',
      '',
      'on alias "x" added -> webhook ci',
      'on run metric "x" changes by -> nothing',
      'slack s = "#a"',
    ].join('\n');
    const { ast: doc, diagnostics } = parse(source);
    expect(diagnostics.map((d) => [d.code, source.slice(d.span.start, d.span.end)])).toEqual([
      ['WR1101', '->'],
      ['WR1101', 'bogus'],
      ['WR1101', '->'],
    ]);
    expect(diagnostics.map((d) => d.span.start)).toEqual([
      spanOf(source, '->').start,
      spanOf(source, 'bogus').start,
      spanOf(source, '->', 4).start,
    ]);
    expect(doc.items.map((i) => (i.kind === 'Rule' ? i.event.kind : i.kind))).toEqual([
      'IntegrationDecl',
      'RunStateEvent',
      'AliasEvent',
      'IntegrationDecl',
    ]);
  });

  it('carries the file name on every diagnostic', () => {
    const { diagnostics } = parse('on run metric "x" > 90% -> nothing @', { file: 'rules.wbrules' });
    expect(diagnostics.map((d) => d.file)).toEqual(['rules.wbrules', 'rules.wbrules']);
  });

  it(`allows ${maxNestingDepth} levels of parentheses and reports the next one as WR1105`, () => {
    const nested = (n: number) => `on alias added where ${'('.repeat(n)}alias == "a"${')'.repeat(n)} -> nothing`;
    expect(parse(nested(maxNestingDepth)).diagnostics).toEqual([]);
    const deeper = nested(maxNestingDepth + 1);
    const { diagnostics } = parse(deeper);
    expect(diagnostics.map((d) => [d.code, d.span, d.message])).toEqual([
      [
        'WR1105',
        { start: deeper.indexOf('(') + maxNestingDepth, end: deeper.indexOf('(') + maxNestingDepth + 1 },
        `this filter or payload nests more than ${maxNestingDepth} levels deep`,
      ],
    ]);
  });

  it(`allows ${maxNestingDepth} levels in a rule after one that broke off inside parentheses`, () => {
    // The broken rule's "(" is not counted against the next rule (it once was, making this WR1105).
    const broken = 'on alias added where (alias == "a" -> nothing\n';
    const deep = `on alias added where ${'('.repeat(maxNestingDepth)}alias == "a"${')'.repeat(maxNestingDepth)} -> nothing`;
    const { ast, diagnostics } = parse(broken + deep);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['WR1101', 'expected ")" in the filter, found "->"']]);
    expect(ast.items.map((item) => item.span.start)).toEqual([broken.length]);
  });
});
