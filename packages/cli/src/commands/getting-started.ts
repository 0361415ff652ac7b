/**
 * The commands that set `wbrules` up rather than read rules: `init` and
 * `completion`. Declared here, loaded when they run (`init.js`,
 * `completion.js`), so they cost the start-up of other commands nothing.
 */
import { Argument, type Command, Option } from 'commander';
import type { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';
import { quietOption } from '../options.js';
import type { CompletionShell } from './completion.js';
import type { InitCommandOptions } from './init.js';

/** `wbrules init [DIR]`. */
export function addInitCommand(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command('init')
    .description('write a starting point: example rules, a rule test that passes and, with --ci, a CI workflow')
    .showHelpAfterError('(run "wbrules init --help" for usage)')
    .addOption(quietOption())
    .argument('[dir]', 'the directory to write into (created if absent)', '.')
    .option('--entity <name>', 'the entity (a team or user) of the project (default: WANDB_ENTITY)')
    .option(
      '--project <name>',
      'the project the rules watch, PROJECT or ENTITY/PROJECT (without it, asked for on a terminal)',
    )
    .addOption(new Option('--ci <service>', 'also write a CI workflow: check, test, plan, apply').choices(['github']))
    .action(async (dir: string, options: InitCommandOptions & { quiet?: boolean }) => {
      const { initCommand } = await import('./init.js');
      done(await initCommand(dir, options, options.quiet === true ? { ...io, quiet: true } : io));
    });
}

/** `wbrules completion bash|zsh|fish`: completes `program`'s own commands and options. */
export function addCompletionCommand(program: Command, io: Io, done: (code: ExitCode) => void): void {
  program
    .command('completion')
    .description('print a shell completion script for commands, options and files')
    .showHelpAfterError('(run "wbrules completion --help" for usage)')
    .addOption(quietOption())
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(['bash', 'zsh', 'fish']))
    .action(async (shell: CompletionShell) => {
      const { completionCommand } = await import('./completion.js');
      done(completionCommand(shell, program, io));
    });
}
