import {
  AuthError,
  ClientConfigError,
  ConflictError,
  GraphQLResponseError,
  HttpStatusError,
  NetworkError,
  NotFoundError,
  ProtocolError,
} from './client-errors.js';
import type { Connection } from './connection.js';
import type { GraphQLOperation } from './documents.js';
import { type ProxySetting, proxyFetch, proxyLabel, proxySecrets } from './proxy.js';
import { basicAuthorization, checkApiKey, redactor } from './redact.js';
import {
  backoffDelay,
  defaultRetryPolicy,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
} from './retry-policy.js';

/**
 * GraphQL over HTTP to W&B (or anything that speaks its API): one POST per
 * operation to `<base>/graphql` with `{query, variables, operationName}`,
 * HTTP basic auth `api:<key>` as the wandb SDK sends it, a timeout per
 * attempt, and retries per `retry-policy.ts`. When the connection names a
 * proxy (`HTTPS_PROXY`, …), every request goes through it. Failures become the typed
 * errors of `client-errors.ts`, with the server's own messages.
 *
 * The key is only ever written into the `Authorization` header. Every text
 * that leaves this module (log lines, error messages) goes through the
 * redactor first, so even a server or proxy that echoes the header back
 * cannot make the client print the key (nor the proxy's password). The
 * redactor is public ({@link GraphQLClient.redact}, {@link GraphQLClient.holdsSecret})
 * so that callers can keep the key out of what they print and write too.
 *
 * Time is injectable (`sleep`, `now`, `random`) so tests of backoff and
 * `Retry-After` run instantly and deterministically.
 */

/** One request as sent, for observers (tests validate every document the client sends). */
export interface SentRequest {
  readonly operation: GraphQLOperation;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** Options for {@link GraphQLClient}. */
export interface GraphQLClientOptions {
  /** Where to send requests, the key to send, and the proxy to send them through, if any (see `resolveConnection`). */
  readonly connection: Pick<Connection, 'endpoint' | 'apiKey'> & { readonly proxy?: ProxySetting | undefined };
  /** Per attempt, from sending the request to reading the whole answer. Default 30 s. */
  readonly timeoutMs?: number;
  /** Default {@link defaultRetryPolicy}. */
  readonly retry?: Partial<RetryPolicy>;
  /** Default the global `fetch`, or one that goes through `connection.proxy` when there is one. */
  readonly fetch?: typeof globalThis.fetch;
  /** Waits between attempts. Default a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
  /** Milliseconds since the epoch, for durations and `Retry-After` dates. Default `Date.now`. */
  readonly now?: () => number;
  /** Receives one line per attempt (`--verbose`); the key is never in it. */
  readonly log?: (line: string) => void;
  /** Called with every request before it is sent. */
  readonly onRequest?: (request: SentRequest) => void;
  /** `User-Agent` header. */
  readonly userAgent?: string;
}

/** Counts of what a client has sent. */
export interface ClientStats {
  /** Operations requested (one per `request` call). */
  readonly requests: number;
  /** HTTP requests made, retries included. */
  readonly attempts: number;
}

/** A GraphQL error as the server reported it: its message (key removed) and, for a field error, the path to the field. */
export interface GraphQLErrorEntry {
  readonly message: string;
  /** Response keys from the root, e.g. `["op3", "trigger"]`; absent for errors about the whole request. */
  readonly path?: readonly (string | number)[];
  /** The server's `extensions` (the local server puts the HTTP status of each error here). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * A response read field by field: what {@link GraphQLClient.requestPartial}
 * returns for a batch, where one field may fail while the others succeed.
 */
export interface PartialResponse<T> {
  /** The HTTP status (W&B answers a failed field with its status, e.g. 409, even when other fields succeeded). */
  readonly status: number;
  /** `data` as returned; `null` when execution never started (an invalid document or variables). */
  readonly data: T | null;
  readonly errors: readonly GraphQLErrorEntry[];
  /** HTTP attempts it took (1 when the first was answered): past 1, an earlier attempt may have been carried out. */
  readonly attempts?: number;
}

type Outcome<T> =
  | { readonly kind: 'done'; readonly data: T }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number; readonly fail: () => Error };

/** A GraphQL client for one endpoint and key. */
export class GraphQLClient {
  private readonly endpoint: string;
  /** `" through the proxy http://proxy:3128 (HTTPS_PROXY)"`, or `""`: where network errors happened. */
  private readonly route: string;
  private readonly authorization: string;
  /**
   * `text` without the API key or the proxy's password, in any spelling the
   * redactor knows (as is, base64 or base64url, alone or as basic-auth
   * credentials), each replaced by `[redacted]`.
   */
  readonly redact: (text: string) => string;
  private readonly redactKey: (text: string) => string;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof globalThis.fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly options: GraphQLClientOptions;
  private requests = 0;
  private attempts = 0;
  private rewrite: (operation: GraphQLOperation) => GraphQLOperation = (operation) => operation;

  constructor(options: GraphQLClientOptions) {
    this.options = options;
    const { endpoint, apiKey, proxy } = options.connection;
    this.endpoint = endpoint;
    const problem = checkApiKey(apiKey, 'the connection');
    if (problem !== undefined) throw new ClientConfigError(problem);
    this.authorization = basicAuthorization(apiKey);
    this.redactKey = redactor(apiKey);
    const redactors = [this.redactKey, ...(proxy === undefined ? [] : proxySecrets(proxy)).map(redactor)];
    this.redact = (text) => redactors.reduce((out, redact) => redact(out), text);
    this.route = proxy === undefined ? '' : ` through the proxy ${proxyLabel(proxy)}`;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.fetchImpl = options.fetch ?? (proxy === undefined ? globalThis.fetch : proxyFetch(proxy));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether `value` — a string, or any string (or key) inside arrays and
   * objects, as a saved automation is — holds the API key in a spelling
   * {@link redact} removes. (Not the proxy's password: the server never
   * sees it.)
   */
  holdsSecret(value: unknown): boolean {
    if (typeof value === 'string') return this.redactKey(value) !== value;
    if (Array.isArray(value)) return value.some((item) => this.holdsSecret(item));
    if (typeof value === 'object' && value !== null)
      return Object.entries(value).some(([key, item]) => this.holdsSecret(key) || this.holdsSecret(item));
    return false;
  }

  /**
   * Rewrites every document before it is sent (and before `onRequest`
   * sees it): how fragments a server lacks are stripped once its
   * capabilities are known (`capabilities.ts`).
   */
  rewriteDocuments(rewrite: (operation: GraphQLOperation) => GraphQLOperation): void {
    this.rewrite = rewrite;
  }

  /** What this client has sent so far. */
  get stats(): ClientStats {
    return { requests: this.requests, attempts: this.attempts };
  }

  /**
   * Sends one operation and returns its `data`. Retries network errors,
   * timeouts, 429 and 5xx; throws a typed error for anything else.
   */
  async request<T>(operation: GraphQLOperation, variables: Readonly<Record<string, unknown>>): Promise<T> {
    return this.send<T>(operation, variables, false);
  }

  /**
   * Sends one operation whose fields may succeed or fail independently (a
   * batch of aliased mutations) and returns whatever the server answered:
   * `data` with the fields that succeeded and every error with its path,
   * whatever the HTTP status. Retries exactly like {@link request} (network
   * errors, timeouts, 429, 5xx), and throws like it for a refused key or an
   * answer that is not GraphQL JSON.
   */
  async requestPartial<T>(
    operation: GraphQLOperation,
    variables: Readonly<Record<string, unknown>>,
  ): Promise<PartialResponse<T>> {
    return this.send<PartialResponse<T>>(operation, variables, true);
  }

  private async send<T>(
    original: GraphQLOperation,
    variables: Readonly<Record<string, unknown>>,
    partial: boolean,
  ): Promise<T> {
    const operation = this.rewrite(original);
    this.requests++;
    this.options.onRequest?.({ operation, variables });
    const body = JSON.stringify({ query: operation.document, variables, operationName: operation.name });
    const attemptsAllowed = this.policy.maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(operation.name, body, partial);
      if (outcome.kind === 'done')
        return partial ? ({ ...(outcome.data as PartialResponse<unknown>), attempts: attempt } as T) : outcome.data;
      if (attempt >= attemptsAllowed) {
        this.log(`${operation.name}: ${outcome.reason}; giving up after ${attempt} attempts`);
        throw outcome.fail();
      }
      const wait =
        outcome.retryAfterMs !== undefined
          ? Math.min(outcome.retryAfterMs, this.policy.maxRetryAfterMs)
          : backoffDelay(this.policy, attempt, this.random);
      this.log(
        `${operation.name}: ${outcome.reason}; retrying in ${seconds(wait)} (attempt ${attempt + 1} of ${attemptsAllowed})`,
      );
      await this.sleep(wait);
    }
  }

  private async attempt<T>(name: string, body: string, partial: boolean): Promise<Outcome<T>> {
    this.attempts++;
    const started = this.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: this.authorization,
          'User-Agent': this.options.userAgent ?? 'wbrules',
        },
        body,
        signal: controller.signal,
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      const reason = controller.signal.aborted
        ? `no answer within ${seconds(this.timeoutMs)}`
        : this.describeNetworkError(error);
      const attempts = this.attempts;
      return {
        kind: 'retry',
        reason,
        fail: () =>
          new NetworkError(`${name}: could not reach ${this.redact(this.endpoint)}${this.route}: ${reason}`, attempts),
      };
    } finally {
      clearTimeout(timer);
    }
    this.log(`${name}: HTTP ${status} in ${Math.max(0, this.now() - started)} ms`);
    const parsed = parseBody(text);
    const messages = parsed === undefined ? [] : errorMessages(parsed).map(this.redact);
    const said = messages.length > 0 ? `: ${messages.join('; ')}` : '';
    if (isRetryableStatus(status)) {
      return {
        kind: 'retry',
        reason: `HTTP ${status}`,
        retryAfterMs: parseRetryAfter(retryAfter, this.now()),
        fail: () => new HttpStatusError(`${name}: the server answered HTTP ${status}${said}`, status, messages),
      };
    }
    if (status === 401 || status === 403) {
      throw new AuthError(
        `the server refused the API key (HTTP ${status}${said}); check WANDB_API_KEY or the ~/.netrc entry for this host`,
        status,
        messages,
      );
    }
    if (partial && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const data = (parsed as { data?: unknown }).data ?? null;
      const response: PartialResponse<unknown> = { status, data, errors: errorEntries(parsed).map(this.redactEntry) };
      return { kind: 'done', data: response as T };
    }
    if (status === 409)
      throw new ConflictError(`${name}${said || ': the name is already taken'} (HTTP 409)`, status, messages);
    if (status === 404) throw new NotFoundError(`${name}${said || ': not found'} (HTTP 404)`, status, messages);
    if (status < 200 || status > 299)
      throw new HttpStatusError(`${name}: the server answered HTTP ${status}${said}`, status, messages);
    if (parsed === undefined || typeof parsed !== 'object' || parsed === null) {
      throw new ProtocolError(`${name}: the server answered HTTP ${status} with a body that is not GraphQL JSON`);
    }
    if (messages.length > 0) throw new GraphQLResponseError(`${name}${said}`, messages);
    const data = (parsed as { data?: unknown }).data;
    if (data === undefined || data === null) throw new ProtocolError(`${name}: the server's answer has no data`);
    return { kind: 'done', data: data as T };
  }

  private describeNetworkError(error: unknown): string {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
    const code = typeof cause?.code === 'string' ? cause.code : undefined;
    switch (code) {
      case 'ECONNREFUSED':
        return 'connection refused';
      case 'ECONNRESET':
      case 'UND_ERR_SOCKET':
        return 'the connection was closed';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return 'the host name does not resolve';
      case 'ETIMEDOUT':
      case 'UND_ERR_CONNECT_TIMEOUT':
        return 'the connection timed out';
      default: {
        const message =
          typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
        return this.redact(message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, ''));
      }
    }
  }

  private readonly redactEntry = (entry: GraphQLErrorEntry): GraphQLErrorEntry => ({
    ...entry,
    message: this.redact(entry.message),
  });

  private log(line: string): void {
    this.options.log?.(this.redact(line));
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `message` of each GraphQL error in a response body. */
function errorMessages(body: unknown): string[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => (typeof e?.message === 'string' ? e.message : JSON.stringify(e)));
}

/** Each GraphQL error of a response body with its path and extensions. */
function errorEntries(body: unknown): GraphQLErrorEntry[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => {
    const message = typeof e?.message === 'string' ? e.message : JSON.stringify(e);
    const path = Array.isArray(e?.path) ? (e.path as (string | number)[]) : undefined;
    const extensions =
      e?.extensions !== null && typeof e?.extensions === 'object'
        ? (e.extensions as Record<string, unknown>)
        : undefined;
    return { message, ...(path === undefined ? {} : { path }), ...(extensions === undefined ? {} : { extensions }) };
  });
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} s`;
}
