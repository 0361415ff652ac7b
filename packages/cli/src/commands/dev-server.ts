import {
  DataFileInUseError,
  DevServerError,
  FaultInjector,
  FaultSpecError,
  openDevStore,
  parseFaults,
  profileNamed,
  SeedError,
  startDevServer,
} from '@wbrules/dev-server';
import { resolve } from 'node:path';
import { isLoopback } from '@wbrules/runtime';
import { ExitCode, InputError, UsageError } from '../exit-code.js';
import { describeFsError } from '../files.js';
import { plural } from '../output.js';
import type { Io } from '../io.js';
import { printable } from '../printable.js';

/** Options of `wbrules dev-server`. */
export interface DevServerCommandOptions {
  /** A port number; `0` picks a free one. */
  readonly port: string;
  readonly host: string;
  /** Keep the state in this file (created if missing, loaded if present). */
  readonly data?: string;
  /** A seed fixture for a new state (its format: docs/dev-server.md, `storeFromSeed` in @wbrules/dev-server). */
  readonly seed?: string;
  /** Faults to inject, e.g. `500=0.1,lost=0.05,seed=7` (see `parseFaults`). */
  readonly faults?: string;
  /** The W&B server to pretend to be (`profiles` in @wbrules/dev-server); default `saas`. */
  readonly profile?: string;
}

/** What stops the server (the process's signals, or a test's emitter). */
export interface StopSignals {
  once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

/**
 * `wbrules dev-server [--port N] [--host H] [--data FILE] [--seed FILE]
 * [--faults SPEC] [--profile NAME]`: a local W&B-compatible GraphQL server
 * (`--profile` picks the W&B server it pretends to be; `--faults`
 * makes it fail on purpose: HTTP 500 and 429, dropped connections, slow
 * answers, and answers lost after the change was made). Prints exactly one line on stdout
 * once it accepts connections, `listening on http://127.0.0.1:PORT/graphql`
 * (the real port when `--port 0`), then one line per request on stderr
 * (method, path, operation, status, duration; never a key). Runs until
 * SIGINT or SIGTERM, then exits 0. A bad seed or data file is exit 1; an
 * empty `--host`, a port that cannot be used, or a data file another server
 * holds is exit 2. Listening beyond loopback is said on stderr, because the
 * server is then reachable from the network and answers any `Host`.
 */
export async function devServerCommand(
  options: DevServerCommandOptions,
  io: Io,
  signals: StopSignals = process,
): Promise<ExitCode> {
  if (options.host.trim() === '') {
    throw new UsageError(
      '--host must not be empty; give an address: 127.0.0.1 (this machine only, the default) or 0.0.0.0 (every interface)',
    );
  }
  const port = parsePort(options.port);
  const profile = profileNamed(options.profile ?? 'saas');
  if (profile === undefined)
    throw new UsageError(
      `--profile must be one of saas, dedicated-0.81, self-managed-0.75, no-features-field, found "${options.profile}"`,
    );
  let faults: FaultInjector | undefined;
  if (options.faults !== undefined) {
    try {
      faults = new FaultInjector(parseFaults(options.faults));
    } catch (error) {
      if (error instanceof FaultSpecError) throw new UsageError(`--faults: ${error.message}`);
      throw error;
    }
  }
  let opened: ReturnType<typeof openDevStore>;
  try {
    opened = openDevStore({
      ...(options.data === undefined ? {} : { dataFile: options.data }),
      ...(options.seed === undefined ? {} : { seedFile: options.seed }),
    });
  } catch (error) {
    if (error instanceof SeedError) throw new InputError(options.seed ?? '<seed>', error.problems);
    if (error instanceof DataFileInUseError)
      throw new UsageError(`cannot use the data file "${options.data}": ${error.message}`);
    if (error instanceof DevServerError || error instanceof SyntaxError)
      throw new InputError(options.data ?? '<data>', error.message);
    if ((error as NodeJS.ErrnoException).code !== undefined) {
      throw new UsageError(`cannot use the data file "${options.data}": ${describeFsError(error)}`);
    }
    throw error;
  }
  // A link is followed; say where the state really goes.
  const data =
    opened.dataFile === undefined || opened.dataFile === resolve(options.data ?? '')
      ? options.data
      : `${options.data} → ${opened.dataFile}`;
  const where = {
    loaded: `data: ${data} (loaded${opened.seedIgnored ? '; --seed ignored because the data file exists' : ''})`,
    seeded: `data: ${data} (created from ${options.seed})`,
    created: `data: ${data} (created empty; API key "local-dev-key")`,
    'memory-seeded': `data: in memory only, from ${options.seed} (give --data FILE to keep it)`,
    memory: 'data: in memory only, empty (API key "local-dev-key"; give --data FILE to keep it)',
  }[opened.origin];
  io.stderr(`${where}\n`);
  if (opened.removedTempFiles.length > 0) {
    io.stderr(
      `data: removed ${plural(opened.removedTempFiles.length, 'temporary file')} left by a server that did not stop cleanly (${opened.removedTempFiles.join(', ')})\n`,
    );
  }
  if (profile.name !== 'saas' && io.quiet !== true) io.stderr(`profile: ${profile.name} (${profile.summary})\n`);
  if (options.faults !== undefined && io.quiet !== true)
    io.stderr(`faults: ${options.faults} (injected on purpose, for testing)\n`);
  if (!isLoopback(options.host)) {
    io.stderr(
      `warning: listening on ${options.host}, which is not a loopback address: the server is reachable from the network, by anyone who knows an API key, and answers requests for any Host\n`,
    );
  }
  let server: Awaited<ReturnType<typeof startDevServer>>;
  try {
    server = await startDevServer({
      store: opened.store,
      host: options.host,
      port,
      // The log quotes what clients sent (operation names): printed with control characters escaped.
      log: io.quiet === true ? () => {} : (line) => io.stderr(`${printable(line)}\n`),
      ...(faults === undefined ? {} : { faults }),
      profile,
    });
  } catch (error) {
    opened.close();
    throw new UsageError(`cannot listen on ${options.host}:${port}: ${describeFsError(error)}`);
  }
  io.stdout(`listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  await server.close();
  opened.close();
  return ExitCode.ok;
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new UsageError(`--port must be a number from 0 to 65535, found "${text}"`);
  return Number(text);
}
