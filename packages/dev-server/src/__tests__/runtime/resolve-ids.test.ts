import { compile, type IdMap } from '@wbrules/compiler';
import { lookupsPerDocument, resolveIds, validate, wandbSchema } from '@wbrules/runtime';
import { parse, validate as validateDocument } from 'graphql';
import { describe, expect, test } from 'vitest';
import { relayId } from '../../relay-id.js';
import { acmeSeed, startHarness, testKey } from '../harness.js';

/** Compiles one source (no ID map) and fails the test on any compile error. */
function compiled(text: string, file = 'rules.wbrules') {
  const result = compile([{ file, text }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.automations;
}

const everyKind = `webhook ci       = "github-dispatch"
slack   alerts   = "#ml-alerts"
webhook pager    = "ops-team/pagerduty"
webhook reg      = "registry-hook"
slack   releases = "#releases"

in project "acme/vision"
on run state failed -> slack alerts
on run metric "loss" > 1 -> webhook pager
automation "new-weights" on artifact created in collection "acme/vision/resnet-weights" -> webhook ci
on alias "prod" added in collection "acme-org/wandb-registry-model/classifier" -> webhook reg
on artifact linked in registry "acme-org/model" -> slack releases
on run state finished in team "acme" -> webhook ci
on tag added in org "acme-org" -> webhook reg
`;

describe('resolving a file that uses every scope and integration kind', () => {
  test('gives the ID map of the seeded objects in one request per scope kind and one for the integrations', async () => {
    const { api, client, sent } = await startHarness();
    const automations = compiled(everyKind);
    const result = await resolveIds(automations, api);
    expect(result.diagnostics).toEqual([]);
    expect(result.ids).toEqual({
      projects: { 'acme/vision': relayId('Project', 1) },
      registries: { 'acme-org/model': relayId('Project', 3) },
      collections: {
        'acme-org/wandb-registry-model/classifier': relayId('ArtifactCollection', 2),
        'acme/vision/resnet-weights': relayId('ArtifactCollection', 1),
      },
      teams: { acme: relayId('Entity', 1) },
      orgs: { 'acme-org': relayId('Entity', 2) },
      webhooks: {
        'acme-org/registry-hook': relayId('Integration', 3),
        'acme/github-dispatch': relayId('Integration', 1),
        'ops-team/pagerduty': relayId('Integration', 5),
      },
      slack: { 'acme-org/#releases': relayId('Integration', 4), 'acme/#ml-alerts': relayId('Integration', 2) },
    });
    // One request per scope kind (an aliased document for the two collections, the single
    // document for a kind with one name) + one aliased listing of the 3 entities' integrations.
    expect([result.scopes, result.integrationEntities, result.requests]).toEqual([6, 3, 6]);
    expect(client.stats.requests).toBe(6);
    expect(sent.map((s) => s.operation.name).sort()).toEqual([
      'CollectionScopeLookups',
      'EntityScopeLookup',
      'IntegrationsByEntities',
      'OrgScopeLookup',
      'ProjectScopeLookup',
      'RegistryScopeLookup',
    ]);
  });

  test('end to end: resolve, compile with the IDs, validate, create every automation on the server, list them back', async () => {
    const { api, sent } = await startHarness();
    const { ids } = await resolveIds(compiled(everyKind), api);
    const { automations, diagnostics } = compile([{ file: 'rules.wbrules', text: everyKind }], { ids });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const automation of automations) {
      expect(validate(automation.input).problems).toEqual([]);
      const saved = await api.createAutomation(automation.input as unknown as Record<string, unknown>);
      expect(saved.name).toBe(automation.name);
      expect(saved.scope.id).toBe(automation.input.scopeID);
    }
    const listed = [...(await api.listOrgAutomations('acme-org')), ...(await api.listEntityAutomations('ops-team'))];
    expect(listed.map((t) => t.name).sort()).toEqual(automations.map((a) => a.name).sort());
    // Every document the client sent validates against the schema.
    const schema = wandbSchema();
    const documents = new Set(sent.map((s) => s.operation.document));
    expect(documents.size).toBeGreaterThanOrEqual(8);
    for (const document of documents)
      expect(validateDocument(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});

describe('unknown names', () => {
  const source = `webhook ci    = "github-dispach"
slack   alerts = "#ml-alert"
webhook pager = "ops-teem/pagerduty"

on run state failed in project "acme/vison" -> nothing
on artifact created in collection "acme/vision/resnet-weight" -> webhook ci
on artifact linked in collection "acme/nlp/anything" -> nothing
on artifact linked in registry "acme-org/modle" -> nothing
on artifact linked in registry "no-org/model" -> nothing
on run state failed in team "acme-org" -> nothing
on run state failed in team "nobody" -> nothing
on tag added in org "acme-orgg" -> nothing
on run state failed in project "acme/vision" -> slack alerts
on run state finished in project "acme/vision" -> webhook pager
`;

  test('become located errors with suggestions from what the server returned', async () => {
    const { api } = await startHarness();
    const result = await resolveIds(compiled(source), api);
    const shown = result.diagnostics.map((d) => ({
      code: d.code,
      at: source.slice(d.span.start, d.span.end),
      message: d.message,
      hints: d.hints ?? [],
      fix: d.fixes?.[0]?.edits[0]?.newText,
    }));
    expect(shown).toEqual([
      {
        code: 'WR5101',
        at: '"acme/vison"',
        message: 'the server has no project "acme/vison"',
        hints: ['Did you mean "acme/vision"?'],
        fix: '"acme/vision"',
      },
      {
        code: 'WR5103',
        at: '"acme/vision/resnet-weight"',
        message:
          'no artifact type of project "acme/vision" has a collection "resnet-weight" (searched "model", "dataset")',
        hints: ['Did you mean "acme/vision/resnet-weights"?'],
        fix: '"acme/vision/resnet-weights"',
      },
      {
        code: 'WR5103',
        at: '"acme/nlp/anything"',
        message: 'the project "acme/nlp" has no artifact types, so it has no collection "anything"',
        hints: [],
        fix: undefined,
      },
      {
        code: 'WR5102',
        at: '"acme-org/modle"',
        message: 'the organization "acme-org" has no registry "modle"',
        hints: ['Did you mean "acme-org/model"?'],
        fix: '"acme-org/model"',
      },
      {
        code: 'WR5106',
        at: '"no-org/model"',
        message: 'the server has no organization "no-org" (for the registry "no-org/model")',
        hints: ['Organization names are case-sensitive; check "no-org" in W&B\'s organization settings.'],
        fix: undefined,
      },
      {
        code: 'WR5105',
        at: '"acme-org"',
        message: '"acme-org" is an organization entity, not a team',
        hints: ['Write org "acme-org" for an organization scope.'],
        fix: undefined,
      },
      { code: 'WR5105', at: '"nobody"', message: 'the server has no team "nobody"', hints: [], fix: undefined },
      {
        code: 'WR5106',
        at: '"acme-orgg"',
        message: 'the server has no organization "acme-orgg"',
        hints: ['Organization names are case-sensitive; check "acme-orgg" in W&B\'s organization settings.'],
        fix: undefined,
      },
      {
        code: 'WR5107',
        at: 'ci',
        message: 'the entity "acme" has no webhook integration named "github-dispach"',
        hints: ['Did you mean "github-dispatch"? Fix the name in the integration\'s declaration.'],
        fix: undefined,
      },
      {
        code: 'WR5108',
        at: 'alerts',
        message: 'the entity "acme" has no Slack integration for the channel "#ml-alert"',
        hints: ['Did you mean "#ml-alerts"? Fix the name in the integration\'s declaration.'],
        fix: undefined,
      },
      {
        code: 'WR5109',
        at: 'pager',
        message: 'the server has no entity "ops-teem", where the webhook "pagerduty" is looked up',
        hints: [],
        fix: undefined,
      },
    ]);
    expect(result.diagnostics.every((d) => d.file === 'rules.wbrules' && d.severity === 'error')).toBe(true);
    expect(result.ids).toEqual({ projects: { 'acme/vision': relayId('Project', 1) } });
  });

  test('a collection name under several artifact types is ambiguous', async () => {
    const seed = {
      ...acmeSeed,
      collections: [
        ...acmeSeed.collections,
        { entity: 'acme', project: 'vision', type: 'dataset', name: 'resnet-weights' },
      ],
    };
    const { api } = await startHarness(seed);
    const text = 'on artifact created in collection "acme/vision/resnet-weights" -> nothing';
    const [diagnostic] = (await resolveIds(compiled(text), api)).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'WR5104',
      message:
        'the collection name "resnet-weights" is found under 2 artifact types of project "acme/vision": "model", "dataset"',
    });
    expect(text.slice(diagnostic?.span.start, diagnostic?.span.end)).toBe('"acme/vision/resnet-weights"');
  });

  test('an integration a registry or org rule names that only a team has: the teams the run knows that have it, and how to name theirs', async () => {
    const { api, sent } = await startHarness();
    const text = `webhook ci    = "github-dispatch"
webhook pager = "pagerduty"
slack   alerts = "#ml-alerts"
webhook nope  = "nope"

in registry "acme-org/model"
on artifact linked -> webhook ci
on alias "prod" added -> webhook pager
on tag "x" added in org "acme-org" -> slack alerts
on artifact unlinked -> webhook nope
on run state failed in project "acme/vision" -> nothing
on run state failed in team "ops-team" -> nothing
`;
    const result = await resolveIds(compiled(text), api);
    expect(
      result.diagnostics.map((d) => ({ at: text.slice(d.span.start, d.span.end), message: d.message, hints: d.hints })),
    ).toEqual([
      {
        at: 'ci',
        message:
          'the organization "acme-org" has no webhook integration named "github-dispatch", but the team "acme" has one',
        hints: [
          'Write "acme/github-dispatch" in the declaration to use the team\'s webhook: in a registry or org scope, a name without "TEAM/" is looked up in the organization.',
        ],
      },
      {
        at: 'pager',
        message:
          'the organization "acme-org" has no webhook integration named "pagerduty", but the team "ops-team" has one',
        hints: [
          'Write "ops-team/pagerduty" in the declaration to use the team\'s webhook: in a registry or org scope, a name without "TEAM/" is looked up in the organization.',
        ],
      },
      {
        at: 'alerts',
        message:
          'the organization "acme-org" has no Slack integration for the channel "#ml-alerts", but the team "acme" has one',
        hints: [
          'Write "acme/#ml-alerts" in the declaration to use the team\'s Slack channel: in a registry or org scope, a name without "TEAM/" is looked up in the organization.',
        ],
      },
      {
        at: 'nope',
        message: 'the organization "acme-org" has no webhook integration named "nope"',
        hints: [
          'The entity "acme-org" has the webhooks "registry-hook".',
          'To use a team\'s webhook, write "TEAM/nope" in the declaration: in a registry or org scope, a name without "TEAM/" is looked up in the organization.',
        ],
      },
    ]);
    // Each entity's integrations are listed once (the organization's, then the teams' in one aliased
    // request); "acme" is looked up to be sure it is a team ("ops-team" has a team scope).
    const listings = sent.filter((r) => /^IntegrationsByEntit(y|ies)$/.test(r.operation.name));
    expect(listings.map((r) => r.operation.name)).toEqual(['IntegrationsByEntity', 'IntegrationsByEntities']);
    expect(
      listings
        .flatMap((r) => Object.entries(r.variables).filter(([k]) => /^e(ntity|\d+)$/.test(k)))
        .map(([, v]) => v)
        .sort(),
    ).toEqual(['acme', 'acme-org', 'ops-team']);
    expect(sent.filter((r) => r.operation.name === 'EntityScopeLookup').map((r) => r.variables)).toEqual([
      { entity: 'ops-team' },
      { entity: 'acme' },
    ]);
  });

  test('one diagnostic per place written, however many rules share it', async () => {
    const { api } = await startHarness();
    const text =
      'in project "acme/nope"\non run state failed -> nothing\non run state finished -> nothing\non run state running -> nothing';
    const result = await resolveIds(compiled(text), api);
    expect(result.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)])).toEqual([
      ['WR5101', '"acme/nope"'],
    ]);
  });
});

describe('request counts', () => {
  test('1,000 rules over 50 scopes: one request per scope kind plus one for the integrations of 20 entities', async () => {
    // 10 teams and 10 organizations; per i: project t_i/p, collection t_i/p/c, registry o_i/model, team t_i, org o_i.
    const n = 10;
    const teams = Array.from({ length: n }, (_, i) => `team-${i}`);
    const orgs = Array.from({ length: n }, (_, i) => `org-${i}`);
    const seed = {
      apiKeys: [testKey],
      entities: [
        ...teams.map((name) => ({ name, type: 'team' })),
        ...orgs.map((name) => ({ name, type: 'organization' })),
      ],
      projects: teams.map((entity) => ({ entity, name: 'p' })),
      registries: orgs.map((org) => ({ org, name: 'model' })),
      collections: teams.map((entity) => ({ entity, project: 'p', type: 'model', name: 'c' })),
      integrations: [...teams, ...orgs].flatMap((entity) => [
        { entity, kind: 'webhook', name: 'hook', url: 'https://h.example.com' },
        { entity, kind: 'slack', channel: '#alerts' },
      ]),
    };
    const scopes = [
      ...teams.map((t) => [`project "${t}/p"`, 'on run state failed']),
      ...teams.map((t) => [`collection "${t}/p/c"`, 'on artifact created']),
      ...orgs.map((o) => [`registry "${o}/model"`, 'on artifact linked']),
      ...teams.map((t) => [`team "${t}"`, 'on run state finished']),
      ...orgs.map((o) => [`org "${o}"`, 'on tag added']),
    ];
    const lines = ['webhook hook = "hook"', 'slack alerts = "#alerts"'];
    let rules = 0;
    for (const [scope, event] of scopes) {
      lines.push(`in ${scope}`);
      for (let r = 0; r < 20; r++, rules++)
        lines.push(`automation "rule-${r}" ${event} -> ${r % 2 === 0 ? 'webhook hook' : 'slack alerts'}`);
    }
    const automations = compiled(lines.join('\n'));
    expect([scopes.length, rules, automations.length]).toEqual([50, 1000, 1000]);

    const { api } = await startHarness(seed);
    const started = performance.now();
    const result = await resolveIds(automations, api);
    const ms = performance.now() - started;
    expect(result.diagnostics).toEqual([]);
    const entities = new Set(automations.map((a) => a.integration?.entity)).size;
    // The formula: one aliased lookup per scope kind (10 names each, at most 50 to a document) +
    // one aliased listing of the 20 entities' integrations (each has 2 < 100, one page).
    expect(result.requests).toBe(5 + Math.ceil(entities / lookupsPerDocument));
    expect([result.scopes, entities, result.requests]).toEqual([50, 20, 6]);
    expect(
      Object.values(result.ids as Required<IdMap>).reduce((sum, section) => sum + Object.keys(section).length, 0),
    ).toBe(50 + 40);
    console.info(
      `request count: 1,000 rules over 50 scopes and 20 integration entities -> ${result.requests} requests (${ms.toFixed(0)} ms)`,
    );
  });

  test('an entity with more than 100 integrations costs one request per page', async () => {
    const seed = {
      apiKeys: [testKey],
      entities: [{ name: 'big', type: 'team' }],
      projects: [{ entity: 'big', name: 'p' }],
      integrations: Array.from({ length: 250 }, (_, i) => ({
        entity: 'big',
        kind: 'webhook',
        name: `hook-${i}`,
        url: 'https://h.example.com',
      })),
    };
    const { api } = await startHarness(seed);
    const text = 'webhook last = "hook-249"\nin project "big/p"\non run state failed -> webhook last';
    const result = await resolveIds(compiled(text), api);
    expect(result.ids.webhooks).toEqual({ 'big/hook-249': relayId('Integration', 250) });
    expect(result.requests).toBe(1 + 3);
  });

  test('more rules over the same names send no more requests', async () => {
    const { api } = await startHarness();
    const few = await resolveIds(compiled(everyKind), api);
    const extra = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? `automation "extra-${i}" on run state running in project "acme/vision" -> webhook pager`
        : `automation "extra-${i}" on artifact linked in registry "acme-org/model" -> slack releases`,
    );
    const many = await resolveIds(compiled([everyKind, ...extra].join('\n')), api);
    expect(many.requests).toBe(few.requests);
    expect(many.ids).toEqual(few.ids);
  });
});
