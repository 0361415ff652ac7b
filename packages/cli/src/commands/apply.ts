import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '@wbrules/dsl';
import {
  type ApplyResult,
  applyPlan,
  defaultBatchSize,
  listEntities,
  makePlan,
  type Plan,
  PlanFileError,
  readPlanFile,
  scopeText,
  sha256,
  stalePlanReasons,
  WandbClientError,
} from '@wbrules/runtime';
import { ExitCode, InputError, UsageError } from '../exit-code.js';
import { readInput } from '../files.js';
import type { Io } from '../io.js';
import { parseJsonFile } from '../json-file.js';
import { type DiagnosticFormat, hasErrors, jsonText, plural, reportDiagnostics, tooManyWarnings } from '../output.js';
import { renderPlan } from '../plan-text.js';
import { readSources } from '../read-sources.js';
import { printable } from '../printable.js';
import { type ServerOptions, type StrictCapabilitiesOption, serverClient } from '../server-client.js';
import { SourceTexts } from '../source-texts.js';
import { ProgressBar, processTerminal, type Terminal } from '../terminal.js';

/** Options of `wbrules apply`. */
export interface ApplyCommandOptions extends ServerOptions, StrictCapabilitiesOption {
  readonly prune?: boolean;
  /** `--keep`: globs over automation names that are never pruned. */
  readonly keep?: readonly string[];
  /** Apply without asking. */
  readonly yes?: boolean;
  /** Print the plan and the result as JSON. */
  readonly json?: boolean;
  /** Mutations per request. */
  readonly batchSize?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Apply nothing when the files have more warnings than this. */
  readonly maxWarnings?: number;
  readonly format: DiagnosticFormat;
}

/**
 * `wbrules apply <files… | plan.json>`: makes the server hold what the
 * files say. With files, plans first (as `wbrules plan`); with a plan file
 * saved by `plan --out`, applies exactly that plan, and refuses it when it
 * was made for another server or when any automation it touches (or found
 * unchanged, or would create) is no longer as the plan saw it.
 *
 * Shows the plan, then asks on a terminal (`--yes` skips the question;
 * without a terminal and without `--yes` it refuses rather than wait).
 * Changes go out in batches of `--batch-size` mutations per request, a few
 * requests at a time, with a progress bar on a terminal. A rule the server
 * refuses is reported at the rule, with the server's message; the others
 * still apply. Exit 0 when every change was made, 1 when the files have
 * errors, a change failed or the saved plan is stale, 2 for usage errors
 * and a server that cannot be used.
 */
export async function applyCommand(
  inputs: readonly string[],
  options: ApplyCommandOptions,
  rawIo: Io,
  env: Readonly<Record<string, string | undefined>> = process.env,
  terminal: Terminal = processTerminal(),
  signals: Pick<NodeJS.Process, 'once' | 'off'> = process,
): Promise<ExitCode> {
  const started = performance.now();
  const planFile = inputs.length === 1 && (inputs[0] as string).endsWith('.json') ? (inputs[0] as string) : undefined;
  if (planFile !== undefined && options.prune === true)
    throw new UsageError(
      '--prune is recorded in a saved plan; make the plan again with "wbrules plan --prune --out FILE"',
    );
  if (planFile !== undefined && options.keep !== undefined)
    throw new UsageError(
      '--keep is recorded in a saved plan; make the plan again with "wbrules plan --prune --keep PATTERN --out FILE"',
    );
  if (planFile !== undefined && options.strictCapabilities === true)
    throw new UsageError(
      '--strict-capabilities checks the rules files; give it to "wbrules plan --strict-capabilities --out FILE" instead',
    );
  if (planFile !== undefined && options.maxWarnings !== undefined)
    throw new UsageError(
      '--max-warnings checks the rules files; give it to "wbrules plan --max-warnings N --out FILE" instead',
    );
  const server = serverClient('apply', options, rawIo, env);
  // From here on, all output goes through the filter that keeps the key out.
  const io = server.io;

  let plan: Plan;
  let texts: SourceTexts;
  const phases = { capabilities: 0, lookups: 0, listings: 0 };
  // What the server advertises, asked once, before anything else is sent to it.
  const askCapabilities = async () => {
    const before = server.client.stats.requests;
    await server.capabilities();
    phases.capabilities = server.client.stats.requests - before;
  };
  try {
    if (planFile === undefined) {
      await askCapabilities();
      const read = readSources(inputs);
      texts = read.texts;
      const made = await makePlan(read.sources, server.api, {
        server: server.connection.baseUrl,
        prune: options.prune === true,
        strictCapabilities: options.strictCapabilities === true,
        ...(options.keep === undefined ? {} : { keepNames: options.keep }),
      });
      const diagnostics = made.diagnostics.filter((d) => d.severity !== 'info');
      reportDiagnostics(io, options.format, diagnostics, texts, read.sources[0]?.file ?? '');
      if (made.plan === undefined || hasErrors(diagnostics)) return ExitCode.failed;
      const tooMany = tooManyWarnings(diagnostics, options.maxWarnings);
      if (tooMany !== undefined) {
        io.stderr(tooMany);
        return ExitCode.failed;
      }
      plan = made.plan;
      phases.lookups = made.requests - made.listingRequests;
      phases.listings = made.listingRequests;
    } else {
      plan = readSavedPlan(planFile);
      texts = sourcesOfPlan(plan);
      if (plan.server !== server.connection.baseUrl) {
        io.stderr(
          `wbrules: the plan in ${planFile} was made for ${printable(plan.server)}, not ${server.connection.baseUrl}; make a plan for this server with "wbrules plan --out FILE"\n`,
        );
        return ExitCode.failed;
      }
      await askCapabilities();
      const before = server.client.stats.requests;
      const listed = await listEntities(server.api, plan.entities);
      phases.listings = server.client.stats.requests - before;
      const stale = stalePlanReasons(
        plan,
        listed.map((l) => l.trigger),
      );
      if (stale.length > 0) {
        io.stderr(`wbrules: the server changed since the plan in ${planFile} was made, so it is not applied:\n`);
        for (const reason of stale) io.stderr(`  ${printable(reason)}\n`);
        io.stderr('Make a new plan with "wbrules plan --out FILE", review it, and apply that.\n');
        return ExitCode.failed;
      }
    }
  } catch (error) {
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return ExitCode.usage;
  }

  if (options.json !== true) io.stdout(renderPlan(plan, terminal.stdoutColor));
  if (plan.changes.length === 0) {
    if (options.json === true) io.stdout(jsonText({ plan, result: emptyResult() }));
    return ExitCode.ok;
  }
  if (options.yes !== true) {
    if (!terminal.interactive) {
      io.stderr(
        'wbrules: not applying: there is no terminal to confirm on (standard input is not one); pass --yes to apply without asking\n',
      );
      return ExitCode.usage;
    }
    const answer = await terminal.ask(
      `\nApply ${plural(plan.changes.length, 'change')} to ${server.connection.baseUrl}? Only "yes" applies: `,
    );
    if (answer.trim() !== 'yes') {
      io.stderr('Not applied.\n');
      return ExitCode.failed;
    }
  }

  const bar =
    terminal.progress && io.quiet !== true ? new ProgressBar(io.stderr, 'applying', plan.changes.length) : undefined;
  bar?.update(0);
  // Ctrl-C once: finish the requests in flight and stop (the next apply
  // finishes the job); twice: Node's default, stop at once.
  const stop = new AbortController();
  const interrupt = () => {
    bar?.finish();
    io.stderr('wbrules: stopping after the requests in flight (Ctrl-C again to stop at once)\n');
    stop.abort();
  };
  signals.once('SIGINT', interrupt);
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, server.api, {
      batchSize: options.batchSize ?? defaultBatchSize,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      onProgress: ({ done }) => {
        if (!stop.signal.aborted) bar?.update(done);
      },
      signal: stop.signal,
      recheck: true,
    });
  } catch (error) {
    if (!(error instanceof WandbClientError)) throw error;
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return ExitCode.usage;
  } finally {
    signals.off('SIGINT', interrupt);
    bar?.finish();
  }

  const diagnostics: Diagnostic[] = [];
  for (const failure of result.failed) {
    const verb = { create: 'create', update: 'update', delete: 'delete' }[failure.action];
    if (failure.reason === 'interrupted' || failure.reason === 'changed') continue;
    const message =
      failure.reason === 'rejected'
        ? `the server refused to ${verb} automation "${failure.name}" in ${scopeText(failure.scope)}: ${failure.message}`
        : `could not confirm that automation "${failure.name}" in ${scopeText(failure.scope)} was ${verb}d: ${failure.message}`;
    const code = failure.reason === 'rejected' ? 'WR5201' : 'WR5202';
    if (failure.source === undefined) {
      io.stderr(`wbrules: ${printable(message)}\n`);
      continue;
    }
    if (texts.get(failure.source.file) === undefined) {
      // A saved plan whose rules file changed since: the place as recorded, without a code frame.
      const { file, line, column } = failure.source;
      io.stderr(`${printable(file)}:${line}:${column}: error[${code}]: ${printable(message)}\n`);
      continue;
    }
    diagnostics.push({
      code,
      severity: 'error',
      message,
      span: { start: failure.source.start, end: failure.source.end },
      file: failure.source.file,
      ...(failure.reason === 'unconfirmed'
        ? { hints: ['Run "wbrules apply" again: it lists what the server holds and finishes the job.'] }
        : {}),
    });
  }
  if (diagnostics.length > 0) reportDiagnostics(io, options.format, diagnostics, texts, '');
  reportChangedUnder(io, result);
  const interrupted = result.failed.filter((f) => f.reason === 'interrupted').length;
  if (interrupted > 0)
    io.stderr(`wbrules: stopped with ${plural(interrupted, 'change')} not sent; run "wbrules apply" again to finish\n`);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const count = (action: string) => result.applied.filter((a) => a.action === action && a.already !== true).length;
  const already = result.applied.filter((a) => a.already === true).length;
  const http = server.client.stats.attempts;
  if (options.json === true) {
    io.stdout(
      jsonText({
        plan,
        result: {
          applied: result.applied,
          failed: result.failed,
          changed: result.changed,
          httpRequests: http,
          capabilityQueries: phases.capabilities,
          lookups: phases.lookups,
          listingPages: phases.listings + result.listingRequests,
          batches: result.batches,
          seconds: Number(seconds),
        },
      }),
    );
  } else {
    io.stdout(
      `\nApplied: ${count('create')} created, ${count('update')} updated, ${count('delete')} deleted, ${already > 0 ? `${already} already there, ` : ''}${result.failed.length} failed, ` +
        `in ${plural(http, 'HTTP request')} (${count2(phases.capabilities, 'capabilities query', 'capabilities queries')}, ${plural(phases.lookups, 'lookup')}, ${plural(phases.listings + result.listingRequests, 'listing page')}, ${count2(result.batches, 'batch', 'batches')} of up to ${options.batchSize ?? defaultBatchSize} changes${http > server.client.stats.requests ? `, ${count2(http - server.client.stats.requests, 'retry', 'retries')}` : ''}) and ${seconds} s.\n`,
    );
  }
  return result.failed.length > 0 ? ExitCode.failed : ExitCode.ok;
}

/**
 * What another writer changed under this apply: the scopes not written
 * (the server was no longer as the plan saw it when re-read just before
 * writing) and the creates found made differently by someone else.
 */
function reportChangedUnder(io: Io, result: ApplyResult): void {
  for (const { scope, reasons } of result.changed) {
    io.stderr(
      `wbrules: the server changed since the plan was made, so nothing was written in ${printable(scopeText(scope))}:\n`,
    );
    for (const reason of reasons) io.stderr(`  ${printable(reason)}\n`);
  }
  const inScope = new Set(result.changed.map(({ scope }) => scopeText(scope)));
  const others = result.failed.filter((f) => f.reason === 'changed' && !inScope.has(scopeText(f.scope)));
  for (const failure of others) io.stderr(`wbrules: ${printable(failure.message)}\n`);
  if (result.changed.length > 0 || others.length > 0)
    io.stderr('Someone else is changing these automations; run "wbrules plan" to see what the server holds now.\n');
}

function count2(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function emptyResult() {
  return { applied: [], failed: [], httpRequests: 0, lookups: 0, listingPages: 0, batches: 0, seconds: 0 };
}

/** A saved plan, checked; a file that is not one is an input error. */
function readSavedPlan(path: string): Plan {
  const source = readInput(path);
  try {
    return readPlanFile(parseJsonFile(source, 'the plan'));
  } catch (error) {
    if (error instanceof PlanFileError) throw new InputError(source.file, error.problems);
    throw error;
  }
}

/** The rules files a saved plan names, when they still hold the text it was made from (so errors can point into them). */
function sourcesOfPlan(plan: Plan): SourceTexts {
  const texts = new SourceTexts();
  for (const { file, sha256: hash } of plan.sources) {
    try {
      const { text } = readInput(file);
      if (sha256(text) === hash) texts.add(file, text);
    } catch {
      // Moved or unreadable since: errors are then reported without a code frame.
    }
  }
  return texts;
}
