import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { clearScreen, watch } from '../watch.js';
import { bin, ensureBundle, tempDir } from './harness.js';

ensureBundle();

/**
 * `--watch` on a real process: it runs, waits, runs again on each change
 * (errors included, never exiting on them) and exits 0 on SIGTERM or SIGINT.
 * Each run ends with the line `watching N files for changes (Ctrl-C to
 * stop)` on stderr, so the tests wait for the Nth such line before editing.
 */

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

interface Watching {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stderr has `count` "watching" lines (rejects after 10 s), with the last one. */
  runs(count: number): Promise<string>;
  /** Sends `signal` and resolves with the exit status. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

function startWatching(args: readonly string[], cwd: string): Watching {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'WBRULES_DEBUG', 'NODE_OPTIONS', 'TERM']) delete env[name];
  const child = spawn(process.execPath, [bin, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () => err.match(/^watching \d+ files? for changes \(Ctrl-C to stop\)$/gm) ?? [];
  return {
    stdout: () => out,
    stderr: () => err,
    runs: (count) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.stderr?.off('data', check);
          reject(new Error(`not ${count} runs within 10 s; stdout: ${out}\nstderr: ${err}`));
        }, 10_000);
        const check = (): void => {
          const found = lines();
          if (found.length < count) return;
          clearTimeout(timer);
          child.stderr?.off('data', check);
          resolve(found[count - 1] as string);
        };
        child.stderr?.on('data', check);
        check();
      }),
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}

const rule = (name: string) => `in project "acme/vision"\n\nautomation "${name}"\non run state failed\n  -> nothing\n`;
const broken = 'in project "acme/vision"\non run metric "x" > -> nothing\n';

describe('--watch', () => {
  test('check: an error is printed and the process waits; a fix runs clean; a new file counts; SIGTERM exits 0', async () => {
    const dir = tempDir({ 'rules/a.wbrules': rule('a') });
    const watching = startWatching(['check', '--watch', 'rules'], dir);
    expect(await watching.runs(1)).toBe('watching 1 file for changes (Ctrl-C to stop)');
    expect(watching.stderr()).toBe(
      'checked 1 file: 1 rule, 0 errors, 0 warnings\nwatching 1 file for changes (Ctrl-C to stop)\n',
    );

    writeFileSync(join(dir, 'rules/a.wbrules'), broken);
    await watching.runs(2);
    expect(watching.stdout()).toBe(`rules/a.wbrules:2:21: error[WR1101]: expected a number after ">", found "->"
2 | on run metric "x" > -> nothing
  |                     ^^

1 error
`);

    writeFileSync(join(dir, 'rules/a.wbrules'), rule('a'));
    await watching.runs(3);
    writeFileSync(join(dir, 'rules/b.wbrules'), rule('b'));
    expect(await watching.runs(4)).toBe('watching 2 files for changes (Ctrl-C to stop)');
    expect(
      watching
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('checked')),
    ).toEqual([
      'checked 1 file: 1 rule, 0 errors, 0 warnings',
      'checked 1 file: 1 rule, 0 errors, 0 warnings',
      'checked 2 files: 2 rules, 0 errors, 0 warnings',
    ]);
    // Not a terminal: the screen is never cleared.
    expect(watching.stdout()).not.toContain('\x1b');
    expect(await watching.stop('SIGTERM')).toBe(0);
  });

  test('compile -o: the file is rewritten on each clean run, left alone on errors', async () => {
    const dir = tempDir({ 'a.wbrules': rule('first') });
    const out = join(dir, 'out.json');
    const watching = startWatching(['compile', '--watch', '-o', 'out.json', 'a.wbrules'], dir);
    await watching.runs(1);
    const names = () => (JSON.parse(readFileSync(out, 'utf8')) as { name: string }[]).map((a) => a.name);
    expect(names()).toEqual(['first']);

    writeFileSync(join(dir, 'a.wbrules'), rule('second'));
    await watching.runs(2);
    expect(names()).toEqual(['second']);

    writeFileSync(join(dir, 'a.wbrules'), broken);
    await watching.runs(3);
    expect(names()).toEqual(['second']);
    expect(watching.stderr()).toContain('a.wbrules:2:21: error[WR1101]');
    expect(watching.stdout()).toBe('');
    expect(await watching.stop('SIGTERM')).toBe(0);
  });

  test('test: a change to a rules file a test names runs the tests again; SIGINT exits 0', async () => {
    const dir = tempDir({
      'rules/a.wbrules': rule('a'),
      'tests/a.wbrules-test.yaml': `rules: [../rules/a.wbrules]
tests:
  - name: a failed run fires
    runs:
      - { name: r1, states: ["running@0", "failed@3"] }
    expect:
      - { fires: a, run: r1, step: 3 }
`,
    });
    const watching = startWatching(['test', '--watch', 'tests'], dir);
    // The test file, and the rules file it names.
    expect(await watching.runs(1)).toBe('watching 2 files for changes (Ctrl-C to stop)');
    expect(watching.stdout()).toContain('1 case in 1 file: 1 passed, 0 failed');

    // Still "a", but on a metric the run never logs: it no longer fires, so the case fails.
    writeFileSync(join(dir, 'rules/a.wbrules'), rule('a').replace('state failed', 'metric "loss" > 1'));
    await watching.runs(2);
    expect(watching.stdout()).toContain('1 case in 1 file: 0 passed, 1 failed');
    expect(await watching.stop('SIGINT')).toBe(0);
  });
});

describe('watch (in-process)', () => {
  test('on a terminal, the screen is cleared before each run after the first; a throwing run is reported', async () => {
    const dir = tempDir({ 'a.wbrules': rule('a') });
    const out: string[] = [];
    const reported: unknown[] = [];
    let runs = 0;
    const io = {
      stdout: (t: string) => void out.push(t),
      stderr: (t: string) => void out.push(t),
      color: false,
      stdoutIsTTY: true,
    };
    const done = watch({
      patterns: [join(dir, 'a.wbrules')],
      suffix: '.wbrules',
      io,
      debounceMs: 20,
      run: () => {
        runs++;
        out.push(`run ${runs}\n`);
        if (runs === 2) throw new Error('boom');
        return ExitCode.ok;
      },
      report: (error) => {
        reported.push(error);
        return ExitCode.usage;
      },
    });
    const waitFor = async (n: number) => {
      for (let i = 0; i < 200 && runs < n; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(1);
    writeFileSync(join(dir, 'a.wbrules'), rule('b'));
    await waitFor(2);
    writeFileSync(join(dir, 'a.wbrules'), rule('c'));
    await waitFor(3);
    process.emit('SIGTERM');
    expect(await done).toBe(ExitCode.ok);
    const watchingLine = 'watching 1 file for changes (Ctrl-C to stop)\n';
    expect(out).toEqual([
      'run 1\n',
      watchingLine,
      clearScreen,
      'run 2\n',
      watchingLine,
      clearScreen,
      'run 3\n',
      watchingLine,
    ]);
    expect(reported.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});
