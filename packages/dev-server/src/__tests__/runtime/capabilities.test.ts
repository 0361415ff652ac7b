import { compile } from '@wbrules/compiler';
import {
  allOperations,
  capabilityDiagnostics,
  createAutomation,
  fetchCapabilities,
  listingKind,
  type ServerCapabilities,
  strippedFragments,
  stripFragments,
  updateAutomation,
} from '@wbrules/runtime';
import { parse, validate as validateDocument } from 'graphql';
import { describe, expect, test } from 'vitest';
import { type ProfileName, profileNames, profileSchema, profiles, serverInfoOf } from '../../index.js';
import { acmeSeed, startHarness } from '../harness.js';

/**
 * Server capabilities in the runtime, against the local server's profiles:
 * what `serverInfo` says, the fragments stripped for it (every stripped
 * document validates against the profile's schema), the listing chosen,
 * the server without a `features` field, and WR5301.
 */

/** What the client reads from a profile's `serverInfo`. */
function capabilitiesOf(profile: ProfileName): ServerCapabilities {
  const features = profiles[profile].features;
  return features === null
    ? { featuresField: false, features: [] }
    : { featuresField: true, features: features.map((name) => ({ name, isEnabled: true })) };
}

/** Documents that read `Entity.triggers`/`Organization.triggers`: never sent where the legacy listing is used. */
const entityListings = new Set([
  'GetEntityAutomations',
  'GetOrgAutomations',
  'EntityAutomationsWithScopes',
  'EntitiesAutomationsWithScopes',
  'OrgAutomationsWithScopes',
]);

describe('fragment stripping', () => {
  test.each(profileNames)('%s: every document, stripped, validates against the profile schema', (profile) => {
    const capabilities = capabilitiesOf(profile);
    const schema = profileSchema(profiles[profile]);
    const legacy = listingKind(capabilities) === 'legacy';
    const stripped = strippedFragments(capabilities);
    for (const operation of allOperations) {
      if (legacy && entityListings.has(operation.name)) continue;
      const document = stripFragments(operation, stripped).document;
      expect(validateDocument(schema, parse(document)).map((e) => `${operation.name}: ${e.message}`)).toEqual([]);
      for (const name of stripped) {
        expect(document).not.toContain(`...${name}`);
        expect(document).not.toContain(`fragment ${name} `);
      }
    }
  });

  test('what each profile strips; unstripped, the automation documents are invalid where types are missing', () => {
    expect(Object.fromEntries(profileNames.map((p) => [p, strippedFragments(capabilitiesOf(p))]))).toEqual({
      saas: [],
      'dedicated-0.81': ['EntityScopeFields', 'AriaActionFields'],
      'self-managed-0.75': ['EntityScopeFields', 'AriaActionFields'],
      'no-features-field': ['EntityScopeFields', 'AriaActionFields'],
    });
    const errors = validateDocument(profileSchema(profiles['dedicated-0.81']), parse(createAutomation.document));
    expect(errors.map((e) => e.message.replace(/ Did you mean .*$/, '')).sort()).toEqual([
      'Fragment "EntityScopeFields" cannot be spread here as objects of type "TriggerScope" can never be of type "Entity".',
      'Unknown type "ARIATriggeredAction".',
    ]);
    // A document without the fragments is sent as it is.
    expect(stripFragments(updateAutomation, [])).toBe(updateAutomation);
  });

  test('the client strips what the server lacks from every document it sends, once capabilities are known', async () => {
    const { api, sent } = await startHarness(acmeSeed, {}, { profile: 'dedicated-0.81' });
    // Before it asks, the client sends the full documents, which this server cannot validate.
    await expect(api.listAutomationsWithScopes('acme')).rejects.toThrow(
      /Cannot query field "triggers" on type "Entity"/,
    );
    await api.capabilities();
    await api.listAutomationsWithScopes('acme');
    expect(sent.map((s) => s.operation.name)).toEqual([
      'EntityAutomationsWithScopes',
      'ServerFeatures',
      'EntityAutomationsWithScopesLegacy',
    ]);
    expect(sent[0]?.operation.document).toContain('...EntityScopeFields');
    expect(sent[2]?.operation.document).not.toContain('EntityScopeFields');
    expect(sent[2]?.operation.document).not.toContain('AriaActionFields');
  });
});

describe('listing choice', () => {
  test.each([
    ['saas', 'entity'],
    ['dedicated-0.81', 'legacy'],
    ['self-managed-0.75', 'legacy'],
    ['no-features-field', 'legacy'],
  ] as const)('%s lists with %s', (profile, kind) => {
    expect(listingKind(capabilitiesOf(profile))).toBe(kind);
  });

  test('the legacy listing finds project and collection automations, named with their paths', async () => {
    const { api } = await startHarness(acmeSeed, {}, { profile: 'dedicated-0.81' });
    await api.capabilities();
    const source = `webhook ci = "github-dispatch"
on run state failed in project "acme/vision" -> nothing
on artifact created in collection "acme/vision/resnet-weights" -> webhook ci
`;
    const compiled = compile([{ file: 'a.wbrules', text: source }], {
      ids: {
        projects: { 'acme/vision': 'UHJvamVjdDox' },
        collections: { 'acme/vision/resnet-weights': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=' },
        webhooks: { 'acme/github-dispatch': 'SW50ZWdyYXRpb246MQ==' },
      },
    });
    for (const automation of compiled.automations) await api.createAutomation(automation.input as never);
    const listed = await api.listAutomationsWithScopes('acme');
    expect(listed?.map((t) => [t.scope.__typename, t.scope.entityName ?? t.scope.project?.name])).toEqual([
      ['Project', 'acme'],
      ['ArtifactSequence', 'vision'],
    ]);
    expect(await api.listAutomationsWithScopes('nobody')).toBeNull();
    expect((await api.listEntityAutomations('acme')).length).toBe(2);
  });
});

describe('a server without a features field', () => {
  test('enables none of the flags; its schema has no ServerInfo.features', async () => {
    expect(serverInfoOf(profiles['no-features-field'])).toEqual({ cliVersionInfo: '{}' });
    const { api, client } = await startHarness(acmeSeed, {}, { profile: 'no-features-field' });
    expect(await fetchCapabilities(client)).toEqual({ featuresField: false, features: [] });
    expect(await api.capabilities()).toEqual({ featuresField: false, features: [] });
  });

  test('the other profiles list their flags', async () => {
    const { client } = await startHarness(acmeSeed, {}, { profile: 'dedicated-0.81' });
    const capabilities = await fetchCapabilities(client);
    expect(capabilities.featuresField).toBe(true);
    expect(capabilities.features.map((f) => f.name)).not.toContain('AUTOMATION_SCOPE_ENTITY');
  });
});

describe('WR5301', () => {
  const source = `in team "acme"
on tag added -> nothing
on run metric "loss" zscore over 10 > 3 in project "acme/p" -> nothing
on run state failed in project "acme/p" -> nothing
`;
  const { automations } = compile([{ file: 'r.wbrules', text: source }]);

  test('one warning per rule and missing flag, at the rule; errors when strict', () => {
    const warnings = capabilityDiagnostics(automations, capabilitiesOf('no-features-field'));
    expect(warnings.map((d) => [d.code, d.severity, d.span.start, /enable ([A-Z_]+)/.exec(d.message)?.[1]])).toEqual([
      ['WR5301', 'warning', 15, 'AUTOMATION_SCOPE_ENTITY'],
      ['WR5301', 'warning', 15, 'AUTOMATION_EVENT_ADD_ARTIFACT_TAG'],
      ['WR5301', 'warning', 39, 'AUTOMATION_EVENT_RUN_METRIC_ZSCORE'],
    ]);
    expect(warnings[0]?.message).toContain('it advertises no features');
    expect(capabilityDiagnostics(automations, capabilitiesOf('saas'))).toEqual([]);
    const strict = capabilityDiagnostics(automations, capabilitiesOf('dedicated-0.81'), { strict: true });
    expect(strict.map((d) => [d.severity, d.message])).toEqual([
      [
        'error',
        'the server does not enable AUTOMATION_SCOPE_ENTITY, which automation "tag-added-nothing" needs for its team or organization scope (ENTITY); the server may refuse it',
      ],
    ]);
  });
});
