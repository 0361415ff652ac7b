/**
 * What the W&B client throws. Every message is one lowercase sentence built
 * by the client (never a stack or a raw exception from the HTTP layer), and
 * every message that carries text from the server or the network has had the
 * API key removed (see `redact.ts`), so printing an error can never leak it.
 */

/** The base class: anything the client reports. */
export class WandbClientError extends Error {
  override readonly name: string = 'WandbClientError';
}

/** The settings cannot work: no API key, a plain-http remote host without `--insecure`, a malformed base URL. */
export class ClientConfigError extends WandbClientError {
  override readonly name: string = 'ClientConfigError';
}

/** The request never got an HTTP answer (connection refused, reset, DNS, timeout), after every retry. */
export class NetworkError extends WandbClientError {
  override readonly name: string = 'NetworkError';

  constructor(
    message: string,
    /** How many times the request was tried. */
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** An HTTP answer the client does not accept (after retries for 429 and 5xx). */
export class HttpStatusError extends WandbClientError {
  override readonly name: string = 'HttpStatusError';

  constructor(
    message: string,
    readonly status: number,
    /** The server's GraphQL error messages, when the body had any (key removed). */
    readonly serverMessages: readonly string[] = [],
  ) {
    super(message);
  }
}

/** HTTP 401 or 403: the server refused the API key. */
export class AuthError extends HttpStatusError {
  override readonly name: string = 'AuthError';
}

/** HTTP 409: the name is already taken in that scope (the SDK reads this status as "exists"). */
export class ConflictError extends HttpStatusError {
  override readonly name: string = 'ConflictError';
}

/** HTTP 404: the ID is unknown to the server. */
export class NotFoundError extends HttpStatusError {
  override readonly name: string = 'NotFoundError';
}

/** HTTP 200 whose body carries GraphQL `errors`: the server's messages, in order. */
export class GraphQLResponseError extends WandbClientError {
  override readonly name: string = 'GraphQLResponseError';

  constructor(
    message: string,
    readonly serverMessages: readonly string[],
  ) {
    super(message);
  }
}

/** An answer that is not the JSON the operation promises (a proxy's HTML page, a missing `data`). */
export class ProtocolError extends WandbClientError {
  override readonly name: string = 'ProtocolError';
}
