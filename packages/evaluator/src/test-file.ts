import { didYouMean } from '@wbrules/compiler';
/**
 * Reads `*.wbrules-test.yaml` files: which rules files to load, and named
 * test cases with runs, artifact events and expectations.
 *
 * ```yaml
 * rules: [rules/vision.wbrules]          # relative to the test file
 * tests:
 *   - name: accuracy sags on a prod run
 *     runs:
 *       - name: prod-7
 *         metrics:
 *           val/acc: "0.9 0.9 0.85 0.7 0.6 0.6 0.6"
 *         states: ["running@0", "failed@7"]
 *     artifacts:
 *       - { event: alias_added, collection: acme/vision/resnet-weights, alias: staging, version: 3 }
 *     expect:
 *       - { fires: acc-floor, run: prod-7, step: 4 }
 *       - { quiet: loss-spike }
 * ```
 *
 * Every problem is a located diagnostic pointing into the YAML (never an
 * exception); the file model keeps the spans later checks report against.
 * A top-level `$schema` string (schemas/wbrules-test.schema.json, for
 * editors) is accepted and ignored.
 */

import type { Diagnostic, DiagnosticCode, Span } from '@wbrules/dsl';
import { diagnosticCodes } from '@wbrules/dsl';
import { isMap, isScalar, isSeq, type Node, type Pair, parseDocument, Scalar, type YAMLMap } from 'yaml';
import {
  type ArtifactEvent,
  type ArtifactEventName,
  artifactEventTypes,
  type RunStateName,
  runStateNames,
} from './events.js';
import { parseSeries } from './series.js';

/** A value with the place it was written. */
export interface Located<T> {
  readonly value: T;
  readonly span: Span;
}

/** A metric series of a test run. */
export interface TestMetric {
  readonly name: string;
  readonly span: Span;
  /** One entry per step from 0: a number (NaN and ±Infinity included), or `null` when not logged. */
  readonly values: readonly (number | null)[];
}

/** A state change of a test run (`failed@7`). */
export interface TestStateChange {
  readonly state: RunStateName;
  readonly step: number;
  readonly span: Span;
}

/** A run of a test case. */
export interface TestRun {
  readonly name: string;
  /** The run's `name:` value. */
  readonly span: Span;
  /** `entity/project`; absent: the run is in every project. */
  readonly project?: string;
  /** Seconds between steps (event time of step k is k × stepSeconds); default 1. */
  readonly stepSeconds: number;
  readonly metrics: readonly TestMetric[];
  readonly states: readonly TestStateChange[];
}

/** An artifact event of a test case. */
export interface TestArtifactEvent {
  readonly event: ArtifactEvent;
  readonly span: Span;
}

/** `fires` (at a step, some step, or a number of times) or `quiet`. */
export interface Expectation {
  readonly kind: 'fires' | 'quiet';
  readonly automation: Located<string>;
  readonly run?: Located<string>;
  readonly step?: number;
  /** A collection path: only firings on artifact events of that collection count. */
  readonly artifact?: Located<string>;
  readonly version?: number;
  /** `fires` only: exactly this many firings. */
  readonly count?: number;
  /** The whole expectation. */
  readonly span: Span;
}

/** A named test case. */
export interface TestCase {
  readonly name: string;
  /** The case's `name:` value. */
  readonly span: Span;
  readonly runs: readonly TestRun[];
  readonly artifacts: readonly TestArtifactEvent[];
  readonly expectations: readonly Expectation[];
  /** Evaluate automations compiled with `disabled` as if they were enabled. */
  readonly evaluateDisabled: boolean;
  /** The case has errors (reported as diagnostics) and cannot be run; the file's other cases can. */
  readonly invalid: boolean;
}

/** A parsed test file. */
export interface TestFile {
  readonly file: string;
  /** The rules files, as written (relative to the test file). */
  readonly rules: readonly Located<string>[];
  readonly cases: readonly TestCase[];
}

/** The outcome of {@link parseTestFile}: the model of what could be read, and every problem. */
export interface TestFileParse {
  readonly testFile: TestFile;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Whether the file can be run: no errors outside its test cases (YAML
   * syntax, the rules list, the file's shape). Errors inside a case only
   * mark that case {@link TestCase.invalid}.
   */
  readonly runnable: boolean;
}

const FILE_KEYS = ['rules', 'tests'] as const;
const CASE_KEYS = ['name', 'runs', 'artifacts', 'expect', 'evaluate_disabled'] as const;
const RUN_KEYS = ['name', 'project', 'step_seconds', 'metrics', 'states'] as const;
const ARTIFACT_KEYS = ['event', 'collection', 'version', 'alias', 'aliases', 'tag', 'tags', 'at'] as const;
const EXPECT_KEYS = ['fires', 'quiet', 'run', 'step', 'artifact', 'version', 'count'] as const;
const ARTIFACT_EVENTS = Object.keys(artifactEventTypes) as ArtifactEventName[];

/** Parses a test file's text; `file` is the name diagnostics carry. */
export function parseTestFile(text: string, file: string): TestFileParse {
  return new TestFileReader(text, file).read();
}

class TestFileReader {
  private readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  read(): TestFileParse {
    const doc = parseDocument(this.text, { prettyErrors: false, uniqueKeys: true });
    const empty: TestFile = { file: this.file, rules: [], cases: [] };
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const [start, end] = error.pos;
        this.report('WR6001', yamlMessage(error.message), { start, end: Math.max(end, start) });
      }
      return { testFile: empty, diagnostics: this.diagnostics, runnable: false };
    }
    const root = doc.contents;
    if (!isMap(root)) {
      this.report(
        'WR6002',
        'a test file is a mapping with "rules" and "tests"',
        root ? spanOf(root) : { start: 0, end: 0 },
      );
      return { testFile: empty, diagnostics: this.diagnostics, runnable: false };
    }
    this.checkKeys(root, FILE_KEYS, 'the test file', ['$schema']);
    this.checkSchemaKey(root);
    const rules = this.readRules(root);
    const testsNode = root.get('tests', true) as Node | undefined;
    const cases: TestCase[] = [];
    let caseErrors = 0;
    if (testsNode === undefined) {
      this.report('WR6002', 'the test file has no "tests" list', keySpan(root, 'tests') ?? spanOf(root));
    } else if (!isSeq(testsNode)) {
      this.report('WR6002', '"tests" must be a list of test cases', spanOf(testsNode));
    } else {
      for (const item of testsNode.items) {
        const before = this.errors();
        const testCase = this.readCase(item as Node);
        if (testCase === undefined) continue;
        caseErrors += this.errors() - before;
        cases.push(this.errors() > before ? { ...testCase, invalid: true } : testCase);
      }
    }
    const runnable = this.errors() === caseErrors;
    return { testFile: { file: this.file, rules, cases }, diagnostics: this.diagnostics, runnable };
  }

  private errors(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }

  private readRules(root: YAMLMap): Located<string>[] {
    const node = root.get('rules', true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) {
      this.report(
        'WR6012',
        'the test file names no rules files; add "rules: [path/to/rules.wbrules]"',
        spanOf(root, true),
      );
      return [];
    }
    const items = isSeq(node) ? (node.items as Node[]) : [node];
    const out: Located<string>[] = [];
    for (const item of items) {
      const value = this.string(item, 'a rules file');
      if (value !== undefined) out.push({ value, span: spanOf(item) });
    }
    if (isSeq(node) && node.items.length === 0) {
      this.report('WR6012', 'the test file names no rules files; add "rules: [path/to/rules.wbrules]"', spanOf(node));
    }
    return out;
  }

  private readCase(node: Node): TestCase | undefined {
    if (!isMap(node)) {
      this.report('WR6002', 'a test case must be a mapping with "name", "runs" and "expect"', spanOf(node));
      return undefined;
    }
    this.checkKeys(node, CASE_KEYS, 'a test case');
    const nameNode = node.get('name', true) as Node | undefined;
    const name = nameNode === undefined ? undefined : this.string(nameNode, 'a test case name');
    if (nameNode === undefined) this.report('WR6002', 'the test case has no "name"', spanOf(node, true));
    const span = nameNode === undefined ? spanOf(node, true) : spanOf(nameNode);
    const runs = this.list(node, 'runs', (item) => this.readRun(item));
    const seen = new Map<string, TestRun>();
    for (const run of runs) {
      const first = seen.get(run.name);
      if (first === undefined) seen.set(run.name, run);
      else {
        this.report('WR6010', `a run named "${run.name}" is already in this test case`, run.span, [
          { message: `the first "${run.name}" is here`, span: first.span },
        ]);
      }
    }
    const artifacts = this.list(node, 'artifacts', (item, index) => this.readArtifact(item, index));
    const expectNode = node.get('expect', true) as Node | undefined;
    if (expectNode === undefined) {
      this.report('WR6002', `the test case "${name ?? ''}" has no "expect" list`, span);
    }
    const expectations = this.list(node, 'expect', (item) => this.readExpectation(item));
    const evaluateDisabled = this.boolean(node, 'evaluate_disabled') ?? false;
    return { name: name ?? '', span, runs, artifacts, expectations, evaluateDisabled, invalid: false };
  }

  private readRun(node: Node): TestRun | undefined {
    if (!isMap(node)) {
      this.report('WR6002', 'a run must be a mapping with "name" and "metrics"', spanOf(node));
      return undefined;
    }
    this.checkKeys(node, RUN_KEYS, 'a run');
    const nameNode = node.get('name', true) as Node | undefined;
    if (nameNode === undefined) {
      this.report('WR6002', 'the run has no "name"', spanOf(node, true));
      return undefined;
    }
    const name = this.string(nameNode, 'a run name');
    if (name === undefined) return undefined;
    const span = spanOf(nameNode);
    const projectNode = node.get('project', true) as Node | undefined;
    const project = projectNode === undefined ? undefined : this.string(projectNode, 'a project path');
    const stepSecondsNode = node.get('step_seconds', true) as Node | undefined;
    let stepSeconds = 1;
    if (stepSecondsNode !== undefined) {
      const value = isScalar(stepSecondsNode) ? stepSecondsNode.value : undefined;
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) stepSeconds = value;
      else this.report('WR6002', '"step_seconds" must be a positive number of seconds', spanOf(stepSecondsNode));
    }
    const metrics: TestMetric[] = [];
    let malformed = false;
    const metricsNode = node.get('metrics', true) as Node | undefined;
    if (metricsNode !== undefined && !(isScalar(metricsNode) && metricsNode.value === null)) {
      if (!isMap(metricsNode)) this.report('WR6002', '"metrics" must map metric names to series', spanOf(metricsNode));
      else {
        for (const pair of metricsNode.items) {
          const metric = this.readMetric(pair);
          if (metric !== undefined) metrics.push(metric);
          else malformed = true;
        }
      }
    }
    const states = this.readStates(node);
    const logged = metrics.some((m) => m.values.some((v) => v !== null));
    // A malformed series was already reported; saying the run is empty too would only repeat it.
    if (!logged && states.length === 0 && !malformed) {
      this.report(
        'WR6006',
        `the run "${name}" has no metrics and no state changes, so no rule can fire on it`,
        span,
        [],
        [
          'Add "metrics:" with a series such as "val/acc: 0.9 0.8 0.7", or "states:" such as ["running@0", "failed@3"].',
        ],
      );
    }
    return { name, span, ...(project === undefined ? {} : { project }), stepSeconds, metrics, states };
  }

  private readMetric(pair: Pair): TestMetric | undefined {
    const keyNode = pair.key as Node | null;
    const valueNode = pair.value as Node | null;
    if (!isScalar(keyNode) || keyNode.value === null) {
      this.report('WR6002', 'a metric name must be a string', keyNode ? spanOf(keyNode) : { start: 0, end: 0 });
      return undefined;
    }
    const name = String(keyNode.value);
    const span = spanOf(keyNode);
    if (valueNode === null || (isScalar(valueNode) && valueNode.value === null)) {
      this.report(
        'WR6005',
        `the metric "${name}" has no series`,
        span,
        [],
        ['Write one such as "1 0.9 _ 0.5" or "0.5+0.1x10".'],
      );
      return undefined;
    }
    if (isSeq(valueNode)) {
      const values: (number | null)[] = [];
      for (const item of valueNode.items as Node[]) {
        const value = isScalar(item) ? item.value : undefined;
        // A string item is one token of the compact notation ("_", "nan", "-inf", "0.5").
        const single = typeof value === 'string' ? parseSeries(value) : undefined;
        if (value === null) values.push(null);
        else if (typeof value === 'number') values.push(value);
        else if (single?.ok === true && single.values.length === 1) values.push(single.values[0] as number | null);
        else {
          this.report('WR6005', `a series value must be a number or "_" (not logged)`, spanOf(item));
          return undefined;
        }
      }
      return { name, span, values };
    }
    if (!isScalar(valueNode)) {
      this.report(
        'WR6005',
        `the series of "${name}" must be a string such as "1 0.9 _ 0.5" or a list of numbers`,
        spanOf(valueNode),
      );
      return undefined;
    }
    if (typeof valueNode.value === 'number') return { name, span, values: [valueNode.value] };
    if (typeof valueNode.value !== 'string') {
      this.report(
        'WR6005',
        `the series of "${name}" must be a string such as "1 0.9 _ 0.5" or a list of numbers`,
        spanOf(valueNode),
      );
      return undefined;
    }
    const parsed = parseSeries(valueNode.value);
    if (!parsed.ok) {
      this.report(
        'WR6005',
        parsed.problem.message,
        this.innerSpan(valueNode, parsed.problem.start, parsed.problem.end),
      );
      return undefined;
    }
    return { name, span, values: parsed.values };
  }

  private readStates(run: YAMLMap): TestStateChange[] {
    const node = run.get('states', true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    const items = isSeq(node) ? (node.items as Node[]) : [node];
    const out: TestStateChange[] = [];
    for (const item of items) {
      const text = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
      const match = text === undefined ? null : /^\s*([A-Za-z]+)\s*@\s*([0-9]+)\s*$/.exec(text);
      const state = match?.[1]?.toLowerCase();
      if (match === null || state === undefined || !(runStateNames as readonly string[]).includes(state)) {
        const suggestion = state === undefined ? undefined : didYouMean(state, runStateNames);
        const message =
          match === null
            ? `a state change is written "STATE@STEP", such as "failed@7"`
            : `"${match[1]}" is not a run state; use ${runStateNames.map((s) => `"${s}"`).join(', ')}`;
        this.report(
          'WR6007',
          message,
          spanOf(item),
          [],
          suggestion === undefined ? [] : [`Did you mean "${suggestion}"?`],
        );
        continue;
      }
      out.push({ state: state as RunStateName, step: Number(match[2]), span: spanOf(item) });
    }
    // A run's states happen in step order, whatever order the file lists them in.
    return out.sort((a, b) => a.step - b.step);
  }

  private readArtifact(node: Node, index: number): TestArtifactEvent | undefined {
    if (!isMap(node)) {
      this.report(
        'WR6002',
        'an artifact event must be a mapping such as { event: alias_added, alias: prod }',
        spanOf(node),
      );
      return undefined;
    }
    this.checkKeys(node, ARTIFACT_KEYS, 'an artifact event');
    const eventNode = node.get('event', true) as Node | undefined;
    if (eventNode === undefined) {
      this.report(
        'WR6008',
        `the artifact event has no "event"; use one of ${ARTIFACT_EVENTS.join(', ')}`,
        spanOf(node, true),
      );
      return undefined;
    }
    const name = this.string(eventNode, 'an artifact event name');
    if (name === undefined) return undefined;
    if (!(ARTIFACT_EVENTS as string[]).includes(name)) {
      const suggestion = didYouMean(name, ARTIFACT_EVENTS);
      this.report(
        'WR6008',
        `"${name}" is not an artifact event; use one of ${ARTIFACT_EVENTS.join(', ')}`,
        spanOf(eventNode),
        [],
        suggestion === undefined ? [] : [`Did you mean "${suggestion}"?`],
      );
      return undefined;
    }
    const event = name as ArtifactEventName;
    const field = event === 'alias_added' ? 'alias' : event.includes('tag') ? 'tag' : undefined;
    const collection = this.optionalString(node, 'collection');
    const alias = this.optionalString(node, 'alias');
    const tag = this.optionalString(node, 'tag');
    const aliases = this.stringList(node, 'aliases');
    const tags = this.stringList(node, 'tags');
    const version = this.nonNegativeInteger(node, 'version');
    const atNode = node.get('at', true) as Node | undefined;
    let time = 0;
    if (atNode !== undefined) {
      const value = isScalar(atNode) ? atNode.value : undefined;
      if (typeof value === 'number' && Number.isFinite(value)) time = value;
      else this.report('WR6002', '"at" must be a number of seconds', spanOf(atNode));
    }
    if (field === 'alias' && alias === undefined) {
      this.report('WR6008', `an "${event}" event needs the "alias" it adds`, spanOf(eventNode));
    } else if (field === 'tag' && tag === undefined) {
      this.report('WR6008', `a "${event}" event needs the "tag" it adds or removes`, spanOf(eventNode));
    }
    const artifact: ArtifactEvent = {
      kind: 'artifact',
      event,
      ...(collection === undefined ? {} : { collection }),
      ...(version === undefined ? {} : { version }),
      ...(alias === undefined ? {} : { alias }),
      ...(aliases === undefined ? {} : { aliases }),
      ...(tag === undefined ? {} : { tag }),
      ...(tags === undefined ? {} : { tags }),
      time,
      index,
    };
    return { event: artifact, span: spanOf(node) };
  }

  private readExpectation(node: Node): Expectation | undefined {
    if (!isMap(node)) {
      this.report(
        'WR6002',
        'an expectation must be a mapping such as { fires: NAME, run: RUN, step: 4 } or { quiet: NAME }',
        spanOf(node),
      );
      return undefined;
    }
    this.checkKeys(node, EXPECT_KEYS, 'an expectation');
    const span = spanOf(node);
    const fires = node.get('fires', true) as Node | undefined;
    const quiet = node.get('quiet', true) as Node | undefined;
    if ((fires === undefined) === (quiet === undefined)) {
      this.report(
        'WR6002',
        fires === undefined
          ? 'an expectation needs "fires: NAME" or "quiet: NAME"'
          : 'an expectation has either "fires" or "quiet", not both',
        span,
      );
      return undefined;
    }
    const kind = fires === undefined ? 'quiet' : 'fires';
    const nameNode = (fires ?? quiet) as Node;
    const automation = this.string(nameNode, 'an automation name');
    if (automation === undefined) return undefined;
    const runNode = node.get('run', true) as Node | undefined;
    const run = runNode === undefined ? undefined : this.string(runNode, 'a run name');
    const artifactNode = node.get('artifact', true) as Node | undefined;
    const artifact = artifactNode === undefined ? undefined : this.string(artifactNode, 'a collection path');
    const step = this.nonNegativeInteger(node, 'step');
    const version = this.nonNegativeInteger(node, 'version');
    const count = this.nonNegativeInteger(node, 'count');
    if (step !== undefined && run === undefined) {
      this.report('WR6002', '"step" needs "run": which run should fire at that step?', keySpan(node, 'step') ?? span);
    }
    if (kind === 'quiet' && (step !== undefined || count !== undefined)) {
      this.report(
        'WR6002',
        '"quiet" means never; "step" and "count" belong to "fires"',
        keySpan(node, step !== undefined ? 'step' : 'count') ?? span,
      );
    }
    if (run !== undefined && artifact !== undefined) {
      this.report(
        'WR6002',
        'an expectation names a "run" or an "artifact", not both',
        keySpan(node, 'artifact') ?? span,
      );
    }
    if (version !== undefined && artifact === undefined) {
      this.report(
        'WR6002',
        '"version" needs "artifact": the collection the version is in',
        keySpan(node, 'version') ?? span,
      );
    }
    return {
      kind,
      automation: { value: automation, span: spanOf(nameNode) },
      ...(run === undefined ? {} : { run: { value: run, span: spanOf(runNode as Node) } }),
      ...(step === undefined ? {} : { step }),
      ...(artifact === undefined ? {} : { artifact: { value: artifact, span: spanOf(artifactNode as Node) } }),
      ...(version === undefined ? {} : { version }),
      ...(count === undefined ? {} : { count }),
      span,
    };
  }

  // -------------------------------------------------------------------------
  // Small readers
  // -------------------------------------------------------------------------

  private list<T>(map: YAMLMap, key: string, read: (node: Node, index: number) => T | undefined): T[] {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return [];
    if (!isSeq(node)) {
      this.report('WR6002', `"${key}" must be a list`, spanOf(node));
      return [];
    }
    const out: T[] = [];
    node.items.forEach((item, index) => {
      const value = read(item as Node, index);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  private string(node: Node, what: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && node.value !== '') {
      return String(node.value);
    }
    this.report('WR6002', `expected ${what} (a string)`, spanOf(node));
    return undefined;
  }

  private optionalString(map: YAMLMap, key: string): string | undefined {
    const node = map.get(key, true) as Node | undefined;
    return node === undefined ? undefined : this.string(node, `a string for "${key}"`);
  }

  private stringList(map: YAMLMap, key: string): string[] | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    if (!isSeq(node)) {
      this.report('WR6002', `"${key}" must be a list of strings`, spanOf(node));
      return undefined;
    }
    const out: string[] = [];
    for (const item of node.items as Node[]) {
      const value = this.string(item, `a string in "${key}"`);
      if (value !== undefined) out.push(value);
    }
    return out;
  }

  private nonNegativeInteger(map: YAMLMap, key: string): number | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
    this.report('WR6002', `"${key}" must be a whole number, 0 or more`, spanOf(node));
    return undefined;
  }

  private boolean(map: YAMLMap, key: string): boolean | undefined {
    const node = map.get(key, true) as Node | undefined;
    if (node === undefined) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.report('WR6002', `"${key}" must be true or false`, spanOf(node));
    return undefined;
  }

  /** Reports every key of `map` not in `allowed`; `ignored` keys are accepted without being listed in the message. */
  private checkKeys(map: YAMLMap, allowed: readonly string[], where: string, ignored: readonly string[] = []): void {
    for (const pair of map.items) {
      const key = pair.key as Node | null;
      const name = isScalar(key) ? String(key.value) : undefined;
      if (name !== undefined && (allowed.includes(name) || ignored.includes(name))) continue;
      const suggestion = name === undefined ? undefined : didYouMean(name, allowed);
      this.report(
        'WR6003',
        `${where} has no key ${name === undefined ? 'of this kind' : `"${name}"`}; the keys are ${allowed.map((k) => `"${k}"`).join(', ')}`,
        key ? spanOf(key) : spanOf(map, true),
        [],
        suggestion === undefined ? [] : [`Did you mean "${suggestion}"?`],
      );
    }
  }

  /** `$schema` names the file's JSON Schema for editors; it is read only to check it is a string. */
  private checkSchemaKey(root: YAMLMap): void {
    const node = root.get('$schema', true) as Node | undefined;
    if (node === undefined || (isScalar(node) && typeof node.value === 'string')) return;
    this.report(
      'WR6002',
      '"$schema" must be a string: the URL or path of the JSON Schema the file follows',
      spanOf(node),
    );
  }

  /**
   * The span of characters `start..end` of a scalar's value, when its source
   * spells the value verbatim (plain, or quoted without escapes); otherwise
   * the whole scalar.
   */
  private innerSpan(node: Scalar, start: number, end: number): Span {
    const [from, to] = node.range ?? [0, 0];
    const source = this.text.slice(from, to);
    const value = String(node.value);
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
    const inner = quoted ? source.slice(1, -1) : source;
    if (inner !== value) return { start: from, end: to };
    const offset = from + (quoted ? 1 : 0);
    return { start: offset + start, end: offset + end };
  }

  private report(
    code: DiagnosticCode,
    message: string,
    span: Span,
    related: { message: string; span: Span }[] = [],
    hints: string[] = [],
  ): void {
    this.diagnostics.push({
      code,
      severity: diagnosticCodes[code].severity,
      message,
      span,
      file: this.file,
      ...(related.length === 0 ? {} : { related }),
      ...(hints.length === 0 ? {} : { hints }),
    });
  }
}

/**
 * A node's span. With `head`, only its first line, so a diagnostic about a
 * whole mapping underlines where it starts rather than many lines.
 */
function spanOf(node: Node, head = false): Span {
  const [start, end] = node.range ?? [0, 0];
  return { start, end: head ? Math.min(end, start + 1) : end };
}

/** The span of `key` in a mapping (the key itself), if present. */
function keySpan(map: YAMLMap, key: string): Span | undefined {
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    if (isScalar(k) && k.value === key) return spanOf(k);
  }
  return undefined;
}

/** The yaml package's message as a diagnostic message: its first sentence, lowercase, without position. */
function yamlMessage(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').replace(/[.:]$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}
