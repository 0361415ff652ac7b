import { compile } from '@wbrules/compiler';
import { capabilityDiagnostics, resolveIds, WandbClientError } from '@wbrules/runtime';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics } from '../output.js';
import { readSources } from '../read-sources.js';
import { printable } from '../printable.js';
import { type StrictCapabilitiesOption, serverClient } from '../server-client.js';

/** Options of `wbrules resolve`. */
export interface ResolveCommandOptions extends StrictCapabilitiesOption {
  /** Write the ID map here (atomically) instead of to stdout. */
  readonly output?: string;
  /** Wins over `WANDB_BASE_URL`. */
  readonly baseUrl?: string;
  /** Allow plain http to a host that is not loopback. */
  readonly insecure?: boolean;
  /** Log each request (operation, status, duration) and a summary to stderr. */
  readonly verbose?: boolean;
  readonly format: DiagnosticFormat;
}

/**
 * `wbrules resolve <files…> [-o ids.json]`: compiles the files, looks up
 * every scope and integration they name on the W&B server (`--base-url`,
 * else `WANDB_BASE_URL`, else https://api.wandb.ai; the key from
 * `WANDB_API_KEY` or `~/.netrc`), and prints the ID map `wbrules compile
 * --ids` takes. Names the server does not know are errors at their place in
 * the source, with "did you mean" hints; then nothing is written and the
 * exit code is 1. A rule that needs a feature the server does not advertise
 * is a warning (WR5301), an error with `--strict-capabilities`. A setting that cannot work (no key, plain http to a remote
 * host) or a server that cannot be reached or refuses the key is exit 2,
 * with one `wbrules: …` line that never contains the key.
 */
export async function resolveCommand(
  inputs: readonly string[],
  options: ResolveCommandOptions,
  rawIo: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ExitCode> {
  const { sources, texts } = readSources(inputs);
  const fallbackFile = sources[0]?.file ?? '';
  const compiled = compile(sources);
  const problems = compiled.diagnostics.filter((d) => d.severity !== 'info');
  if (hasErrors(problems)) {
    reportDiagnostics(rawIo, options.format, problems, texts, fallbackFile);
    return ExitCode.failed;
  }
  const server = serverClient('resolve', options, rawIo, env);
  // From here on, all output goes through the filter that keeps the key out.
  const { api, verbose, io } = server;
  let result: Awaited<ReturnType<typeof resolveIds>>;
  let gated: ReturnType<typeof capabilityDiagnostics>;
  try {
    gated = capabilityDiagnostics(compiled.automations, await server.capabilities(), {
      strict: options.strictCapabilities === true,
    });
    result = await resolveIds(compiled.automations, api);
  } catch (error) {
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return ExitCode.usage;
  }
  const diagnostics = [...problems, ...gated, ...result.diagnostics];
  verbose(
    `${plural(result.scopes, 'scope')} and the integrations of ${result.integrationEntities} ${result.integrationEntities === 1 ? 'entity' : 'entities'} in ${plural(result.requests, 'request')}`,
  );
  if (!hasErrors(diagnostics)) {
    const text = jsonText(result.ids);
    if (options.output === undefined) io.stdout(text);
    else server.writeFile(options.output, text);
  }
  reportDiagnostics(io, options.format, diagnostics, texts, fallbackFile);
  return hasErrors(diagnostics) ? ExitCode.failed : ExitCode.ok;
}
