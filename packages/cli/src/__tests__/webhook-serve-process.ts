import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll } from 'vitest';
import { bin } from './harness.js';

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

const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
});

/** The requests printed after the ready line, one string each (without the blank line that ends it). */
export function printedRequests(stdout: string): string[] {
  const afterReady = stdout.slice(stdout.indexOf('\n') + 1);
  return afterReady === '' ? [] : afterReady.split(/\n\n(?=[A-Z]+ \/)/).map((r) => r.replace(/\n\n$/, ''));
}

/** Starts `wbrules webhook serve --port 0 …args` and waits (at most 10 s) for its ready line. */
export function startReceiver(
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, [bin, 'webhook', 'serve', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
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
  const requests = async (count: number): Promise<string[]> => {
    const deadline = Date.now() + 10_000;
    // Each request is printed at once, and ends with a blank line.
    while (!out.endsWith('\n\n') || printedRequests(out).length < count) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} requests within 10 s:\n${out}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return printedRequests(out);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 10 s; stderr: ${err}`)), 10_000);
    const check = () => {
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.stdout?.off('data', check);
      resolve({
        child,
        url: match[1] as string,
        stdout: () => out,
        stderr: () => err,
        requests,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`webhook serve exited with ${code} before its ready line; stderr: ${err}`));
    });
  });
}
