/**
 * What shell completion knows about `wbrules`, read from the commander program
 * itself, so a new command, option or choice completes without anyone editing
 * the completion scripts. The three renderers (`bash.ts`, `zsh.ts`,
 * `fish.ts`) only print this tree; they never look at commander.
 */
import type { Argument, Command, Option } from 'commander';

/** How to complete a value: an option's value or a positional argument. */
export type ValueSpec =
  | { readonly kind: 'choices'; readonly values: readonly string[] }
  /** Files; with `extensions`, only those (and directories, to descend into). */
  | { readonly kind: 'files'; readonly extensions: readonly string[] }
  | { readonly kind: 'dirs' }
  /** A value with nothing to suggest (a number, a name, a URL). */
  | { readonly kind: 'none' };

/** One option, by all its spellings. */
export interface OptionSpec {
  /** `['-o', '--output']`, short spelling first. */
  readonly flags: readonly string[];
  readonly description: string;
  /** How to complete its value; absent for a flag that takes none. */
  readonly value?: ValueSpec;
  /** Whether it may be given more than once (`--keep A --keep B`). */
  readonly repeatable: boolean;
}

/** One positional argument. */
export interface ArgumentSpec {
  readonly name: string;
  readonly required: boolean;
  readonly variadic: boolean;
  readonly value: ValueSpec;
}

/** A command (or the program itself, whose `path` is empty). */
export interface CommandSpec {
  readonly name: string;
  /** The words that reach it: `[]` for `wbrules`, `['webhook', 'render']`. */
  readonly path: readonly string[];
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
  readonly subcommands: readonly CommandSpec[];
}

/**
 * Values an option completes to although it does not declare them as commander
 * `choices` (which would also change its parsing and its help text):
 * `--format` parses its value itself, to explain reserved words.
 */
const declaredValues = new WeakMap<Option, readonly string[]>();

/** Makes `option`'s value complete to `values`; returns the option. */
export function completesTo(option: Option, values: readonly string[]): Option {
  declaredValues.set(option, values);
  return option;
}

const helpOption: OptionSpec = { flags: ['-h', '--help'], description: 'show help', repeatable: false };

/** The completion tree of `program`, with the `help` command commander adds itself. */
export function commandSpec(program: Command): CommandSpec {
  const spec = specOf(program, []);
  const help: CommandSpec = {
    name: 'help',
    path: ['help'],
    description: 'show help for a command',
    options: [],
    arguments: [
      {
        name: 'command',
        required: false,
        variadic: false,
        value: { kind: 'choices', values: spec.subcommands.map((c) => c.name) },
      },
    ],
    subcommands: [],
  };
  return { ...spec, subcommands: [...spec.subcommands, help] };
}

function specOf(command: Command, path: readonly string[]): CommandSpec {
  const options = command.options.filter((o) => !o.hidden).map(optionSpec);
  return {
    name: command.name(),
    path,
    description: command.description(),
    options: [...options, helpOption],
    arguments: command.registeredArguments.map(argumentSpec),
    subcommands: command.commands
      .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden)
      .map((c) => specOf(c, [...path, c.name()])),
  };
}

function optionSpec(option: Option): OptionSpec {
  const flags = [option.short, option.long].filter((f): f is string => f !== undefined);
  const takesValue = option.required || option.optional;
  const base = { flags, description: option.description, repeatable: /\brepeatable\b/.test(option.description) };
  if (!takesValue) return base;
  const choices = option.argChoices ?? declaredValues.get(option);
  if (choices !== undefined) return { ...base, value: { kind: 'choices', values: choices } };
  // The placeholder says what the value is: `<file>`, `<dir>`, `<fixture>`, `<n>`, `<url>`…
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1] ?? '';
  if (placeholder === 'dir') return { ...base, value: { kind: 'dirs' } };
  if (/^(file|fixture|payloads)$/.test(placeholder)) {
    return { ...base, value: { kind: 'files', extensions: extensionsIn(option.description) } };
  }
  return { ...base, value: { kind: 'none' } };
}

/**
 * A positional argument: its choices, else files. The extensions a command
 * reads are the ones its help names (".wbrules files or directories").
 */
function argumentSpec(argument: Argument): ArgumentSpec {
  const value: ValueSpec =
    argument.argChoices === undefined
      ? { kind: 'files', extensions: extensionsIn(argument.description) }
      : { kind: 'choices', values: argument.argChoices };
  return { name: argument.name(), required: argument.required, variadic: argument.variadic, value };
}

/** The file extensions a help text names, without the dot: `.wbrules files` → `['wbrules']`. */
function extensionsIn(description: string): string[] {
  const found = description.match(/\.(wbrules-test\.yaml|wbrules|json|jsonl|csv)(?![\w-])/g) ?? [];
  return [...new Set(found.map((e) => e.slice(1)))];
}

/** Every command of the tree, the program first, parents before their subcommands. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.subcommands.flatMap(allCommands)];
}
