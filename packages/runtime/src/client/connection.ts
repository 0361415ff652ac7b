import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ClientConfigError } from './client-errors.js';
import { netrcPassword } from './netrc.js';
import { type ProxySetting, proxyFromEnvironment } from './proxy.js';
import { checkApiKey, redactUrlCredentials } from './redact.js';
import { iniValue, wandbSettingsPath } from './wandb-settings.js';

/**
 * Where to send requests and with which key, found the way the wandb SDK
 * finds them: the base URL from `--base-url`, else `WANDB_BASE_URL`, else
 * the `base_url` that `wandb login --host` saved in the wandb settings file
 * (`$WANDB_CONFIG_DIR/settings`, else `~/.config/wandb/settings`), else
 * `https://api.wandb.ai`; the API key from `WANDB_API_KEY`, else the netrc
 * entry for the base URL's host (`$NETRC`, else `~/.netrc`); the proxy from
 * `HTTPS_PROXY`/`HTTP_PROXY` and `NO_PROXY` (see `proxy.ts`). A base URL
 * ending in `/graphql` (the endpoint `wbrules dev-server` prints) loses that
 * part, with a note. Plain `http://` is refused for any host but loopback
 * unless `insecure` is set, because the key travels in every request. A
 * key shorter than 8 characters is refused: it could not be kept out of
 * the output (see `redact.ts`). Messages never repeat credentials written
 * into a base URL, even a malformed one.
 */

/** W&B's public API. */
export const defaultBaseUrl = 'https://api.wandb.ai';

/** Inputs to {@link resolveConnection}; everything defaults to the process's own. */
export interface ConnectionOptions {
  /** `--base-url`: wins over `WANDB_BASE_URL` and the wandb settings file. */
  readonly baseUrl?: string;
  /** An explicit key (for embedding); wins over the environment and netrc. */
  readonly apiKey?: string;
  /** `--insecure`: allow plain http to a non-loopback host. */
  readonly insecure?: boolean;
  /**
   * The environment to read (`WANDB_BASE_URL`, `WANDB_CONFIG_DIR`,
   * `WANDB_API_KEY`, `NETRC`, `HOME`, the proxy variables). Default `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Reads a file (`~/.netrc`, the wandb settings file) as UTF-8, or returns
   * `undefined` when it cannot be read. Default: the file system; tests hand
   * in their own files so the real home is never read.
   */
  readonly readFile?: (path: string) => string | undefined;
}

/** Where the key came from (for `--verbose`; the key itself is never shown). */
export type KeySource = 'option' | 'WANDB_API_KEY' | 'netrc';

/** Where the base URL came from: `--base-url`, `WANDB_BASE_URL`, the wandb settings file, or the default. */
export type BaseUrlSource = 'option' | 'WANDB_BASE_URL' | 'settings' | 'default';

/** The resolved connection. */
export interface Connection {
  /** The base URL without a trailing slash (`https://api.wandb.ai`). */
  readonly baseUrl: string;
  readonly baseUrlSource: BaseUrlSource;
  /** The GraphQL endpoint: `<baseUrl>/graphql`. */
  readonly endpoint: string;
  readonly apiKey: string;
  readonly keySource: KeySource;
  /** The proxy the environment names for the endpoint, if any (see `proxy.ts`); the client sends through it. */
  readonly proxy?: ProxySetting;
  /** What the user may want to know about how the settings were read (one sentence each), e.g. a dropped `/graphql`. */
  readonly notes: readonly string[];
}

/** Resolves the base URL, the API key and the proxy, or throws a {@link ClientConfigError} that says what to do. */
export function resolveConnection(options: ConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const readFile = options.readFile ?? readFileOrUndefined;
  const { given, source, label } = findBaseUrl(options, env, readFile);
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ClientConfigError(
      `the base URL from ${label} is not a URL: ${JSON.stringify(redactUrlCredentials(given))}`,
    );
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
  const notes: string[] = [];
  let path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('/graphql')) {
    path = path.slice(0, -'/graphql'.length);
    notes.push(
      `the base URL from ${label} ends in /graphql, which wbrules adds itself; using ${JSON.stringify(`${url.origin}${path}`)}`,
    );
  }
  const baseUrl = `${url.origin}${path}`;
  const proxy = proxyFromEnvironment(url, env);
  const key = findKey(options, env, readFile, url.hostname);
  return {
    baseUrl,
    baseUrlSource: source,
    endpoint: `${baseUrl}/graphql`,
    ...key,
    ...(proxy === undefined ? {} : { proxy }),
    notes,
  };
}

/**
 * Whether a URL host name is a loopback address: `localhost` itself,
 * `127.0.0.0/8` or `::1`. Not `*.localhost`: such a name is whatever the
 * resolver (or a proxy, or `/etc/hosts`) makes of it, so plain http to it
 * needs `--insecure` like any other host.
 */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The base URL as given, where it came from, and how to name that place in a message. */
function findBaseUrl(
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string | undefined,
): { given: string; source: BaseUrlSource; label: string } {
  if (options.baseUrl !== undefined) return { given: options.baseUrl, source: 'option', label: '--base-url' };
  const fromEnv = nonEmpty(env.WANDB_BASE_URL?.trim());
  if (fromEnv !== undefined) return { given: fromEnv, source: 'WANDB_BASE_URL', label: 'WANDB_BASE_URL' };
  const settings = wandbSettingsPath(env, home(env));
  const text = readFile(settings);
  const saved = text === undefined ? undefined : nonEmpty(iniValue(text, 'default', 'base_url'));
  if (saved !== undefined) return { given: saved, source: 'settings', label: `base_url in ${settings}` };
  return { given: defaultBaseUrl, source: 'default', label: 'the default' };
}

function findKey(
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string | undefined,
  hostname: string,
): Pick<Connection, 'apiKey' | 'keySource'> {
  const usable = (apiKey: string, keySource: KeySource, from: string) => {
    const problem = checkApiKey(apiKey, from);
    if (problem !== undefined) throw new ClientConfigError(problem);
    return { apiKey, keySource };
  };
  if (options.apiKey !== undefined && options.apiKey !== '') return usable(options.apiKey, 'option', 'the options');
  const fromEnv = nonEmpty(env.WANDB_API_KEY?.trim());
  if (fromEnv !== undefined) return usable(fromEnv, 'WANDB_API_KEY', 'WANDB_API_KEY');
  const path = netrcPath(env);
  const text = readFile(path);
  const password = text === undefined ? undefined : netrcPassword(text, hostname.replace(/^\[|\]$/g, ''));
  if (password !== undefined && password !== '') return usable(password, 'netrc', path);
  throw new ClientConfigError(
    `no API key for "${hostname}": set WANDB_API_KEY, or add a "machine ${hostname}" entry to ${path} (wandb login writes one)`,
  );
}

/** `$NETRC`, else `~/.netrc` (`HOME` from the given environment, so tests can point it elsewhere). */
function netrcPath(env: Readonly<Record<string, string | undefined>>): string {
  const explicit = nonEmpty(env.NETRC);
  if (explicit !== undefined) return explicit;
  return join(home(env), '.netrc');
}

/** The home directory: `HOME` (or `USERPROFILE`) from the given environment, else the process's. */
function home(env: Readonly<Record<string, string | undefined>>): string {
  return nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE) ?? homedir();
}

function readFileOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
