import { describe, expect, test } from 'vitest';
import { compile } from '../compile.js';
import { validateIdMap } from '../resolve/id-map.js';
import type { IdMap } from '../model/types.js';
import { unmark } from './harness.js';

const ids: IdMap = {
  projects: { 'acme/vision': 'UHJvamVjdDox' },
  registries: { 'acme-org/model': 'UHJvamVjdDoy' },
  collections: { 'acme/vision/w': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=' },
  teams: { acme: 'RW50aXR5OjE=' },
  orgs: { 'acme-org': 'RW50aXR5OjI=' },
  webhooks: { 'acme/hook': 'SW50ZWdyYXRpb246Mg==', 'ops/pager': 'SW50ZWdyYXRpb246Mw==' },
  slack: { 'acme-org/#ml': 'SW50ZWdyYXRpb246MQ==' },
};

describe('IDs from the map', () => {
  test('every scope kind and both integration kinds are filled in; nothing else changes', () => {
    const text = [
      'webhook ci = "hook"',
      'webhook pager = "ops/pager"',
      'slack alerts = "#ml"',
      'on artifact linked in project "acme/vision" -> webhook ci',
      'on artifact linked in registry "acme-org/model" -> slack alerts',
      'on artifact linked in collection "acme/vision/w" -> webhook pager',
      'on artifact linked in team "acme" -> webhook ci',
      'on artifact linked in org "acme-org" -> slack alerts severity warn',
    ].join('\n');
    const withIds = compile([{ file: 'f', text }], { ids });
    const without = compile([{ file: 'f', text }]);
    expect(withIds.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(withIds.automations.map((a) => a.input.scopeID)).toEqual([
      'UHJvamVjdDox',
      'UHJvamVjdDoy',
      'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=',
      'RW50aXR5OjE=',
      'RW50aXR5OjI=',
    ]);
    expect(withIds.automations.map((a) => JSON.stringify(a.input.triggeredActionConfig))).toEqual([
      '{"genericWebhookActionInput":{"integrationID":"SW50ZWdyYXRpb246Mg=="}}',
      '{"notificationActionInput":{"integrationID":"SW50ZWdyYXRpb246MQ==","message":"","severity":"INFO","title":""}}',
      '{"genericWebhookActionInput":{"integrationID":"SW50ZWdyYXRpb246Mw=="}}',
      '{"genericWebhookActionInput":{"integrationID":"SW50ZWdyYXRpb246Mg=="}}',
      '{"notificationActionInput":{"integrationID":"SW50ZWdyYXRpb246MQ==","message":"","severity":"WARN","title":""}}',
    ]);
    // Without a map: no IDs at all, and the refs say what to resolve.
    for (const a of without.automations) {
      expect(a.input).not.toHaveProperty('scopeID');
      expect(JSON.stringify(a.input)).not.toContain('integrationID');
    }
    expect(without.automations.map((a) => a.integration?.key)).toEqual([
      'acme/hook',
      'acme-org/#ml',
      'ops/pager',
      'acme/hook',
      'acme-org/#ml',
    ]);
  });

  test('a missing scope is one located error at its path (even for a default serving many rules), naming the key', () => {
    const { source, spans } = unmark(
      'in project [["acme/other"]]\non artifact linked -> nothing\non artifact unlinked -> nothing',
    );
    const result = compile([{ file: 'f', text: source }], { ids });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([
      {
        code: 'WR2006',
        span: spans[0],
        message: 'the ID map has no ID for project "acme/other" (looked for projects["acme/other"])',
      },
    ]);
    expect(result.automations).toEqual([]);
  });

  test('a missing integration is an error at the use, naming the entity and key', () => {
    const { source, spans } = unmark(
      'slack alerts = "#ml"\nin project "acme/vision"\non artifact linked -> slack [[alerts]]',
    );
    const errors = compile([{ file: 'f', text: source }], { ids }).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toMatchObject([
      {
        code: 'WR2007',
        span: spans[0],
        message: 'the ID map has no ID for slack "#ml" of entity "acme" (looked for slack["acme/#ml"])',
      },
    ]);
  });

  test('keys are own entries only', () => {
    const errors = compile([{ file: 'f', text: 'on artifact linked in team "constructor" -> nothing' }], {
      ids,
    }).diagnostics;
    expect(errors.map((d) => d.code)).toContain('WR2006');
  });
});

describe('validateIdMap', () => {
  test('a well-formed map passes through', () => {
    expect(validateIdMap({ projects: { 'a/b': 'X' }, slack: {} })).toEqual({
      ok: true,
      ids: { projects: { 'a/b': 'X' }, slack: {} },
    });
    expect(validateIdMap({})).toEqual({ ok: true, ids: {} });
  });

  test('a "$schema" string is accepted and left out of the map', () => {
    expect(validateIdMap({ $schema: '../schemas/id-map.schema.json', teams: { acme: 'E' } })).toEqual({
      ok: true,
      ids: { teams: { acme: 'E' } },
    });
  });

  test.each([
    [[], ['the ID map must be a JSON object']],
    [null, ['the ID map must be a JSON object']],
    ['x', ['the ID map must be a JSON object']],
    [
      { proejcts: {} },
      [
        'unknown ID map section "proejcts" (did you mean "projects"?); sections are projects, registries, collections, teams, orgs, webhooks, slack',
      ],
    ],
    [{ teams: [] }, ['"teams" must be an object mapping names to IDs']],
    [{ $schema: {} }, ['"$schema" must be a string (the URL or path of the JSON Schema the ID map follows)']],
    [
      { teams: { a: 1, b: '', c: 'ok' }, orgs: 'x' },
      [
        'teams["a"] must be a non-empty string',
        'teams["b"] must be a non-empty string',
        '"orgs" must be an object mapping names to IDs',
      ],
    ],
  ])('%j is rejected', (value, errors) => {
    expect(validateIdMap(value)).toEqual({ ok: false, errors });
  });
});
