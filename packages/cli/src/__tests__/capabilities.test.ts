import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * Server capabilities from the command line, against the local server's
 * profiles: `wbrules capabilities` (text and --json), WR5301 as a warning
 * and, with --strict-capabilities, an error (exit 1, nothing applied), a
 * refusal reported at the rule, and the note for a server without a
 * `features` field.
 */

const rules = `in project "acme/vision"
automation "failed" on run state failed -> nothing
automation "team-tags" on tag added in team "acme" -> nothing
`;

describe('server capabilities', () => {
  const servers: Partial<Record<string, DevServerProcess>> = {};
  let cwd: string;
  const run = (profile: string, args: string[]) =>
    wbrules(args, {
      cwd,
      env: {
        HOME: tempDir(),
        WANDB_API_KEY: 'local-dev-key',
        WANDB_BASE_URL: servers[profile]?.baseUrl ?? '',
        NETRC: '',
      },
    });
  beforeAll(async () => {
    cwd = tempDir({ 'rules.wbrules': rules });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    for (const profile of ['saas', 'dedicated-0.81', 'no-features-field'])
      servers[profile] = await startDevServerProcess(['--seed', 'dev-seed.json', '--profile', profile], cwd);
  });
  afterAll(async () => {
    for (const server of Object.values(servers)) await server?.stop();
  });

  test('capabilities --help', () => {
    const result = run('saas', ['capabilities', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: wbrules capabilities [options] [files...]');
    for (const option of ['--json', '--strict-capabilities', '--base-url <url>', '--format <format>'])
      expect(result.stdout).toContain(option);
  });

  test('capabilities against saas: every feature, nothing stripped, the entity listing', () => {
    const result = run('saas', ['capabilities', 'rules.wbrules']);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(result.stdout.replace(/127\.0\.0\.1:\d+/, 'HOST')).toBe(`Server: http://HOST

Features (serverInfo.features):
  AUTOMATION_SCOPE_ENTITY                 enabled
  QUERY_AUTOMATIONS_ON_ENTITY             enabled
  AUTOMATION_EVENT_UNLINK_ARTIFACT        enabled
  AUTOMATION_EVENT_ADD_ARTIFACT_TAG       enabled
  AUTOMATION_EVENT_REMOVE_ARTIFACT_TAG    enabled
  AUTOMATION_EVENT_ADD_COLLECTION_TAG     enabled
  AUTOMATION_EVENT_REMOVE_COLLECTION_TAG  enabled
  AUTOMATION_EVENT_RUN_METRIC_ZSCORE      enabled
  AUTOMATION_ACTION_ARIA                  enabled

What wbrules does with this server:
  strips no fragments from the documents it sends
  lists automations with Entity.triggers (GetEntityAutomations)
  warns about no rule: the server enables every flag wbrules checks

Rules: 2 rules, none needing a flag the server does not enable.
`);
  });

  test('capabilities against dedicated-0.81: what it strips, the legacy listing, the rules it warns about', () => {
    const result = run('dedicated-0.81', ['capabilities', 'rules.wbrules']);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n').slice(10)).toEqual([
      'What wbrules does with this server:',
      "  strips EntityScopeFields, AriaActionFields from every document it sends (the server's schema lacks their types)",
      '  lists automations project by project (GetEntityAutomationsLegacy): the server has no QUERY_AUTOMATIONS_ON_ENTITY, so team and organization automations are not listed',
      '  warns (WR5301) about rules that need AUTOMATION_SCOPE_ENTITY, AUTOMATION_ACTION_ARIA',
      '',
      'Rules: 2 rules, 1 needing a flag the server does not enable (warnings on stderr):',
      '  rules.wbrules:3:1  team-tags  needs AUTOMATION_SCOPE_ENTITY',
      '',
    ]);
    expect(result.stderr).toContain(
      'rules.wbrules:3:1: warning[WR5301]: the server does not enable AUTOMATION_SCOPE_ENTITY',
    );
  });

  test('capabilities --json, without files and with them', () => {
    const saas = run('saas', ['capabilities', '--json']);
    expect(saas.status).toBe(0);
    const report = JSON.parse(saas.stdout);
    expect([report.featuresField, report.strippedFragments, report.listing, report.missingFlags, report.rules]).toEqual(
      [true, [], 'entity', [], undefined],
    );
    expect(report.features).toHaveLength(9);
    const dedicated = JSON.parse(run('dedicated-0.81', ['capabilities', '--json', 'rules.wbrules']).stdout);
    expect(dedicated).toMatchObject({
      featuresField: true,
      strippedFragments: ['EntityScopeFields', 'AriaActionFields'],
      listing: 'legacy',
      missingFlags: ['AUTOMATION_SCOPE_ENTITY', 'AUTOMATION_ACTION_ARIA'],
      rules: [{ file: 'rules.wbrules', line: 3, column: 1, name: 'team-tags', flag: 'AUTOMATION_SCOPE_ENTITY' }],
    });
    const old = run('no-features-field', ['capabilities', '--json']);
    expect(JSON.parse(old.stdout)).toMatchObject({ featuresField: false, features: [], listing: 'legacy' });
    expect(old.stderr).toBe(
      'wbrules: note: the server advertises no features (its serverInfo has no "features" field): wbrules treats every feature flag as disabled\n',
    );
  });

  test('--strict-capabilities turns WR5301 into an error: plan, apply and resolve exit 1, nothing applied', () => {
    const warned = run('dedicated-0.81', ['plan', 'rules.wbrules']);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toContain('rules.wbrules:3:1: warning[WR5301]');
    for (const args of [
      ['plan', '--strict-capabilities', 'rules.wbrules'],
      ['apply', '--yes', '--strict-capabilities', 'rules.wbrules'],
      ['resolve', '--strict-capabilities', 'rules.wbrules'],
      ['capabilities', '--strict-capabilities', 'rules.wbrules'],
    ]) {
      const strict = run('dedicated-0.81', args);
      expect([args[0], strict.status]).toEqual([args[0], 1]);
      expect(strict.stderr).toContain(
        'rules.wbrules:3:1: error[WR5301]: the server does not enable AUTOMATION_SCOPE_ENTITY',
      );
      if (args[0] !== 'capabilities') expect(strict.stdout).toBe('');
    }
    // Nothing was applied: the plan still creates both.
    expect(run('dedicated-0.81', ['plan', '--json', 'rules.wbrules']).stdout).toContain('"create": 2');
  });

  test('apply: what the server refuses is reported at the rule, with its message; the rest applies', () => {
    const result = run('dedicated-0.81', ['apply', '--yes', 'rules.wbrules']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('rules.wbrules:3:1: warning[WR5301]');
    expect(result.stderr).toContain(
      'rules.wbrules:3:1: error[WR5201]: the server refused to create automation "team-tags" in team "acme": scope type ENTITY is not supported on this server',
    );
    expect(result.stdout).toMatch(/\nApplied: 1 created, 0 updated, 0 deleted, 1 failed, /);
  });

  test('a server without a features field: said once, and every gated rule warns', () => {
    const result = run('no-features-field', ['plan', 'rules.wbrules']);
    expect(result.status).toBe(0);
    const note = 'wbrules: note: the server advertises no features';
    expect(result.stderr.split(note)).toHaveLength(2);
    expect(result.stderr.match(/warning\[WR5301\]/g)).toHaveLength(2);
  });
});
