/**
 * `wbrules webhook serve`: a local webhook receiver for drills. It listens on
 * 127.0.0.1 only, prints every request it gets (the `Authorization` value
 * masked) and whether its `X-Wandb-Signature` verifies, and answers 200, or
 * the status `--respond` names after the delay `--delay` names, so a sender's
 * handling of failures and timeouts can be tried without a real endpoint.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { explainWandbSignature, verifyWandbSignature } from '@wbrules/webhooks';
import { ExitCode, UsageError } from '../exit-code.js';
import { describeFsError } from '../files.js';
import type { Io } from '../io.js';
import { printable, printableLines } from '../printable.js';
import type { StopSignals } from './dev-server.js';
import { signingSecret } from './webhook-sign.js';

/** The largest body `webhook serve` accepts; a longer one is answered 413 (W&B's bodies are small). */
export const maxReceiverBody = 1024 * 1024;

/** Options of `wbrules webhook serve`. */
export interface WebhookServeOptions {
  /** A port number; `0` picks a free one. */
  readonly port: number;
  /** The environment variable holding the signing secret to check `X-Wandb-Signature` with. */
  readonly signingSecretEnv?: string;
  /** The status to answer every request with (default 200). */
  readonly respond: number;
  /** Milliseconds to hold each response (default 0). */
  readonly delay: number;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `wbrules webhook serve [--port N] [--signing-secret-env VAR] [--respond
 * STATUS] [--delay MS]`: prints exactly `listening on
 * http://127.0.0.1:PORT/` on stdout once it accepts connections (the real
 * port with `--port 0`), then each request: the method and path, the headers
 * (`Authorization: Bearer <redacted>`), a blank line, the body, with a secret
 * `signature: valid` or `signature: invalid (why)`, and a blank line. Answers
 * `{"ok":true}` (200, or `--respond`), a body over 1 MiB 413. Runs until
 * SIGINT or SIGTERM, then exits 0; a port that cannot be used is exit 2.
 */
export async function webhookServeCommand(
  options: WebhookServeOptions,
  io: Io,
  env: Env = process.env,
  signals: StopSignals = process,
): Promise<ExitCode> {
  const secret = options.signingSecretEnv === undefined ? undefined : signingSecret(options.signingSecretEnv, env);
  // A sender that puts the secret itself in a header (a common mistake) must not get it printed.
  const out = (text: string): void =>
    io.stdout(secret === undefined ? text : text.replaceAll(secret, '<signing secret>'));
  const { createServer } = await import('node:http');
  const held = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    void receive(req).then(
      async (body) => {
        const tooLarge = body === undefined;
        const lines = [
          `${printable(req.method ?? '')} ${printable(req.url ?? '')}`,
          ...headerLines(req.rawHeaders),
          '',
        ];
        if (tooLarge) lines.push(`(body over ${maxReceiverBody} bytes: answered 413)`);
        else {
          const text = Buffer.from(body).toString('utf8');
          lines.push(text === '' ? '(no body)' : printableLines(text));
          if (secret !== undefined) lines.push(await signatureLine(body, req.headers['x-wandb-signature'], secret));
        }
        out(`${lines.join('\n')}\n\n`);
        const status = tooLarge ? 413 : options.respond;
        const answer = () => {
          held.delete(timer);
          answerWith(res, status);
        };
        const timer = setTimeout(answer, tooLarge ? 0 : options.delay);
        held.add(timer);
      },
      () => res.destroy(),
    );
  });
  try {
    await listen(server, options.port);
  } catch (error) {
    throw new UsageError(`cannot listen on 127.0.0.1:${options.port}: ${describeFsError(error)}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  // The handlers are in place before the ready line, so a signal sent as soon as it is read still stops cleanly.
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  out(`listening on http://127.0.0.1:${port}/\n`);
  await stopped;
  for (const timer of held) clearTimeout(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return ExitCode.ok;
}

/** The body's bytes, or `undefined` when it is over {@link maxReceiverBody} (the rest is read and dropped). */
async function receive(req: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even when too large, so the client gets the 413 rather than a reset connection.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= maxReceiverBody) chunks.push(chunk);
  }
  return size > maxReceiverBody ? undefined : Buffer.concat(chunks);
}

/** `Name: value` for each header as sent (names in their case, in order), `Authorization` masked. */
function headerLines(raw: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    lines.push(
      `${printable(name)}: ${name.toLowerCase() === 'authorization' ? maskCredentials(value) : printable(value)}`,
    );
  }
  return lines;
}

/** `Bearer <redacted>`: the scheme is kept (it tells a wrong one apart), the credentials never. */
export function maskCredentials(value: string): string {
  const scheme = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s/.exec(value)?.[1];
  return scheme === undefined ? '<redacted>' : `${scheme} <redacted>`;
}

/** `signature: valid`, or `signature: invalid (why)` from `explainWandbSignature`. */
async function signatureLine(body: Uint8Array, given: string | string[] | undefined, secret: string): Promise<string> {
  // Node joins repeated headers of unknown names with ", "; the array form is only in its types.
  const header = Array.isArray(given) ? given.join(', ') : given;
  if (await verifyWandbSignature(body, header, secret)) return 'signature: valid';
  const { message } = await explainWandbSignature(body, header, secret);
  return `signature: invalid (${printable(message)})`;
}

function answerWith(res: ServerResponse, status: number): void {
  const ok = status >= 200 && status < 300;
  const body = JSON.stringify(status === 413 ? { ok: false, error: 'body too large' } : { ok });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
