import { ClientConfigError } from './client-errors.js';

/**
 * HTTP proxies named by the environment, honoured as the wandb SDK honours
 * them (its public API, which creates automations, sends requests with
 * Python `requests`):
 *
 * - The server's scheme picks the variable: `https_proxy`/`HTTPS_PROXY`
 *   for an `https://` server, `http_proxy`/`HTTP_PROXY` for `http://`. A
 *   lowercase variable wins over the uppercase one, and a lowercase one set
 *   to the empty string turns the proxy off. `HTTP_PROXY` alone does not
 *   proxy an `https://` server. A proxy without a scheme (`proxy:3128`) is
 *   `http://proxy:3128`.
 * - `no_proxy`/`NO_PROXY` lists hosts reached directly: comma-separated
 *   names, each matching itself and its subdomains (`.example.com` and
 *   `example.com` alike), optionally with a port (`host:8080`); `*` turns
 *   every proxy off. These are the rules of undici's `EnvHttpProxyAgent`,
 *   which are those of `requests` without CIDR ranges.
 * - Loopback is proxied like any other host unless `NO_PROXY` names it
 *   (`NO_PROXY=localhost,127.0.0.1`), as `requests` does on Linux; wbrules
 *   does the same on every system. (The SDK's Go uploader, wandb-core,
 *   never proxies loopback, and `requests` on macOS and Windows also
 *   consults the system's proxy exceptions.)
 * - Not supported: `ALL_PROXY`, SOCKS proxies, and CIDR ranges in
 *   `NO_PROXY` (`10.0.0.0/8`), which `requests` accepts.
 *
 * When a proxy applies to the server, requests go through undici's
 * `EnvHttpProxyAgent`, given these values (not `process.env`, so it also
 * applies `NO_PROXY` to any other host a redirect leads to), with undici's
 * own `fetch`: an `https://` server is reached through a `CONNECT` tunnel,
 * an `http://` one by sending the request with its absolute URL to the
 * proxy, as `requests` does. undici is loaded on the first request, and
 * only when a proxy applies, so commands that never talk to a server (and
 * runs without a proxy) never load it.
 *
 * A proxy URL may hold credentials (`http://user:secret@proxy:3128`); they
 * go only to the proxy, and {@link proxyLabel} is the form to print.
 */

/** The proxy the environment names for a server. */
export interface ProxySetting {
  /** The proxy's URL (`http://` added when the variable has no scheme); may hold credentials. */
  readonly url: string;
  /** The variable it came from, e.g. `HTTPS_PROXY` or `https_proxy`. */
  readonly variable: string;
  /** `no_proxy`, else `NO_PROXY`, as given; `''` when neither is set. */
  readonly noProxy: string;
}

/**
 * The proxy for requests to `server` (an `http:` or `https:` URL), or
 * `undefined` when its scheme's variable is unset or `NO_PROXY` names the
 * server. Throws a {@link ClientConfigError} when the variable is not an
 * http(s) URL (without repeating the value, which may hold a password).
 */
export function proxyFromEnvironment(
  server: URL,
  env: Readonly<Record<string, string | undefined>>,
): ProxySetting | undefined {
  const scheme = server.protocol === 'https:' ? 'https' : 'http';
  const found = variable(env, `${scheme}_proxy`);
  if (found === undefined) return undefined;
  const given = /^[a-z][a-z0-9+.-]*:\/\//i.test(found.value) ? found.value : `http://${found.value}`;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new ClientConfigError(`the proxy in ${found.name} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ClientConfigError(
      `the proxy in ${found.name} must be an http:// or https:// URL, found "${url.protocol}"`,
    );
  }
  // requests reads no_proxy unless it is empty, then NO_PROXY.
  const noProxy = env.no_proxy?.trim() || env.NO_PROXY?.trim() || '';
  return bypasses(server, noProxy) ? undefined : { url: given, variable: found.name, noProxy };
}

/** Whether a `NO_PROXY` list names the server, by the rules `EnvHttpProxyAgent` applies (see above). */
function bypasses(server: URL, noProxy: string): boolean {
  if (noProxy === '*') return true;
  const host = server.hostname.toLowerCase();
  const port = Number(server.port) || (server.protocol === 'https:' ? 443 : 80);
  return noProxy.split(/[,\s]/).some((entry) => {
    if (entry === '') return false;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    if (withPort !== null && Number(withPort[2]) !== port) return false;
    const name = (withPort?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    return host === name || host.endsWith(`.${name}`);
  });
}

/** The proxy as it may be printed: its URL without credentials, and the variable it came from. */
export function proxyLabel(proxy: ProxySetting): string {
  const url = new URL(proxy.url);
  return `${url.protocol}//${url.host} (${proxy.variable})`;
}

/**
 * The secrets of a proxy URL, for redaction: its password as written and
 * decoded, and the `Proxy-Authorization` credentials sent to the proxy.
 */
export function proxySecrets(proxy: ProxySetting): string[] {
  const { username, password } = new URL(proxy.url);
  if (password === '') return [];
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text; // not percent-encoded after all
    }
  };
  const basic = Buffer.from(`${decode(username)}:${decode(password)}`, 'utf8').toString('base64');
  return [...new Set([password, decode(password), basic])];
}

/** A `fetch` that sends every request through `proxy` (hosts in its `NO_PROXY` directly); undici loads on first use. */
export function proxyFetch(proxy: ProxySetting): typeof globalThis.fetch {
  let loaded: Promise<typeof globalThis.fetch> | undefined;
  const load = async (): Promise<typeof globalThis.fetch> => {
    // undici is CommonJS: its `default` is its exports, both in Node and in the CLI's bundle (which has no named ones).
    const undici = (await import('undici')).default;
    const dispatcher = new undici.EnvHttpProxyAgent({
      httpProxy: proxy.url,
      httpsProxy: proxy.url,
      noProxy: proxy.noProxy,
      // An http:// server gets the request with its absolute URL, not a CONNECT tunnel (many proxies allow CONNECT to 443 only).
      proxyTunnel: false,
    });
    // undici's own fetch, not the global one: Node 20's bundled undici cannot take undici 7's dispatcher.
    const send = undici.fetch as unknown as (
      input: Parameters<typeof globalThis.fetch>[0],
      init: Omit<RequestInit, 'dispatcher'> & { dispatcher: unknown },
    ) => Promise<Response>;
    return (input, init) => send(input, { ...init, dispatcher });
  };
  return async (input, init) => {
    loaded ??= load();
    return (await loaded)(input, init);
  };
}

/**
 * A variable by its lowercase name or else its uppercase one, as Python's
 * `urllib` looks proxies up (a lowercase one set to `''` means none).
 */
function variable(
  env: Readonly<Record<string, string | undefined>>,
  lower: string,
): { name: string; value: string } | undefined {
  const lowerValue = env[lower];
  if (lowerValue !== undefined) return lowerValue.trim() === '' ? undefined : { name: lower, value: lowerValue.trim() };
  const upper = lower.toUpperCase();
  const upperValue = env[upper]?.trim();
  return upperValue === undefined || upperValue === '' ? undefined : { name: upper, value: upperValue };
}
