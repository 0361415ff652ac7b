import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ClientConfigError } from './client-errors.js';
import { netrcPassword } from './netrc.js';

/**
 * Where to send requests and with which key, found the way the wandb SDK
 * finds them: the base URL from `--base-url`, else `WANDB_BASE_URL`, else
 * `https://api.wandb.ai`; the API key from `WANDB_API_KEY`, else the netrc
 * entry for the base URL's host (`$NETRC`, else `~/.netrc`). Plain `http://`
 * is refused for any host but loopback unless `insecure` is set, because the
 * key travels in every request.
 */

/** W&B's public API. */
export const defaultBaseUrl = 'https://api.wandb.ai';

/** Inputs to {@link resolveConnection}; everything defaults to the process's own. */
export interface ConnectionOptions {
  /** `--base-url`: wins over `WANDB_BASE_URL`. */
  readonly baseUrl?: string;
  /** An explicit key (for embedding); wins over the environment and netrc. */
  readonly apiKey?: string;
  /** `--insecure`: allow plain http to a non-loopback host. */
  readonly insecure?: boolean;
  /** The environment to read (`WANDB_BASE_URL`, `WANDB_API_KEY`, `NETRC`, `HOME`). Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Where the key came from (for `--verbose`; the key itself is never shown). */
export type KeySource = 'option' | 'WANDB_API_KEY' | 'netrc';

/** The resolved connection. */
export interface Connection {
  /** The base URL without a trailing slash (`https://api.wandb.ai`). */
  readonly baseUrl: string;
  /** The GraphQL endpoint: `<baseUrl>/graphql`. */
  readonly endpoint: string;
  readonly apiKey: string;
  readonly keySource: KeySource;
}

/** Resolves the base URL and the API key, or throws a {@link ClientConfigError} that says what to do. */
export function resolveConnection(options: ConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const given = options.baseUrl ?? nonEmpty(env.WANDB_BASE_URL) ?? defaultBaseUrl;
  const source =
    options.baseUrl !== undefined
      ? '--base-url'
      : nonEmpty(env.WANDB_BASE_URL) !== undefined
        ? 'WANDB_BASE_URL'
        : 'the default';
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ClientConfigError(`the base URL from ${source} is not a URL: ${JSON.stringify(given)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ClientConfigError(
      `the base URL must start with https:// (or http:// for a local server), found "${url.protocol}"`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new ClientConfigError('the base URL must not contain credentials; set WANDB_API_KEY or use ~/.netrc instead');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new ClientConfigError('the base URL must not have a query or fragment');
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && options.insecure !== true) {
    throw new ClientConfigError(
      `refusing to send the API key over plain http to "${url.host}"; use https://, or pass --insecure if you trust the network`,
    );
  }
  const baseUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const key = findKey(options, env, url.hostname);
  return { baseUrl, endpoint: `${baseUrl}/graphql`, ...key };
}

/** Whether a URL host name is a loopback address (`localhost`, `127.0.0.0/8`, `::1`). */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

function findKey(
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
  hostname: string,
): Pick<Connection, 'apiKey' | 'keySource'> {
  if (options.apiKey !== undefined && options.apiKey !== '') return { apiKey: options.apiKey, keySource: 'option' };
  const fromEnv = nonEmpty(env.WANDB_API_KEY?.trim());
  if (fromEnv !== undefined) return { apiKey: fromEnv, keySource: 'WANDB_API_KEY' };
  const path = netrcPath(env);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    text = undefined;
  }
  const password = text === undefined ? undefined : netrcPassword(text, hostname.replace(/^\[|\]$/g, ''));
  if (password !== undefined && password !== '') return { apiKey: password, keySource: 'netrc' };
  throw new ClientConfigError(
    `no API key for "${hostname}": set WANDB_API_KEY, or add a "machine ${hostname}" entry to ${path} (wandb login writes one)`,
  );
}

/** `$NETRC`, else `~/.netrc` (`HOME` from the given environment, so tests can point it elsewhere). */
function netrcPath(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = nonEmpty(env.NETRC);
  if (explicit !== undefined) return explicit;
  const home = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE) ?? homedir();
  return join(home, '.netrc');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
