import { createHmac } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, root, tempDir, wbrules, wbrulesAsync } from './harness.js';
import { startReceiver } from './webhook-serve-process.js';

ensureBundle();

/**
 * `--deliver` of `wbrules replay` and `wbrules test` into `wbrules webhook
 * serve`, both real processes: every webhook firing the command reports is
 * delivered once, in order, signed; a receiver that fails or hangs is
 * reported and the run goes on.
 */

const secret = 'wh-secret-Zq81x';
const env = { WANDB_WEBHOOK_SECRET: secret };
const replayArgs = ['replay', 'drill.wbrules', '--history', 'history.jsonl'];

/** A directory with the bundled drill rules and history (docs/webhooks.md). */
function drillDir(): string {
  const cwd = tempDir();
  copyFileSync(join(root, 'examples/receivers/drill.wbrules'), join(cwd, 'drill.wbrules'));
  copyFileSync(join(root, 'examples/quickstart-history.jsonl'), join(cwd, 'history.jsonl'));
  return cwd;
}

/** `deliver 1/3: … 200 in 4 ms` with the latency as `N`. */
const stableMs = (text: string) => text.replace(/ in \d+ ms/g, ' in N ms');

describe('replay --deliver', () => {
  test('delivers exactly the firings replay reports, in order, each with a valid signature', async () => {
    const cwd = drillDir();
    const replayed = wbrules([...replayArgs, '--json', '--show-payloads'], { cwd });
    const firings = JSON.parse(replayed.stdout) as { run: string; payload: string }[];
    expect(firings.map((f) => f.run)).toEqual(['prod-1', 'dev-1', 'prod-2']);

    const receiver = await startReceiver(['--signing-secret-env', 'WANDB_WEBHOOK_SECRET'], env);
    const result = await wbrulesAsync(
      [...replayArgs, '--deliver', '--to', `${receiver.url}wandb`, '--signing-secret-env', 'WANDB_WEBHOOK_SECRET'],
      { cwd, env },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(wbrules(replayArgs, { cwd }).stdout);
    expect(stableMs(result.stderr)).toBe(`deliver 1/3: "loss-dropped" (run "prod-1" at step 900): 200 in N ms
deliver 2/3: "loss-dropped" (run "dev-1" at step 900): 200 in N ms
deliver 3/3: "loss-dropped" (run "prod-2" at step 900): 200 in N ms
deliveries: 3 requests to ${receiver.url}wandb, 3 answered 2xx
`);
    const printed = await receiver.requests(3);
    expect(printed).toHaveLength(3);
    printed.forEach((request, i) => {
      const body = (firings[i] as { payload: string }).payload.replace(/^body: /, '');
      expect(request).toMatch(/^POST \/wandb\n/);
      expect(request).toContain('\nContent-Type: application/json\n');
      expect(request).toContain(`\nX-Wandb-Signature: ${createHmac('sha256', secret).update(body).digest('base64')}\n`);
      expect(request.endsWith(`\n\n${body}\nsignature: valid`)).toBe(true);
    });
    expect(receiver.stdout()).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
    expect(await receiver.stop()).toBe(0);
  });

  test('a receiver that answers 500 is reported, every firing is still delivered, exit 1', async () => {
    const cwd = drillDir();
    const receiver = await startReceiver(['--respond', '500']);
    const result = await wbrulesAsync([...replayArgs, '--deliver', '--to', receiver.url], { cwd });
    expect(result.status).toBe(1);
    expect(
      stableMs(result.stderr),
    ).toBe(`deliver 1/3: "loss-dropped" (run "prod-1" at step 900), unsigned: 500 in N ms (not 2xx)
deliver 2/3: "loss-dropped" (run "dev-1" at step 900), unsigned: 500 in N ms (not 2xx)
deliver 3/3: "loss-dropped" (run "prod-2" at step 900), unsigned: 500 in N ms (not 2xx)
deliveries: 3 requests to ${receiver.url}, 0 answered 2xx, 3 did not
`);
    expect(await receiver.requests(3)).toHaveLength(3);
    expect(await receiver.stop()).toBe(0);
  });

  test('a receiver that hangs is reported as a timeout, and the run goes on', async () => {
    const cwd = drillDir();
    const receiver = await startReceiver(['--delay', '60000']);
    const result = await wbrulesAsync(
      [...replayArgs, '--deliver', '--to', receiver.url, '--deliver-timeout', '300', '--quiet'],
      { cwd },
    );
    expect(result.status).toBe(1);
    expect(
      result.stderr,
    ).toBe(`deliver 1/3: "loss-dropped" (run "prod-1" at step 900), unsigned: no answer: timed out after 300 ms
deliver 2/3: "loss-dropped" (run "dev-1" at step 900), unsigned: no answer: timed out after 300 ms
deliver 3/3: "loss-dropped" (run "prod-2" at step 900), unsigned: no answer: timed out after 300 ms
deliveries: 3 requests to ${receiver.url}, 0 answered 2xx, 3 did not
`);
    expect(await receiver.stop()).toBe(0);
  });

  test("with --base-url and no --to, each request goes to its webhook integration's URL on that server", async () => {
    const cwd = drillDir();
    const receiver = await startReceiver(['--signing-secret-env', 'WANDB_WEBHOOK_SECRET'], env);
    writeFileSync(
      join(cwd, 'seed.json'),
      JSON.stringify({
        apiKeys: ['local-dev-key'],
        entities: [{ name: 'acme', type: 'team' }],
        projects: [{ entity: 'acme', name: 'vision' }],
        integrations: [{ entity: 'acme', kind: 'webhook', name: 'github-dispatch', url: `${receiver.url}dispatch` }],
      }),
    );
    const server = await startDevServerProcess(['--seed', 'seed.json', '--port', '0'], cwd);
    try {
      const args = [
        ...replayArgs,
        '--deliver',
        '--base-url',
        server.baseUrl,
        '--signing-secret-env',
        'WANDB_WEBHOOK_SECRET',
      ];
      const result = await wbrulesAsync(args, { cwd, env: { ...env, WANDB_API_KEY: 'local-dev-key' } });
      expect(stableMs(result.stderr)).toBe(`deliver 1/3: "loss-dropped" (run "prod-1" at step 900): 200 in N ms
deliver 2/3: "loss-dropped" (run "dev-1" at step 900): 200 in N ms
deliver 3/3: "loss-dropped" (run "prod-2" at step 900): 200 in N ms
deliveries: 3 requests to each webhook integration's URL, 3 answered 2xx
`);
      expect(result.status).toBe(0);
      const printed = await receiver.requests(3);
      for (const request of printed) {
        expect(request).toMatch(/^POST \/dispatch\n/);
        expect(request.endsWith('\nsignature: valid')).toBe(true);
      }
      // An integration the server does not have: each delivery says so, nothing is sent.
      writeFileSync(
        join(cwd, 'drill.wbrules'),
        readFileSync(join(cwd, 'drill.wbrules'), 'utf8').replace('"github-dispatch"', '"nope"'),
      );
      const missing = await wbrulesAsync([...replayArgs, '--deliver', '--base-url', server.baseUrl, '--quiet'], {
        cwd,
        env: { WANDB_API_KEY: 'local-dev-key' },
      });
      expect(missing.status).toBe(1);
      expect(missing.stderr).toContain(
        'deliver 1/3: "loss-dropped" (run "prod-1" at step 900), unsigned: no answer: the entity "acme" has no webhook integration named "nope"',
      );
    } finally {
      expect(await server.stop()).toBe(0);
      expect(await receiver.stop()).toBe(0);
    }
  });

  test.each([
    [['--deliver'], '--deliver needs --to URL'],
    [['--to', 'http://127.0.0.1:8181/'], '--to is only for --deliver'],
    [
      ['--deliver', '--to', 'http://hooks.example.com/'],
      '--to: refused to send to http://hooks.example.com over plain http://',
    ],
    [
      ['--deliver', '--to', 'http://127.0.0.1:8181/', '--signing-secret-env', 'WBRULES_NOT_SET'],
      'the environment variable "WBRULES_NOT_SET" (--signing-secret-env) is not set',
    ],
  ])('%j is a usage error, before anything is replayed', (args, message) => {
    const result = wbrules([...replayArgs, ...args], { cwd: drillDir() });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`wbrules: ${message}`);
  });
});

describe('test --deliver', () => {
  test("delivers each case's webhook firings, signed with the integration's own secret", async () => {
    const cwd = tempDir();
    for (const file of ['quickstart.wbrules', 'quickstart.wbrules-test.yaml'])
      copyFileSync(join(root, 'examples', file), join(cwd, file));
    const receiver = await startReceiver(['--signing-secret-env', 'WANDB_WEBHOOK_SECRET'], env);
    const result = await wbrulesAsync(
      [
        'test',
        '--deliver',
        '--to',
        receiver.url,
        '--signing-secret-env',
        'github-dispatch=WANDB_WEBHOOK_SECRET',
        '--signing-secret-env',
        'nope=WANDB_WEBHOOK_SECRET',
      ],
      { cwd, env },
    );
    expect(result.status).toBe(0);
    expect(
      stableMs(result.stderr),
    ).toBe(`warning: --signing-secret-env "nope": no webhook that fired uses an integration of that name
deliver 1/1: "loss-changes-by-10pct-within-5-webhook-ci" (run "prod-9" at step 9): 200 in N ms
deliveries: 1 request to ${receiver.url}, 1 answered 2xx
`);
    const [printed] = await receiver.requests(1);
    expect(printed).toMatch(/\n\{\}\nsignature: valid$/);
    expect(await receiver.stop()).toBe(0);
  });
});
