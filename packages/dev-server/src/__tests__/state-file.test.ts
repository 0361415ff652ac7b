import { spawnSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompileSource } from '@wbrules/compiler';
import { applyPlan, GraphQLClient, HttpStatusError, WandbApi } from '@wbrules/runtime';
import { afterAll, describe, expect, test } from 'vitest';
import {
  DataFileInUseError,
  DevServerError,
  type DevStore,
  type OpenedStore,
  openDevStore,
  type RunningDevServer,
  startDevServer,
} from '../index.js';
import { fleetSeed, planOf } from './runtime/apply-harness.js';
import { testKey } from './harness.js';

/**
 * The `--data` file: a change is acknowledged only once it is on disk, the
 * file is written so that nobody can redirect it, one server holds it at a
 * time, and a `--data` path that is a link stays one.
 */

const dirs: string[] = [];
const opened: OpenedStore[] = [];
const servers: RunningDevServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const o of opened) o.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wbrules-state-'));
  dirs.push(dir);
  return dir;
}

/** Opens `dataFile` (created from the fleet seed when missing) and serves it; the client's waits are instant. */
async function serve(dataFile: string): Promise<{ store: DevStore; api: WandbApi; opened: OpenedStore }> {
  const seedFile = join(tmpdir(), `wbrules-fleet-seed-${process.pid}.json`);
  writeFileSync(seedFile, JSON.stringify(fleetSeed));
  const open = openDevStore({ dataFile, seedFile, now: () => new Date('2025-01-01T00:00:00.000Z') });
  rmSync(seedFile);
  opened.push(open);
  const server = await startDevServer({ store: open.store });
  servers.push(server);
  const client = new GraphQLClient({
    connection: { endpoint: server.url, apiKey: testKey },
    sleep: async () => {},
    random: () => 0.5,
  });
  return { store: open.store, api: new WandbApi(client), opened: open };
}

const names = (store: DevStore) => store.data.triggers.map((t) => t.name);

const threeRules: CompileSource[] = [
  {
    file: 'rules/three.wbrules',
    text: `in project "acme/p0"
automation "one" on run state failed -> nothing
automation "two" on run state finished -> nothing
automation "three" on run state crashed -> nothing
`,
  },
];

const input = {
  enabled: true,
  eventFilter: '{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":["FAILED"]}}',
  scopeID: 'UHJvamVjdDox',
  scopeType: 'PROJECT',
  triggeredActionConfig: { noOpActionInput: { noOp: true } },
  triggeredActionType: 'NO_OP',
  triggeringEventType: 'RUN_STATE',
};

describe('a change is made only once it is saved', () => {
  test('with the data directory gone, creates answer 500 and are not kept: apply reports them failed; a restart agrees', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const dataFile = join(dataDir, 'state.json');
    const { store, api, opened: first } = await serve(dataFile);
    const kept = await api.createAutomation({ ...input, name: 'kept' });
    const savedText = readFileSync(dataFile, 'utf8');

    // The directory becomes a file: every save fails (as root, a read-only directory would not stop it).
    rmSync(dataDir, { recursive: true });
    writeFileSync(dataDir, '');
    const counters = { ...store.data.counters };
    const result = await applyPlan(await planOf(threeRules, api), api);
    expect(result.applied).toEqual([]);
    // A 5xx may hide a change that was made, so apply lists again before it decides: not there, so failed.
    expect(result.failed.map((f) => [f.name, f.reason]).sort()).toEqual([
      ['one', 'unconfirmed'],
      ['three', 'unconfirmed'],
      ['two', 'unconfirmed'],
    ]);
    expect(result.failed[0]?.message).toMatch(
      /the change was not made: the state could not be saved to ".*state\.json" \(ENOTDIR/,
    );
    expect(names(store)).toEqual(['kept']);
    expect(store.data.counters).toEqual(counters);

    // Asked again, the same answer: not a 409 for a create that was never kept.
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await api.createAutomation({ ...input, name: 'one' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpStatusError);
      expect((error as HttpStatusError).status).toBe(500);
    }
    expect((await api.listEntityAutomations('acme')).map((t) => t.name)).toEqual(['kept']);
    // Updates, deletes and new integrations are refused the same way and leave the state as it was.
    const before = JSON.stringify(store.data);
    expect(() => store.updateTrigger({ id: kept.id, name: 'renamed' })).toThrow(DevServerError);
    expect(() => store.deleteTrigger(kept.id)).toThrow(
      expect.objectContaining({ status: 500, message: expect.stringMatching(/^the change was not made/) }),
    );
    expect(() =>
      store.addWebhookIntegration({ entityName: 'acme', name: 'new-hook', urlEndpoint: 'https://h.example.com' }),
    ).toThrow(DevServerError);
    expect(JSON.stringify(store.data)).toBe(before);

    // The directory back: the next change is saved, and a restart holds exactly what was acknowledged.
    rmSync(dataDir);
    mkdirSync(dataDir);
    writeFileSync(dataFile, savedText);
    await api.createAutomation({ ...input, name: 'after' });
    first.close();
    const again = openDevStore({ dataFile });
    opened.push(again);
    expect(names(again.store)).toEqual(['kept', 'after']);
    expect(names(store)).toEqual(['kept', 'after']);
  });
});

describe('the data file is written so that nobody can redirect it', () => {
  test('links planted at the old predictable temporary names (.state.json.<pid>-<n>.tmp) are not written through', async () => {
    const dir = tempDir();
    const dataFile = join(dir, 'state.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    for (let n = 1; n <= 500; n++) symlinkSync(victim, join(dir, `.state.json.${process.pid}-${n}.tmp`));
    const { api, store } = await serve(dataFile);
    await api.createAutomation({ ...input, name: 'secret-keeper' });
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(lstatSync(dataFile).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).triggers.map((t: { name: string }) => t.name)).toEqual([
      'secret-keeper',
    ]);
    expect(lstatSync(dataFile).mode & 0o777).toBe(0o600);
    expect(names(store)).toEqual(['secret-keeper']);
  });

  test('temporary files a killed server left beside the data file are removed when it is opened', () => {
    const dir = tempDir();
    const dataFile = join(dir, 'state.json');
    writeFileSync(dataFile, JSON.stringify({ ...JSON.parse(JSON.stringify(emptyState)), apiKeys: [testKey] }));
    const stale = ['.state.json.4242-1.tmp', '.state.json.0a1b2c3d4e5f6789.tmp'];
    for (const name of stale) writeFileSync(join(dir, name), `{"apiKeys": ["${testKey}"]}`);
    writeFileSync(join(dir, '.other.json.4242-1.tmp'), 'not ours');
    const open = openDevStore({ dataFile });
    opened.push(open);
    expect([...open.removedTempFiles].sort()).toEqual([...stale].sort());
    expect(readdirSync(dir).sort()).toEqual(['.other.json.4242-1.tmp', 'state.json', 'state.json.lock']);
    open.close();
    expect(readdirSync(dir).sort()).toEqual(['.other.json.4242-1.tmp', 'state.json']);
  });
});

const emptyState = {
  format: 'wbrules-dev-server/1',
  apiKeys: [],
  counters: {},
  entities: [],
  projects: [],
  artifactTypes: [],
  collections: [],
  integrations: [],
  triggers: [],
};

describe('one server per data file', () => {
  test('a second store on the same file is refused until the first is closed; the lock names the holder', () => {
    const dir = tempDir();
    const dataFile = join(dir, 'state.json');
    const first = openDevStore({ dataFile });
    opened.push(first);
    expect(readFileSync(`${dataFile}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    const refused = (() => {
      try {
        openDevStore({ dataFile });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(DataFileInUseError);
    expect((refused as Error).message).toBe(
      `another wbrules dev-server (process ${process.pid}) is using this data file; stop it, or remove "${dataFile}.lock" if no such server runs`,
    );
    first.close();
    expect(readdirSync(dir)).toEqual(['state.json']);
    const second = openDevStore({ dataFile });
    opened.push(second);
    second.close();
  });

  test("a lock left by a process that is gone is taken over; a live process's is not", () => {
    const dir = tempDir();
    const dataFile = join(dir, 'state.json');
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${dataFile}.lock`, `${gone}\n`);
    const taken = openDevStore({ dataFile });
    opened.push(taken);
    expect(readFileSync(`${dataFile}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    taken.close();
    // This process's parent is alive.
    writeFileSync(`${dataFile}.lock`, `${process.ppid}\n`);
    expect(() => openDevStore({ dataFile })).toThrow(DataFileInUseError);
    expect(readFileSync(`${dataFile}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });
});

describe('a --data path that is a symbolic link', () => {
  test('is followed: the state is written to its target and the link stays a link; the lock is on the target', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync('real/state.json', join(dir, 'link.json'));
    const { api, opened: open } = await serve(join(dir, 'link.json'));
    await api.createAutomation({ ...input, name: 'through-the-link' });
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(open.dataFile).toBe(join(dir, 'real/state.json'));
    expect(readdirSync(join(dir, 'real')).sort()).toEqual(['state.json', 'state.json.lock']);
    expect(JSON.parse(readFileSync(join(dir, 'real/state.json'), 'utf8')).triggers).toHaveLength(1);
    expect(() => openDevStore({ dataFile: join(dir, 'real/state.json') })).toThrow(DataFileInUseError);
  });
});
