import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, listFiles, root, tempDir, wbrules } from './harness.js';

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
});
