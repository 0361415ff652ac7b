/**
 * When to try a request again and how long to wait. Network errors, HTTP
 * 429 and 5xx are worth retrying (the request may succeed later); any other
 * 4xx will fail the same way again, so it never is. The wait grows
 * exponentially with "equal jitter" (half fixed, half random), so clients
 * that failed together do not retry together; a server's `Retry-After` wins.
 */

/** The knobs of the retry policy. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `maxRetries + 1` attempts at most). */
  readonly maxRetries: number;
  /** The first retry's nominal wait; each later one doubles it. */
  readonly baseDelayMs: number;
  /** No nominal wait exceeds this. */
  readonly maxDelayMs: number;
  /** A `Retry-After` longer than this is cut to it. */
  readonly maxRetryAfterMs: number;
}

/** Defaults: 4 retries, waits of 0.25–0.5, 0.5–1, 1–2 and 2–4 s, `Retry-After` honoured up to a minute. */
export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  maxRetryAfterMs: 60_000,
};

/** Whether an HTTP status is worth retrying. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * The wait before retry number `retry` (1 for the first retry): the nominal
 * `baseDelayMs · 2^(retry−1)`, capped, times a factor in [0.5, 1) drawn from
 * `random` (which returns a number in [0, 1)).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const nominal = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(nominal * (0.5 + random() / 2));
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds (`120`) or an
 * HTTP date, relative to `now`; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
