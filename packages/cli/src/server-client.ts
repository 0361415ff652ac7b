import { ClientConfigError, type Connection, GraphQLClient, resolveConnection, WandbApi } from '@wbrules/runtime';
import { UsageError } from './exit-code.js';
import type { Io } from './io.js';

/**
 * The W&B connection of the commands that talk to a server (`resolve`,
 * `plan`, `apply`, `pull`): `--base-url`, else `WANDB_BASE_URL`, else W&B; the key
 * from `WANDB_API_KEY` or `~/.netrc`; `--verbose` logs every request to
 * stderr as `COMMAND: …` (never the key). A setting that cannot work is a
 * usage error.
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
  const verbose = options.verbose === true ? (line: string) => io.stderr(`${command}: ${line}\n`) : () => {};
  verbose(
    `${connection.endpoint} (API key from ${connection.keySource === 'netrc' ? '~/.netrc' : connection.keySource})`,
  );
  const client = new GraphQLClient({
    connection,
    userAgent: 'wbrules',
    ...(options.verbose === true ? { log: verbose } : {}),
  });
  return { connection, client, api: new WandbApi(client), verbose };
}
