import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CheckFormat } from './commands/check.js';
import type { DecompileCommandOptions } from './commands/decompile.js';
import type { DevServerCommandOptions } from './commands/dev-server.js';
import type { ApplyCommandOptions } from './commands/apply.js';
import type { PlanCommandOptions } from './commands/plan.js';
import type { PullCommandOptions } from './commands/pull.js';
import type { ReplayCommandOptions } from './commands/replay.js';
import type { ResolveCommandOptions } from './commands/resolve.js';
import type { TestCommandOptions } from './commands/test.js';
import type { ValidateCommandOptions } from './commands/validate.js';
import { ExitCode, InputError, UsageError } from './exit-code.js';
import { describeFsError } from './files.js';
import { type Io, processIo } from './io.js';
import type { DiagnosticFormat } from './output.js';
import { cliVersion } from './version.js';

const exitCodeHelp = `
Exit codes:
  0  success
  1  the input has errors (or fmt --check found unformatted files, check
     found more warnings than --max-warnings, or a rule test failed)
  2  usage error (unknown option, missing or unreadable file) or internal error

  plan --detailed-exitcode: 0 no changes, 1 any error, 2 changes pending

Diagnostics go to stderr (coloured only on a terminal; NO_COLOR turns colour
off, FORCE_COLOR turns it on); data goes to stdout.`;

/**
 * Runs `wbrules` with the arguments after the program name and sets
 * `process.exitCode` (the table is in `--help`; a code already set is never
 * lowered). Never calls `process.exit()`, so pending output is always
 * flushed. Never rejects: a bug in `wbrules` itself is reported as
 * `wbrules: internal error: …` (the stack only with `WBRULES_DEBUG=1`), exit 2.
 */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<void> {
  // `wbrules … | head` closes stdout early: not worth a message. Any other
  // failure to write the output is, but never a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    io.stderr(`wbrules: cannot write to standard output: ${describeFsError(error)}\n`);
    process.exitCode = ExitCode.usage;
  });
  let exitCode: ExitCode = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    exitCode = reportError(error, io);
    // With --detailed-exitcode, 2 means "changes pending": every failure is 1.
    if (exitCode === ExitCode.usage && argv.includes('--detailed-exitcode')) exitCode = ExitCode.failed;
  }
  // Never lower a code already set (a failed write to stdout reports itself).
  process.exitCode = Math.max(exitCode, Number(process.exitCode ?? 0));
}

/** The commander program; each action reports its exit code through `done`. */
function buildProgram(io: Io, done: (code: ExitCode) => void): Command {
  const program = new Command('wbrules')
    .description('Compile .wbrules files into W&B Automations payloads, and check and format them.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`wbrules: ${text.replace(/^error: /, '')}`),
    })
    .showHelpAfterError('(run "wbrules --help" for usage)')
    .addHelpText('after', exitCodeHelp);

  const command = (name: string): Command =>
    program.command(name).showHelpAfterError(`(run "wbrules ${name} --help" for usage)`);
  const diagnosticFormat = () =>
    new Option('--format <format>', 'diagnostics as code frames or a JSON array on stderr')
      .choices(['text', 'json'])
      .default('text');

  command('parse')
    .description('parse a file and print "ok: N items", or the AST with --json')
    .argument('<file>', 'a .wbrules file, or - for standard input')
    .option('--json', 'print the syntax tree as JSON')
    .addOption(diagnosticFormat())
    .action(async (file: string, options: { json?: boolean; format: DiagnosticFormat }) => {
      const { parseCommand } = await import('./commands/parse.js');
      done(parseCommand(file, options, io));
    });

  command('fmt')
    .description('format files: print one to stdout, or --check or --write them')
    .argument('<files...>', '.wbrules files or directories (- for standard input)')
    .addOption(new Option('--check', 'list the files that are not formatted; exit 1 if any').conflicts('write'))
    .addOption(new Option('--write', 'rewrite the files that are not formatted, in place'))
    .action(async (files: string[], options: { check?: boolean; write?: boolean }) => {
      const { fmtCommand } = await import('./commands/fmt.js');
      done(fmtCommand(files, options, io));
    });

  command('check')
    .description('report every error and warning; compile nothing')
    .argument('<files...>', '.wbrules files or directories')
    .addOption(
      new Option('--format <format>', 'code frames on stderr, or a JSON array or SARIF 2.1.0 log on stdout')
        .choices(['text', 'json', 'sarif'])
        .default('text'),
    )
    .option('--max-warnings <n>', 'fail when there are more than n warnings', parseCount)
    .option('--notes', 'also show notes in text output, such as the names derived for unnamed rules')
    .action(async (files: string[], options: { format: CheckFormat; maxWarnings?: number; notes?: boolean }) => {
      const { checkCommand } = await import('./commands/check.js');
      done(checkCommand(files, options, io));
    });

  command('compile')
    .description('compile to a JSON array of CreateFilterTriggerInput payloads')
    .argument('<files...>', '.wbrules files or directories')
    .option('--ids <file>', 'an ID map (JSON); fills every scopeID and integrationID')
    .option('-o, --output <file>', 'write the JSON to a file (atomically) instead of stdout')
    .addOption(diagnosticFormat())
    .action(async (files: string[], options: { ids?: string; output?: string; format: DiagnosticFormat }) => {
      const { compileCommand } = await import('./commands/compile.js');
      done(compileCommand(files, options, io));
    });

  command('decompile')
    .description('print .wbrules source for a JSON array of payloads or saved automations')
    .argument('<payloads>', 'a JSON file, or - for standard input')
    .option('--ids <file>', 'the ID map the payloads were compiled with (names their scope and integration IDs)')
    .option('--entity <name>', 'the entity saved automations were listed from')
    .option('--organization <name>', "the organization's name, for saved registry and organization scopes")
    .addOption(diagnosticFormat())
    .action(async (file: string, options: DecompileCommandOptions) => {
      const { decompileCommand } = await import('./commands/decompile.js');
      done(decompileCommand(file, options, io));
    });

  command('validate')
    .description('check payloads (or compile output) offline against the W&B API and the spec')
    .argument('<payloads>', 'a JSON file, or - for standard input')
    .addOption(
      new Option('--format <format>', 'problems as lines or a JSON array on stderr')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (file: string, options: ValidateCommandOptions) => {
      const { validateCommand } = await import('./commands/validate.js');
      done(validateCommand(file, options, io));
    });

  command('resolve')
    .description('look up the scopes and integrations the files name on W&B; print the ID map')
    .argument('<files...>', '.wbrules files or directories')
    .option('-o, --output <file>', 'write the ID map to a file (atomically) instead of stdout')
    .option('--base-url <url>', 'the W&B server (default: WANDB_BASE_URL, else https://api.wandb.ai)')
    .option('--insecure', 'allow plain http:// to a host that is not loopback')
    .option('--verbose', 'log every request (operation, status, duration) to stderr')
    .addOption(diagnosticFormat())
    .action(async (files: string[], options: ResolveCommandOptions) => {
      const { resolveCommand } = await import('./commands/resolve.js');
      done(await resolveCommand(files, options, io));
    });

  command('dev-server')
    .description('run a local W&B-compatible GraphQL server (until Ctrl-C)')
    .option('--port <n>', 'the port to listen on (0 picks a free one)', '8080')
    .option('--host <address>', 'the address to listen on', '127.0.0.1')
    .option('--data <file>', 'keep the state in this JSON file (created if missing)')
    .option('--seed <fixture>', 'a seed fixture (JSON) for a new state')
    .option('--faults <spec>', 'inject faults for testing, e.g. "500=0.1,429=0.1,drop=0.05,slow=0.1,lost=0.05,seed=7"')
    .action(async (options: DevServerCommandOptions) => {
      const { devServerCommand } = await import('./commands/dev-server.js');
      done(await devServerCommand(options, io));
    });

  command('test')
    .description('run rule tests (*.wbrules-test.yaml): which automations fire, when, on which values')
    .argument(
      '[files...]',
      'test files or directories (default: every *.wbrules-test.yaml under the current directory)',
    )
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .option('--coverage', 'list the automations no test case makes fire')
    .action(async (files: string[], options: TestCommandOptions) => {
      const { testCommand } = await import('./commands/test.js');
      done(testCommand(files, options, io));
    });

  command('replay')
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
    .addOption(
      new Option('--output <format>', 'a timeline, or the firings as a JSON array')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(diagnosticFormat())
    .action(async (rules: string[], options: ReplayCommandOptions) => {
      const { replayCommand } = await import('./commands/replay.js');
      done(replayCommand(rules, options, io));
    });

  const serverOptions = (c: Command): Command =>
    c
      .option('--base-url <url>', 'the W&B server (default: WANDB_BASE_URL, else https://api.wandb.ai)')
      .option('--insecure', 'allow plain http:// to a host that is not loopback')
      .option('--verbose', 'log every request (operation, status, duration) to stderr');

  serverOptions(
    command('plan')
      .description('show what apply would change on the server: creates, updates (field by field), deletes')
      .argument('<files...>', '.wbrules files or directories')
      .option('--prune', 'also delete, in the scopes the files use, automations no rule names')
      .option('--json', 'print the plan as JSON (the plan file format)')
      .option('--out <file>', 'save the plan, for "wbrules apply FILE"')
      .option('--detailed-exitcode', 'exit 0 for no changes, 2 for changes pending, 1 for errors'),
  )
    .addOption(diagnosticFormat())
    .action(async (files: string[], options: PlanCommandOptions) => {
      const { planCommand } = await import('./commands/plan.js');
      done(await planCommand(files, options, io));
    });

  serverOptions(
    command('apply')
      .description('make the server hold what the files say (or apply a plan saved by plan --out)')
      .argument('<files...>', '.wbrules files or directories, or one plan file (.json)')
      .option('--prune', 'also delete, in the scopes the files use, automations no rule names')
      .option('-y, --yes', 'apply without asking')
      .option('--json', 'print the plan and the result as JSON')
      .option(
        '--batch-size <n>',
        'mutations per request (1 sends one request per change, as the SDK does)',
        parsePositive,
        20,
      )
      .option('--concurrency <n>', 'requests in flight at once', parsePositive, 4),
  )
    .addOption(diagnosticFormat())
    .action(async (files: string[], options: ApplyCommandOptions) => {
      const { applyCommand } = await import('./commands/apply.js');
      done(await applyCommand(files, options, io));
    });

  serverOptions(
    command('pull')
      .description('write the automations on the server as .wbrules files, one per scope')
      .option('--entity <name>', 'the entity (team) whose automations to pull')
      .option('--project <name>', 'only this project of the entity (and its collections)')
      .option('--org <name>', 'the organization: alone, pull its automations; with --entity, name registries with it')
      .option('-o, --output <dir>', 'the directory to write into (created if absent)', '.')
      .option('--force', 'replace files that exist')
      .option('--integrations-from <entity...>', 'more entities whose integrations rules may name (ENTITY/NAME)')
      .option('--json', 'print the summary as JSON'),
  ).action(async (options: PullCommandOptions) => {
    const { pullCommand } = await import('./commands/pull.js');
    done(await pullCommand(options, io));
  });

  return program;
}

/** `--batch-size`, `--concurrency`: a whole number of at least 1. */
function parsePositive(value: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(value)) throw new InvalidArgumentError('expected a whole number from 1 to 999999');
  return Number(value);
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
    io.stderr(`wbrules: ${error.message}\n`);
    return ExitCode.usage;
  }
  if (error instanceof InputError) {
    const at = error.position === undefined ? '' : `:${error.position.line}:${error.position.column}`;
    for (const problem of error.problems) io.stderr(`${error.file}${at}: error: ${problem}\n`);
    return ExitCode.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`wbrules: internal error: ${message}\n`);
  if (process.env.WBRULES_DEBUG === '1' && error instanceof Error && error.stack !== undefined) {
    io.stderr(`${error.stack}\n`);
  } else {
    io.stderr('(set WBRULES_DEBUG=1 to see the stack trace; please report this as a bug)\n');
  }
  return ExitCode.usage;
}
