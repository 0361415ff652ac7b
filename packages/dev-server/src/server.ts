import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate as validateDocument,
} from 'graphql';
import { wandbSchema } from '@wbrules/runtime';
import type { FaultInjector } from './faults.js';
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
 */

/** Options for {@link startDevServer}. */
export interface DevServerOptions {
  readonly store: DevStore;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Receives one line per request. */
  readonly log?: (line: string) => void;
  /** Injects faults into requests (see `faults.ts`); none when absent. */
  readonly faults?: FaultInjector;
}

/** A running server. */
export interface RunningDevServer {
  /** `http://127.0.0.1:PORT/graphql` */
  readonly url: string;
  /** `http://127.0.0.1:PORT`: what `--base-url` / `WANDB_BASE_URL` take. */
  readonly baseUrl: string;
  readonly port: number;
  /** Stops accepting connections and closes open ones. */
  close(): Promise<void>;
}

/** The largest request body accepted (a thousand automations fit many times over). */
const maxBodyBytes = 16 * 1024 * 1024;

/** Starts the server; resolves once it accepts connections. */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const host = options.host ?? '127.0.0.1';
  const root = rootValue(options.store);
  const server = createServer((request, response) => {
    void handle(request, response, options, root);
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: DevServerOptions,
  root: object,
): Promise<void> {
  const started = performance.now();
  const path = (request.url ?? '/').split('?')[0] as string;
  let operation = '-';
  let injected = '';
  const finish = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
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
    const raw = await readBody(request);
    if (raw === undefined) return finish(413, errors('request body too large'));
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      return finish(400, errors('the request body must be JSON: {"query": ..., "variables": ...}'));
    }
    if (typeof body.operationName === 'string') operation = body.operationName;
    const fault = options.faults?.next(operation);
    if (fault !== undefined) injected = ` (injected: ${fault})`;
    if (fault === '500') return finish(500, errors('injected fault: internal server error'));
    if (fault === '429') {
      return finish(429, errors('injected fault: too many requests'), {
        'Retry-After': String(options.faults?.retryAfterSeconds ?? 1),
      });
    }
    if (fault === 'drop') return hangUp('drop, the connection closed before the request was handled');
    if (!authorized(request.headers.authorization, options.store)) {
      return finish(401, errors('a valid API key is required (HTTP basic auth, user "api", the key as password)'), {
        'WWW-Authenticate': 'Basic realm="wandb"',
      });
    }
    if (typeof body.query !== 'string') return finish(400, errors('the request has no "query" string'));
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return finish(400, { errors: [(error as GraphQLError).toJSON()] });
    }
    if (operation === '-') operation = firstOperationName(document) ?? '-';
    const invalid = validateDocument(wandbSchema(), document);
    if (invalid.length > 0) return finish(400, { errors: invalid.map((e) => e.toJSON()) });
    const variables = body.variables ?? null;
    if (variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return finish(400, errors('"variables" must be an object'));
    }
    const result: ExecutionResult = await execute({
      schema: wandbSchema(),
      document,
      rootValue: root,
      variableValues: variables as Record<string, unknown> | null,
      operationName: typeof body.operationName === 'string' ? body.operationName : null,
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

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
