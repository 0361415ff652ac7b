import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ExitCode } from '../exit-code.js';
import { clearScreen, watch } from '../watch.js';
import { ensureBundle, tempDir } from './harness.js';
import { spawnWbrules } from './spawned.js';

ensureBundle();

/**
 * `--watch` on a real process: it runs, waits, runs again on each change
 * (errors included, never exiting on them) and exits 0 on SIGTERM or SIGINT.
 * Each run ends with the line `watching N files for changes (Ctrl-C to
 * stop)` on stderr, so the tests wait for the Nth such line before editing.
 */

interface Watching {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stderr has `count` "watching" lines (rejects after 10 s), with the last one. */
  runs(count: number): Promise<string>;
  /** Sends `signal` and resolves with the exit status. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

function startWatching(args: readonly string[], cwd: string): Watching {
  const unset = {
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    WBRULES_DEBUG: undefined,
    NODE_OPTIONS: undefined,
    TERM: undefined,
  };
  const spawned = spawnWbrules(args, { cwd, env: unset });
  return {
    stdout: spawned.stdout,
    stderr: spawned.stderr,
    // The Nth "watching" line: a pattern that needs N of them before it matches.
    runs: async (count) =>
      (
        await spawned.waitFor(
          'stderr',
          new RegExp(
            `(?:[\\s\\S]*?^watching \\d+ files? for changes \\(Ctrl-C to stop\\)$){${count - 1}}[\\s\\S]*?^(watching \\d+ files? for changes \\(Ctrl-C to stop\\))$`,
            'm',
          ),
          `${count} runs`,
        )
      )[1] as string,
    stop: (signal) => {
      spawned.child.kill(signal);
      return spawned.exited;
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
