/**
 * Fault injection for the local server, so tests (and people trying
 * `wbrules apply` by hand) can watch the client survive what a real server
 * and network do to it:
 *
 * - `500`: an internal error, before anything is done;
 * - `429`: "too many requests" with a `Retry-After`, before anything is done;
 * - `drop`: the connection closed without an answer, before anything is done;
 * - `slow`: the request is carried out, then answered only after a delay
 *   (past the client's timeout, it becomes a `lost` one);
 * - `lost`: the request is carried out (the mutation is committed) and then
 *   the connection is closed without an answer — the classic way a client
 *   that retries creates duplicates.
 *
 * Which request gets which fault is drawn from a seeded generator (so a run
 * can be repeated) or decided by a test's own function. The delay of a slow
 * answer goes through an injectable `sleep`, so tests need not wait.
 */

/** The kinds of fault the local server can inject. */
export type FaultKind = '500' | '429' | 'drop' | 'slow' | 'lost';

/** Every fault kind, in the order `--faults` documents them. */
export const faultKinds: readonly FaultKind[] = ['500', '429', 'drop', 'slow', 'lost'];

/** Options for {@link FaultInjector}. */
export interface FaultOptions {
  /** The probability of each fault per request (their sum at most 1). */
  readonly rates?: Partial<Readonly<Record<FaultKind, number>>>;
  /** Decides the fault of request `n` (1-based, counting only the requests faults apply to); wins over `rates`. */
  readonly decide?: (n: number, operation: string) => FaultKind | undefined;
  /** Seed of the generator behind `rates`. Default 1. */
  readonly seed?: number;
  /** The `Retry-After` of a 429, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /** How long a slow answer waits. Default 2000 ms. */
  readonly slowMs?: number;
  /** Only requests for these operation names get faults. Default: every request. */
  readonly operations?: readonly string[];
  /** The server's clock for slow answers. Default a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Test only (no `--faults` spelling): when it returns a promise for a
   * request, the request waits, before it is carried out, until the promise
   * settles. A test holds one client's request there while another client
   * runs, so a race happens in the same order every time, without timing.
   */
  readonly hold?: (operation: string) => Promise<void> | undefined;
}

/** A `--faults` specification that cannot be read. */
export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

/** Decides, request by request, which fault (if any) the local server injects, and counts them. */
export class FaultInjector {
  /** How many of each fault were injected. */
  readonly counts: Record<FaultKind, number> = { '500': 0, '429': 0, drop: 0, slow: 0, lost: 0 };
  readonly retryAfterSeconds: number;
  readonly slowMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private seen = 0;

  constructor(private readonly options: FaultOptions) {
    this.random = mulberry32(options.seed ?? 1);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.slowMs = options.slowMs ?? 2000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** What to wait for before carrying out a request of `operation` (see {@link FaultOptions.hold}). */
  held(operation: string): Promise<void> | undefined {
    return this.options.hold?.(operation);
  }

  /** The fault for the next request of `operation`, if any. */
  next(operation: string): FaultKind | undefined {
    if (this.options.operations !== undefined && !this.options.operations.includes(operation)) return undefined;
    this.seen++;
    let fault: FaultKind | undefined;
    if (this.options.decide !== undefined) fault = this.options.decide(this.seen, operation);
    else {
      let draw = this.random();
      for (const kind of faultKinds) {
        const rate = this.options.rates?.[kind] ?? 0;
        if (draw < rate) {
          fault = kind;
          break;
        }
        draw -= rate;
      }
    }
    if (fault !== undefined) this.counts[fault]++;
    return fault;
  }
}

/**
 * Reads `--faults`: comma-separated `KIND=RATE` pairs (`500=0.1,lost=0.05`)
 * and the settings `seed=N`, `retry-after=SECONDS`, `slow-ms=MS` and
 * `ops=NAME+NAME` (only these operations).
 */
export function parseFaults(spec: string): FaultOptions {
  const rates: Partial<Record<FaultKind, number>> = {};
  const options: { -readonly [K in keyof FaultOptions]: FaultOptions[K] } = { rates };
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 0) throw new FaultSpecError(`expected KIND=RATE or SETTING=VALUE, found "${item}"`);
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if ((faultKinds as readonly string[]).includes(key)) {
      const rate = Number(value);
      if (value === '' || !Number.isFinite(rate) || rate < 0 || rate > 1)
        throw new FaultSpecError(`the rate of "${key}" must be a number from 0 to 1, found "${value}"`);
      rates[key as FaultKind] = rate;
    } else if (key === 'seed' || key === 'retry-after' || key === 'slow-ms') {
      if (!/^\d{1,9}$/.test(value)) throw new FaultSpecError(`"${key}" must be a whole number, found "${value}"`);
      if (key === 'seed') options.seed = Number(value);
      else if (key === 'retry-after') options.retryAfterSeconds = Number(value);
      else options.slowMs = Number(value);
    } else if (key === 'ops') {
      options.operations = value.split('+').filter((name) => name !== '');
    } else {
      throw new FaultSpecError(
        `unknown fault or setting "${key}"; faults are ${faultKinds.join(', ')}, settings seed, retry-after, slow-ms, ops`,
      );
    }
  }
  const total = Object.values(rates).reduce((sum, rate) => sum + rate, 0);
  if (total > 1 + 1e-9) throw new FaultSpecError(`the fault rates add up to ${total}, more than 1`);
  return options;
}

/** A small seeded generator (mulberry32): the same seed gives the same faults. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
