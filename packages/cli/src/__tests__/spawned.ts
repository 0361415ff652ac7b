import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { bin } from './harness.js';

/**
 * `wbrules` as a long-running child process (a server, a receiver, a
 * watcher): its output collected as it comes, its exit awaited, and every
 * one still running killed after the test file.
 */

/** A running `wbrules` process. */
export interface Spawned {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /**
   * Resolves with the first match of `pattern` in the stream, waiting for
   * more output as it comes; rejects after `ms` milliseconds or when the
   * process exits without it.
   */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, what: string, ms?: number): Promise<RegExpExecArray>;
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

/** Starts `node bin/wbrules.cjs …args`, with `env` over the test's own environment (`env[NAME] = undefined` removes one). */
export function spawnWbrules(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): Spawned {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, [bin, ...args], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  const text = (stream: 'stdout' | 'stderr') => (stream === 'stdout' ? out : err);
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp, what: string, ms = 10_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const source = stream === 'stdout' ? child.stdout : child.stderr;
      let done = false;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        source?.off('data', check);
        outcome();
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${what} within ${ms / 1000} s; stdout: ${out}\nstderr: ${err}`))),
        ms,
      );
      const check = (): void => {
        const match = pattern.exec(text(stream));
        if (match !== null) finish(() => resolve(match));
      };
      source?.on('data', check);
      void exited.then((code) =>
        finish(() => reject(new Error(`exited with ${code} before its ${what}; stderr: ${err}`))),
      );
      check();
    });
  return { child, stdout: () => out, stderr: () => err, exited, waitFor };
}
