/**
 * The options of `--deliver` (`wbrules replay`, `wbrules test`), declared
 * apart from the code that delivers so that declaring them loads nothing
 * else (main.ts imports this module at start-up; deliver-firings.ts runs).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';

/** The `--deliver` options, as commander gives them. */
export interface DeliverOptions {
  /** Send each webhook firing's request. */
  readonly deliver?: boolean;
  /** Where to send them. */
  readonly to?: string;
  /** Without `--to`: send each request to its webhook integration's URL, looked up on this W&B server. */
  readonly baseUrl?: string;
  /** Log every request to the W&B server (the URL lookups) on stderr. */
  readonly verbose?: boolean;
  /** `[INTEGRATION=]ENVVAR`: the signing secret of an integration (or, without a name, of every other one). */
  readonly signingSecretEnv?: readonly string[];
  /** Allow plain `http://` to a host that is not loopback. */
  readonly insecure?: boolean;
  /** Give up on a delivery after this many milliseconds (default {@link defaultDeliverTimeout}). */
  readonly deliverTimeout?: number;
}

/** How long a delivery may take before it is reported as a timeout. */
export const defaultDeliverTimeout = 10_000;

/**
 * Adds `--deliver`, `--to`, `--signing-secret-env`, `--insecure` and
 * `--deliver-timeout` to `command` (`replay`, `test`).
 */
export function addDeliverOptions(command: Command): Command {
  return command
    .option('--deliver', 'send the request each webhook firing would make W&B send (signed) to --to, one at a time')
    .option('--to <url>', 'where --deliver sends the requests, e.g. http://127.0.0.1:8181/ (wbrules webhook serve)')
    .option(
      '--base-url <url>',
      "with --deliver and no --to: send each request to its webhook integration's URL, looked up on this W&B server",
    )
    .option('--verbose', 'with --base-url: log every request to the W&B server (operation, status, duration)')
    .option(
      '--signing-secret-env <[integration=]envvar>',
      "sign with the secret in this environment variable (INTEGRATION= for one webhook integration's; repeatable)",
      (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value],
    )
    .addOption(new Option('--insecure', 'allow --to to be plain http:// to a host that is not loopback'))
    .option(
      '--deliver-timeout <ms>',
      `give up on a delivery after this many milliseconds (default ${defaultDeliverTimeout})`,
      parseTimeout,
    );
}

function parseTimeout(text: string): number {
  if (!/^[1-9]\d{0,6}$/.test(text)) throw new InvalidArgumentError('expected milliseconds, from 1 to 9999999');
  return Number(text);
}
