import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

const source = `webhook ci = "github-dispatch"
in project "acme/vision"

automation "loss-watch"
on run metric "loss" changes by 10% within 5 -> webhook ci

automation "failures" description "Runs that died" disabled
on run state failed -> nothing
`;

const ids = JSON.stringify({
  projects: { 'acme/vision': 'UHJvamVjdDox' },
  webhooks: { 'acme/github-dispatch': 'SW50ZWdyYXRpb246MQ==' },
});

/** What `decompile` writes back for `source`: declarations, then the scope, then the rules by name. */
const decompiled = `webhook github-dispatch = "github-dispatch"

in project "acme/vision"

automation "failures"
description "Runs that died"
disabled
on run state failed
  -> nothing

automation "loss-watch"
on run metric "loss" changes by 10% within 5
  -> webhook github-dispatch
`;

/** The payloads `compile --ids` produces for `source`, as a JSON array of inputs. */
function compiledPayloads(cwd: string): unknown[] {
  const compiled = wbrules(['compile', '--ids', 'ids.json', 'rules.wbrules'], { cwd });
  expect(compiled.status).toBe(0);
  return JSON.parse(compiled.stdout).map((a: { input: unknown }) => a.input);
}

const savedFailures = {
  __typename: 'Trigger',
  id: 'VHJpZ2dlcjox',
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: null,
  name: 'failures',
  description: null,
  enabled: true,
  scope: { __typename: 'Project', id: 'UHJvamVjdDox', name: 'vision' },
  event: {
    __typename: 'FilterEventTriggeringCondition',
    eventType: 'RUN_STATE',
    filter: '{"run_filter": "{\\"$and\\": []}", "run_state_filter": {"states": ["FAILED"]}}',
  },
  action: { __typename: 'NoOpTriggeredAction', noOp: true },
};

const legacy = {
  name: 'legacy',
  enabled: true,
  scopeType: 'PROJECT',
  scopeID: 'UHJvamVjdDox',
  triggeringEventType: 'UPDATE_ARTIFACT_ALIAS',
  eventFilter: '{}',
  triggeredActionType: 'NO_OP',
  triggeredActionConfig: { noOpActionInput: { noOp: true } },
};

describe('wbrules decompile', () => {
  test('payloads compiled with --ids decompile to source that compiles back to the same payloads', () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'ids.json': ids });
    const payloads = compiledPayloads(cwd);
    writeFileSync(join(cwd, 'payloads.json'), JSON.stringify(payloads, null, 2));
    const result = wbrules(['decompile', '--ids', 'ids.json', 'payloads.json'], { cwd });
    expect(result).toEqual({ status: 0, stdout: decompiled, stderr: '' });

    writeFileSync(join(cwd, 'rules.wbrules'), result.stdout);
    const again = compiledPayloads(cwd);
    const byName = (list: unknown[]) =>
      Object.fromEntries(list.map((p) => [(p as { name: string }).name, JSON.stringify(p)]));
    expect(byName(again)).toEqual(byName(payloads));
  });

  test('"wbrules compile" output decompiles without an ID map: its entries carry the names', () => {
    const cwd = tempDir({ 'rules.wbrules': source });
    const compiled = wbrules(['compile', 'rules.wbrules', '-o', 'out.json'], { cwd });
    expect(compiled.status).toBe(0);
    const result = wbrules(['decompile', 'out.json', '-o', 'again.wbrules'], { cwd });
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(cwd, 'again.wbrules'), 'utf8')).toBe(decompiled);
    // And back: the same payloads, scopes and integrations.
    const entries = (text: string) =>
      Object.fromEntries(
        JSON.parse(text).map((e: { name: string; scope: unknown; integration?: unknown; input: unknown }) => [
          e.name,
          [e.scope, e.integration, e.input],
        ]),
      );
    const again = wbrules(['compile', 'again.wbrules'], { cwd });
    expect(entries(again.stdout)).toEqual(entries(readFileSync(join(cwd, 'out.json'), 'utf8')));
  });

  test("without --ids, a bare payload's rule is commented out and the missing name is named (exit 1); what is printed checks clean", () => {
    const cwd = tempDir({ 'rules.wbrules': source, 'ids.json': ids });
    writeFileSync(join(cwd, 'payloads.json'), JSON.stringify(compiledPayloads(cwd).slice(1), null, 2));
    const result = wbrules(['decompile', 'payloads.json'], { cwd });
    expect(result).toEqual({
      status: 1,
      stdout: `# Commented out until the names marked "<...>" are filled in:
# - automation "failures": cannot name the project or registry of scope ID "UHJvamVjdDox"
#
# in project "<no name for scope ID UHJvamVjdDox>"
#
# automation "failures"
# description "Runs that died"
# disabled
# on run state failed
#   -> nothing
`,
      stderr: `payloads.json:2:3: error[WR4011]: automation "failures": cannot name the project or registry of scope ID "UHJvamVjdDox"; pass --ids ids.json (written by "wbrules resolve") or decompile "wbrules compile" output, which carries the names
2 |   {
  |   ^
  = hint: The rule is written commented out, with a "<...>" placeholder where the name goes.

1 error
`,
    });
    writeFileSync(join(cwd, 'decompiled.wbrules'), result.stdout);
    expect(wbrules(['check', 'decompiled.wbrules'], { cwd }).status).toBe(0);
    expect(wbrules(['fmt', '--check', 'decompiled.wbrules'], { cwd }).status).toBe(0);
  });

  test('saved automations are named with --entity; an inexpressible payload is reported and skipped', () => {
    const cwd = tempDir({ 'saved.json': JSON.stringify([savedFailures, legacy], null, 2) });
    const result = wbrules(['decompile', '--entity', 'acme', '--format', 'json', 'saved.json'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      'in project "acme/vision"\n\nautomation "failures"\non run state failed\n  -> nothing\n',
    );
    expect(
      JSON.parse(result.stderr).map((d: { file: string; line: number; column: number; code: string }) => [
        d.file,
        d.line,
        d.column,
        d.code,
      ]),
    ).toEqual([['saved.json', 25, 3, 'WR4005']]);
  });

  test('a single object is taken as a list of one; standard input is read for "-"', () => {
    const result = wbrules(['decompile', '--entity', 'acme', '-'], { input: JSON.stringify(savedFailures) });
    expect(result).toEqual({
      status: 0,
      stdout: 'in project "acme/vision"\n\nautomation "failures"\non run state failed\n  -> nothing\n',
      stderr: '',
    });
  });

  test('invalid JSON is an input error at its line and column (exit 1)', () => {
    expect(wbrules(['decompile', '-'], { input: '[\n  {"name": "x"},\n  nope\n]' })).toEqual({
      status: 1,
      stdout: '',
      stderr: '<stdin>:3:3: error: invalid JSON in the payload file: unexpected text; expected "null"\n',
    });
  });
});
