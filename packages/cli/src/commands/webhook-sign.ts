/**
 * `wbrules webhook sign` and `wbrules webhook verify`: compute and check the
 * `X-Wandb-Signature` of a request body (spec §6.2: base64 of the
 * HMAC-SHA256 of the exact body bytes, keyed with the webhook's secret), with
 * `@wbrules/webhooks`. The secret comes from an environment variable only,
 * never from the command line, and is never printed.
 */
import { readFileSync } from 'node:fs';
import { explainWandbSignature, signWandbBody, verifyWandbSignature } from '@wbrules/webhooks';
import { ExitCode, UsageError } from '../exit-code.js';
import { describeFsError, stdinName } from '../files.js';
import type { Io } from '../io.js';
import { printable, quoted } from '../printable.js';

/** Options of `wbrules webhook sign`. */
export interface WebhookSignOptions {
  /** The environment variable holding the webhook's signing secret. */
  readonly signingSecretEnv: string;
}

/** Options of `wbrules webhook verify`. */
export interface WebhookVerifyOptions extends WebhookSignOptions {
  /** The `X-Wandb-Signature` value to check. */
  readonly signature: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `wbrules webhook sign --signing-secret-env VAR [FILE|-]`: prints the
 * `X-Wandb-Signature` value for the exact bytes of the file (or standard
 * input) and a newline. Exit 0, or 2 when the variable is unset or empty or
 * the file cannot be read.
 */
export async function webhookSignCommand(
  file: string | undefined,
  options: WebhookSignOptions,
  io: Io,
  env: Env = process.env,
): Promise<ExitCode> {
  const secret = signingSecret(options.signingSecretEnv, env);
  const body = readBody(file);
  io.stdout(`${await signWandbBody(body, secret)}\n`);
  return ExitCode.ok;
}

/**
 * `wbrules webhook verify --signing-secret-env VAR --signature SIG [FILE|-]`:
 * exit 0 when the signature is the one W&B would send with these bytes;
 * otherwise exit 1 with one line on stderr naming the mistake it looks like
 * (hex, a `sha256=` prefix, a re-serialized body, …). Exit 2 for usage errors.
 */
export async function webhookVerifyCommand(
  file: string | undefined,
  options: WebhookVerifyOptions,
  io: Io,
  env: Env = process.env,
): Promise<ExitCode> {
  const secret = signingSecret(options.signingSecretEnv, env);
  const body = readBody(file);
  if (await verifyWandbSignature(body, options.signature, secret)) {
    if (io.quiet !== true) io.stderr('signature: valid\n');
    return ExitCode.ok;
  }
  const { message } = await explainWandbSignature(body, options.signature, secret);
  io.stderr(`signature: invalid (${printable(message)})\n`);
  return ExitCode.failed;
}

/**
 * The secret in the environment variable `name` (`--signing-secret-env`);
 * a usage error when it is unset or empty (an HMAC keyed with nothing proves
 * nothing). The messages name the variable, never its value.
 */
export function signingSecret(name: string, env: Env, option = '--signing-secret-env'): string {
  const value = env[name];
  if (value === undefined) throw new UsageError(`the environment variable ${quoted(name)} (${option}) is not set`);
  if (value === '') throw new UsageError(`the environment variable ${quoted(name)} (${option}) is empty`);
  return value;
}

/** The exact bytes of `file` (`-` or none: standard input), without any decoding. */
function readBody(file: string | undefined): Uint8Array {
  const stdin = file === undefined || file === '-';
  try {
    return readFileSync(stdin ? 0 : file);
  } catch (error) {
    throw new UsageError(`cannot read "${stdin ? stdinName : printable(file)}": ${describeFsError(error)}`);
  }
}
