import { makePlan, type Plan, WandbClientError } from '@wbrules/runtime';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics, tooManyWarnings } from '../output.js';
import { renderPlan } from '../plan-text.js';
import { readSources } from '../read-sources.js';
import { printable } from '../printable.js';
import { type ServerOptions, type StrictCapabilitiesOption, serverClient } from '../server-client.js';
import { processTerminal, type Terminal } from '../terminal.js';

/** Options of `wbrules plan`. */
export interface PlanCommandOptions extends ServerOptions, StrictCapabilitiesOption {
  /** Delete, in the scopes the files use, automations no rule names. */
  readonly prune?: boolean;
  /** `--keep`: globs over automation names that are never pruned. */
  readonly keep?: readonly string[];
  /** Print the plan as JSON (the plan file format) instead of text. */
  readonly json?: boolean;
  /** Save the plan here (atomically), for `wbrules apply FILE`. */
  readonly out?: string;
  /** Exit 0 for no changes, 2 for changes pending, 1 for any error. */
  readonly detailedExitcode?: boolean;
  /** Fail (no plan shown or saved) when there are more warnings than this. */
  readonly maxWarnings?: number;
  readonly format: DiagnosticFormat;
}

/** `--detailed-exitcode`'s "changes pending" (the value usage errors have without the flag). */
export const changesPending = 2 as ExitCode;

/**
 * `wbrules plan <files…>`: what `apply` would do. Compiles the files,
 * resolves every name on the server, lists the automations of every entity
 * the rules' scopes belong to, and prints the plan — creates, updates with
 * each changed field decoded, deletes (only with `--prune`), and the
 * automations the files do not mention — or, with `--json`, the plan as
 * JSON. `--out FILE` saves it for `wbrules apply FILE`. A rule that needs
 * a feature the server does not advertise is a warning (WR5301; an error
 * with `--strict-capabilities`). Exit 0 (with
 * `--detailed-exitcode`: 0 no changes, 2 changes pending), 1 for errors in
 * the files or names the server does not know, 2 when the server cannot be
 * used (1 with `--detailed-exitcode`, where 2 means changes).
 */
export async function planCommand(
  inputs: readonly string[],
  options: PlanCommandOptions,
  rawIo: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
  terminal: Terminal = processTerminal(),
): Promise<ExitCode> {
  const serverError = options.detailedExitcode === true ? ExitCode.failed : ExitCode.usage;
  const { sources, texts } = readSources(inputs);
  const fallbackFile = sources[0]?.file ?? '';
  const server = serverClient('plan', options, rawIo, env);
  // From here on, all output goes through the filter that keeps the key out.
  const io = server.io;
  let made: Awaited<ReturnType<typeof makePlan>>;
  try {
    await server.capabilities();
    made = await makePlan(sources, server.api, {
      server: server.connection.baseUrl,
      prune: options.prune === true,
      strictCapabilities: options.strictCapabilities === true,
      ...(options.keep === undefined ? {} : { keepNames: options.keep }),
    });
  } catch (error) {
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return serverError;
  }
  const diagnostics = made.diagnostics.filter((d) => d.severity !== 'info');
  reportDiagnostics(io, options.format, diagnostics, texts, fallbackFile);
  if (made.plan === undefined || hasErrors(diagnostics)) return ExitCode.failed;
  const tooMany = tooManyWarnings(diagnostics, options.maxWarnings);
  if (tooMany !== undefined) {
    io.stderr(tooMany);
    return ExitCode.failed;
  }
  const plan: Plan = made.plan;
  server.verbose(
    `${plural(made.requests, 'request')} (${made.requests - made.listingRequests} lookups, ${plural(made.listingRequests, 'listing page')})`,
  );
  if (options.out !== undefined) server.writeFile(options.out, jsonText(plan));
  if (options.json === true) io.stdout(jsonText(plan));
  else {
    io.stdout(renderPlan(plan, terminal.stdoutColor));
    if (options.out !== undefined)
      io.stdout(`\nSaved the plan to ${options.out}; apply exactly it with: wbrules apply ${options.out}\n`);
  }
  const pending = plan.changes.length > 0;
  return options.detailedExitcode === true && pending ? changesPending : ExitCode.ok;
}
