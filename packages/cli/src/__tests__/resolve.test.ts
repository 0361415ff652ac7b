import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, listFiles, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/** The key of examples/dev-seed.json. */
const key = 'local-dev-key';

let server: DevServerProcess;
let cwd: string;
/** A clean environment: no key or base URL from the machine running the tests, an empty HOME (no ~/.netrc). */
let env: Record<string, string>;

beforeAll(async () => {
  cwd = tempDir();
  cpSync(join(root, 'examples'), join(cwd, 'examples'), { recursive: true });
  for (const file of ['quickstart.wbrules', 'kitchen-sink.wbrules'])
    copyFileSync(join(root, 'examples', file), join(cwd, file));
  env = { HOME: tempDir(), WANDB_API_KEY: '', WANDB_BASE_URL: '', NETRC: '' };
  server = await startDevServerProcess(['--seed', 'examples/dev-seed.json'], cwd);
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

/** The IDs examples/dev-seed.json gives the names all the examples use. */
const expectedIds = {
  projects: { 'acme/sandbox': 'UHJvamVjdDoy', 'acme/vision': 'UHJvamVjdDox' },
  registries: { 'acme-org/model': 'UHJvamVjdDoz' },
  collections: { 'acme/vision/resnet-weights': 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=' },
  teams: { acme: 'RW50aXR5OjE=' },
  orgs: { 'acme-org': 'RW50aXR5OjI=' },
  webhooks: {
    'acme-org/model-deploy': 'SW50ZWdyYXRpb246NA==',
    'acme/github-dispatch': 'SW50ZWdyYXRpb246MQ==',
    'ops-team/pagerduty': 'SW50ZWdyYXRpb246Ng==',
  },
  slack: {
    'acme-org/#releases': 'SW50ZWdyYXRpb246NQ==',
    'acme/#ml-alerts': 'SW50ZWdyYXRpb246Mg==',
    'acme/#ml-oncall': 'SW50ZWdyYXRpb246Mw==',
  },
};

describe('wbrules resolve against wbrules dev-server', () => {
  test('resolves every example; compile --ids and validate accept the result (the README walk-through)', () => {
    const resolved = wbrules(['resolve', 'examples', '--base-url', server.baseUrl], {
      cwd,
      env: { ...env, WANDB_API_KEY: key },
    });
    expect(resolved.status).toBe(0);
    expect(resolved.stderr).toBe('');
    expect(JSON.parse(resolved.stdout)).toEqual(expectedIds);
    writeFileSync(join(cwd, 'ids.json'), resolved.stdout);
    expect(wbrules(['compile', '--ids', 'ids.json', 'examples', '-o', 'payloads.json'], { cwd }).status).toBe(0);
    expect(wbrules(['validate', 'payloads.json'], { cwd })).toEqual({
      status: 0,
      stdout: 'ok: 41 payloads valid\n',
      stderr: '',
    });
  });

  test('every scope kind of the kitchen sink, with WANDB_BASE_URL and -o', () => {
    const result = wbrules(['resolve', 'kitchen-sink.wbrules', '-o', 'kitchen-ids.json'], {
      cwd,
      env: { ...env, WANDB_API_KEY: key, WANDB_BASE_URL: server.baseUrl },
    });
    expect(result).toEqual({ status: 0, stdout: '', stderr: '' });
    const { projects, registries, collections, teams, orgs } = expectedIds;
    expect(JSON.parse(readFileSync(join(cwd, 'kitchen-ids.json'), 'utf8'))).toEqual({
      projects: { 'acme/sandbox': projects['acme/sandbox'] },
      registries,
      collections,
      teams,
      orgs,
      webhooks: { 'acme/github-dispatch': 'SW50ZWdyYXRpb246MQ==', 'ops-team/pagerduty': 'SW50ZWdyYXRpb246Ng==' },
      slack: { 'acme/#ml-alerts': 'SW50ZWdyYXRpb246Mg==' },
    });
    expect(listFiles(cwd).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('--verbose logs each request and a summary on stderr, never the key; the key can come from ~/.netrc', () => {
    const home = tempDir({ '.netrc': `machine 127.0.0.1\n  login api\n  password ${key}\n` });
    const result = wbrules(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl, '--verbose'], {
      cwd,
      env: { ...env, HOME: home },
    });
    expect(result.status).toBe(0);
    expect(result.stderr.replace(/in \d+ ms/g, 'in <t> ms')).toBe(
      [
        `resolve: ${server.url} (API key from ~/.netrc)`,
        'resolve: ServerFeatures: HTTP 200 in <t> ms',
        'resolve: server capabilities: 9 of 9 features enabled; no fragments stripped; listing with Entity.triggers',
        'resolve: ProjectScopeLookup: HTTP 200 in <t> ms',
        'resolve: IntegrationsByEntity: HTTP 200 in <t> ms',
        'resolve: 1 scope and the integrations of 1 entity in 2 requests',
        '',
      ].join('\n'),
    );
    expect(result.stdout + result.stderr).not.toContain(key);
    expect(server.stderr()).not.toContain(key);
  });

  test('unknown names are errors at their place in the source with suggestions; nothing is written', () => {
    const typos = tempDir({
      'typos.wbrules':
        'webhook ci = "github-dispach"\nin project "acme/vison"\non run state failed -> nothing\non artifact linked in team "acme" -> webhook ci\n',
    });
    const result = wbrules(['resolve', 'typos.wbrules', '--base-url', server.baseUrl, '-o', 'ids.json'], {
      cwd: typos,
      env: { ...env, WANDB_API_KEY: key },
    });
    expect(result).toEqual({
      status: 1,
      stdout: '',
      stderr: `typos.wbrules:2:12: error[WR5101]: the server has no project "acme/vison"
2 | in project "acme/vison"
  |            ^^^^^^^^^^^^
  = hint: Did you mean "acme/vision"?

typos.wbrules:4:46: error[WR5107]: the entity "acme" has no webhook integration named "github-dispach"
4 | on artifact linked in team "acme" -> webhook ci
  |                                              ^^
  = hint: Did you mean "github-dispatch"? Fix the name in the integration's declaration.

2 errors
`,
    });
    expect(listFiles(typos)).toEqual(['typos.wbrules']);
  });

  test("a registry rule's integration that only a team has: the error names the team and the TEAM/NAME spelling", () => {
    const dir = tempDir({
      'registry.wbrules':
        'webhook ci = "github-dispatch"\nin registry "acme-org/model"\non artifact linked -> webhook ci\non run state failed in project "acme/vision" -> nothing\n',
    });
    expect(
      wbrules(['resolve', 'registry.wbrules', '--base-url', server.baseUrl], {
        cwd: dir,
        env: { ...env, WANDB_API_KEY: key },
      }),
    ).toEqual({
      status: 1,
      stdout: '',
      stderr: `registry.wbrules:3:31: error[WR5107]: the organization "acme-org" has no webhook integration named "github-dispatch", but the team "acme" has one
3 | on artifact linked -> webhook ci
  |                               ^^
  = hint: Write "acme/github-dispatch" in the declaration to use the team's webhook: in a registry or org scope, a name without "TEAM/" is looked up in the organization.

1 error
`,
    });
  });

  test('a wrong key is refused (exit 2) without showing it', () => {
    const wrong = 'wrong-key-3e7d1c9b5a2f4e6d8c0b';
    const result = wbrules(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl, '--verbose'], {
      cwd,
      env: { ...env, WANDB_API_KEY: wrong },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((l) => l.startsWith('wbrules:'))).toEqual([
      'wbrules: the server refused the API key (HTTP 401: a valid API key is required (HTTP basic auth, user "api", the key as password)); check WANDB_API_KEY or the ~/.netrc entry for this host',
    ]);
    expect(result.stderr).not.toContain(wrong);
  });

  test('no key, or plain http to a remote host, is refused before any request (exit 2)', () => {
    expect(wbrules(['resolve', 'quickstart.wbrules', '--base-url', server.baseUrl], { cwd, env })).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: no API key for "127.0.0.1": set WANDB_API_KEY, or add a "machine 127.0.0.1" entry to ${join(env.HOME as string, '.netrc')} (wandb login writes one)\n`,
    });
    expect(
      wbrules(['resolve', 'quickstart.wbrules', '--base-url', 'http://wandb.example.com'], {
        cwd,
        env: { ...env, WANDB_API_KEY: key },
      }),
    ).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'wbrules: refusing to send the API key over plain http to "wandb.example.com"; use https://, or pass --insecure if you trust the network\n',
    });
  });
});
