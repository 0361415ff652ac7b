import type { CompileSource } from '@wbrules/compiler';
import {
  type ApplyResult,
  applyPlan,
  GraphQLClient,
  type GraphQLClientOptions,
  makePlan,
  type Plan,
  type SentRequest,
  WandbApi,
  WandbClientError,
} from '@wbrules/runtime';
import { afterAll } from 'vitest';
import {
  type DevStore,
  FaultInjector,
  type FaultOptions,
  type RunningDevServer,
  startDevServer,
  storeFromSeed,
} from '../../index.js';
import { testKey } from '../harness.js';

/**
 * The tests in this folder are `@wbrules/runtime`'s: resolve, plan, apply
 * and pull against this package's server, through the runtime's public API.
 * They live here because the server depends on the runtime, never the
 * reverse; the runtime's own tests need no server.
 *
 * A fleet of rules for the plan/apply tests: several projects of one team,
 * a collection, a registry, the team and the organization, with webhook and
 * Slack integrations where the rules use them. The local server runs in
 * this process with an optional fault injector, and the client's clock
 * (`sleep`) is fake, so retries, backoff and `Retry-After` cost no time.
 */

/** Projects p0…p4 of acme, one collection, a registry, and the integrations the fleet names. */
export const fleetSeed = {
  apiKeys: [testKey],
  entities: [
    { name: 'acme', type: 'team', org: 'acme-org' },
    { name: 'acme-org', type: 'organization' },
    { name: 'ops-team', type: 'team' },
  ],
  projects: ['p0', 'p1', 'p2', 'p3', 'p4', 'elsewhere'].map((name) => ({ entity: 'acme', name })),
  registries: [{ org: 'acme-org', name: 'model' }],
  collections: [{ entity: 'acme', project: 'p0', type: 'model', name: 'weights' }],
  integrations: [
    { entity: 'acme', kind: 'webhook', name: 'github-dispatch', url: 'https://hooks.example.com/ci' },
    { entity: 'acme', kind: 'slack', channel: '#ml-alerts', team: 'acme-slack' },
    { entity: 'acme-org', kind: 'webhook', name: 'registry-hook', url: 'https://hooks.example.com/reg' },
    { entity: 'ops-team', kind: 'webhook', name: 'pagerduty', url: 'https://hooks.example.com/pd' },
  ],
};

/**
 * `perProject` rules in each of p0…p4 (metric thresholds, changes, run
 * states, with and without run filters, to nothing, a webhook and Slack),
 * plus a few in the collection, the registry, the team and the org. The
 * `variant` changes the thresholds, so the same names mean different
 * automations.
 */
export function fleetSources(perProject: number, variant = 0): CompileSource[] {
  const sources: CompileSource[] = [];
  for (let p = 0; p < 5; p++) {
    const lines = [
      'webhook ci = "github-dispatch"',
      'slack alerts = "#ml-alerts"',
      'webhook pager = "ops-team/pagerduty"',
      `in project "acme/p${p}"`,
    ];
    for (let i = 0; i < perProject; i++) {
      const action = [
        `webhook ci { "rule": "\${event_type}", "n": ${i} }`,
        'slack alerts severity warn',
        'webhook pager',
        'nothing',
      ][i % 4];
      const name = `r${p}-${i}`;
      if (i % 3 === 0) lines.push(`automation "${name}" on run metric "loss-${i}" > ${0.5 + variant} -> ${action}`);
      else if (i % 3 === 1)
        lines.push(
          `automation "${name}" on run metric "acc-${i}" avg over 5 < ${0.8 + variant} where run.name matches "^prod-" -> ${action}`,
        );
      else lines.push(`automation "${name}" on run state failed, finished -> ${action}`);
    }
    sources.push({ file: `rules/p${p}.wbrules`, text: `${lines.join('\n')}\n` });
  }
  sources.push({
    file: 'rules/artifacts.wbrules',
    text: `webhook reg = "registry-hook"
automation "new-weights" on artifact created in collection "acme/p0/weights" -> nothing
automation "linked" on artifact linked in registry "acme-org/model" where alias matches "prod-.*" -> webhook reg
automation "team-failures" on run state failed in team "acme" -> nothing
automation "org-tags" on tag "candidate" added in org "acme-org" -> webhook reg
`,
  });
  return sources;
}

/** A server, its store and injector, and a client whose waits are recorded instead of slept. */
export interface Fleet {
  readonly server: RunningDevServer;
  readonly store: DevStore;
  readonly injector: FaultInjector | undefined;
  readonly api: WandbApi;
  readonly client: GraphQLClient;
  /** Every wait the client asked for (backoff and `Retry-After`), in ms. */
  readonly waits: number[];
  readonly sent: SentRequest[];
}

const running: RunningDevServer[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

/** Starts a fleet server (with `faults`, if given; over an existing `store`, if given) and a client for it. */
export async function startFleet(
  faults?: FaultOptions,
  clientOptions: Partial<GraphQLClientOptions> = {},
  existing?: DevStore,
): Promise<Fleet> {
  const store = existing ?? storeFromSeed(fleetSeed, { now: () => new Date('2025-01-01T00:00:00.000Z') });
  const injector = faults === undefined ? undefined : new FaultInjector({ sleep: async () => {}, ...faults });
  const server = await startDevServer({ store, ...(injector === undefined ? {} : { faults: injector }) });
  running.push(server);
  const waits: number[] = [];
  const sent: SentRequest[] = [];
  const client = new GraphQLClient({
    connection: { endpoint: server.url, apiKey: testKey },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    onRequest: (request) => sent.push(request),
    ...clientOptions,
  });
  return { server, store, injector, api: new WandbApi(client), client, waits, sent };
}

/** Plans `sources` against the fleet's server, failing the test on any diagnostic error. */
export async function planOf(
  sources: readonly CompileSource[],
  api: WandbApi,
  options: { prune?: boolean } = {},
): Promise<Plan> {
  const made = await makePlan(sources, api, { server: 'http://test', ...options });
  const errors = made.diagnostics.filter((d) => d.severity === 'error');
  if (made.plan === undefined || errors.length > 0)
    throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n') || 'no plan');
  return made.plan;
}

/**
 * Plans and applies until an apply reports no failure (at most `rounds`
 * times), as a user re-running `wbrules apply` would; a plan or apply that
 * the network stops also counts as a round. Returns every apply's result.
 */
export async function applyUntilDone(
  sources: readonly CompileSource[],
  api: WandbApi,
  options: { prune?: boolean; batchSize?: number; rounds?: number } = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (let round = 0; round < (options.rounds ?? 4); round++) {
    try {
      const plan = await planOf(sources, api, options);
      const result = await applyPlan(plan, api, { batchSize: options.batchSize ?? 20 });
      results.push(result);
      if (result.failed.length === 0) return results;
    } catch (error) {
      if (!(error instanceof WandbClientError)) throw error;
    }
  }
  throw new Error(`no clean apply in ${options.rounds ?? 4} rounds`);
}
