import type { ChildProcess } from 'node:child_process';
import { spawnWbrules } from './spawned.js';

/**
 * `wbrules webhook serve` as a real child process, for the tests of the
 * receiver and of delivery: started with `--port 0`, its ready line awaited
 * and parsed, stopped (by its own pid, with SIGTERM) after the test file.
 */

/** A running `wbrules webhook serve`. */
export interface ReceiverProcess {
  readonly child: ChildProcess;
  /** The ready line's URL: `http://127.0.0.1:PORT/`. */
  readonly url: string;
  /** Everything printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stdout holds `count` requests (each ends with a blank line), at most 10 s. */
  requests(count: number): Promise<string[]>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The requests printed after the ready line, one string each (without the blank line that ends it). */
export function printedRequests(stdout: string): string[] {
  const afterReady = stdout.slice(stdout.indexOf('\n') + 1);
  return afterReady === '' ? [] : afterReady.split(/\n\n(?=[A-Z]+ \/)/).map((r) => r.replace(/\n\n$/, ''));
}

/** Starts `wbrules webhook serve --port 0 …args` and waits (at most 10 s) for its ready line. */
export async function startReceiver(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ReceiverProcess> {
  const spawned = spawnWbrules(['webhook', 'serve', '--port', '0', ...args], { env: { NO_COLOR: '1', ...env } });
  const requests = async (count: number): Promise<string[]> => {
    const deadline = Date.now() + 10_000;
    // Each request is printed at once, and ends with a blank line.
    while (!spawned.stdout().endsWith('\n\n') || printedRequests(spawned.stdout()).length < count) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} requests within 10 s:\n${spawned.stdout()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return printedRequests(spawned.stdout());
  };
  const match = await spawned.waitFor('stdout', /^listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/, 'ready line');
  return {
    child: spawned.child,
    url: match[1] as string,
    stdout: spawned.stdout,
    stderr: spawned.stderr,
    requests,
    stop: () => {
      spawned.child.kill('SIGTERM');
      return spawned.exited;
    },
  };
}
