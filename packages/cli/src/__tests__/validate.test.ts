import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

const vectors = join(root, 'spec/vectors');

/** Every create and update payload of the golden vectors (spec/vectors). */
function vectorPayloads(): unknown[] {
  return readdirSync(vectors)
    .filter((f) => f.endsWith('.json'))
    .flatMap(
      (f) =>
        (JSON.parse(readFileSync(join(vectors, f), 'utf8')) as { cases: { operation?: string; expected?: unknown }[] })
          .cases,
    )
    .filter((c) => (c.operation === 'CreateAutomation' || c.operation === 'UpdateAutomation') && c.expected != null)
    .map((c) => c.expected);
}

const good = {
  enabled: true,
  eventFilter: '{"$or":[{"$and":[]}]}',
  name: 'link',
  scopeID: 'UHJvamVjdDox',
  scopeType: 'PROJECT',
  triggeredActionConfig: { noOpActionInput: { noOp: true } },
  triggeredActionType: 'NO_OP',
  triggeringEventType: 'LINK_MODEL',
};

describe('wbrules validate', () => {
  test('every golden vector payload is valid', () => {
    const payloads = vectorPayloads();
    const cwd = tempDir({ 'payloads.json': JSON.stringify(payloads, null, 2) });
    expect(wbrules(['validate', 'payloads.json'], { cwd })).toEqual({
      status: 0,
      stdout: `ok: ${payloads.length} payloads valid\n`,
      stderr: '',
    });
    expect(payloads.length).toBe(90);
  });

  test("each problem is printed with the payload's position, its index and the JSON path; exit 1", () => {
    const payloads = [
      good,
      { ...good, triggeringEventType: 'CREATE_ARTIFACT' },
      {
        ...good,
        triggeringEventType: 'RUN_METRIC',
        eventFilter:
          '{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"threshold_filter":{"name":"loss","agg_op":"AVERAGE","window_size":0,"cmp_op":"$eq","threshold":1}},"metric_filter":null}',
      },
      { ...good, eventFilter: '{"$or":[{"$and":[]}]', triggeredActionType: 'GENERIC_WEBHOOK' },
    ];
    const cwd = tempDir({ 'payloads.json': `[\n${payloads.map((p) => `  ${JSON.stringify(p)}`).join(',\n')}\n]\n` });
    expect(wbrules(['validate', 'payloads.json'], { cwd })).toEqual({
      status: 1,
      stderr: '',
      stdout: [
        'payloads.json:3:3: error[WR5005]: at [1].triggeringEventType: the event "CREATE_ARTIFACT" is not allowed on a "PROJECT" scope: it needs "ARTIFACT_COLLECTION"',
        'payloads.json:4:3: error[WR5004]: at [2].eventFilter.run_metric_filter.threshold_filter.window_size: expected a window size of at least 1, found 0',
        'payloads.json:4:3: error[WR5003]: at [2].eventFilter.run_metric_filter.threshold_filter.cmp_op: expected one of "$gt", "$gte", "$lt" or "$lte", found the string "$eq"',
        'payloads.json:5:3: error[WR5002]: at [3].eventFilter: expected a string holding JSON, but it does not parse: expected "," or "}" in an object (at character 21)',
        'payloads.json:5:3: error[WR5006]: at [3].triggeredActionConfig.noOpActionInput: the action type "GENERIC_WEBHOOK" takes "genericWebhookActionInput", found "noOpActionInput"',
        '',
        '3 of 4 payloads invalid (5 errors)',
        '',
      ].join('\n'),
    });
  });

  test('compile output objects are checked through their input; without --ids the IDs are missing', () => {
    const cwd = tempDir({
      'rules.wbrules': 'in project "acme/vision"\nautomation "a" on artifact linked -> nothing\n',
      'ids.json': JSON.stringify({ projects: { 'acme/vision': 'UHJvamVjdDox' } }),
    });
    const withIds = wbrules(['compile', '--ids', 'ids.json', 'rules.wbrules', '-o', 'out.json'], { cwd });
    expect(withIds.status).toBe(0);
    expect(wbrules(['validate', 'out.json'], { cwd })).toEqual({
      status: 0,
      stdout: 'ok: 1 payload valid\n',
      stderr: '',
    });
    const bare = wbrules(['compile', 'rules.wbrules'], { cwd });
    expect(wbrules(['validate', '-'], { cwd, input: bare.stdout })).toEqual({
      status: 1,
      stderr: '',
      stdout:
        '<stdin>:2:3: error[WR5001]: 1 payload lacks the ID "scopeID": "wbrules compile" writes the IDs only with --ids; look them up with "wbrules resolve FILES -o ids.json", then run "wbrules compile --ids ids.json FILES"\n\n1 of 1 payload invalid (1 error)\n',
    });
  });

  test('compile output made without --ids: one line says how to get the IDs, other problems still show', () => {
    const cwd = tempDir({ 'quickstart.wbrules': readFileSync(join(root, 'examples/quickstart.wbrules'), 'utf8') });
    const bare = wbrules(['compile', 'quickstart.wbrules'], { cwd });
    expect(bare.status).toBe(0);
    const entries = JSON.parse(bare.stdout);
    entries[1].input.name = 'x'.repeat(256);
    const result = wbrules(['validate', '-'], { cwd, input: JSON.stringify(entries, null, 2) });
    expect(result).toEqual({
      status: 1,
      stderr: '',
      stdout: [
        '<stdin>:2:3: error[WR5001]: 3 payloads lack the IDs "scopeID" and "integrationID": "wbrules compile" writes the IDs only with --ids; look them up with "wbrules resolve FILES -o ids.json", then run "wbrules compile --ids ids.json FILES"',
        '<stdin>:30:3: error[WR5004]: at [1].input.name: expected a name of at most 255 characters, found 256',
        '',
        '3 of 3 payloads invalid (2 errors)',
        '',
      ].join('\n'),
    });
    // Machines get every problem.
    const json = JSON.parse(wbrules(['validate', '--format', 'json', '-'], { cwd, input: bare.stdout }).stdout);
    expect(json.map((p: { path: string }) => p.path)).toEqual([
      '[0].input.scopeID',
      '[0].input.triggeredActionConfig.genericWebhookActionInput.integrationID',
      '[1].input.scopeID',
      '[1].input.triggeredActionConfig.notificationActionInput.integrationID',
      '[2].input.scopeID',
      '[2].input.triggeredActionConfig.notificationActionInput.integrationID',
    ]);
  });

  test('--format json prints the problems as a JSON array on stdout', () => {
    const cwd = tempDir({ 'p.json': JSON.stringify([{ ...good, name: 'x'.repeat(256) }]) });
    const result = wbrules(['validate', '--format', 'json', 'p.json'], { cwd });
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        file: 'p.json',
        line: 1,
        column: 2,
        index: 0,
        path: '[0].name',
        code: 'WR5004',
        severity: 'error',
        message: 'expected a name of at most 255 characters, found 256',
      },
    ]);
  });

  test('a file that is not JSON is an input error at its position', () => {
    const cwd = tempDir({ 'p.json': '[\n  {"a": 1,}\n]' });
    const result = wbrules(['validate', 'p.json'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('p.json:2:11: error: invalid JSON in the payload file: expected a string key\n');
  });
});
