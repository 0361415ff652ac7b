import { createHmac } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

const rules = `in collection "acme/vision/resnet-weights"
webhook deploy = "deploy-hook"
automation "deploy-on-link" on artifact linked -> webhook deploy {
  "event_type": "\${event_type}",
  "version": "\${artifact_version_string}",
  "framework": "\${artifact_metadata.framework}",
  "token": "\${ACCESS_TOKEN}",
  "key": "\${API_KEY}"
}
automation "quiet" on artifact linked -> nothing
`;

const aria = `in project "acme/vision"
automation "explain-failure"
on run state failed -> aria "Explain why \${run_name} failed in \${project_name}: \${alias}"
`;

const assumedWebhook =
  'assumed (docs/semantics.md): body-bytes — the body is the stored compact requestPayload with the variables filled in; event-type-value — `${event_type}` is the wire event type, except LINK_ARTIFACT for LINK_MODEL; template-escaping — in a webhook body, variables are filled in inside JSON strings only, JSON-escaped';

describe('wbrules webhook render', () => {
  test('a webhook rule offline: the request with the built-in sample, secrets as placeholders, what was assumed', () => {
    const dir = tempDir({ 'rules.wbrules': rules });
    const result = wbrules(['webhook', 'render', 'rules.wbrules', '--rule', 'deploy-on-link'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`POST <the webhook's URL (pass --base-url to look it up)>
Content-Type: application/json

{"event_type":"LINK_ARTIFACT","version":"acme/vision/resnet-weights:v12","framework":"pytorch","token":"<secret ACCESS_TOKEN>","key":"<secret API_KEY>"}

rendered for "deploy-on-link" (artifact linked) from the built-in sample.
\${ACCESS_TOKEN} has no value (pass --secret-env ACCESS_TOKEN=ENVVAR), so "<secret ACCESS_TOKEN>" was rendered.
\${API_KEY} has no value (pass --secret-env API_KEY=ENVVAR), so "<secret API_KEY>" was rendered.
no X-Wandb-Signature: pass --signing-secret-env ENVVAR to sign the body.
${assumedWebhook}
`);
    expect(result.status).toBe(0);
  });

  test('secrets come from the environment, are sent and signed, and are never printed', () => {
    const dir = tempDir({ 'rules.wbrules': rules });
    const env = { DEPLOY_TOKEN: 'tok-"VERY-secret-1"', DEPLOY_KEY: 'key-VERY-secret-2', SIGNING: 'sign-VERY-secret-3' };
    const args = ['webhook', 'render', 'rules.wbrules', '--rule', 'deploy-on-link'];
    const secretArgs = ['--secret-env', 'ACCESS_TOKEN=DEPLOY_TOKEN', '--secret-env', 'API_KEY=DEPLOY_KEY'];
    const result = wbrules([...args, ...secretArgs, '--signing-secret-env', 'SIGNING', '--verbose'], { cwd: dir, env });
    const json = wbrules([...args, ...secretArgs, '--signing-secret-env', 'SIGNING', '--json'], { cwd: dir, env });
    for (const run of [result, json]) {
      for (const value of Object.values(env)) {
        expect(run.stdout).not.toContain(value);
        expect(run.stderr).not.toContain(value);
      }
      expect(run.stdout).not.toContain('VERY-secret');
    }
    const real =
      '{"event_type":"LINK_ARTIFACT","version":"acme/vision/resnet-weights:v12","framework":"pytorch","token":"tok-\\"VERY-secret-1\\"","key":"key-VERY-secret-2"}';
    const signature = createHmac('sha256', env.SIGNING).update(real).digest('base64');
    expect(result.stdout).toBe(`POST <the webhook's URL (pass --base-url to look it up)>
Content-Type: application/json
Authorization: Bearer <secret ACCESS_TOKEN>
X-Wandb-Signature: ${signature}

{"event_type":"LINK_ARTIFACT","version":"acme/vision/resnet-weights:v12","framework":"pytorch","token":"<secret ACCESS_TOKEN>","key":"<secret API_KEY>"}

rendered for "deploy-on-link" (artifact linked) from the built-in sample.
\${ACCESS_TOKEN} is shown as <secret ACCESS_TOKEN>; the body signed and sent holds its value.
\${API_KEY} is shown as <secret API_KEY>; the body signed and sent holds its value.
${assumedWebhook}
`);
    expect(JSON.parse(json.stdout)).toEqual({
      method: 'POST',
      url: null,
      headers: {
        'Content-Type': 'application/json',
        Authorization: 'Bearer <secret ACCESS_TOKEN>',
        'X-Wandb-Signature': signature,
      },
      body: '{"event_type":"LINK_ARTIFACT","version":"acme/vision/resnet-weights:v12","framework":"pytorch","token":"<secret ACCESS_TOKEN>","key":"<secret API_KEY>"}',
      notApplicable: [],
      unknown: [],
      unsetSecrets: [],
      assumed: ['body-bytes', 'event-type-value', 'template-escaping'],
    });
    expect([result.status, json.status]).toEqual([0, 0]);
  });

  test('an unset secret: its placeholder is what is rendered and signed', () => {
    const dir = tempDir({ 'rules.wbrules': rules });
    const result = wbrules(
      ['webhook', 'render', 'rules.wbrules', '--rule', 'deploy-on-link', '--signing-secret-env', 'S', '--json'],
      { cwd: dir, env: { S: 'k' } },
    );
    const body = JSON.parse(result.stdout).body as string;
    expect(JSON.parse(result.stdout).headers['X-Wandb-Signature']).toBe(
      createHmac('sha256', 'k').update(body).digest('base64'),
    );
    expect(JSON.parse(result.stdout).unsetSecrets).toEqual(['ACCESS_TOKEN', 'API_KEY']);
  });

  test('an ARIA rule prints the prompt; --event and --set override the sample, --set last', () => {
    const dir = tempDir({
      'aria.wbrules': aria,
      'event.json': JSON.stringify({ run_name: 'from-the-file', project_name: 'imagenet' }),
    });
    const args = ['webhook', 'render', 'aria.wbrules', '--rule', 'explain-failure'];
    const result = wbrules([...args, '--event', 'event.json', '--set', 'run_name=nightly "7"'], { cwd: dir });
    // The compiler warns about ${alias} as it always does; render says what it rendered.
    expect(result.stderr).toContain('warning[WR3021]: "${alias}" does not apply to "run state" events');
    expect(result.stdout).toBe(`ARIA prompt for "explain-failure" (run state):
Explain why nightly "7" failed in imagenet: 

rendered for "explain-failure" (run state) from the built-in sample, with \${project_name} from event.json and \${run_name} from --set; \${alias} does not apply to "run state" events and rendered as "".
`);
    const json = wbrules([...args, '--json'], { cwd: dir });
    expect(JSON.parse(json.stdout)).toEqual({
      prompt: 'Explain why resnet-50-lr3e-4 failed in vision: ',
      notApplicable: ['alias'],
      unknown: [],
      unsetSecrets: [],
      assumed: [],
    });
  });

  test.each([
    [['--rule', 'deploy-on-lnk'], 'wbrules: no rule named "deploy-on-lnk"; did you mean "deploy-on-link"?\n', 2],
    [
      ['--rule', 'quiet'],
      'wbrules: the rule "quiet" sends neither a webhook nor an ARIA prompt (its action is NO_OP)\n',
      2,
    ],
    [['--rule', 'deploy-on-link', '--set', 'run_name'], 'wbrules: --set "run_name" is not VAR=VALUE\n', 2],
    [
      ['--rule', 'deploy-on-link', '--set', 'API_KEY=x'],
      'wbrules: secrets never come from the command line: use --secret-env API_KEY=ENVVAR\n',
      2,
    ],
    [
      ['--rule', 'deploy-on-link', '--secret-env', 'API_KEY=UNSET_VARIABLE'],
      'wbrules: the environment variable "UNSET_VARIABLE" (--secret-env API_KEY) is not set\n',
      2,
    ],
    [
      ['--rule', 'deploy-on-link', '--secret-env', 'api_key=X'],
      'wbrules: --secret-env "api_key=X": "api_key" is not a secret name (upper case, such as ACCESS_TOKEN)\n',
      2,
    ],
    [
      ['--rule', 'deploy-on-link', '--signing-secret-env', 'UNSET_VARIABLE'],
      'wbrules: the environment variable "UNSET_VARIABLE" (--signing-secret-env) is not set\n',
      2,
    ],
    [
      ['--rule', 'deploy-on-link', '--event', 'list.json'],
      'list.json: error: the event file must be a JSON object of variable values (strings, numbers or booleans)\n',
      1,
    ],
    [
      ['--rule', 'deploy-on-link', '--event', 'nested.json'],
      'nested.json: error: "alias" must be a string, a number or a boolean\n',
      1,
    ],
    [['--rule', 'deploy-on-link', '--event', 'bad.json'], /^bad\.json: error: the event file is not valid JSON: /, 1],
    [['--rule', 'deploy-on-link', '--event', 'missing.json'], /^wbrules: cannot read "missing\.json": /, 2],
  ])('%j: one line on stderr, no stack trace', (extra, stderr, status) => {
    const dir = tempDir({
      'rules.wbrules': rules,
      'list.json': '[1]',
      'nested.json': '{"alias": {"a": 1}}',
      'bad.json': '{',
    });
    const result = wbrules(['webhook', 'render', 'rules.wbrules', ...extra], { cwd: dir });
    if (typeof stderr === 'string') expect(result.stderr).toBe(stderr);
    else expect(result.stderr).toMatch(stderr);
    expect(result.stderr.split('\n').length).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(status);
  });

  test('rules with errors are diagnostics, exit 1; --help for the group and the command', () => {
    const dir = tempDir({ 'bad.wbrules': 'automation "x" on run state failed -> webhook nope' });
    const result = wbrules(['webhook', 'render', 'bad.wbrules', '--rule', 'x'], { cwd: dir });
    expect(result.stderr).toContain('error[');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
    const group = wbrules(['webhook', '--help']);
    expect(group.stdout).toContain('render [options] <files...>');
    const render = wbrules(['webhook', 'render', '--help']);
    expect(render.stdout).toContain('--signing-secret-env <envvar>');
    expect(render.status).toBe(0);
  });
});

describe('wbrules webhook render --base-url', () => {
  let server: DevServerProcess;
  let cwd: string;
  beforeAll(async () => {
    cwd = tempDir({
      'ci.wbrules': `in project "acme/vision"
webhook ci = "github-dispatch"
webhook gone = "no-such-hook"
automation "ci" on run state failed -> webhook ci
automation "gone" on run state failed -> webhook gone
`,
    });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
  });
  afterAll(async () => {
    await server.stop();
  });
  const env = () => ({ HOME: tempDir(), WANDB_API_KEY: 'local-dev-key', NETRC: '' });

  test("looks the integration up in the rule's entity and prints its URL; never the API key", () => {
    const result = wbrules(['webhook', 'render', 'ci.wbrules', '--rule', 'ci', '--base-url', server.baseUrl], {
      cwd,
      env: env(),
    });
    expect(result.stdout.split('\n').slice(0, 4)).toEqual([
      'POST https://hooks.example.com/ci',
      'Content-Type: application/json',
      '',
      '{}',
    ]);
    expect(result.stdout + result.stderr).not.toContain('local-dev-key');
    expect(result.status).toBe(0);
  });

  test('an integration the server does not have: one line, exit 1', () => {
    const result = wbrules(['webhook', 'render', 'ci.wbrules', '--rule', 'gone', '--base-url', server.baseUrl], {
      cwd,
      env: env(),
    });
    expect(result.stderr.split('\n').at(-2)).toBe(
      'wbrules: the entity "acme" has no webhook integration named "no-such-hook"',
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  });
});
