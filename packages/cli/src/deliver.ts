/**
 * Sends one rendered webhook request (`--deliver`) the way W&B would, and
 * says how it went. Plain `http://` goes only to this machine unless the
 * user says `--insecure`, since the body, the access token and the signature
 * would cross the network in the clear. Nothing here prints: the caller
 * reports the result, and no header (the access token) is ever part of it.
 */
import { isLoopback } from '@wbrules/runtime';

/** A request to send: what `wbrules webhook render` prints, with real secret values. */
export interface DeliveryRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent byte for byte (a string as its UTF-8 bytes), exactly what was signed. */
  readonly body: string | Uint8Array;
}

/** How to send it. */
export interface DeliveryOptions {
  /** Give up (and report a timeout) after this many milliseconds. */
  readonly timeoutMs: number;
  /** Allow plain `http://` to a host that is not loopback (`--insecure`). */
  readonly insecure?: boolean;
}

/** What happened: `ok` when the receiver answered 2xx. */
export interface DeliveryResult {
  readonly ok: boolean;
  /** The status the receiver answered with (absent when none came). */
  readonly status?: number;
  /** Milliseconds from sending to the response's status line (or to the failure). */
  readonly ms: number;
  /** Why nothing, or no answer, came: one sentence, naming no header or secret. */
  readonly error?: string;
}

/**
 * Sends `request` with the global `fetch`, without following redirects (a
 * 3xx is reported, not followed, as a receiver's answer). Never throws:
 * a refused URL, a network error and a timeout are results with `error`.
 */
export async function deliver(request: DeliveryRequest, options: DeliveryOptions): Promise<DeliveryResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const checked = checkDeliveryUrl(request.url, options.insecure === true);
  if (typeof checked === 'string') return { ok: false, ms: 0, error: checked };
  const url = checked;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const ms = elapsed();
    // The answer's body is not needed; drop it so the connection is freed.
    await response.body?.cancel().catch(() => {});
    return { ok: response.status >= 200 && response.status < 300, status: response.status, ms };
  } catch (error) {
    if (controller.signal.aborted)
      return { ok: false, ms: elapsed(), error: `timed out after ${options.timeoutMs} ms` };
    return { ok: false, ms: elapsed(), error: describeFetchError(error, url) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The URL to send to, or why not: it is not an http(s) URL, or it is plain
 * `http://` to a host that is not loopback and `insecure` is off. Errors
 * name the origin only: a webhook URL's path may hold a token.
 */
export function checkDeliveryUrl(text: string, insecure: boolean): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'the URL is not valid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `the URL must be http:// or https://, not ${url.protocol}//`;
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !insecure) {
    return `refused to send to ${url.origin} over plain http:// (the body, token and signature would travel unencrypted); use https://, or pass --insecure`;
  }
  return url;
}

/** `cannot connect to http://127.0.0.1:9/: connection refused (ECONNREFUSED)`, never a header. */
function describeFetchError(error: unknown, url: URL): string {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  const code = cause?.code;
  const known: Readonly<Record<string, string>> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'the connection was reset',
    ENOTFOUND: 'the host name is not known',
    EAI_AGAIN: 'the host name could not be looked up',
    ETIMEDOUT: 'the connection timed out',
    UND_ERR_SOCKET: 'the connection closed before an answer',
  };
  const why =
    code === undefined
      ? (cause?.message ?? (error instanceof Error ? error.message : String(error)))
      : `${known[code] ?? cause?.message ?? 'failed'} (${code})`;
  return `cannot send to ${url.origin}: ${why}`;
}
