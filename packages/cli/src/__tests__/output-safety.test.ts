import { copyFileSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type DevServerProcess, startDevServerProcess } from './dev-server-process.js';
import { ensureBundle, listFiles, type RunResult, root, tempDir, wbrules, wbrulesAsync } from './harness.js';

ensureBundle();

/**
 * What the commands print can neither leak the API key nor drive the
 * terminal, with the real command: the key, in any spelling a server may
 * echo (raw, base64, base64url; alone or as `api:KEY`), or written into a
 * malformed base URL, or held in the name or fields of a saved automation,
 * never reaches stdout, stderr, a saved plan or a pulled file; a key too
 * short to be kept out is refused; only real loopback names count as
 * loopback; and control characters from files and servers are printed as
 * escapes.
 */

/** The key of examples/dev-seed.json. */
const devKey = 'local-dev-key';
/** A W&B-like key for the servers written here. */
const key = 'e5f1c0d2b7a94c3e8f6d1b2a0c9e7f5d3b1a2c4e';

/** Every spelling of `secret` a server might echo. */
function spellings(secret: string): string[] {
  const encoded = (text: string) => {
    const bytes = Buffer.from(text);
    const base64 = bytes.toString('base64');
    return [base64, base64.replace(/=+$/, ''), bytes.toString('base64url')];
  };
  return [...new Set([secret, ...encoded(secret), ...encoded(`api:${secret}`)])];
}

/** Whether `text` holds `secret` in any spelling. */
function leaks(text: string, secret: string): boolean {
  return spellings(secret).some((s) => text.includes(s));
}

const rule = 'automation "ok" on run metric "loss" > 1 in project "acme/vision" -> nothing\n';

/** Runs the real command without blocking this process (so a server in it can answer), in a {@link cleanEnv}. */
function runAsync(args: readonly string[], cwd: string, env: Record<string, string>): Promise<RunResult> {
  return wbrulesAsync(args, { cwd, env: cleanEnv(env) });
}

/** A clean environment: no key, base URL or home of the machine running the tests. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  return { HOME: tempDir(), WANDB_API_KEY: '', WANDB_BASE_URL: '', NETRC: '', ...extra };
}

const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A "GraphQL server" that answers every request with `body` (HTTP 400); its base URL. */
async function answering(body: unknown): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the API key never reaches the output', () => {
  test('a malformed WANDB_BASE_URL with credentials is not printed back with them', () => {
    const cwd = tempDir({ 'rules.wbrules': rule });
    const result = wbrules(['resolve', 'rules.wbrules'], {
      cwd,
      env: cleanEnv({ WANDB_BASE_URL: `http://api:${key}@[bad`, WANDB_API_KEY: key }),
    });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: the base URL from WANDB_BASE_URL is not a URL: "http://[redacted]@[bad"\n',
    });
  });

  test('a server that echoes the key in any spelling: every one is redacted', async () => {
    const echoed = spellings(key);
    expect(echoed.length).toBeGreaterThanOrEqual(5);
    const baseUrl = await answering({ errors: echoed.map((s) => ({ message: `key <${s}>` })) });
    const cwd = tempDir({ 'rules.wbrules': rule });
    const result = await runAsync(['resolve', 'rules.wbrules', '--verbose'], cwd, {
      WANDB_BASE_URL: baseUrl,
      WANDB_API_KEY: key,
    });
    expect(result.status).toBe(2);
    expect(leaks(result.stdout + result.stderr, key)).toBe(false);
    expect(result.stderr).toContain(
      `wbrules: ServerFeatures: the server answered HTTP 400: ${echoed.map(() => 'key <[redacted]>').join('; ')}\n`,
    );
  });

  test.each([
    ['k', '1 character'],
    ['key', '3 characters'],
    ['abcdefg', '7 characters'],
  ])('a key as short as %j is refused, not "redacted" out of every word', (short, length) => {
    const cwd = tempDir({ 'rules.wbrules': rule });
    const result = wbrules(['plan', 'rules.wbrules'], {
      cwd,
      env: cleanEnv({ WANDB_BASE_URL: 'http://127.0.0.1:9', WANDB_API_KEY: short }),
    });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: the API key from WANDB_API_KEY has ${length}, fewer than the 8 needed to keep it out of every message (W&B's keys have 40)\n`,
    });
  });
});

describe('a saved automation that holds the key is kept, by ID, out of plans and pulled files', () => {
  let server: DevServerProcess;
  let cwd: string;
  let made: RunResult;
  const run = (args: string[]) =>
    wbrules(args, { cwd, env: cleanEnv({ WANDB_API_KEY: devKey, WANDB_BASE_URL: server.baseUrl }) });
  beforeAll(async () => {
    cwd = tempDir({
      // What a careless (or hostile) server or user could leave behind: the key in a name and in a description.
      'made/in-app.wbrules': `in project "acme/vision"
automation "token ${devKey}" on run metric "loss" > 1 -> nothing
automation "accuracy-floor" description "uses ${devKey}" on run metric "acc" < 0.8 -> nothing
`,
      'rules/vision.wbrules': `in project "acme/vision"
automation "accuracy-floor" on run metric "acc" < 0.75 -> nothing
automation "loss-spike" on run metric "loss" > 10 -> nothing
`,
    });
    copyFileSync(join(root, 'examples/dev-seed.json'), join(cwd, 'dev-seed.json'));
    server = await startDevServerProcess(['--seed', 'dev-seed.json'], cwd);
    made = run(['apply', 'made', '--yes']);
    expect(made.status).toBe(0);
  });
  afterAll(async () => {
    await server.stop();
  });

  test('applying a file that holds the key itself prints it redacted', () => {
    expect(leaks(made.stdout + made.stderr, devKey)).toBe(false);
    expect(made.stdout).toContain('+ "token [redacted]"');
  });

  test('plan: neither renamed nor updated nor pruned, shown by ID; not in --out or --json either', () => {
    const plan = run(['plan', 'rules', '--prune', '--out', 'plan.json']);
    expect(plan.status).toBe(0);
    expect(plan.stderr).toBe('');
    expect(leaks(plan.stdout, devKey)).toBe(false);
    expect(plan.stdout).toMatch(
      new RegExp(
        `^Plan for ${server.baseUrl} \\(automations of "acme" listed; --prune\\)

project "acme/vision"
  \\+ "loss-spike"  rules/vision.wbrules:3

Kept as they are \\(they hold the API key, so they are shown by ID only and never changed\\):
  · project "acme/vision": automation \\S+ \\(the rule at rules/vision.wbrules:2 is not applied\\)
  · project "acme/vision": automation \\S+

Plan: 1 to create, 0 to update, 0 to delete; 0 unchanged, 0 not managed, 2 kept.
`,
      ),
    );
    const saved = readFileSync(join(cwd, 'plan.json'), 'utf8');
    expect(leaks(saved, devKey)).toBe(false);
    expect(JSON.parse(saved).kept).toEqual([
      expect.objectContaining({ id: expect.any(String), scope: expect.objectContaining({ path: 'acme/vision' }) }),
      expect.objectContaining({ id: expect.any(String) }),
    ]);
    expect(leaks(run(['plan', 'rules', '--json']).stdout, devKey)).toBe(false);

    const applied = run(['apply', 'plan.json', '--yes']);
    expect(applied.status).toBe(0);
    expect(leaks(applied.stdout + applied.stderr, devKey)).toBe(false);
    expect(applied.stdout).toContain('Applied: 1 created, 0 updated, 0 deleted, 0 failed');
    // Both are still there, as they were: the same two kept.
    expect(run(['plan', 'rules', '--prune']).stdout).toContain(
      'No changes: the server already holds what the files say (1 unchanged, 0 not managed, 2 kept).',
    );
  });

  test('pull: never written, not even redacted, and reported by ID', () => {
    const pulled = run(['pull', '--entity', 'acme', '-o', 'pulled']);
    expect(pulled.status).toBe(0);
    expect(leaks(pulled.stdout + pulled.stderr, devKey)).toBe(false);
    expect(pulled.stderr).toMatch(
      /^warning: automation \S+ is not written: its name or fields hold the API key, so it stays on the server as it is \("wbrules plan" lists it as kept\)\n(warning: automation \S+ is not written: .*\n)$/,
    );
    expect(pulled.stdout).toMatch(
      /Pulled \d+ automations of entity "acme" into 1 file: \d+ rules?, and 2 automations not written because they hold the API key \(/,
    );
    const files = listFiles(join(cwd, 'pulled'));
    for (const file of files) {
      const text = readFileSync(join(cwd, 'pulled', file), 'utf8');
      expect(leaks(text, devKey)).toBe(false);
      expect(text).not.toContain('[redacted]');
      expect(text).not.toContain('token');
    }
    expect(run(['plan', 'pulled', '--detailed-exitcode'])).toMatchObject({
      status: 0,
      stdout: expect.stringContaining('2 kept).'),
    });
  });
});

describe('loopback', () => {
  test('http://anything.localhost is not loopback: plain http to it needs --insecure', () => {
    const cwd = tempDir({ 'rules.wbrules': rule });
    const env = cleanEnv({ WANDB_API_KEY: key });
    expect(wbrules(['resolve', 'rules.wbrules', '--base-url', 'http://anything.localhost:9'], { cwd, env })).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'wbrules: refusing to send the API key over plain http to "anything.localhost:9"; use https://, or pass --insecure if you trust the network\n',
    });
  });
});

describe('control characters from files and servers are printed as escapes', () => {
  /** Sets the terminal's title, then clears the screen. */
  const hostile = '\u001b]0;pwned\u0007\u001b[2J';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters that must never be printed raw
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  test('a server error message (resolve)', async () => {
    const baseUrl = await answering({ errors: [{ message: `no such project ${hostile}` }] });
    const cwd = tempDir({ 'rules.wbrules': rule });
    const result = await runAsync(['resolve', 'rules.wbrules'], cwd, {
      WANDB_BASE_URL: baseUrl,
      WANDB_API_KEY: key,
    });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'wbrules: ServerFeatures: the server answered HTTP 400: no such project \\u001b]0;pwned\\u0007\\u001b[2J\n',
    });
  });

  test('an automation name in check output (the message, its note and the source line)', () => {
    const line = (n: number) =>
      `automation "a\\u001b]0;pwned\\u0007\\u009b2J" on run metric "loss" > ${n} in project "acme/vision" -> nothing`;
    const cwd = tempDir({ 'rules.wbrules': `${line(1)}\n${line(2)}\n` });
    const result = wbrules(['check', 'rules.wbrules'], { cwd });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toMatch(raw);
    expect(result.stdout).toContain(
      'rules.wbrules:2:12: error[WR2002]: an automation named "a\\u001b]0;pwned\\u0007\\u009b2J" is already defined in project "acme/vision"\n',
    );
    expect(result.stdout).toContain('note: rules.wbrules:1:12: the first "a\\u001b]0;pwned\\u0007\\u009b2J" is here\n');
  });

  test('names in replay output: an automation, a run of the history file', () => {
    const cwd = tempDir({
      'rules.wbrules': 'automation "loss\\u001b[2J" on run metric "loss" > 1 in project "acme/vision" -> nothing\n',
      'history.jsonl': `${JSON.stringify({ _step: 1, loss: 5, run_name: `run${hostile}` })}\n`,
    });
    const result = wbrules(['replay', 'rules.wbrules', '--history', 'history.jsonl'], { cwd });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(raw);
    expect(result.stdout).toContain('run "run\\u001b]0;pwned\\u0007\\u001b[2J"');
    expect(result.stdout).toContain('loss\\u001b[2J');
  });
});

describe('file names with control characters are printed escaped', () => {
  test('fmt --check and parse name the file with its control characters escaped', () => {
    const name = 'evil\u001b[2J.wbrules';
    const cwd = tempDir({ [`rules/${name}`]: 'in   team "acme"\n', 'rules/ok.wbrules': 'in team "acme"\n' });
    const fmt = wbrules(['fmt', '--check', 'rules'], { cwd });
    expect(fmt.status).toBe(1);
    expect(fmt.stderr).toContain('rules/evil\\u001b[2J.wbrules: not formatted\n');
    expect(fmt.stderr).not.toContain('\u001b');
    const parse = wbrules(['parse', 'rules'], { cwd });
    expect(parse.stdout).toBe('rules/evil\\u001b[2J.wbrules: ok: 1 item\nrules/ok.wbrules: ok: 1 item\n');
  });
});
