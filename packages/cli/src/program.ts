/**
 * The `wbrules` commander program: every command and option, declared here
 * and loaded, with the code of the command that runs, by `main.ts`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CapabilitiesCommandOptions } from './commands/capabilities.js';
import type { CheckCommandOptions } from './commands/check.js';
import type { CompileCommandOptions } from './commands/compile.js';
import type { DecompileCommandOptions } from './commands/decompile.js';
import type { FmtCommandOptions } from './commands/fmt.js';
import type { DevServerCommandOptions } from './commands/dev-server.js';
import type { ApplyCommandOptions } from './commands/apply.js';
import type { ParseCommandOptions } from './commands/parse.js';
import type { PlanCommandOptions } from './commands/plan.js';
import type { PullCommandOptions } from './commands/pull.js';
import type { ReplayCommandOptions } from './commands/replay.js';
import type { ResolveCommandOptions } from './commands/resolve.js';
import type { TestCommandOptions } from './commands/test.js';
import type { ValidateCommandOptions } from './commands/validate.js';
import type { WebhookRenderOptions } from './commands/webhook.js';
import { addCompletionCommand, addInitCommand } from './commands/getting-started.js';
import { addWebhookServeCommand, addWebhookSignCommands } from './commands/webhook-tools.js';
import { addDeliverOptions } from './deliver-options.js';
import { ExitCode, InputError, UsageError } from './exit-code.js';
import type { Io } from './io.js';
import {
  formatOption,
  jsonOption,
  orgOption,
  outputOption,
  quietOption,
  stdinFilenameOption,
  strictCapabilitiesOption,
  watchOption,
} from './options.js';
import { printable, printableLines } from './printable.js';
import { checkStdinFilename } from './stdin-filename.js';
import { cliVersion } from './version.js';

const exitCodeHelp = `
Exit codes:
  0  success
  1  the input has errors (or fmt --check found unformatted files, fmt
     --write could not rewrite one, check found more warnings than
     --max-warnings, a rule test failed, or init found a file it would
     overwrite)
  2  usage error (unknown option, missing or unreadable file) or internal error

  plan --detailed-exitcode: 0 no changes, 1 any error, 2 changes pending

Data goes to stdout, diagnostics to stderr; check and validate, whose output
is diagnostics, print them on stdout. Colour only on a terminal (NO_COLOR
turns it off, FORCE_COLOR on). The same option means the same thing in every
command: --format is the diagnostics format, --json the main output as JSON,
-o/--output where the main output goes, --quiet only errors on stderr.
"wbrules help COMMAND" shows a command's options.`;

/**
 * Runs the commander program on `argv` (for {@link run} in `main.ts`, which
 * loads this module only when a command runs) and resolves to the exit code;
 * never rejects.
 */
export async function runProgram(argv: readonly string[], io: Io): Promise<ExitCode> {
  let exitCode: ExitCode = ExitCode.ok;
  const program = buildProgram(
    io,
    (code) => {
      exitCode = code;
    },
    commandNames.includes(argv[0] as string) ? argv[0] : undefined,
  );
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    exitCode = reportError(error, io);
    // With --detailed-exitcode, 2 means "changes pending": every failure is 1.
    if (exitCode === ExitCode.usage && argv.includes('--detailed-exitcode')) exitCode = ExitCode.failed;
  }
  return exitCode;
}

/**
 * The commands {@link runProgram} may declare alone, when the arguments
 * start with one: the declarations of the others cost every start ~2 ms and
 * change nothing a command does (its options, its help, its errors and their
 * suggestions are its own). Not `help` and `completion`, which read every
 * command; a command missing here only starts slower. A test holds the list
 * to the program's commands and each command's help to the whole program's.
 */
export const commandNames: readonly string[] = [
  'init',
  'parse',
  'fmt',
  'check',
  'compile',
  'decompile',
  'validate',
  'resolve',
  'dev-server',
  'test',
  'replay',
  'plan',
  'apply',
  'pull',
  'capabilities',
  'webhook',
];

/**
 * The commander program; each action reports its exit code through `done`.
 * With `only`, that command alone (and the program's own options).
 */
export function buildProgram(io: Io, done: (code: ExitCode) => void, only?: string): Command {
  const declares = (name: string): boolean => only === undefined || only === name;
  const program = new Command('wbrules')
    .description('Compile .wbrules files into W&B Automations payloads, and check and format them.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`wbrules: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run "wbrules --help" for usage)')
    .addHelpText('after', exitCodeHelp);

  /** A command with the options every command has (`--quiet`, `--help`). */
  const command = (name: string): Command =>
    program.command(name).showHelpAfterError(`(run "wbrules ${name} --help" for usage)`).addOption(quietOption());
  /** The {@link Io} a command runs with: `--quiet` travels in it. */
  const ioFor = (options: { quiet?: boolean }): Io => (options.quiet === true ? { ...io, quiet: true } : io);
  const stderrFormat = () => formatOption(['text', 'json', 'sarif', 'github'], 'stderr');
  /**
   * `--watch`: `runOnce` now and after every change to the inputs, until
   * Ctrl-C (watch.ts); without it, once. `ignore` never starts a run.
   */
  const watchable = async (
    watching: boolean | undefined,
    patterns: readonly string[],
    suffix: string,
    runOnce: () => ExitCode | Promise<ExitCode>,
    ignore: readonly string[] = [],
  ): Promise<ExitCode> => {
    if (watching !== true) return runOnce();
    const { watch } = await import('./watch.js');
    return watch({ patterns, suffix, ignore, io, run: runOnce, report: (error) => reportError(error, io) });
  };
  /** Says once, on stderr (not with --quiet), that a spelling is on its way out. */
  const deprecated = (options: { quiet?: boolean }, old: string, advice: string): void => {
    if (options.quiet !== true) {
      io.stderr(`wbrules: ${old} is deprecated and will be removed in the next minor version; ${advice}\n`);
    }
  };

  if (declares('init')) addInitCommand(program, io, done);

  if (declares('parse'))
    command('parse')
      .description('parse files and print "ok: N items" for each, or the syntax trees with --json')
      .argument('<files...>', '.wbrules files or directories, or - for standard input')
      .addOption(jsonOption('the syntax tree (an array of {file, ast} for several files)'))
      .addOption(outputOption('write the output to a file (atomically) instead of stdout'))
      .addOption(stderrFormat())
      .action(async (files: string[], options: ParseCommandOptions & { quiet?: boolean }) => {
        const { parseCommand } = await import('./commands/parse.js');
        done(parseCommand(files, options, ioFor(options)));
      });

  if (declares('fmt'))
    command('fmt')
      .description('format files: print one to stdout, or --check or --write them')
      .argument('<files...>', '.wbrules files or directories (- for standard input)')
      .addOption(new Option('--check', 'list the files that are not formatted; exit 1 if any').conflicts('write'))
      .addOption(
        new Option('--write', 'rewrite the files that are not formatted, in place; read-only files are refused'),
      )
      .addOption(new Option('--name-rules', 'also add automation "NAME" (its derived name) to each rule without one'))
      .addOption(stdinFilenameOption())
      .action(async (files: string[], options: FmtCommandOptions & { quiet?: boolean }) => {
        checkStdinFilename(files, options.stdinFilename);
        const { fmtCommand } = await import('./commands/fmt.js');
        done(fmtCommand(files, options, ioFor(options)));
      });

  if (declares('check'))
    command('check')
      .description('report every error and warning (on stdout); compile nothing')
      .argument('<files...>', '.wbrules files or directories')
      .addOption(formatOption(['text', 'json', 'sarif', 'github'], 'stdout'))
      .option('--max-warnings <n>', 'fail when there are more than n warnings', parseCount)
      .option('--notes', 'also report notes, such as the names derived for unnamed rules')
      .addOption(stdinFilenameOption())
      .addOption(watchOption())
      .action(async (files: string[], options: CheckCommandOptions & { watch?: boolean; quiet?: boolean }) => {
        checkStdinFilename(files, options.stdinFilename);
        const { checkCommand } = await import('./commands/check.js');
        const { sourceExtension } = await import('./files.js');
        done(
          await watchable(options.watch, files, sourceExtension, () => checkCommand(files, options, ioFor(options))),
        );
      });

  if (declares('compile'))
    command('compile')
      .description('compile to a JSON array of CreateFilterTriggerInput payloads')
      .argument('<files...>', '.wbrules files or directories')
      .option('--ids <file>', 'an ID map (JSON); fills every scopeID and integrationID')
      .addOption(outputOption('write the JSON to a file (atomically) instead of stdout'))
      .option('--max-warnings <n>', 'fail when there are more than n warnings', parseCount)
      .addOption(stderrFormat())
      .addOption(stdinFilenameOption())
      .addOption(watchOption())
      .action(async (files: string[], options: CompileCommandOptions & { watch?: boolean; quiet?: boolean }) => {
        checkStdinFilename(files, options.stdinFilename);
        if (options.watch === true && options.output === undefined) {
          throw new UsageError('compile --watch needs -o FILE: the JSON of each run would run together on stdout');
        }
        const { compileCommand } = await import('./commands/compile.js');
        const { sourceExtension } = await import('./files.js');
        const once = () => compileCommand(files, options, ioFor(options));
        const output = options.output === undefined ? [] : [options.output];
        done(await watchable(options.watch, files, sourceExtension, once, output));
      });

  if (declares('decompile'))
    command('decompile')
      .description('print .wbrules source for compile output, payloads or saved automations')
      .argument('<payloads>', 'a JSON file, or - for standard input')
      .option('--ids <file>', 'the ID map the payloads were compiled with (names their scope and integration IDs)')
      .option('--entity <name>', 'the entity saved automations were listed from')
      .addOption(orgOption("the organization's name, for saved registry and organization scopes"))
      .addOption(new Option('--organization <name>', 'deprecated: use --org').hideHelp())
      .addOption(outputOption('write the source to a file (atomically) instead of stdout'))
      .addOption(stderrFormat())
      .action(async (file: string, options: DecompileCommandOptions & { organization?: string; quiet?: boolean }) => {
        const { organization, ...rest } = options;
        if (organization !== undefined) deprecated(options, '--organization', 'use --org');
        const { decompileCommand } = await import('./commands/decompile.js');
        const org = rest.org ?? organization;
        done(decompileCommand(file, { ...rest, ...(org === undefined ? {} : { org }) }, ioFor(options)));
      });

  if (declares('validate'))
    command('validate')
      .description('check payloads (or compile output) offline against the W&B API and the spec')
      .argument('<payloads>', 'a JSON file, or - for standard input')
      .addOption(formatOption(['text', 'json', 'github'], 'stdout'))
      .action(async (file: string, options: ValidateCommandOptions & { quiet?: boolean }) => {
        const { validateCommand } = await import('./commands/validate.js');
        done(validateCommand(file, options, ioFor(options)));
      });

  const serverOptions = (c: Command): Command =>
    c
      .option(
        '--base-url <url>',
        'the W&B server (default: WANDB_BASE_URL, else the host "wandb login --host" saved, else https://api.wandb.ai)',
      )
      .option('--insecure', 'allow plain http:// to a host that is not loopback')
      .option('--verbose', 'log every request (operation, status, duration) to stderr');

  if (declares('resolve'))
    serverOptions(
      command('resolve')
        .description('look up the scopes and integrations the files name on W&B; print the ID map')
        .argument('<files...>', '.wbrules files or directories')
        .addOption(outputOption('write the ID map to a file (atomically) instead of stdout'))
        .addOption(strictCapabilitiesOption()),
    )
      .addOption(stderrFormat())
      .action(async (files: string[], options: ResolveCommandOptions & { quiet?: boolean }) => {
        const { resolveCommand } = await import('./commands/resolve.js');
        done(await resolveCommand(files, options, ioFor(options)));
      });

  if (declares('dev-server'))
    command('dev-server')
      .description('run a local W&B-compatible GraphQL server (until Ctrl-C)')
      .option('--port <n>', 'the port to listen on (0 picks a free one)', '8080')
      .option('--host <address>', 'the address to listen on', '127.0.0.1')
      .option('--data <file>', 'keep the state in this JSON file (created if missing)')
      .option('--seed <fixture>', 'a seed fixture (JSON) for a new state')
      .option(
        '--faults <spec>',
        'inject faults for testing, e.g. "500=0.1,429=0.1,drop=0.05,slow=0.1,lost=0.05,seed=7"',
      )
      .addOption(
        new Option(
          '--profile <name>',
          'the W&B server to pretend to be: saas (every feature), dedicated-0.81, self-managed-0.75, no-features-field (docs/dev-server.md)',
        )
          .choices(['saas', 'dedicated-0.81', 'self-managed-0.75', 'no-features-field'])
          .default('saas'),
      )
      .action(async (options: DevServerCommandOptions & { quiet?: boolean }) => {
        const { devServerCommand } = await import('./commands/dev-server.js');
        done(await devServerCommand(options, ioFor(options)));
      });

  if (declares('test'))
    addDeliverOptions(command('test'))
      .description('run rule tests (*.wbrules-test.yaml): which automations fire, when, on which values')
      .argument(
        '[files...]',
        'test files or directories (default: every *.wbrules-test.yaml under the current directory)',
      )
      .addOption(jsonOption('the results'))
      .option('--junit <file>', 'also write a JUnit XML report to this file')
      .option('--coverage', 'list the automations no test case makes fire')
      .addOption(stderrFormat())
      .option('--show-payloads', 'after each firing, the webhook body or ARIA prompt it would send')
      .addOption(watchOption())
      .action(async (files: string[], options: TestCommandOptions & { watch?: boolean; quiet?: boolean }) => {
        const { testWithDelivery } = await import('./deliver-firings.js');
        const { testFileSuffix } = await import('./find-test-files.js');
        const once = () => testWithDelivery(files, options, ioFor(options));
        const ignore = options.junit === undefined ? [] : [options.junit];
        done(await watchable(options.watch, files.length > 0 ? files : ['.'], testFileSuffix, once, ignore));
      });

  if (declares('replay'))
    addDeliverOptions(command('replay'))
      .description('replay a recorded run history (JSON Lines or CSV) and print when each automation would fire')
      .argument('<rules...>', '.wbrules files or directories')
      .requiredOption(
        '--history <file>',
        'a history export: one row per logged step with _step, metric columns and a run column',
      )
      .option(
        '--run-column <name>',
        "the column naming each row's run (default: run_name, display_name, name, run, run_id or id)",
      )
      .addOption(jsonOption('the firings (an array)'))
      .option('--show-payloads', 'after each firing, the webhook body or ARIA prompt it would send')
      .addOption(
        new Option('--output <format>', 'deprecated: use --json for "--output json"')
          .choices(['text', 'json'])
          .hideHelp(),
      )
      .addOption(stderrFormat())
      .action(
        async (rules: string[], options: ReplayCommandOptions & { output?: 'text' | 'json'; quiet?: boolean }) => {
          const { output, ...rest } = options;
          if (output !== undefined) {
            deprecated(
              options,
              `--output ${output}`,
              output === 'json' ? 'use --json' : 'leave it out (a timeline is the default)',
            );
          }
          const { replayWithDelivery } = await import('./deliver-firings.js');
          done(
            await replayWithDelivery(rules, { ...rest, json: rest.json === true || output === 'json' }, ioFor(options)),
          );
        },
      );

  if (declares('plan'))
    serverOptions(
      command('plan')
        .description('show what apply would change on the server: creates, updates (field by field), deletes')
        .argument('<files...>', '.wbrules files or directories')
        .option('--prune', 'also delete, in the scopes the files use, automations no rule names')
        .option('--keep <pattern>', 'never prune automations whose names match (* and ?; repeatable)', collect)
        .addOption(jsonOption('the plan (the plan file format)'))
        .option('--out <file>', 'save the plan, for "wbrules apply FILE"')
        .option('--detailed-exitcode', 'exit 0 for no changes, 2 for changes pending, 1 for errors')
        .option('--max-warnings <n>', 'fail when there are more than n warnings', parseCount)
        .addOption(strictCapabilitiesOption()),
    )
      .addOption(stderrFormat())
      .action(async (files: string[], options: PlanCommandOptions & { quiet?: boolean }) => {
        const { planCommand } = await import('./commands/plan.js');
        done(await planCommand(files, options, ioFor(options)));
      });

  if (declares('apply'))
    serverOptions(
      command('apply')
        .description('make the server hold what the files say (or apply a plan saved by plan --out)')
        .argument('<files...>', '.wbrules files or directories, or one plan file (.json)')
        .option('--prune', 'also delete, in the scopes the files use, automations no rule names')
        .option('--keep <pattern>', 'never prune automations whose names match (* and ?; repeatable)', collect)
        .option('-y, --yes', 'apply without asking')
        .addOption(jsonOption('the plan and the result'))
        .option(
          '--batch-size <n>',
          'mutations per request (1 sends one request per change, as the SDK does)',
          parsePositive,
          50,
        )
        .option('--concurrency <n>', 'requests in flight at once', parsePositive, 4)
        .option('--max-warnings <n>', 'apply nothing when there are more than n warnings', parseCount)
        .addOption(strictCapabilitiesOption()),
    )
      .addOption(stderrFormat())
      .action(async (files: string[], options: ApplyCommandOptions & { quiet?: boolean }) => {
        const { applyCommand } = await import('./commands/apply.js');
        done(await applyCommand(files, options, ioFor(options)));
      });

  if (declares('pull'))
    serverOptions(
      command('pull')
        .description('write the automations on the server as .wbrules files, one per scope')
        .option(
          '--entity <name>',
          "pull the automations of this entity's projects, their collections and its team scope (default: WANDB_ENTITY)",
        )
        .option('--project <name>', "only the entity's automations of this project and its collections")
        .addOption(
          orgOption(
            "pull the automations of the organization's registries (and their collections), of its org scope and of its teams; with --entity, both, each automation once",
          ),
        )
        .addOption(outputOption('the directory to write the files into (created if absent)', '<dir>').default('.'))
        .option('--force', 'replace files that exist')
        .option('--integrations-from <entity...>', 'more entities whose integrations rules may name (ENTITY/NAME)')
        .addOption(jsonOption('the summary')),
    ).action(async (options: PullCommandOptions & { quiet?: boolean }) => {
      const { pullCommand } = await import('./commands/pull.js');
      done(await pullCommand(options, ioFor(options)));
    });

  if (declares('capabilities'))
    serverOptions(
      command('capabilities')
        .description(
          'show what the server advertises (serverInfo features) and what wbrules does with it; with files, which rules it would warn about',
        )
        .argument('[files...]', '.wbrules files or directories to check against the server')
        .addOption(jsonOption('the report'))
        .addOption(strictCapabilitiesOption()),
    )
      .addOption(stderrFormat())
      .action(async (files: string[], options: CapabilitiesCommandOptions & { quiet?: boolean }) => {
        const { capabilitiesCommand } = await import('./commands/capabilities.js');
        done(await capabilitiesCommand(files, options, ioFor(options)));
      });

  // A command group: each subcommand loads commands/webhook.js when it runs.
  if (declares('webhook')) {
    const webhook = program
      .command('webhook')
      .description(
        'work with W&B webhooks: render the request a rule makes W&B send, sign and verify bodies, run a local receiver',
      )
      .showHelpAfterError('(run "wbrules webhook --help" for usage)')
      // Every command has --quiet; the subcommands take it too, where it applies.
      .addOption(quietOption());
    webhook
      .command('render')
      .description(
        "print the HTTP request W&B would send for a rule's webhook (or the prompt of an ARIA rule), variables filled in",
      )
      .showHelpAfterError('(run "wbrules webhook render --help" for usage)')
      .addOption(quietOption())
      .argument('<files...>', '.wbrules files or directories')
      .requiredOption('--rule <name>', 'the rule (its automation name) to render')
      .option('--event <file>', 'a JSON object of variable values, over the built-in sample for the event type')
      .option('--set <var=value>', 'a variable value, over --event (repeatable)', collect)
      .option(
        '--secret-env <name=envvar>',
        'the secret ${NAME} (ACCESS_TOKEN: the access token) from an environment variable (repeatable)',
        collect,
      )
      .option('--signing-secret-env <envvar>', "the environment variable holding the webhook's signing secret")
      .addOption(jsonOption('{method, url, headers, body} (an ARIA rule: {prompt})'))
      .option('--base-url <url>', "look the webhook's URL up on this W&B server (without it, render stays offline)")
      .option('--insecure', 'allow plain http:// to a host that is not loopback')
      .option('--verbose', 'log every request (operation, status, duration) to stderr')
      .addOption(stderrFormat())
      .action(async (files: string[], options: WebhookRenderOptions & { quiet?: boolean }) => {
        const { webhookRenderCommand } = await import('./commands/webhook.js');
        done(await webhookRenderCommand(files, options, ioFor(options)));
      });
    addWebhookSignCommands(webhook, io, done);
    addWebhookServeCommand(webhook, io, done);
  }
  if (declares('completion')) addCompletionCommand(program, io, done);

  return program;
}

/** `--batch-size`, `--concurrency`: a whole number of at least 1. */
function parsePositive(value: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(value)) throw new InvalidArgumentError('expected a whole number from 1 to 999999');
  return Number(value);
}

/** A repeatable option (`--keep A --keep B`): every value, in order. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--max-warnings`: a non-negative integer. */
function parseCount(value: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a non-negative integer');
  }
  return Number(value);
}

/** Reports an error that ended a command and returns the exit code it means. */
function reportError(error: unknown, io: Io): ExitCode {
  if (error instanceof CommanderError) {
    // Commander already printed the message (or the help / version).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UsageError) {
    io.stderr(`wbrules: ${printable(error.message)}\n`);
    return ExitCode.usage;
  }
  if (error instanceof InputError) {
    const at = error.position === undefined ? '' : `:${error.position.line}:${error.position.column}`;
    for (const problem of error.problems) io.stderr(`${printable(error.file)}${at}: error: ${printable(problem)}\n`);
    return ExitCode.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`wbrules: internal error: ${printable(message)}\n`);
  if (process.env.WBRULES_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
    io.stderr(`${printableLines(error.stack)}\n`);
  } else {
    io.stderr('(set WBRULES_DEBUG=1 to see the stack trace; please report this as a bug)\n');
  }
  return ExitCode.usage;
}
