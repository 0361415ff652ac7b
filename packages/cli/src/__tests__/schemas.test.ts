import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateIdMap } from '@wbrules/compiler';
import { storeFromSeed } from '@wbrules/dev-server';
import { artifactEventTypes, parseTestFile, runStateNames } from '@wbrules/evaluator';
import { readPlanFile } from '@wbrules/runtime';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * The JSON Schemas of schemas/ (which the wbrules package ships) against
 * the loaders they describe: every example, documented file and generated
 * file of each kind validates; a wrong file fails with the error an editor
 * shows; and on tables of files the schema and the loader agree, so neither
 * is stricter than the other.
 */

type Kind = 'test' | 'seed' | 'ids' | 'plan';

const schemaFiles: Readonly<Record<Kind, string>> = {
  test: 'wbrules-test.schema.json',
  seed: 'dev-seed.schema.json',
  ids: 'id-map.schema.json',
  plan: 'plan.schema.json',
};

const schemaOf = (kind: Kind) => JSON.parse(readFileSync(join(root, 'schemas', schemaFiles[kind]), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validators = Object.fromEntries(
  Object.entries(schemaFiles).map(([kind]) => [kind, ajv.compile(schemaOf(kind as Kind))]),
) as Record<Kind, ReturnType<typeof ajv.compile>>;

/** The schema's errors for `value`, as `PATH: MESSAGE` (empty: valid). */
function schemaErrors(kind: Kind, value: unknown): string[] {
  const validate = validators[kind];
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message}${extra(e)}`);
}

function extra(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties')
    return ` "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  return '';
}

/** Whether the loader of `kind` accepts `value` (a test file as its YAML text). */
function loaderAccepts(kind: Kind, value: unknown): boolean {
  try {
    if (kind === 'test') {
      return parseTestFile(value as string, 't.wbrules-test.yaml').diagnostics.every((d) => d.severity !== 'error');
    }
    if (kind === 'seed') storeFromSeed(value);
    else if (kind === 'ids') return validateIdMap(value).ok;
    else readPlanFile(value);
    return true;
  } catch {
    return false;
  }
}

/** The fenced blocks of a language in a Markdown file. */
function blocks(file: string, language: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] ?? '');
}

const examples = join(root, 'examples');
const exampleTests = readdirSync(examples).filter((f) => f.endsWith('.wbrules-test.yaml'));

describe('the schemas', () => {
  test('are draft 2020-12, compile in strict mode, and have their published $id', () => {
    for (const [kind, file] of Object.entries(schemaFiles)) {
      const schema = schemaOf(kind as Kind);
      expect(schema.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id, file).toBe(`https://raw.githubusercontent.com/wbrules/wbrules/main/schemas/${file}`);
      expect(schema.properties.$schema.type, file).toBe('string');
    }
  });

  test('name the run states, artifact events and ID map sections the code has', () => {
    const test = schemaOf('test');
    expect(test.$defs.artifact.properties.event.enum).toEqual(Object.keys(artifactEventTypes));
    for (const state of runStateNames) {
      expect(new RegExp(test.$defs.state.pattern, 'u').test(`${state}@3`), state).toBe(true);
    }
    const ids = schemaOf('ids');
    const sections = Object.keys(ids.properties).filter((k) => k !== '$schema');
    for (const section of sections) expect(validateIdMap({ [section]: { a: 'b' } }).ok, section).toBe(true);
    expect(sections).toHaveLength(7);
  });
});

describe('every file of each kind in the repository validates', () => {
  test.each(exampleTests)('examples/%s, which names its schema for editors', (file) => {
    const text = readFileSync(join(examples, file), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../schemas/wbrules-test.schema.json');
    expect(schemaErrors('test', parseYaml(text))).toEqual([]);
    expect(loaderAccepts('test', text)).toBe(true);
  });

  test('the test files of docs/testing.md and the README', () => {
    const files = [...blocks('docs/testing.md', 'yaml'), ...blocks('README.md', 'yaml')].filter((text) =>
      /^tests:/m.test(text),
    );
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const text of files) expect(schemaErrors('test', parseYaml(text)), text).toEqual([]);
  });

  test('examples/dev-seed.json and the seed of docs/dev-server.md', () => {
    const seed = JSON.parse(readFileSync(join(examples, 'dev-seed.json'), 'utf8'));
    expect(seed.$schema).toBe('../schemas/dev-seed.schema.json');
    expect(schemaErrors('seed', seed)).toEqual([]);
    const [documented] = blocks('docs/dev-server.md', 'json').filter((text) => text.includes('"apiKeys"'));
    expect(schemaErrors('seed', JSON.parse(documented ?? 'null'))).toEqual([]);
  });

  test('the ID map of docs/cli.md', () => {
    const [documented] = blocks('docs/cli.md', 'json').filter((text) => text.includes('"projects"'));
    expect(schemaErrors('ids', JSON.parse(documented ?? 'null'))).toEqual([]);
  });
});

describe('what the command writes validates, and reads back with "$schema" added', () => {
  const key = 'local-dev-key';
  const id = (text: string) => Buffer.from(text).toString('base64');
  let server: DevServerProcess;
  let cwd: string;
  const run = (args: string[]) =>
    wbrules(args, { cwd, env: { HOME: cwd, NETRC: '', WANDB_API_KEY: key, WANDB_BASE_URL: server.baseUrl } });

  beforeAll(async () => {
    cwd = tempDir();
    cpSync(examples, join(cwd, 'examples'), { recursive: true });
    cpSync(join(root, 'schemas'), join(cwd, 'schemas'), { recursive: true });
    cpSync(join(examples, 'quickstart.wbrules'), join(cwd, 'rules/quickstart.wbrules'));
    // The examples' seed, with an automation no rule names and one wbrules cannot write (kept).
    const seed = JSON.parse(readFileSync(join(examples, 'dev-seed.json'), 'utf8'));
    const noOp = { triggeredActionType: 'NO_OP', triggeredActionConfig: { noOpActionInput: { noOp: true } } };
    const failed = JSON.stringify({ run_filter: '{"$and": []}', run_state_filter: { states: ['FAILED'] } });
    seed.triggers = [
      {
        name: 'by-hand',
        enabled: true,
        scopeType: 'PROJECT',
        scopeID: id('Project:1'),
        triggeringEventType: 'RUN_STATE',
        eventFilter: failed,
        ...noOp,
      },
      {
        saved: true,
        name: 'alias-hook',
        enabled: true,
        scopeType: 'PROJECT',
        scopeID: id('Project:1'),
        triggeringEventType: 'UPDATE_ARTIFACT_ALIAS',
        eventFilter: '{"$or": [{"$and": [{"alias": {"$regex": "prod"}}]}]}',
        ...noOp,
      },
    ];
    expect(schemaErrors('seed', seed)).toEqual([]);
    writeFileSync(join(cwd, 'examples/seed-with-triggers.json'), JSON.stringify(seed));
    server = await startDevServerProcess(['--seed', 'examples/seed-with-triggers.json'], cwd);
  });
  afterAll(async () => {
    await server.stop();
  });

  test('wbrules resolve: the ID map', () => {
    const resolved = run(['resolve', 'examples']);
    expect(resolved.stderr).toBe('');
    const ids = JSON.parse(resolved.stdout);
    expect(schemaErrors('ids', ids)).toEqual([]);
    writeFileSync(join(cwd, 'ids.json'), JSON.stringify({ $schema: 'schemas/id-map.schema.json', ...ids }));
    expect(run(['compile', '--ids', 'ids.json', 'examples/quickstart.wbrules', '-o', 'payloads.json']).status).toBe(0);
  });

  test('wbrules plan --out: creates, then updates, deletes, unchanged, unmanaged and kept', () => {
    expect(run(['plan', 'rules', '--out', 'create.json']).status).toBe(0);
    const create = JSON.parse(readFileSync(join(cwd, 'create.json'), 'utf8'));
    expect(create.changes.map((c: { action: string }) => c.action)).toEqual(['create', 'create', 'create']);
    expect(schemaErrors('plan', create)).toEqual([]);
    writeFileSync(join(cwd, 'create.json'), JSON.stringify({ $schema: 'schemas/plan.schema.json', ...create }));
    expect(run(['apply', 'create.json', '--yes'])).toMatchObject({ status: 0, stderr: '' });

    const quickstart = readFileSync(join(examples, 'quickstart.wbrules'), 'utf8');
    writeFileSync(join(cwd, 'rules/quickstart.wbrules'), quickstart.replace('avg over 5 < 0.8', 'avg over 5 < 0.75'));
    expect(run(['plan', 'rules', '--prune', '--out', 'later.json']).status).toBe(0);
    const later = JSON.parse(readFileSync(join(cwd, 'later.json'), 'utf8'));
    expect(later.changes.map((c: { action: string }) => c.action).sort()).toEqual(['delete', 'update']);
    expect(later.unchanged.length).toBeGreaterThan(0);
    expect(later.kept.map((k: { name: string }) => k.name)).toEqual(['alias-hook']);
    expect(schemaErrors('plan', later)).toEqual([]);
    const unpruned = JSON.parse(run(['plan', 'rules', '--json']).stdout);
    expect(unpruned.unmanaged.map((u: { name: string }) => u.name)).toEqual(['by-hand']);
    expect(schemaErrors('plan', unpruned)).toEqual([]);
  });
});

describe('a wrong file fails with the error an editor shows', () => {
  test.each<[string, Kind, unknown, string]>([
    [
      'an unknown key in a test case',
      'test',
      { rules: ['r.wbrules'], tests: [{ name: 't', expects: [] }] },
      '/tests/0: must NOT have additional properties "expects"',
    ],
    [
      'a wrong type',
      'test',
      { rules: 'r', tests: [{ name: 't', runs: [{ name: 'r', step_seconds: 'x', states: 'failed@1' }], expect: [] }] },
      '/tests/0/runs/0/step_seconds: must be number',
    ],
    [
      'a bad state string',
      'test',
      { rules: 'r', tests: [{ name: 't', runs: [{ name: 'r', states: ['runing@0'] }], expect: [] }] },
      '/tests/0/runs/0/states/0: must match pattern',
    ],
    ['an unknown seed section', 'seed', { extras: [] }, '/: must NOT have additional properties "extras"'],
    ['an unknown ID map section', 'ids', { proejcts: {} }, '/: must NOT have additional properties "proejcts"'],
    ['an empty ID', 'ids', { teams: { acme: '' } }, '/teams/acme: must NOT have fewer than 1 characters'],
    ['another format', 'plan', { format: 'wbrules-plan/2' }, '/format: must be equal to constant'],
  ])('%s', (_, kind, value, error) => {
    expect(schemaErrors(kind, value).map((e) => e.replace(/ pattern ".*"$/, ' pattern'))).toContain(error);
  });
});

/** Test files: the loader's verdict (no error diagnostics) and the schema's. */
const testFiles: [string, string, boolean][] = [
  ['the smallest', 'rules: r.wbrules\ntests: []\n', true],
  [
    'every key',
    `$schema: ../schemas/wbrules-test.schema.json
rules: [a.wbrules, b.wbrules]
tests:
  - name: t
    evaluate_disabled: true
    runs:
      - name: 7
        project: acme/vision
        step_seconds: 0.5
        metrics: { a: "1 0.9, _ 0.5+0.1x3 2-0.5x2 _x2 nan -Inf", b: [1, null, "_", "inf"], c: 3 }
        states: FAILED@3
      - { name: s, states: [" running @ 0", "killed@9"] }
    artifacts:
      - { event: alias_added, collection: acme/vision/w, version: 3, alias: prod, aliases: [a], tags: [t], at: 10 }
      - { event: collection_tag_removed, tag: x }
      - { event: created }
    expect:
      - { fires: x, run: s, step: 0, count: 1 }
      - { fires: y, artifact: acme/vision/w, version: 3 }
      - { quiet: z, run: s }
      - { quiet: z }
`,
    true,
  ],
  ['null lists', 'rules: r\ntests:\n  - { name: t, runs: null, artifacts: null, expect: null }\n', true],
  ['"$schema" not a string', '$schema: 3\nrules: r\ntests: []\n', false],
  ['an unknown top-level key', 'rules: r\ntests: []\ntest: []\n', false],
  ['no "tests"', 'rules: r\n', false],
  ['no rules', 'rules: []\ntests: []\n', false],
  ['a case without "expect"', 'rules: r\ntests:\n  - { name: t }\n', false],
  [
    'an unknown run key',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, metric: { a: "1" } }], expect: [] }\n',
    false,
  ],
  ['a run with nothing', 'rules: r\ntests:\n  - { name: t, runs: [{ name: r }], expect: [] }\n', false],
  [
    'a state without a step',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, states: [failed] }], expect: [] }\n',
    false,
  ],
  [
    'a misspelt state',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, states: [faild@1] }], expect: [] }\n',
    false,
  ],
  [
    'a series token',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, metrics: { a: "1 x" } }], expect: [] }\n',
    false,
  ],
  [
    'a series of 0',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, metrics: { a: "1x0" } }], expect: [] }\n',
    false,
  ],
  [
    'a list item of two',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, metrics: { a: ["1 2"] } }], expect: [] }\n',
    false,
  ],
  [
    'step_seconds 0',
    'rules: r\ntests:\n  - { name: t, runs: [{ name: r, step_seconds: 0, states: failed@1 }], expect: [] }\n',
    false,
  ],
  ['an unknown event', 'rules: r\ntests:\n  - { name: t, artifacts: [{ event: deleted }], expect: [] }\n', false],
  [
    'alias_added without alias',
    'rules: r\ntests:\n  - { name: t, artifacts: [{ event: alias_added }], expect: [] }\n',
    false,
  ],
  [
    'tag_added without tag',
    'rules: r\ntests:\n  - { name: t, artifacts: [{ event: tag_added }], expect: [] }\n',
    false,
  ],
  [
    'a negative version',
    'rules: r\ntests:\n  - { name: t, artifacts: [{ event: created, version: -1 }], expect: [] }\n',
    false,
  ],
  ['fires and quiet', 'rules: r\ntests:\n  - { name: t, expect: [{ fires: a, quiet: a }] }\n', false],
  ['neither', 'rules: r\ntests:\n  - { name: t, expect: [{ run: a }] }\n', false],
  ['quiet at a step', 'rules: r\ntests:\n  - { name: t, expect: [{ quiet: a, run: r, step: 1 }] }\n', false],
  ['quiet a number of times', 'rules: r\ntests:\n  - { name: t, expect: [{ quiet: a, count: 1 }] }\n', false],
  ['a step without a run', 'rules: r\ntests:\n  - { name: t, expect: [{ fires: a, step: 1 }] }\n', false],
  ['a run and an artifact', 'rules: r\ntests:\n  - { name: t, expect: [{ fires: a, run: r, artifact: c }] }\n', false],
  ['a version without an artifact', 'rules: r\ntests:\n  - { name: t, expect: [{ fires: a, version: 1 }] }\n', false],
  ['evaluate_disabled "yes"', 'rules: r\ntests:\n  - { name: t, evaluate_disabled: "yes", expect: [] }\n', false],
  ['an empty name', 'rules: r\ntests:\n  - { name: "", expect: [] }\n', false],
];

const seeds: [string, unknown, boolean][] = [
  ['an empty seed', {}, true],
  [
    'every section',
    {
      $schema: 'https://example.com/dev-seed.schema.json',
      apiKeys: ['k'],
      entities: [
        { name: 'acme', type: 'team', org: 'acme-org' },
        { name: 'acme-org', type: 'organization' },
        { name: 'alice', type: 'user' },
      ],
      projects: [{ entity: 'acme', name: 'vision' }],
      registries: [{ org: 'acme-org', name: 'model' }],
      artifactTypes: [{ entity: 'acme', project: 'vision', name: 'dataset' }],
      collections: [{ entity: 'acme-org', project: 'wandb-registry-model', type: 'model', name: 'c' }],
      integrations: [
        { entity: 'acme', kind: 'webhook', name: 'w', url: 'https://example.com' },
        { entity: 'acme', kind: 'slack', channel: '#a' },
      ],
      triggers: [],
    },
    true,
  ],
  ['"$schema" not a string', { $schema: 1 }, false],
  ['an unknown section', { extras: [] }, false],
  ['an empty API key', { apiKeys: [''] }, false],
  ['a section that is not a list', { projects: {} }, false],
  ['an entity of an unknown type', { entities: [{ name: 'a', type: 'org' }] }, false],
  ['a project without a name', { entities: [{ name: 'a', type: 'team' }], projects: [{ entity: 'a' }] }, false],
  [
    'a channel without "#"',
    { entities: [{ name: 'a', type: 'team' }], integrations: [{ entity: 'a', kind: 'slack', channel: 'x' }] },
    false,
  ],
  [
    'a webhook without a URL',
    { entities: [{ name: 'a', type: 'team' }], integrations: [{ entity: 'a', kind: 'webhook', name: 'w' }] },
    false,
  ],
  ['a "saved" that is not true or false', { triggers: [{ saved: 'yes' }] }, false],
];

const idMaps: [string, unknown, boolean][] = [
  ['an empty map', {}, true],
  ['every section', { $schema: 'x', projects: { 'a/b': 'P' }, slack: { 'a/#c': 'S' }, orgs: {} }, true],
  ['"$schema" not a string', { $schema: null }, false],
  ['an unknown section', { proejcts: {} }, false],
  ['a section that is not an object', { teams: [] }, false],
  ['an ID that is not a string', { teams: { a: 1 } }, false],
  ['an empty ID', { teams: { a: '' } }, false],
  ['not an object', [], false],
];

const scope = { kind: 'project', path: 'a/b', type: 'PROJECT', id: 'P' };
const plan = {
  format: 'wbrules-plan/1',
  server: 'http://x',
  prune: true,
  entities: ['a'],
  sources: [],
  summary: {},
  integrations: {},
  changes: [{ action: 'delete', scope, name: 'n', entity: 'a', id: 'T', fingerprint: 'f' }],
  unchanged: [{ scope, name: 'm', entity: 'a' }],
  unmanaged: [],
};
const plans: [string, unknown, boolean][] = [
  ['a plan', plan, true],
  ['with "$schema" and "kept"', { $schema: 'x', ...plan, kept: [{ id: 'K', why: 'secret' }] }, true],
  ['with a key the loader does not read', { ...plan, note: 'hand-written' }, true],
  ['"$schema" not a string', { $schema: false, ...plan }, false],
  ['another format', { ...plan, format: 'wbrules-plan/2' }, false],
  ['no summary', { ...plan, summary: undefined }, false],
  ['prune not a boolean', { ...plan, prune: 'yes' }, false],
  ['an unknown action', { ...plan, changes: [{ ...plan.changes[0], action: 'explode' }] }, false],
  ['a delete without a fingerprint', { ...plan, changes: [{ ...plan.changes[0], fingerprint: undefined }] }, false],
  ['a scope without an id', { ...plan, unchanged: [{ scope: { ...scope, id: 1 }, name: 'm', entity: 'a' }] }, false],
  ['a kept reason', { ...plan, kept: [{ id: 'K', why: 'bored' }] }, false],
];

describe('the schema and the loader agree', () => {
  test.each(testFiles)('test file: %s', (_, text, accepted) => {
    expect(loaderAccepts('test', text), 'loader').toBe(accepted);
    expect(schemaErrors('test', parseYaml(text)).length === 0, 'schema').toBe(accepted);
  });
  test.each([
    ...seeds.map(([what, value, ok]) => ['seed', what, value, ok] as const),
    ...idMaps.map(([what, value, ok]) => ['ids', what, value, ok] as const),
    ...plans.map(([what, value, ok]) => ['plan', what, JSON.parse(JSON.stringify(value)), ok] as const),
  ])('%s: %s', (kind, _, value, accepted) => {
    expect(loaderAccepts(kind, value), 'loader').toBe(accepted);
    expect(schemaErrors(kind, value), 'schema').toEqual(accepted ? [] : expect.arrayContaining([expect.any(String)]));
  });
});
