import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex } from '@wbrules/dsl';
import { applyPlan, makePlan, pullAutomations, type SourcePlace } from '@wbrules/runtime';
import { parse, validate as validateDocument } from 'graphql';
import { describe, expect, test } from 'vitest';
import { type ProfileName, profileSchema, profiles } from '../../index.js';
import { startHarness, testKey } from '../harness.js';
import { repoRoot } from '../vectors.js';

/**
 * examples/kitchen-sink.wbrules against every capability profile, names
 * resolved against examples/dev-seed.json: plan, apply, plan again, pull.
 * Every document sent validates against the profile's schema (fragments on
 * types it lacks are stripped, listings take the path it has); WR5301 warns
 * exactly where a rule needs a flag the profile does not enable; what the
 * profile refuses on create fails at the rule, with the server's message.
 *
 * `saas` and `dedicated-0.81` run in every run; the others with
 * `pnpm test:full` (WBRULES_FULL_TESTS=1).
 */

const full = process.env.WBRULES_FULL_TESTS === '1';
const seed = { ...JSON.parse(readFileSync(join(repoRoot, 'examples/dev-seed.json'), 'utf8')), apiKeys: [testKey] };
const file = 'examples/kitchen-sink.wbrules';
const text = readFileSync(join(repoRoot, file), 'utf8');
const lines = new LineIndex(text);

/** `LINE:COL` of an offset into the kitchen sink. */
function at(offset: number): string {
  const { line, column } = lines.locate(offset);
  return `${line}:${column}`;
}

async function exercise(profile: ProfileName) {
  const h = await startHarness(seed, {}, { profile });
  await h.api.capabilities();
  const made = await makePlan([{ file, text }], h.api, { server: h.server.baseUrl });
  if (made.plan === undefined) throw new Error(made.diagnostics.map((d) => d.message).join('\n'));
  const applied = await applyPlan(made.plan, h.api);
  const again = await makePlan([{ file, text }], h.api, { server: h.server.baseUrl });
  const pulled = await pullAutomations(h.api, { entity: 'acme', org: 'acme-org', integrationEntities: ['ops-team'] });
  const schema = profileSchema(profiles[profile]);
  const invalid = h.sent.flatMap((s) =>
    validateDocument(schema, parse(s.operation.document)).map((e) => `${s.operation.name}: ${e.message}`),
  );
  const place = (source: SourcePlace | undefined) => (source === undefined ? '?' : at(source.start));
  return {
    warnings: made.diagnostics
      .filter((d) => d.severity !== 'info')
      .map(
        (d) => `${d.code} ${d.severity} ${at(d.span.start)} ${/enable ([A-Z_]+)/.exec(d.message)?.[1] ?? d.message}`,
      ),
    creates: made.plan.summary.create,
    refused: applied.failed
      .map((f) => `${f.reason} ${place(f.source)} ${f.message.replace(/ Did you mean [^?]*\?/g, '')}`)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    applied: applied.applied.length,
    again: again.plan?.summary,
    againWarnings: again.diagnostics.filter((d) => d.code === 'WR5301').length,
    pulled: [pulled.automations, pulled.rules, pulled.skipped],
    invalid,
    listings: [...new Set(h.sent.map((s) => s.operation.name).filter((n) => n.includes('Automations')))],
  };
}

const entityScoped = ['92:1', '96:1', '104:1'];
/** The ARIA rule (`-> aria "…"`, spec §6.5): a warning where the profile has no ARIA, and the server's refusal. */
const ariaRule = '56:1';
const ariaWarning = `WR5301 warning ${ariaRule} AUTOMATION_ACTION_ARIA`;
const ariaRefusal = `rejected ${ariaRule} Variable "$input" got invalid value { ariaActionInput: { prompt: "Explain why \${run_name} failed in \${project_name} and suggest a fix." } } at "input.triggeredActionConfig"; Field "ariaActionInput" is not defined by type "TriggeredActionConfig".; Variable "$input" got invalid value "ARIA" at "input.triggeredActionType"; Value "ARIA" does not exist in "TriggeredActionType" enum.`;
const entityWarnings = entityScoped.map((place) => `WR5301 warning ${place} AUTOMATION_SCOPE_ENTITY`);
const entityRefusals = entityScoped.map(
  (place) => `rejected ${place} scope type ENTITY is not supported on this server`,
);
const legacyListings = ['EntityAutomationsWithScopesLegacy', 'ApplyAutomations'];

describe('the kitchen sink against each capability profile', () => {
  test('saas: every rule is created; plan again shows nothing to do; pull writes every one back', async () => {
    const result = await exercise('saas');
    expect(result).toEqual({
      warnings: [],
      creates: 31,
      refused: [],
      applied: 31,
      again: { create: 0, update: 0, delete: 0, unchanged: 31, unmanaged: 0 },
      againWarnings: 0,
      pulled: [31, 31, 0],
      invalid: [],
      // plan and apply list their entities together (one aliased listing); pull lists the entity, then the org.
      listings: [
        'EntitiesAutomationsWithScopes',
        'ApplyAutomations',
        'EntityAutomationsWithScopes',
        'OrgAutomationsWithScopes',
      ],
    });
  });

  test('dedicated-0.81: the ARIA, team and org rules warn and are refused at the rule; the legacy listing', async () => {
    const result = await exercise('dedicated-0.81');
    expect(result).toEqual({
      warnings: [ariaWarning, ...entityWarnings],
      creates: 31,
      refused: [ariaRefusal, ...entityRefusals],
      applied: 27,
      again: { create: 4, update: 0, delete: 0, unchanged: 27, unmanaged: 0 },
      againWarnings: 4,
      pulled: [27, 27, 0],
      invalid: [],
      listings: legacyListings,
    });
  });

  test.runIf(full)('self-managed-0.75: run events are refused at the rule too (no flag warns of them)', async () => {
    const result = await exercise('self-managed-0.75');
    expect(result.warnings).toEqual([ariaWarning, ...entityWarnings]);
    expect(result.refused).toEqual(SELF_MANAGED_REFUSED);
    expect([result.creates, result.applied, result.again, result.pulled]).toEqual([
      31,
      7,
      { create: 24, update: 0, delete: 0, unchanged: 7, unmanaged: 0 },
      [7, 7, 0],
    ]);
    expect([result.invalid, result.listings]).toEqual([[], legacyListings]);
  });

  test.runIf(full)('no-features-field: every gated rule warns; only the probe for features is invalid', async () => {
    const result = await exercise('no-features-field');
    expect(result.warnings).toEqual(NO_FEATURES_WARNINGS);
    expect(result.refused).toEqual(NO_FEATURES_REFUSED);
    expect([result.creates, result.applied, result.again, result.pulled]).toEqual([
      31,
      4,
      { create: 27, update: 0, delete: 0, unchanged: 4, unmanaged: 0 },
      [4, 4, 0],
    ]);
    expect([result.invalid, result.listings]).toEqual([
      ['ServerFeatures: Cannot query field "features" on type "ServerInfo".'],
      legacyListings,
    ]);
  });
});

/** The run-event rules of the kitchen sink, by place. */
const runEventRules: readonly (readonly [string, string])[] = [
  ['13:1', 'RUN_METRIC'],
  ['15:1', 'RUN_METRIC'],
  ['17:1', 'RUN_METRIC'],
  ['19:1', 'RUN_METRIC'],
  ['21:1', 'RUN_METRIC'],
  ['23:1', 'RUN_METRIC'],
  ['26:1', 'RUN_METRIC_CHANGE'],
  ['28:1', 'RUN_METRIC_CHANGE'],
  ['30:1', 'RUN_METRIC_CHANGE'],
  ['32:1', 'RUN_METRIC_CHANGE'],
  ['34:1', 'RUN_METRIC_CHANGE'],
  ['37:1', 'RUN_METRIC_ZSCORE'],
  ['39:1', 'RUN_METRIC_ZSCORE'],
  ['41:1', 'RUN_METRIC_ZSCORE'],
  ['43:1', 'RUN_METRIC_ZSCORE'],
  ['46:1', 'RUN_STATE'],
  ['48:1', 'RUN_STATE'],
  ['50:1', 'RUN_STATE'],
  ['59:1', 'RUN_METRIC'],
  ['65:1', 'RUN_METRIC'],
];

const refusedEvent = (place: string, event: string) =>
  `rejected ${place} triggering event type ${event} is not supported on this server`;

/** The ARIA rule is a run-state rule too; the schema refuses its action before the resolver sees its event. */
const SELF_MANAGED_REFUSED = [
  ...runEventRules.map(([place, event]) => refusedEvent(place, event)),
  ariaRefusal,
  ...entityRefusals,
].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** The flag-gated events of the kitchen sink (spec §3.1), by place. */
const gatedEventRules: readonly (readonly [string, string])[] = [
  ['86:1', 'UNLINK_ARTIFACT'],
  ['96:1', 'ADD_ARTIFACT_TAG'],
  ['98:1', 'REMOVE_ARTIFACT_TAG'],
  ['102:1', 'ADD_COLLECTION_TAG'],
  ['104:1', 'REMOVE_COLLECTION_TAG'],
];

const NO_FEATURES_WARNINGS = [
  ...['37:1', '39:1', '41:1', '43:1'].map((place) => `WR5301 warning ${place} AUTOMATION_EVENT_RUN_METRIC_ZSCORE`),
  ariaWarning,
  'WR5301 warning 86:1 AUTOMATION_EVENT_UNLINK_ARTIFACT',
  'WR5301 warning 92:1 AUTOMATION_SCOPE_ENTITY',
  'WR5301 warning 96:1 AUTOMATION_SCOPE_ENTITY',
  'WR5301 warning 96:1 AUTOMATION_EVENT_ADD_ARTIFACT_TAG',
  'WR5301 warning 98:1 AUTOMATION_EVENT_REMOVE_ARTIFACT_TAG',
  'WR5301 warning 102:1 AUTOMATION_EVENT_ADD_COLLECTION_TAG',
  'WR5301 warning 104:1 AUTOMATION_SCOPE_ENTITY',
  'WR5301 warning 104:1 AUTOMATION_EVENT_REMOVE_COLLECTION_TAG',
];

/** The event is checked before the scope: the entity-scoped tag rules are refused for their events. */
const NO_FEATURES_REFUSED = [
  ...runEventRules.map(([place, event]) => refusedEvent(place, event)),
  ...gatedEventRules.map(([place, event]) => refusedEvent(place, event)),
  ariaRefusal,
  'rejected 92:1 scope type ENTITY is not supported on this server',
].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
