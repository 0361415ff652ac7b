import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

/**
 * The receivers docs/webhooks.md shows (examples/receivers/) really accept
 * what W&B sends, as `wbrules webhook sign` and `wbrules webhook render`
 * produce it, and refuse a tampered body or a wrong signature.
 */

const secret = 'wh-secret-Zq81x';
const env = { WANDB_WEBHOOK_SECRET: secret };
const receivers = [
  ['receiver.mjs', process.execPath],
  ['receiver.py', 'python3'],
] as const;

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

/** Starts a receiver on a free port and resolves with its URL once it prints its ready line. */
function start(file: string, command: string): Promise<string> {
  const child = spawn(command, [join(root, 'examples/receivers', file)], {
    env: { ...process.env, ...env, PORT: '0', PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file}: no ready line within 10 s; stderr: ${err}`)), 10_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}; stderr: ${err}`)));
  });
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
  await response.body?.cancel();
  return response.status;
}

const body = '{"event_type":"RUN_METRIC","project_name":"vision","note":"ünïcode ✓"}';

/** The signature `wbrules webhook sign` prints for `text`. */
function sign(text: string): string {
  const result = wbrules(['webhook', 'sign', '--signing-secret-env', 'WANDB_WEBHOOK_SECRET'], { env, input: text });
  expect(result.status).toBe(0);
  return result.stdout.trim();
}

const rules = `webhook ci = "github-dispatch"
in project "acme/vision"
automation "loss-alert" on run metric "loss" > 5
  -> webhook ci { "event": "\${event_type}", "project": "\${project_name}", "note": "ünïcode ✓", "n": [1, 2.5] }
`;

describe.each(receivers)('examples/receivers/%s', (file, command) => {
  test('accepts a request signed by "wbrules webhook sign" and refuses a tampered body or a wrong signature', async () => {
    const url = await start(file, command);
    const signature = sign(body);
    expect(signature).toBe(createHmac('sha256', secret).update(body).digest('base64'));
    expect(await post(url, body, { 'X-Wandb-Signature': signature })).toBe(200);
    expect(await post(url, body.replace('vision', 'visi0n'), { 'X-Wandb-Signature': signature })).toBe(401);
    expect(await post(url, body, { 'X-Wandb-Signature': `sha256=${signature}` })).toBe(401);
    const hex = createHmac('sha256', secret).update(body).digest('hex');
    expect(await post(url, body, { 'X-Wandb-Signature': hex })).toBe(401);
    expect(await post(url, body, {})).toBe(401);
  });

  test('accepts the request "wbrules webhook render --json" prints for a rule', async () => {
    const url = await start(file, command);
    const cwd = tempDir({ 'rules.wbrules': rules });
    const rendered = wbrules(
      [
        'webhook',
        'render',
        'rules.wbrules',
        '--rule',
        'loss-alert',
        '--signing-secret-env',
        'WANDB_WEBHOOK_SECRET',
        '--json',
      ],
      { cwd, env },
    );
    expect(rendered.status).toBe(0);
    const request = JSON.parse(rendered.stdout) as { headers: Record<string, string>; body: string };
    expect(request.headers['X-Wandb-Signature']).toBe(sign(request.body));
    expect(await post(url, request.body, request.headers)).toBe(200);
    expect(await post(url, `${request.body} `, request.headers)).toBe(401);
  });
});

describe('docs/webhooks.md', () => {
  const doc = readFileSync(join(root, 'docs/webhooks.md'), 'utf8');

  test.each([
    ['receiver.mjs', 'js'],
    ['receiver.py', 'python'],
  ])('includes examples/receivers/%s verbatim', (file, language) => {
    const text = readFileSync(join(root, 'examples/receivers', file), 'utf8');
    expect(doc).toContain(`\`\`\`${language}\n${text}\`\`\`\n`);
  });

  test("shows the signatures the drill's secret really gives", () => {
    const drillEnv = { WANDB_WEBHOOK_SECRET: 'drill-secret' };
    expect(doc).toContain('export WANDB_WEBHOOK_SECRET=drill-secret');
    const rendered = wbrules(
      [
        'webhook',
        'render',
        'examples/receivers/drill.wbrules',
        '--rule',
        'loss-dropped',
        '--signing-secret-env',
        'WANDB_WEBHOOK_SECRET',
      ],
      { cwd: root, env: drillEnv },
    );
    const signatureLine = rendered.stdout.split('\n').find((line) => line.startsWith('X-Wandb-Signature: '));
    expect(doc).toContain(`\n${signatureLine}\n`);
    const delivered =
      '{"event_type":"RUN_METRIC_CHANGE","project":"acme/vision","run":"prod-1","automation":"loss-dropped"}';
    const signature = createHmac('sha256', 'drill-secret').update(delivered).digest('base64');
    expect(doc).toContain(`\nX-Wandb-Signature: ${signature}\n`);
    expect(doc).toContain(`\n${delivered}\nsignature: valid\n`);
  });
});
