import { GraphQLClient, type GraphQLClientOptions, type SentRequest, WandbApi } from '@wbrules/runtime';
import { afterAll } from 'vitest';
import {
  type DevServerOptions,
  type DevStore,
  type RunningDevServer,
  startDevServer,
  storeFromSeed,
} from '../index.js';

/**
 * Shared set-up for tests that go over real HTTP: a local server on a random
 * loopback port, seeded with a fixture, and a real client (the runtime's
 * `GraphQLClient`, as the command uses it) pointed at it. Servers are closed
 * after the test file.
 */

/** The API key of the test seeds (long and unique, so a leak would be found by a plain substring search). */
export const testKey = 'test-key-5f0c2a9e7d3b41c8a6e2f9d0b7c4a1e3';

/**
 * The seed fixture, extended: a team with its organization, another
 * team, a personal entity, project and registry collections of several
 * artifact types, and integrations of both kinds in three entities. IDs
 * follow seed order (the first project is `UHJvamVjdDox`).
 */
export const acmeSeed = {
  apiKeys: [testKey],
  entities: [
    { name: 'acme', type: 'team', org: 'acme-org' },
    { name: 'acme-org', type: 'organization' },
    { name: 'ops-team', type: 'team' },
    { name: 'alice', type: 'personal' },
  ],
  projects: [
    { entity: 'acme', name: 'vision' },
    { entity: 'acme', name: 'nlp' },
  ],
  registries: [{ org: 'acme-org', name: 'model' }],
  collections: [
    { entity: 'acme', project: 'vision', type: 'model', name: 'resnet-weights' },
    { entity: 'acme-org', project: 'wandb-registry-model', type: 'model', name: 'classifier' },
    { entity: 'acme', project: 'vision', type: 'dataset', name: 'imagenet-subset' },
  ],
  integrations: [
    { entity: 'acme', kind: 'webhook', name: 'github-dispatch', url: 'https://hooks.example.com/ci' },
    { entity: 'acme', kind: 'slack', channel: '#ml-alerts', team: 'acme-slack' },
    { entity: 'acme-org', kind: 'webhook', name: 'registry-hook', url: 'https://hooks.example.com/reg' },
    { entity: 'acme-org', kind: 'slack', channel: '#releases', team: 'acme-slack' },
    { entity: 'ops-team', kind: 'webhook', name: 'pagerduty', url: 'https://hooks.example.com/pd' },
  ],
};

/**
 * The names of the golden vectors (spec/vectors/README.md), seeded so that every
 * object gets the vectors' placeholder ID: `my-project` is `UHJvamVjdDox`,
 * the `models` registry `UHJvamVjdDoy`, the Slack integration
 * `SW50ZWdyYXRpb246MQ==`, the webhook `SW50ZWdyYXRpb246Mg==`, …
 */
export const vectorSeed = {
  apiKeys: [testKey],
  entities: [
    { name: 'my-team', type: 'team', org: 'my-org' },
    { name: 'my-org', type: 'organization' },
  ],
  projects: [{ entity: 'my-team', name: 'my-project' }],
  registries: [{ org: 'my-org', name: 'models' }],
  collections: [
    { entity: 'my-team', project: 'my-project', type: 'dataset', name: 'my-dataset' },
    { entity: 'my-org', project: 'wandb-registry-models', type: 'model', name: 'my-model' },
  ],
  integrations: [
    { entity: 'my-team', kind: 'slack', channel: '#ml-alerts', team: 'my-workspace' },
    { entity: 'my-team', kind: 'webhook', name: 'ci-hook', url: 'https://example.com/hook' },
  ],
};

/** A server under test with a client and what the client sent. */
export interface Harness {
  readonly server: RunningDevServer;
  readonly store: DevStore;
  readonly api: WandbApi;
  readonly client: GraphQLClient;
  /** Every request the client sent, in order. */
  readonly sent: SentRequest[];
  /** The server's request log lines. */
  readonly serverLog: string[];
  /** The client's log lines (what `--verbose` prints). */
  readonly clientLog: string[];
  /** A new client for the same server with other options (another key, no retries, …). */
  client2(options?: Partial<GraphQLClientOptions> & { apiKey?: string }): GraphQLClient;
}

const running: RunningDevServer[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

/** Starts a server seeded with `seed` (with a capability profile, default `saas`) and a client with the seed's key. */
export async function startHarness(
  seed: unknown = acmeSeed,
  clientOptions: Partial<GraphQLClientOptions> = {},
  serverOptions: Pick<DevServerOptions, 'profile' | 'limits'> = {},
): Promise<Harness> {
  const store = storeFromSeed(seed, { now: () => new Date('2025-01-01T00:00:00.000Z') });
  const serverLog: string[] = [];
  const server = await startDevServer({ store, log: (line) => serverLog.push(line), ...serverOptions });
  running.push(server);
  const sent: SentRequest[] = [];
  const clientLog: string[] = [];
  const makeClient = (options: Partial<GraphQLClientOptions> & { apiKey?: string } = {}) =>
    new GraphQLClient({
      connection: { endpoint: server.url, apiKey: options.apiKey ?? testKey },
      onRequest: (request) => sent.push(request),
      log: (line) => clientLog.push(line),
      retry: { maxRetries: 0 },
      ...clientOptions,
      ...options,
    });
  const client = makeClient();
  return { server, store, api: new WandbApi(client), client, sent, serverLog, clientLog, client2: makeClient };
}
