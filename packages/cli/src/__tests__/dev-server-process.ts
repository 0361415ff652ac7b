import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { bin } from './harness.js';

/**
 * `wbrules dev-server` as a real child process, for the tests of the
 * runtime commands: it is started with `--port 0`, its ready line is awaited
 * and parsed, and it is stopped (by its own pid, with SIGTERM) after the test
 * file. A separate process is needed anyway: the harness runs the command
 * under test with `spawnSync`, which would block an in-process server.
 */

/** A running `wbrules dev-server`. */
export interface DevServerProcess {
  readonly child: ChildProcess;
  /** The ready line's URL: `http://127.0.0.1:PORT/graphql`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`, for `--base-url`. */
  readonly baseUrl: string;
  /** Everything printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

/** Starts `wbrules dev-server --port 0 …args` in `cwd` and waits (at most 10 s) for its ready line. */
export function startDevServerProcess(args: readonly string[], cwd: string): Promise<DevServerProcess> {
  const child = spawn(process.execPath, [bin, 'dev-server', '--port', '0', ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
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
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 10 s; stderr: ${err}`)), 10_000);
    const check = () => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\/graphql\n/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve({
        child,
        url: `${match[1]}/graphql`,
        baseUrl: match[1] as string,
        stdout: () => out,
        stderr: () => err,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dev-server exited with ${code} before its ready line; stderr: ${err}`));
    });
  });
}
