import type { Command } from 'commander';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { type CommandSpec, commandSpec } from '../completion/spec.js';
import { zshScript } from '../completion/zsh.js';
import { ExitCode } from '../exit-code.js';
import type { Io } from '../io.js';

/** A shell `wbrules completion` writes a script for. */
export type CompletionShell = 'bash' | 'zsh' | 'fish';

const scripts: Record<CompletionShell, (spec: CommandSpec) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

/**
 * `wbrules completion SHELL`: prints the completion script of `program` (the
 * running one, so every command, option and choice it has) for `shell`.
 */
export function completionCommand(shell: CompletionShell, program: Command, io: Io): ExitCode {
  io.stdout(scripts[shell](commandSpec(program)));
  return ExitCode.ok;
}
