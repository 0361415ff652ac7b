import {
  ClientConfigError,
  type Connection,
  GraphQLClient,
  proxyLabel,
  redactUrlCredentials,
  listingKind,
  resolveConnection,
  type ServerCapabilities,
  strippedFragments,
  WandbApi,
} from '@wbrules/runtime';
import { UsageError } from './exit-code.js';
import { writeFileAtomic } from './files.js';
import type { Io } from './io.js';
import { printable } from './printable.js';

/**
 * The W&B connection of the commands that talk to a server (`resolve`,
 * `plan`, `apply`, `pull`): `--base-url`, else `WANDB_BASE_URL`, else the
 * host `wandb login --host` saved, else W&B; the key from `WANDB_API_KEY` or
 * `~/.netrc`; through the proxy `HTTPS_PROXY`/`HTTP_PROXY` names, unless
 * `NO_PROXY` lists the host. Notes about the settings (a base URL ending in
 * `/graphql`) go to stderr unless `--quiet`; `--verbose` logs every request
 * to stderr as `COMMAND: …` (never the key, nor a proxy's password). A
 * setting that cannot work is a usage error.
 *
 * This is the one place that knows the key, so it is where the key is kept
 * out of the output: once connected, a command writes through the
 * {@link ServerClient}'s `io` and `writeFile`, which replace the key in
 * every spelling the client's redactor knows (as is, base64, base64url;
 * alone or as basic-auth credentials) on stdout, on stderr and in the files
 * it writes, and the user information of every URL (`http://api:KEY@host`)
 * on stdout and stderr.
 */

/** The options every server command takes. */
export interface ServerOptions {
  readonly baseUrl?: string;
  readonly insecure?: boolean;
  readonly verbose?: boolean;
}

/** `--strict-capabilities`, of the commands that check rules against what the server advertises. */
export interface StrictCapabilitiesOption {
  /** A rule that needs a feature flag the server does not enable (WR5301) is an error, not a warning. */
  readonly strictCapabilities?: boolean;
}

/** A client for the server, and where it points. */
export interface ServerClient {
  readonly connection: Connection;
  readonly client: GraphQLClient;
  readonly api: WandbApi;
  /** Writes one `COMMAND: …` line to stderr with `--verbose`; nothing otherwise. */
  readonly verbose: (line: string) => void;
  /** The command's {@link Io}, with the key and URL credentials taken out of all it prints. */
  readonly io: Io;
  /** Writes a file (atomically) with the key taken out: `resolve -o`, `plan --out`, the files `pull` writes. */
  readonly writeFile: (path: string, text: string) => void;
  /**
   * Asks the server what it advertises (once; `WandbApi.capabilities`), so
   * that every later request fits it. Says once on stderr (not with
   * `--quiet`) when the server has no `features` field, and with
   * `--verbose` what it found. Rejects like any request.
   */
  readonly capabilities: () => Promise<ServerCapabilities>;
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
  // The client's redactor (the key in every spelling, a proxy's password) filters all the command prints and
  // writes; the client is made before anything is printed.
  let client: GraphQLClient | undefined;
  const redact = (text: string) => client?.redact(text) ?? text;
  const printed = (write: (text: string) => void) => (text: string) => write(redactUrlCredentials(redact(text)));
  const safe: Io = { ...io, stdout: printed(io.stdout), stderr: printed(io.stderr) };
  const verbose =
    options.verbose === true ? (line: string) => safe.stderr(`${command}: ${printable(line)}\n`) : () => {};
  client = new GraphQLClient({
    connection,
    userAgent: 'wbrules',
    ...(options.verbose === true ? { log: verbose } : {}),
  });
  if (safe.quiet !== true) for (const note of connection.notes) safe.stderr(`wbrules: note: ${printable(note)}\n`);
  const from = connection.baseUrlSource === 'settings' ? 'base URL from the wandb settings file, ' : '';
  verbose(
    `${connection.endpoint} (${from}API key from ${connection.keySource === 'netrc' ? '~/.netrc' : connection.keySource})`,
  );
  if (connection.proxy !== undefined) verbose(`through the proxy ${proxyLabel(connection.proxy)}`);
  const writeFile = (path: string, text: string) => writeFileAtomic(path, redact(text));
  const api = new WandbApi(client);
  let told = false;
  const capabilities = async () => {
    const found = await api.capabilities();
    if (!told) {
      told = true;
      if (!found.featuresField && safe.quiet !== true)
        safe.stderr(
          `wbrules: note: the server advertises no features (its serverInfo has no "features" field): wbrules treats every feature flag as disabled\n`,
        );
      const enabled = found.features.filter((f) => f.isEnabled).length;
      const stripped = strippedFragments(found);
      verbose(
        `server capabilities: ${enabled} of ${found.features.length} features enabled; ${stripped.length === 0 ? 'no fragments stripped' : `stripping ${stripped.join(', ')}`}; listing with ${listingKind(found) === 'entity' ? 'Entity.triggers' : 'the legacy project walk'}`,
      );
    }
    return found;
  };
  return { connection, client, api, verbose, io: safe, writeFile, capabilities };
}
