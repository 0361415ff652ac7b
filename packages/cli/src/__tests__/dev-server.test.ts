import { copyFileSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, listFiles, type RunResult, root, tempDir, wbrules, wbrulesAsync } from './harness.js';

ensureBundle();

/** A parsed response body, read field by field. */
// biome-ignore lint/suspicious/noExplicitAny: test data read from JSON
type Json = any;

const auth = `Basic ${Buffer.from('api:local-dev-key').toString('base64')}`;

/** One GraphQL request to the server, as any W&B client would send it. */
async function post(url: string, query: string, variables: object = {}, authorization = auth) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: authorization },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

const createLink = `mutation CreateAutomation($input: CreateFilterTriggerInput!) {
  result: createFilterTrigger(input: $input) { trigger { id name event: triggeringCondition { ... on FilterEventTriggeringCondition { filter } } } }
}`;
const input = {
  enabled: true,
  eventFilter: '{"$or":[{"$and":[{"alias":{"$regex":"^prod-.*"}}]}]}',
  name: 'link-prod',
  scopeID: 'UHJvamVjdDox',
  scopeType: 'PROJECT',
  triggeredActionConfig: { noOpActionInput: { noOp: true } },
  triggeredActionType: 'NO_OP',
  triggeringEventType: 'LINK_MODEL',
};

describe('wbrules dev-server', () => {
  test('prints the ready line, serves GraphQL, logs requests, keeps its state across a restart', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'seed.json'));
    const first = await startDevServerProcess(['--seed', 'seed.json', '--data', 'state.json'], cwd);
    expect(first.stdout()).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\/graphql\n$/);
    expect(first.stdout()).toBe(`listening on ${first.url}\n`);

    const created = await post(first.url, createLink, { input });
    expect(created).toEqual({
      status: 200,
      body: {
        data: {
          result: {
            trigger: {
              id: 'VHJpZ2dlcjox',
              name: 'link-prod',
              event: { filter: '{"filter": {"$or": [{"$and": [{"alias": {"$regex": "^prod-.*"}}]}]}}' },
            },
          },
        },
      },
    });
    const again = await post(first.url, createLink, { input });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].message).toBe('an automation named "link-prod" already exists in this scope');
    expect((await post(first.url, '{ viewer { id } }', {}, 'Basic bm9wZTpub3Bl')).status).toBe(401);

    expect(await first.stop()).toBe(0);
    expect(
      first
        .stderr()
        .split('\n')
        .map((l) => l.replace(/ \d+\.\dms$/, ' <ms>')),
    ).toEqual([
      'data: state.json (created from seed.json)',
      'POST /graphql CreateAutomation 200 <ms>',
      'POST /graphql CreateAutomation 409 <ms>',
      'POST /graphql - 401 <ms>',
      '',
    ]);
    expect(listFiles(cwd)).toEqual(['seed.json', 'state.json']);

    const second = await startDevServerProcess(['--seed', 'seed.json', '--data', 'state.json'], cwd);
    const listed = await post(
      second.url,
      'query { scope: entity(name: "acme") { triggers { edges { node { name } } } } }',
    );
    expect(listed.body).toEqual({ data: { scope: { triggers: { edges: [{ node: { name: 'link-prod' } }] } } } });
    expect(await second.stop()).toBe(0);
    expect(second.stderr().split('\n')[0]).toBe(
      'data: state.json (loaded; --seed ignored because the data file exists)',
    );
    expect(JSON.parse(readFileSync(join(cwd, 'state.json'), 'utf8')).triggers.length).toBe(1);
  });

  test('a bad seed is exit 1 with every problem located; a bad port is exit 2', () => {
    const cwd = tempDir({
      'seed.json': JSON.stringify({ entities: [{ name: 'acme', type: 'org' }], projects: [{ entity: 'acme' }] }),
    });
    expect(wbrules(['dev-server', '--seed', 'seed.json'], { cwd })).toEqual({
      status: 1,
      stdout: '',
      stderr: [
        'seed.json: error: entities[0].type: expected "team", "organization" or "personal", found "org"',
        'seed.json: error: projects[0].name: expected a non-empty string',
        '',
      ].join('\n'),
    });
    expect(wbrules(['dev-server', '--port', '70000'], { cwd })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: --port must be a number from 0 to 65535, found "70000"\n',
    });
  });

  test('an empty --host is refused (it would listen on every interface); beyond loopback is said', async () => {
    const cwd = tempDir();
    // The port is bad too: before the check, the port was the first complaint, and nothing listened.
    expect(await runBriefly(['--host', '', '--port', '70000'], cwd)).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'wbrules: --host must not be empty; give an address: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every interface)\n',
    });
    // 192.0.2.1 is a documentation address, never this machine's: the warning, then nothing can listen there.
    const beyond = await runBriefly(['--host', '192.0.2.1', '--port', '0'], cwd);
    expect(beyond.status).toBe(2);
    expect(beyond.stdout).toBe('');
    expect(beyond.stderr.split('\n').slice(0, 2)).toEqual([
      'data: in memory only, empty (API key "local-dev-key"; give --data FILE to keep it)',
      'warning: listening on 192.0.2.1, which is not a loopback address: the server is reachable from the network, by anyone who knows an API key, and answers requests for any Host',
    ]);
    expect(beyond.stderr.split('\n')[2]).toMatch(/^wbrules: cannot listen on 192\.0\.2\.1:0: /);
  });

  test('one server per data file: a second is refused; after a kill -9 the next takes over and removes stale temporary files', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'seed.json'));
    const first = await startDevServerProcess(['--seed', 'seed.json', '--data', 'state.json'], cwd);
    expect((await post(first.url, createLink, { input })).status).toBe(200);
    expect(await runBriefly(['--port', '0', '--data', 'state.json'], cwd)).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: cannot use the data file "state.json": another wbrules dev-server (process ${first.child.pid}) is using this data file; stop it, or remove "${join(cwd, 'state.json.lock')}" if no such server runs\n`,
    });

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(listFiles(cwd)).toEqual(['seed.json', 'state.json', 'state.json.lock']);
    // What a kill -9 during a save leaves: a full copy of the state, keys and all.
    writeFileSync(join(cwd, '.state.json.4242-1.tmp'), readFileSync(join(cwd, 'state.json')));
    const second = await startDevServerProcess(['--data', 'state.json'], cwd);
    expect((await post(second.url, '{ entity(name: "acme") { triggers { edges { node { name } } } } }')).body).toEqual({
      data: { entity: { triggers: { edges: [{ node: { name: 'link-prod' } }] } } },
    });
    expect(await second.stop()).toBe(0);
    expect(second.stderr().split('\n').slice(0, 2)).toEqual([
      'data: state.json (loaded)',
      'data: removed 1 temporary file left by a server that did not stop cleanly (.state.json.4242-1.tmp)',
    ]);
    expect(listFiles(cwd)).toEqual(['seed.json', 'state.json']);
  });

  test('a change that cannot be saved is not made: 500 each time, never a 409 for it, not listed', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'seed.json'));
    mkdirSync(join(cwd, 'data'));
    const server = await startDevServerProcess(['--seed', 'seed.json', '--data', 'data/state.json'], cwd);
    // The data directory becomes a file (as root, a read-only directory would not stop the save).
    rmSync(join(cwd, 'data'), { recursive: true });
    writeFileSync(join(cwd, 'data'), '');
    for (let attempt = 0; attempt < 2; attempt++) {
      const created = await post(server.url, createLink, { input });
      expect(created.status).toBe(500);
      expect(created.body.errors[0].message).toMatch(
        /^the change was not made: the state could not be saved to ".*data\/state\.json" \(ENOTDIR: /,
      );
    }
    const listed = await post(server.url, '{ entity(name: "acme") { triggers { edges { node { name } } } } }');
    expect(listed.body).toEqual({ data: { entity: { triggers: { edges: [] } } } });
    expect(await server.stop()).toBe(0);
  });

  test('a --data link is followed: the state goes to its target and the link stays a link', async () => {
    const cwd = tempDir();
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'seed.json'));
    mkdirSync(join(cwd, 'real'));
    symlinkSync('real/state.json', join(cwd, 'link.json'));
    const server = await startDevServerProcess(['--seed', 'seed.json', '--data', 'link.json'], cwd);
    expect((await post(server.url, createLink, { input })).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(server.stderr().split('\n')[0]).toBe(
      `data: link.json → ${join(cwd, 'real/state.json')} (created from seed.json)`,
    );
    expect(lstatSync(join(cwd, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, 'real/state.json'), 'utf8')).triggers.length).toBe(1);
    expect(listFiles(cwd)).toEqual(['link.json', 'real/state.json', 'seed.json']);
  });
});

/** Runs `wbrules dev-server …args` expecting it to exit by itself; stops it after 10 s (status null) if it does not. */
function runBriefly(args: readonly string[], cwd: string): Promise<RunResult> {
  return wbrulesAsync(['dev-server', ...args], { cwd, env: { NO_COLOR: '1' }, timeoutMs: 10_000 });
}
