/**
 * The golden vectors (`spec/vectors/*.json`, produced by running the wandb
 * SDK's own serialization): every case is either written as a `.wbrules`
 * fixture in `vectors/<case-id>.wbrules` and checked here, or listed below
 * with the reason the language cannot or need not express it. A case that
 * is neither fails the suite, so a new vector cannot go unnoticed.
 *
 * Create cases: the fixture compiles, with the one shared ID map below, to
 * exactly the vector's `expected` input: deep-equal, keys in the SDK's
 * order, and `eventFilter`/`requestPayload` identical byte for byte.
 * Rejection cases: the fixture's first line `# expect: CODE` names the
 * diagnostic it must produce, and nothing is compiled.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compile } from '../compile.js';
import type { IdMap } from '../model/types.js';
import { vectorsDir } from './vectors.js';

/**
 * The vectors' ID placeholders (the "Names used in sdk_expression" table of
 * the vectors README). The registry collection is written by the path W&B
 * shows for it: the org entity, the registry's backing project
 * `wandb-registry-models`, and the collection name.
 */
const ids: IdMap = {
  projects: { 'my-team/my-project': 'UHJvamVjdDox' },
  registries: { 'my-org/models': 'UHJvamVjdDoy' },
  collections: {
    'my-team/my-project/my-dataset': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=',
    'my-org/wandb-registry-models/my-model': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjI=',
  },
  teams: { 'my-team': 'RW50aXR5OjE=' },
  orgs: { 'my-org': 'RW50aXR5OjI=' },
  slack: { 'my-team/#alerts': 'SW50ZWdyYXRpb246MQ==' },
  webhooks: { 'my-team/ci-hook': 'SW50ZWdyYXRpb246Mg==' },
};

const noSpelling = 'no spelling in the language';
const runtime = 'not a create: an operation the runtime sends, covered by its own tests';

/** Every vector case that has no fixture, with the reason. */
const allowList: Readonly<Record<string, string>> = {
  'odd-raw-empty-dict-mutation-filter': `${noSpelling}: a raw {} filter; with no filter the language sends {"$and":[]} as the SDK does for "none"`,
  'rej-personal-entity-scope':
    'a fact only the server knows: whether an entity is personal (the runtime checks entityType when it resolves a team)',
  'rej-missing-name': 'cannot occur: the language derives a name for every rule without one',
  'rej-agg-alias-string': `${noSpelling}: the SDK refuses the raw string "avg"; the language's word avg always lowers to AVERAGE`,
  'rej-change-both-kinds': `${noSpelling}: a change rule has exactly one amount, relative with % or absolute without`,
  'rej-state-crashed-string':
    'accepted on purpose: the language brief makes crashed mean failed (the SDK enum alias CRASHED); only the raw string is refused by the SDK',
  'rej-legacy-event-type': `${noSpelling}: UPDATE_ARTIFACT_ALIAS has no event form`,
  'rej-legacy-action-type': `${noSpelling}: QUEUE_JOB and PUSH_NOTIFICATION have no action form`,
  'upd-rename-saved-link': runtime,
  'upd-disable-saved-run-metric': runtime,
  'upd-replace-event-keeps-scope': runtime,
  'upd-replace-action-with-notification': runtime,
  'upd-saved-notification-null-message': runtime,
  'upd-move-scope-to-registry': runtime,
  'list-entity-automations-by-name': runtime,
  'list-entity-automations-resume': runtime,
  'list-entity-automations-legacy': runtime,
  'list-viewer-automations-legacy': runtime,
  'list-integrations': runtime,
  'delete-automation': runtime,
  'upd-aria-replace-prompt': `${runtime} (through plan against the local server in packages/dev-server)`,
  'create-webhook-integration': runtime,
};

const fixturesDir = fileURLToPath(new URL('./vectors/', import.meta.url));
const fixtures = new Map(
  readdirSync(fixturesDir)
    .filter((f) => f.endsWith('.wbrules'))
    .map((f) => [f.slice(0, -'.wbrules'.length), readFileSync(join(fixturesDir, f), 'utf8')]),
);

interface RawCase {
  readonly id: string;
  readonly expected: Record<string, unknown> | null;
}

const vectorFiles = readdirSync(vectorsDir())
  .filter((f) => f.endsWith('.json'))
  .sort();
const cases = vectorFiles.flatMap((file) =>
  (JSON.parse(readFileSync(join(vectorsDir(), file), 'utf8')) as { cases: RawCase[] }).cases.map((c) => ({
    file,
    ...c,
  })),
);

function compileFixture(id: string, text: string) {
  return compile([{ file: `${id}.wbrules`, text }], { ids });
}

describe('golden vectors', () => {
  test('every case is matched by a fixture or allow-listed with a reason, and nothing else', () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const uncovered = ids.filter((id) => !fixtures.has(id) && allowList[id] === undefined);
    expect(uncovered, 'vector cases with neither a fixture nor an allow-list entry').toEqual([]);
    expect(
      ids.filter((id) => fixtures.has(id) && allowList[id] !== undefined),
      'allow-listed but also a fixture',
    ).toEqual([]);
    expect(
      [...fixtures.keys()].filter((id) => !ids.includes(id)),
      'fixtures for no vector case',
    ).toEqual([]);
    expect(
      Object.keys(allowList).filter((id) => !ids.includes(id)),
      'allow-list entries for no vector case',
    ).toEqual([]);
    expect(vectorFiles.length).toBeGreaterThanOrEqual(13);
  });

  const creates = cases.filter((c) => c.file.startsWith('create-') && fixtures.has(c.id));
  test.each(creates.map((c) => [c.id, c] as const))('%s', (id, vector) => {
    const text = fixtures.get(id) as string;
    const result = compileFixture(id, text);
    // A fixture may expect warnings, one `# expect-warning: CODE (why)` line each; nothing else is reported.
    const warnings = [...text.matchAll(/^# expect-warning: (WR\d{4})\b/gm)].map((m) => m[1]);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual(warnings);
    expect(result.automations).toHaveLength(1);
    const input = result.automations[0]?.input as unknown as Record<string, unknown>;
    const expected = vector.expected as Record<string, unknown>;
    expect(input).toEqual(expected);
    expect(Object.keys(input)).toEqual(Object.keys(expected));
    expect(input.eventFilter).toBe(expected.eventFilter);
    const payload = (c: unknown) =>
      (c as { genericWebhookActionInput?: { requestPayload?: string } }).genericWebhookActionInput?.requestPayload;
    expect(payload(input.triggeredActionConfig)).toBe(payload(expected.triggeredActionConfig));
    const prompt = (c: unknown) => (c as { ariaActionInput?: { prompt?: string } }).ariaActionInput?.prompt;
    expect(prompt(input.triggeredActionConfig)).toBe(prompt(expected.triggeredActionConfig));
    // Byte for byte: the whole input as the SDK's serializer writes it (keys in its order, raw UTF-8).
    expect(JSON.stringify(input)).toBe(JSON.stringify(expected));
  });

  const rejections = cases.filter((c) => c.file === 'rejections.json' && fixtures.has(c.id));
  test.each(rejections.map((c) => [c.id] as const))('%s is rejected', (id) => {
    const text = fixtures.get(id) as string;
    const code = /^# expect: (WR\d{4})$/m.exec(text)?.[1];
    expect(code, 'the fixture names its diagnostic on a "# expect: CODE" line').toBeDefined();
    const result = compileFixture(id, text);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toContain(code);
    expect(result.automations).toEqual([]);
  });

  test('counts', () => {
    // Printed for the report; asserted so that a lost fixture is noticed.
    expect(creates.length).toBe(82);
    expect(rejections.length).toBe(15);
    expect(Object.keys(allowList)).toHaveLength(22);
  });
});
