import type { ChildProcess } from 'node:child_process';
import { spawnWbrules } from './spawned.js';

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

/** Starts `wbrules dev-server --port 0 …args` in `cwd` and waits (at most 10 s) for its ready line. */
export async function startDevServerProcess(args: readonly string[], cwd: string): Promise<DevServerProcess> {
  const spawned = spawnWbrules(['dev-server', '--port', '0', ...args], { cwd, env: { NO_COLOR: '1' } });
  const match = await spawned.waitFor('stdout', /^listening on (http:\/\/127\.0\.0\.1:\d+)\/graphql\n/, 'ready line');
  return {
    child: spawned.child,
    url: `${match[1]}/graphql`,
    baseUrl: match[1] as string,
    stdout: spawned.stdout,
    stderr: spawned.stderr,
    stop: () => {
      spawned.child.kill('SIGTERM');
      return spawned.exited;
    },
  };
}
