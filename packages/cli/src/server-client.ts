import {
  ClientConfigError,
  type Connection,
  GraphQLClient,
  proxyLabel,
  resolveConnection,
  WandbApi,
} from '@wbrules/runtime';
import { UsageError } from './exit-code.js';
import type { Io } from './io.js';

/**
 * The W&B connection of the commands that talk to a server (`resolve`,
 * `plan`, `apply`, `pull`): `--base-url`, else `WANDB_BASE_URL`, else the
 * host `wandb login --host` saved, else W&B; the key from `WANDB_API_KEY` or
 * `~/.netrc`; through the proxy `HTTPS_PROXY`/`HTTP_PROXY` names, unless
 * `NO_PROXY` lists the host. Notes about the settings (a base URL ending in
 * `/graphql`) go to stderr unless `--quiet`; `--verbose` logs every request
 * to stderr as `COMMAND: …` (never the key, nor a proxy's password). A
 * setting that cannot work is a usage error.
 */

/** The options every server command takes. */
export interface ServerOptions {
  readonly baseUrl?: string;
  readonly insecure?: boolean;
  readonly verbose?: boolean;
}

/** A client for the server, and where it points. */
export interface ServerClient {
  readonly connection: Connection;
  readonly client: GraphQLClient;
  readonly api: WandbApi;
  /** Writes one `COMMAND: …` line to stderr with `--verbose`; nothing otherwise. */
  readonly verbose: (line: string) => void;
}

/** Connects (nothing is sent yet); throws {@link UsageError} for settings that cannot work. */
export function serverClient(
  command: string,
  options: ServerOptions,
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
): ServerClient {
  let connection: Connection;
  try {
    connection = resolveConnection({
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.insecure === true ? { insecure: true } : {}),
      env,
    });
  } catch (error) {
    if (error instanceof ClientConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (io.quiet !== true) for (const note of connection.notes) io.stderr(`wbrules: note: ${note}\n`);
  const verbose = options.verbose === true ? (line: string) => io.stderr(`${command}: ${line}\n`) : () => {};
  const from = connection.baseUrlSource === 'settings' ? 'base URL from the wandb settings file, ' : '';
  verbose(
    `${connection.endpoint} (${from}API key from ${connection.keySource === 'netrc' ? '~/.netrc' : connection.keySource})`,
  );
  if (connection.proxy !== undefined) verbose(`through the proxy ${proxyLabel(connection.proxy)}`);
  const client = new GraphQLClient({
    connection,
    userAgent: 'wbrules',
    ...(options.verbose === true ? { log: verbose } : {}),
  });
  return { connection, client, api: new WandbApi(client), verbose };
}
