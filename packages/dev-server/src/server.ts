import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  parse,
  validate as validateDocument,
} from 'graphql';
import { isLoopback } from '@wbrules/runtime';
import type { FaultInjector } from './faults.js';
import { type ProfileName, profileSchema, profiles, type ServerProfile } from './profiles.js';
import {
  defaultRequestLimits,
  documentCost,
  documentTextDeeperThan,
  jsonDeeperThan,
  type RequestLimits,
} from './request-limits.js';
import { rootValue } from './resolvers.js';
import { DevServerError, type DevStore } from './store.js';

/**
 * The local W&B-compatible server: `POST /graphql` executes the project's
 * schema against a {@link DevStore}. It answers like W&B where the spec
 * says how: HTTP basic auth with an API key (401 without a valid one),
 * HTTP 409 for a name already used in a scope, 404 for unknown IDs, 400 for
 * invalid documents and payloads. Each request is logged as one line —
 * method, path, operation name, status, duration — and never with its
 * headers, so the key is never logged.
 *
 * A request is checked from the cheapest evidence up, and its body is read
 * only once the headers pass: the `Host` (while listening on a loopback
 * address, only a loopback name, so a web page cannot reach the server
 * through DNS rebinding and the well-known default key), the key, the
 * content type (JSON only, which a web form cannot send) and the declared
 * length; then the body, within {@link RequestLimits}. A request refused
 * before its body was read closes the connection instead of reading on.
 */

/** Options for {@link startDevServer}. */
export interface DevServerOptions {
  readonly store: DevStore;
  /**
   * The address to listen on; default `127.0.0.1`. On a loopback address,
   * only requests whose `Host` names a loopback address are answered.
   */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Receives one line per request. */
  readonly log?: (line: string) => void;
  /** Injects faults into requests (see `faults.ts`); none when absent. */
  readonly faults?: FaultInjector;
  /** What one request may ask; each limit defaults to {@link defaultRequestLimits}. */
  readonly limits?: Partial<RequestLimits>;
  /** The server it pretends to be (`profiles.ts`): what `serverInfo` says, the schema, what it refuses. Default `saas`. */
  readonly profile?: ProfileName | ServerProfile;
}

/** A running server. */
export interface RunningDevServer {
  /** `http://127.0.0.1:PORT/graphql` */
  readonly url: string;
  /** `http://127.0.0.1:PORT`: what `--base-url` / `WANDB_BASE_URL` take. */
  readonly baseUrl: string;
  readonly port: number;
  /** Whether it listens on a loopback address only; if not, it is reachable from the network and any `Host` is answered. */
  readonly loopback: boolean;
  /** The capability profile it serves. */
  readonly profile: ServerProfile;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** Starts the server; resolves once it accepts connections. An empty `host` is refused (Node would listen on every interface). */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const host = options.host ?? '127.0.0.1';
  if (host.trim() === '') {
    throw new Error('the host to listen on must not be empty: give an address, such as 127.0.0.1 or 0.0.0.0');
  }
  const loopback = isLoopback(host);
  const profile = typeof options.profile === 'object' ? options.profile : profiles[options.profile ?? 'saas'];
  if (profile === undefined) throw new Error(`unknown profile ${JSON.stringify(options.profile)}`);
  const context: Context = {
    options,
    schema: profileSchema(profile),
    root: rootValue(options.store, profile),
    limits: { ...defaultRequestLimits, ...options.limits },
    checkHost: loopback,
  };
  // A missing Host is this server's to refuse (with a GraphQL error body), not Node's bare 400.
  const server = createServer({ requireHostHeader: false }, (request, response) => {
    void handle(request, response, context);
  });
  // `Expect: 100-continue`: the client is told to send its body only once the headers have passed.
  server.on('checkContinue', (request, response) => {
    void handle(request, response, context);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const baseUrl = `http://${hostInUrl}:${port}`;
  return {
    url: `${baseUrl}/graphql`,
    baseUrl,
    port,
    loopback,
    profile,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What every request of one server shares. */
interface Context {
  readonly options: DevServerOptions;
  readonly schema: GraphQLSchema;
  readonly root: object;
  readonly limits: RequestLimits;
  readonly checkHost: boolean;
}

async function handle(request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> {
  const { options, limits } = context;
  const started = performance.now();
  const path = (request.url ?? '/').split('?')[0] as string;
  let operation = '-';
  let injected = '';
  const finish = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      // A body not read (yet) is not read at all: the connection closes after the answer.
      ...(request.complete ? {} : { Connection: 'close' }),
      ...headers,
    });
    response.end(text);
    options.log?.(
      `${request.method ?? '-'} ${path} ${operation} ${status} ${(performance.now() - started).toFixed(1)}ms${injected}`,
    );
  };
  /** Closes the connection without an answer (an injected `drop` or `lost` fault). */
  const hangUp = (what: string) => {
    request.socket.destroy();
    options.log?.(
      `${request.method ?? '-'} ${path} ${operation} - ${(performance.now() - started).toFixed(1)}ms (injected: ${what})`,
    );
  };
  try {
    if (path !== '/graphql' && path !== '/graphql/')
      return finish(404, errors('not found; the GraphQL endpoint is POST /graphql'));
    if (request.method !== 'POST') return finish(405, errors('use POST'), { Allow: 'POST' });
    if (context.checkHost && !isLoopbackHost(request.headers.host)) {
      return finish(
        421,
        errors(
          `the Host header ${JSON.stringify(request.headers.host ?? '')} does not name a loopback address; listening on one, the server answers only requests for localhost, 127.x.x.x or [::1] (a guard against DNS rebinding)`,
        ),
      );
    }
    if (!authorized(request.headers.authorization, options.store)) {
      return finish(401, errors('a valid API key is required (HTTP basic auth, user "api", the key as password)'), {
        'WWW-Authenticate': 'Basic realm="wandb"',
      });
    }
    if (!isJsonContentType(request.headers['content-type'])) {
      return finish(415, errors('the request body must be JSON, sent with "Content-Type: application/json"'));
    }
    const tooLarge = () =>
      finish(413, errors(`the request body is larger than the server accepts (${limits.maxBodyBytes} bytes)`));
    if (Number(request.headers['content-length'] ?? 0) > limits.maxBodyBytes) return tooLarge();
    if (request.headers.expect?.toLowerCase() === '100-continue') response.writeContinue();
    const read = await readBody(request, limits.maxBodyBytes);
    if (read === 'aborted') return options.log?.(`${request.method} ${path} - - (the client closed the connection)`);
    if (read === 'too large') return tooLarge();
    const raw = read.text;
    if (jsonDeeperThan(raw, limits.maxDepth))
      return finish(400, errors(`the request body is nested more than ${limits.maxDepth} levels deep`));
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return finish(400, errors('the request body must be JSON: {"query": ..., "variables": ...}'));
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return finish(400, errors('the request body must be a JSON object: {"query": ..., "variables": ...}'));
    const { query, variables = null, operationName } = body as Record<string, unknown>;
    if (typeof operationName === 'string') operation = operationName;
    const fault = options.faults?.next(operation);
    if (fault !== undefined) injected = ` (injected: ${fault})`;
    if (fault === '500') return finish(500, errors('injected fault: internal server error'));
    if (fault === '429') {
      return finish(429, errors('injected fault: too many requests'), {
        'Retry-After': String(options.faults?.retryAfterSeconds ?? 1),
      });
    }
    if (fault === 'drop') return hangUp('drop, the connection closed before the request was handled');
    const held = options.faults?.held(operation);
    if (held !== undefined) await held;
    if (typeof query !== 'string') return finish(400, errors('the request has no "query" string'));
    const tooDeep = () => finish(400, errors(`the document is nested more than ${limits.maxDepth} levels deep`));
    let document: DocumentNode;
    try {
      // Measured on the tokens first: the parser recurses once per level.
      if (documentTextDeeperThan(query, limits.maxDepth)) return tooDeep();
      document = parse(query);
    } catch (error) {
      if (error instanceof GraphQLError) return finish(400, { errors: [error.toJSON()] });
      throw error;
    }
    if (operation === '-') operation = firstOperationName(document) ?? '-';
    const cost = documentCost(document, limits);
    if (cost.depth > limits.maxDepth) return tooDeep();
    if (cost.aliases > limits.maxAliases) {
      return finish(
        400,
        errors(
          `the document has more than ${limits.maxAliases} aliased fields (a batched apply uses one per change: lower --batch-size)`,
        ),
      );
    }
    const invalid = validateDocument(context.schema, document);
    if (invalid.length > 0) return finish(400, { errors: invalid.map((e) => e.toJSON()) });
    if (variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return finish(400, errors('"variables" must be an object'));
    }
    const result: ExecutionResult = await execute({
      schema: context.schema,
      document,
      rootValue: context.root,
      variableValues: variables as Record<string, unknown> | null,
      operationName: typeof operationName === 'string' ? operationName : null,
    });
    if (fault === 'lost') return hangUp('lost, the request was carried out, then the connection closed');
    if (fault === 'slow') await options.faults?.sleep(options.faults.slowMs);
    return finish(
      statusOf(result),
      result.errors === undefined ? result : { ...result, errors: result.errors.map((e) => e.toJSON()) },
    );
  } catch (error) {
    return finish(500, errors(`internal error: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** 400 when execution never started (bad variables), else the first status a resolver asked for, else 200 (500 for a crash). */
function statusOf(result: ExecutionResult): number {
  if (!('data' in result)) return 400;
  for (const error of result.errors ?? []) {
    const original = error.originalError;
    if (original instanceof DevServerError) return original.status;
    if (original !== undefined && !(original instanceof GraphQLError)) return 500;
  }
  return 200;
}

function errors(message: string): { errors: { message: string }[] } {
  return { errors: [{ message }] };
}

function firstOperationName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) return definition.name?.value;
  }
  return undefined;
}

/** `Authorization: Basic base64(<user>:<key>)` with a known key (any user name, as W&B accepts). */
function authorized(header: string | undefined, store: DevStore): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (match === null) return false;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const key = Buffer.from(decoded.slice(colon + 1), 'utf8');
  return store.data.apiKeys.some((known) => {
    const candidate = Buffer.from(known, 'utf8');
    return candidate.length === key.length && timingSafeEqual(candidate, key);
  });
}

/**
 * `Host: localhost`, `127.x.x.x` or `[::1]`, with any port: what a client of
 * a loopback server sends, and what a page served from another name never can.
 */
function isLoopbackHost(host: string | undefined): boolean {
  const match = /^(localhost|127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})|\[::1\])(?::\d{1,5})?$/i.exec(host ?? '');
  return match?.slice(2).every((octet) => octet === undefined || Number(octet) <= 255) ?? false;
}

/** `application/json`, with parameters (`; charset=utf-8`) or without. */
function isJsonContentType(header: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(header?.trim() ?? '');
}

/** The body as text; or why there is none: it grew past `max` bytes (the rest is left unread), or the client went away. */
function readBody(request: IncomingMessage, max: number): Promise<{ text: string } | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (outcome: { text: string } | 'too large' | 'aborted') => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else {
        request.pause();
        done('too large');
      }
    };
    const onEnd = () => done({ text: Buffer.concat(chunks).toString('utf8') });
    const onClose = () => done('aborted');
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('close', onClose);
  });
}
