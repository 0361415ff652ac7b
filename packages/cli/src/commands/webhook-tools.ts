/**
 * The `wbrules webhook` tools that need no rules: `sign`, `verify` and
 * `serve`. Declared here, loaded when they run (`webhook-sign.js`,
 * `webhook-serve.js`), so they cost the start-up of other commands nothing.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { quietOption } from '../options.js';
import type { WebhookServeOptions } from './webhook-serve.js';
import type { WebhookSignOptions, WebhookVerifyOptions } from './webhook-sign.js';

/** The port `webhook serve` listens on without `--port` (dev-server's is 8080). */
export const defaultReceiverPort = 8181;

/**
 * Declares `sign` and `verify` under the `wbrules webhook` group; each
 * action reports its exit code through `done`.
 */
export function addWebhookSignCommands(webhook: Command, io: Io, done: (code: ExitCode) => void): void {
  const ioFor = (options: { quiet?: boolean }): Io => (options.quiet === true ? { ...io, quiet: true } : io);
  webhook
    .command('sign')
    .description('print the X-Wandb-Signature W&B would send with a body (base64 of its HMAC-SHA256)')
    .showHelpAfterError('(run "wbrules webhook sign --help" for usage)')
    .addOption(quietOption())
    .argument('[file]', 'the body, byte for byte (- or nothing: standard input)')
    .requiredOption('--signing-secret-env <envvar>', "the environment variable holding the webhook's signing secret")
    .action(async (file: string | undefined, options: WebhookSignOptions & { quiet?: boolean }) => {
      const { webhookSignCommand } = await import('./webhook-sign.js');
      done(await webhookSignCommand(file, options, ioFor(options)));
    });
  webhook
    .command('verify')
    .description('check an X-Wandb-Signature against a body: exit 0 if valid, 1 (and why) if not')
    .showHelpAfterError('(run "wbrules webhook verify --help" for usage)')
    .addOption(quietOption())
    .argument('[file]', 'the body, byte for byte (- or nothing: standard input)')
    .requiredOption('--signing-secret-env <envvar>', "the environment variable holding the webhook's signing secret")
    .requiredOption('--signature <value>', 'the X-Wandb-Signature header value to check')
    .action(async (file: string | undefined, options: WebhookVerifyOptions & { quiet?: boolean }) => {
      const { webhookVerifyCommand } = await import('./webhook-sign.js');
      done(await webhookVerifyCommand(file, options, ioFor(options)));
    });
}

/** Declares `serve` under the `wbrules webhook` group; the action reports its exit code through `done`. */
export function addWebhookServeCommand(webhook: Command, io: Io, done: (code: ExitCode) => void): void {
  webhook
    .command('serve')
    .description(
      'run a local webhook receiver on 127.0.0.1 that prints every request and checks its signature (until Ctrl-C)',
    )
    .showHelpAfterError('(run "wbrules webhook serve --help" for usage)')
    .addOption(quietOption())
    .option('--port <n>', 'the port to listen on (0 picks a free one)', parsePort, defaultReceiverPort)
    .option('--signing-secret-env <envvar>', 'check X-Wandb-Signature with the secret in this environment variable')
    .option('--respond <status>', 'answer every request with this HTTP status, e.g. 500', parseStatus, 200)
    .option('--delay <ms>', 'hold each response this many milliseconds, e.g. to make a sender time out', parseDelay, 0)
    .action(async (options: WebhookServeOptions & { quiet?: boolean }) => {
      const { webhookServeCommand } = await import('./webhook-serve.js');
      done(await webhookServeCommand(options, options.quiet === true ? { ...io, quiet: true } : io));
    });
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return Number(text);
}

function parseStatus(text: string): number {
  if (!/^[2-5]\d\d$/.test(text)) throw new InvalidArgumentError('expected an HTTP status from 200 to 599');
  return Number(text);
}

function parseDelay(text: string): number {
  if (!/^\d{1,7}$/.test(text)) throw new InvalidArgumentError('expected milliseconds, from 0 to 9999999');
  return Number(text);
}
