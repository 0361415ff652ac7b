/**
 * `--deliver` of `wbrules replay` and `wbrules test`: after the run, send the
 * request each webhook firing would make W&B send (rendered by
 * `renderPayload`, signed with its integration's secret) to `--to`, one at a
 * time, and report each answer on stderr. A failed delivery is reported and
 * the others still go; the exit code is 1 unless every one got a 2xx.
 */
import type { CompiledAutomation } from '@wbrules/compiler';
import { describeWhere, type Firing, firingValues, payloadKind, renderPayload } from '@wbrules/evaluator';
import { signWandbBody } from '@wbrules/webhooks';
import { type ReplayCommandOptions, replayCommand } from './commands/replay.js';
import { type TestCommandOptions, testCommand } from './commands/test.js';
import { signingSecret } from './commands/webhook-sign.js';
import { checkDeliveryUrl, type DeliveryResult, deliver } from './deliver.js';
import { type DeliverOptions, defaultDeliverTimeout } from './deliver-options.js';
import { ExitCode, UsageError } from './exit-code.js';
import type { Io } from './io.js';
import { plural } from './output.js';
import { printable, quoted } from './printable.js';
import type { ServerOptions } from './server-client.js';

/** A firing and the automation that fired. */
export interface FiredAutomation {
  readonly firing: Firing;
  readonly automation: CompiledAutomation;
}

export type { DeliverOptions } from './deliver-options.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What {@link prepareDelivery} checked: where to send, and the secrets. */
export interface DeliveryPlan {
  /** `--to`, or `undefined`: each integration's URL on the server `--base-url` names. */
  readonly to: string | undefined;
  /** The server to look integrations' URLs up on (without `--to`). */
  readonly server?: ServerOptions;
  readonly insecure: boolean;
  readonly timeoutMs: number;
  /** Secrets by integration name (`NAME` or `ENTITY/NAME`). */
  readonly secrets: ReadonlyMap<string, string>;
  /** The secret for integrations not named. */
  readonly fallback?: string;
}

/**
 * Checks the `--deliver` options before anything runs: `--to` given and
 * allowed, every secret's variable set. `undefined` without `--deliver`
 * (the other options then are a usage error).
 */
export function prepareDelivery(options: DeliverOptions, env: Env = process.env): DeliveryPlan | undefined {
  if (options.deliver !== true) {
    const stray =
      options.to !== undefined
        ? '--to'
        : options.baseUrl !== undefined
          ? '--base-url'
          : options.signingSecretEnv !== undefined
            ? '--signing-secret-env'
            : options.deliverTimeout !== undefined
              ? '--deliver-timeout'
              : undefined;
    if (stray !== undefined) throw new UsageError(`${stray} is only for --deliver`);
    return undefined;
  }
  if (options.to === undefined && options.baseUrl === undefined) {
    throw new UsageError(
      '--deliver needs --to URL, the receiver to send to (e.g. "wbrules webhook serve" at http://127.0.0.1:8181/), or --base-url URL to send to each webhook integration\'s own URL',
    );
  }
  if (options.to !== undefined) {
    const checked = checkDeliveryUrl(options.to, options.insecure === true);
    if (typeof checked === 'string') throw new UsageError(`--to: ${checked}`);
  }
  const secrets = new Map<string, string>();
  let fallback: string | undefined;
  for (const entry of options.signingSecretEnv ?? []) {
    const at = entry.indexOf('=');
    if (at === 0 || at === entry.length - 1)
      throw new UsageError(`--signing-secret-env ${quoted(entry)} is not ENVVAR or INTEGRATION=ENVVAR`);
    if (at < 0) {
      if (fallback !== undefined)
        throw new UsageError('--signing-secret-env without an integration name may be given once');
      fallback = signingSecret(entry, env);
    } else {
      const name = entry.slice(0, at);
      if (secrets.has(name)) throw new UsageError(`--signing-secret-env names ${quoted(name)} twice`);
      secrets.set(name, signingSecret(entry.slice(at + 1), env, `--signing-secret-env ${name}`));
    }
  }
  return {
    to: options.to,
    ...(options.to === undefined
      ? {
          server: {
            baseUrl: options.baseUrl,
            ...(options.insecure === true ? { insecure: true } : {}),
            ...(options.verbose === true ? { verbose: true } : {}),
          },
        }
      : {}),
    insecure: options.insecure === true,
    timeoutMs: options.deliverTimeout ?? defaultDeliverTimeout,
    secrets,
    ...(fallback === undefined ? {} : { fallback }),
  };
}

/**
 * Sends the request of every webhook firing in `fired`, in order, and prints
 * one line per delivery and a summary on stderr (with `--quiet`, only the
 * failed ones). Exit 0 when every delivery got a 2xx (or there were none), 1
 * otherwise. Never prints a secret, a header or the body.
 */
export async function deliverFirings(fired: readonly FiredAutomation[], plan: DeliveryPlan, io: Io): Promise<ExitCode> {
  const webhooks = fired.filter(({ automation }) => payloadKind(automation) === 'webhook');
  const say = (line: string, failed = false): void => {
    if (failed || io.quiet !== true) io.stderr(`${line}\n`);
  };
  const used = new Set(
    webhooks.flatMap(({ automation }) =>
      automation.integration === undefined ? [] : [automation.integration.name, automation.integration.key],
    ),
  );
  for (const name of plan.secrets.keys()) {
    if (!used.has(name))
      say(`warning: --signing-secret-env ${quoted(name)}: no webhook that fired uses an integration of that name`);
  }
  if (webhooks.length === 0) {
    say(`deliveries: none (${fired.length === 0 ? 'nothing fired' : 'no firing sends a webhook'})`);
    return ExitCode.ok;
  }
  // Loaded only here: the W&B client (graphql and all) is not needed to replay or test.
  const urls = plan.to === undefined ? await integrationUrls(plan, io) : undefined;
  let good = 0;
  for (const [i, { firing, automation }] of webhooks.entries()) {
    const rendered = renderPayload(automation, { values: firingValues(firing) });
    const body = rendered?.text ?? '{}';
    const secret = secretFor(automation, plan);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (secret !== undefined) headers['X-Wandb-Signature'] = await signWandbBody(body, secret);
    const url = plan.to ?? (await (urls as IntegrationUrls).of(automation));
    const result: DeliveryResult =
      typeof url === 'string'
        ? await deliver({ method: 'POST', url, headers, body }, { timeoutMs: plan.timeoutMs, insecure: plan.insecure })
        : { ok: false, ms: 0, error: url.error };
    if (result.ok) good++;
    const what = `deliver ${i + 1}/${webhooks.length}: ${quoted(automation.name)} (${printable(describeWhere(firing))})${secret === undefined ? ', unsigned' : ''}`;
    say(`${what}: ${outcome(result)}`, !result.ok);
  }
  const failed = webhooks.length - good;
  say(
    `deliveries: ${plural(webhooks.length, 'request')} to ${plan.to === undefined ? "each webhook integration's URL" : printable(plan.to)}, ${good} answered 2xx${failed === 0 ? '' : `, ${failed} did not`}`,
    failed > 0,
  );
  return failed === 0 ? ExitCode.ok : ExitCode.failed;
}

/**
 * `wbrules replay … [--deliver …]`: the replay, then, with `--deliver` and
 * when the replay ran, the deliveries. The exit code is the worse of the two.
 */
export async function replayWithDelivery(
  rules: readonly string[],
  options: ReplayCommandOptions & DeliverOptions,
  io: Io,
  env: Env = process.env,
): Promise<ExitCode> {
  const plan = prepareDelivery(options, env);
  const fired: FiredAutomation[] = [];
  const code = replayCommand(rules, options, io, (firing, automation) => fired.push({ firing, automation }));
  if (plan === undefined || code !== ExitCode.ok) return code;
  return deliverFirings(fired, plan, io);
}

/**
 * `wbrules test … [--deliver …]`: the tests, then, with `--deliver`, the
 * deliveries of every case's webhook firings (even when a case failed). The
 * exit code is the worse of the two.
 */
export async function testWithDelivery(
  files: readonly string[],
  options: TestCommandOptions & DeliverOptions,
  io: Io,
  env: Env = process.env,
): Promise<ExitCode> {
  const plan = prepareDelivery(options, env);
  const fired: FiredAutomation[] = [];
  const code = testCommand(files, options, io, process.cwd(), (firing, automation) =>
    fired.push({ firing, automation }),
  );
  if (plan === undefined || code === ExitCode.usage) return code;
  return Math.max(code, await deliverFirings(fired, plan, io)) as ExitCode;
}

/** The integration's own secret, by `ENTITY/NAME` or `NAME`, else the unnamed one. */
function secretFor(automation: CompiledAutomation, plan: DeliveryPlan): string | undefined {
  const integration = automation.integration;
  if (integration !== undefined) {
    const own = plan.secrets.get(integration.key) ?? plan.secrets.get(integration.name);
    if (own !== undefined) return own;
  }
  return plan.fallback;
}

/** Each webhook integration's URL on the `--base-url` server, looked up once per integration. */
interface IntegrationUrls {
  of(automation: CompiledAutomation): Promise<string | { readonly error: string }>;
}

async function integrationUrls(plan: DeliveryPlan, io: Io): Promise<IntegrationUrls> {
  const [{ serverClient }, { WandbClientError }] = await Promise.all([
    import('./server-client.js'),
    import('@wbrules/runtime'),
  ]);
  const server = serverClient('deliver', plan.server ?? {}, io, process.env);
  const found = new Map<string, Promise<string | { readonly error: string }>>();
  const lookUp = async (entity: string, name: string): Promise<string | { readonly error: string }> => {
    try {
      const nodes = await server.api.listIntegrations(entity);
      if (nodes === null) return { error: `W&B has no entity ${quoted(entity)}` };
      const node = nodes.find((n) => n.__typename === 'GenericWebhookIntegration' && 'name' in n && n.name === name);
      if (node === undefined || !('urlEndpoint' in node) || typeof node.urlEndpoint !== 'string')
        return { error: `the entity ${quoted(entity)} has no webhook integration named ${quoted(name)}` };
      const checked = checkDeliveryUrl(node.urlEndpoint, plan.insecure);
      return typeof checked === 'string' ? { error: `the webhook's URL: ${checked}` } : node.urlEndpoint;
    } catch (error) {
      if (error instanceof WandbClientError) return { error: printable(error.message) };
      throw error;
    }
  };
  return {
    of(automation) {
      const integration = automation.integration;
      if (integration === undefined) return Promise.resolve({ error: 'the rule names no webhook integration' });
      let url = found.get(integration.key);
      if (url === undefined) {
        url = lookUp(integration.entity, integration.name);
        found.set(integration.key, url);
      }
      return url;
    },
  };
}

/** `200 in 4 ms`, `500 in 3 ms (not 2xx)`, `no answer: timed out after 10000 ms`. */
function outcome(result: DeliveryResult): string {
  if (result.status === undefined) return `no answer: ${result.error ?? 'unknown error'}`;
  return `${result.status} in ${result.ms} ms${result.ok ? '' : ' (not 2xx)'}`;
}
