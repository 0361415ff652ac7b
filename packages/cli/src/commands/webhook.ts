/**
 * `wbrules webhook …`: the commands about W&B webhooks. `render` prints the
 * request (or ARIA prompt) a rule would make W&B send. Each subcommand is
 * one exported function here; `main.ts` declares the group and loads this
 * module only when a subcommand runs.
 */

import { type CompiledAutomation, compile, didYouMean, isSecretName } from '@wbrules/compiler';
import {
  describeEventType,
  payloadKind,
  type RenderedPayload,
  renderPayload,
  type SemanticPointId,
  semanticPoints,
  type TemplateValue,
} from '@wbrules/evaluator';
import { WandbClientError } from '@wbrules/runtime';
import { ExitCode, InputError, UsageError } from '../exit-code.js';
import { readInput } from '../files.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonText, reportDiagnostics } from '../output.js';
import { printable, printableJson, printableLines, quoted } from '../printable.js';
import { readSources } from '../read-sources.js';
import { type ServerClient, type ServerOptions, serverClient } from '../server-client.js';
import { signWandbBody } from '@wbrules/webhooks';

/** Options of `wbrules webhook render`. */
export interface WebhookRenderOptions extends ServerOptions {
  /** The automation's name (written or derived). */
  readonly rule: string;
  /** A JSON object of variable values, over the built-in sample. */
  readonly event?: string;
  /** `VAR=VALUE`, over `--event` (repeatable). */
  readonly set?: readonly string[];
  /** `NAME=ENVVAR`: the secret `${NAME}` (`ACCESS_TOKEN`: the access token) from an environment variable. */
  readonly secretEnv?: readonly string[];
  /** The environment variable holding the webhook's signing secret. */
  readonly signingSecretEnv?: string;
  /** Print `{method, url, headers, body}` (ARIA: `{prompt}`) as JSON. */
  readonly json?: boolean;
  readonly format: DiagnosticFormat;
}

/** `render --json` for a webhook rule (an ARIA rule prints `prompt` instead of the request). */
export interface WebhookRenderJson {
  readonly method?: 'POST';
  /** `null` offline (without `--base-url`). */
  readonly url?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly prompt?: string;
  /** Variables that do not apply to the event, rendered as `""`. */
  readonly notApplicable: readonly string[];
  /** Names W&B does not document, left as written. */
  readonly unknown: readonly string[];
  /** Secrets without a value: their placeholder was rendered (and signed). */
  readonly unsetSecrets: readonly string[];
  /** The assumed semantic points the rendering rests on (docs/semantics.md). */
  readonly assumed: readonly SemanticPointId[];
}

/** Where the URL is shown without `--base-url`. */
export const offlineUrl = "<the webhook's URL (pass --base-url to look it up)>";

/**
 * `wbrules webhook render <files…> --rule NAME`: compiles the files and
 * prints the HTTP request W&B would send for the rule's webhook (method, URL,
 * headers, body), or the prompt it would send to ARIA, with every template
 * variable filled in from a built-in sample for the event type, `--event`
 * and `--set`. Secrets come only from environment variables and are printed
 * as `<secret NAME>`; the signature is computed over the real body. Exit 0
 * after rendering, 1 when the files or the event file have errors, 2 for
 * usage errors (an unknown rule, a rule that sends nothing, an unset
 * environment variable).
 */
export async function webhookRenderCommand(
  inputs: readonly string[],
  options: WebhookRenderOptions,
  rawIo: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ExitCode> {
  const { sources, texts } = readSources(inputs);
  const compiled = compile(sources);
  const problems = compiled.diagnostics.filter((d) => d.severity !== 'info');
  reportDiagnostics(rawIo, options.format, problems, texts, sources[0]?.file ?? '');
  if (hasErrors(problems)) return ExitCode.failed;

  const automation = findRule(compiled.automations, options.rule);
  const kind = payloadKind(automation);
  if (kind === undefined) {
    throw new UsageError(
      `the rule ${quoted(automation.name)} sends neither a webhook nor an ARIA prompt (its action is ${automation.input.triggeredActionType})`,
    );
  }
  const fromEvent = options.event === undefined ? {} : readEventFile(options.event);
  const fromSet = parseSets(options.set ?? []);
  const secrets = readSecrets(options.secretEnv ?? [], env);
  const signingSecret =
    options.signingSecretEnv === undefined ? undefined : readEnv(options.signingSecretEnv, env, '--signing-secret-env');
  // With --base-url, all output goes through the filter that keeps the API key out (server-client.ts).
  const server =
    kind === 'webhook' && options.baseUrl !== undefined
      ? serverClient('webhook render', options, rawIo, env)
      : undefined;
  // Defence in depth: whatever path a secret value might take to the output, it is masked there.
  const io = masking(server?.io ?? rawIo, secrets, signingSecret);

  const rendered = renderPayload(automation, { values: { ...fromEvent, ...fromSet }, secrets }) as RenderedPayload;
  const origin = describeOrigin(rendered, fromSet, options.event);
  const notes = [
    `rendered for ${quoted(automation.name)} (${describeEventType(automation.input.triggeringEventType)}) ${origin}${notApplicableNote(rendered, automation)}.`,
  ];
  for (const name of rendered.unknown)
    notes.push(`\${${printable(name)}} is not a variable W&B documents and was left as written.`);
  for (const name of rendered.missingMetadata)
    notes.push(
      `\${${printable(name)}} is not in the ${Object.hasOwn(fromSet, name) || Object.hasOwn(fromEvent, name) ? '' : "sample's "}metadata and rendered as "".`,
    );

  if (kind === 'aria') {
    if (options.json === true) {
      io.stdout(jsonText({ prompt: rendered.shown, ...lists(rendered) } satisfies WebhookRenderJson));
      return ExitCode.ok;
    }
    const out = [
      `ARIA prompt for ${quoted(automation.name)} (${describeEventType(automation.input.triggeringEventType)}):`,
      printableLines(rendered.shown),
      '',
      ...notes,
      ...assumedLines(rendered.assumed),
    ];
    io.stdout(`${out.join('\n')}\n`);
    return ExitCode.ok;
  }

  let url: string | null = null;
  if (server !== undefined) {
    const found = await lookUpUrl(automation, server, io);
    if (typeof found !== 'string') return found.exitCode;
    url = found;
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (secrets.ACCESS_TOKEN !== undefined) headers.Authorization = 'Bearer <secret ACCESS_TOKEN>';
  if (signingSecret !== undefined) headers['X-Wandb-Signature'] = await signWandbBody(rendered.text, signingSecret);

  for (const name of rendered.secrets) {
    if (rendered.unsetSecrets.includes(name)) {
      notes.push(
        `\${${name}} has no value (pass --secret-env ${name}=ENVVAR), so "<secret ${name}>" was rendered${signingSecret === undefined ? '' : ' and signed'}.`,
      );
    } else
      notes.push(
        `\${${name}} is shown as <secret ${name}>; the body ${signingSecret === undefined ? '' : 'signed and '}sent holds its value.`,
      );
  }
  if (signingSecret === undefined)
    notes.push('no X-Wandb-Signature: pass --signing-secret-env ENVVAR to sign the body.');
  if (options.json === true) {
    const json: WebhookRenderJson = { method: 'POST', url, headers, body: rendered.shown, ...lists(rendered) };
    io.stdout(jsonText(json));
    return ExitCode.ok;
  }
  const out = [
    `POST ${url === null ? offlineUrl : printable(url)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    '',
    printableJson(rendered.shown),
    '',
    ...notes,
    ...assumedLines(rendered.assumed),
  ];
  io.stdout(`${out.join('\n')}\n`);
  return ExitCode.ok;
}

/** The automation named `name`; a usage error with "did you mean" when there is none. */
function findRule(automations: readonly CompiledAutomation[], name: string): CompiledAutomation {
  const found = automations.find((a) => a.name === name);
  if (found !== undefined) return found;
  const names = automations.map((a) => a.name);
  const suggestion = didYouMean(name, names);
  const hint =
    suggestion !== undefined
      ? `; did you mean ${quoted(suggestion)}?`
      : names.length === 0
        ? ' (the files have no rules)'
        : ` ("wbrules compile" prints every name)`;
  throw new UsageError(`no rule named ${quoted(name)}${hint}`);
}

/** `--event FILE`: a JSON object of strings, numbers, booleans (and lists of numbers, for `metric_values`). */
function readEventFile(path: string): Record<string, TemplateValue> {
  const { file, text } = readInput(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      file,
      `the event file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(
      file,
      'the event file must be a JSON object of variable values (strings, numbers or booleans)',
    );
  }
  const out: Record<string, TemplateValue> = {};
  const problems: string[] = [];
  for (const [name, v] of Object.entries(value)) {
    if (isSecretName(name)) problems.push(`${quoted(name)} is a secret: give it with --secret-env ${name}=ENVVAR`);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[name] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'number')) out[name] = v as number[];
    else problems.push(`${quoted(name)} must be a string, a number or a boolean`);
  }
  if (problems.length > 0) throw new InputError(file, problems);
  return out;
}

/** `--set VAR=VALUE …` as a map, later ones winning. */
function parseSets(sets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) {
    const at = set.indexOf('=');
    if (at <= 0) throw new UsageError(`--set ${quoted(set)} is not VAR=VALUE`);
    const name = set.slice(0, at);
    if (isSecretName(name))
      throw new UsageError(`secrets never come from the command line: use --secret-env ${name}=ENVVAR`);
    out[name] = set.slice(at + 1);
  }
  return out;
}

/** `--secret-env NAME=ENVVAR …`: secret values by name, read from the environment. */
function readSecrets(
  pairs: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) throw new UsageError(`--secret-env ${quoted(pair)} is not NAME=ENVVAR`);
    const name = pair.slice(0, at);
    if (!isSecretName(name)) {
      throw new UsageError(
        `--secret-env ${quoted(pair)}: ${quoted(name)} is not a secret name (upper case, such as ACCESS_TOKEN)`,
      );
    }
    out[name] = readEnv(pair.slice(at + 1), env, `--secret-env ${name}`);
  }
  return out;
}

function readEnv(name: string, env: Readonly<Record<string, string | undefined>>, option: string): string {
  const value = env[name];
  if (value === undefined) throw new UsageError(`the environment variable ${quoted(name)} (${option}) is not set`);
  return value;
}

/** The shortest secret value the output filter masks. */
const MIN_MASKED = 6;

/** An {@link Io} that prints `<secret NAME>` wherever a secret's value would appear. */
function masking(io: Io, secrets: Readonly<Record<string, string>>, signing: string | undefined): Io {
  const values: [string, string][] = Object.entries(secrets).map(([name, value]) => [value, `<secret ${name}>`]);
  if (signing !== undefined) values.push([signing, '<signing secret>']);
  // Values shorter than this would turn up in ordinary text (a secret "k" in every "token"), and are too weak
  // to be worth hiding; longer values first, so one that contains another is masked whole.
  const shown = values.filter(([value]) => value.length >= MIN_MASKED).sort((a, b) => b[0].length - a[0].length);
  if (shown.length === 0) return io;
  const mask = (text: string): string => shown.reduce((t, [value, label]) => t.replaceAll(value, label), text);
  return { ...io, stdout: (text) => io.stdout(mask(text)), stderr: (text) => io.stderr(mask(text)) };
}

/** `from the built-in sample`, with the variables `--set` and `--event` gave. */
function describeOrigin(
  rendered: RenderedPayload,
  fromSet: Readonly<Record<string, string>>,
  event: string | undefined,
): string {
  if (rendered.overridden.length === 0) return 'from the built-in sample';
  const bySet = rendered.overridden.filter((name) => Object.hasOwn(fromSet, name));
  const byEvent = rendered.overridden.filter((name) => !Object.hasOwn(fromSet, name));
  const parts: string[] = [];
  if (byEvent.length > 0) parts.push(`${variableList(byEvent)} from ${printable(event ?? '--event')}`);
  if (bySet.length > 0) parts.push(`${variableList(bySet)} from --set`);
  return `from the built-in sample, with ${parts.join(' and ')}`;
}

/** `; ${tag} does not apply to "artifact linked" events and rendered as ""`, or nothing. */
function notApplicableNote(rendered: RenderedPayload, automation: CompiledAutomation): string {
  if (rendered.notApplicable.length === 0) return '';
  const verb = rendered.notApplicable.length === 1 ? 'does' : 'do';
  return `; ${variableList(rendered.notApplicable)} ${verb} not apply to "${describeEventType(automation.input.triggeringEventType)}" events and rendered as ""`;
}

/** `${a}`, `${a} and ${b}`, `${a}, ${b} and ${c}`. */
function variableList(names: readonly string[]): string {
  const shown = names.map((n) => `\${${printable(n)}}`);
  return shown.length === 1 ? (shown[0] as string) : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
}

function lists(rendered: RenderedPayload) {
  return {
    notApplicable: rendered.notApplicable,
    unknown: rendered.unknown,
    unsetSecrets: rendered.unsetSecrets,
    assumed: rendered.assumed,
  };
}

/** `assumed (docs/semantics.md): id — summary; …`, or nothing. */
export function assumedLines(ids: readonly SemanticPointId[]): string[] {
  if (ids.length === 0) return [];
  return [`assumed (docs/semantics.md): ${ids.map((id) => `${id} — ${semanticPoints[id].summary}`).join('; ')}`];
}

/** The integration's URL on the server `--base-url` names, or the exit code of the failed lookup. */
async function lookUpUrl(
  automation: CompiledAutomation,
  server: ServerClient,
  io: Io,
): Promise<string | { exitCode: ExitCode }> {
  const integration = automation.integration;
  if (integration === undefined) return offlineUrl;
  try {
    const nodes = await server.api.listIntegrations(integration.entity);
    const found = nodes?.find(
      (n): n is Extract<typeof n, { urlEndpoint: string }> =>
        n.__typename === 'GenericWebhookIntegration' && 'name' in n && n.name === integration.name,
    );
    if (found === undefined) {
      const why =
        nodes === null
          ? `W&B has no entity ${quoted(integration.entity)}`
          : `the entity ${quoted(integration.entity)} has no webhook integration named ${quoted(integration.name)}`;
      io.stderr(`wbrules: ${why}\n`);
      return { exitCode: ExitCode.failed };
    }
    return found.urlEndpoint;
  } catch (error) {
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return { exitCode: ExitCode.usage };
  }
}
