/**
 * The options every command shares, made in one place so a word means the
 * same thing wherever it appears (docs/cli.md, "One vocabulary"):
 *
 * - `--format text|json|sarif|github` is always the format of the
 *   **diagnostics**: on stdout for the commands whose output is diagnostics
 *   (`check`, `validate`), on stderr for the others. `github` prints GitHub
 *   Actions workflow commands (annotations; github.ts).
 * - `--json` is always "the main output as JSON".
 * - `-o, --output <path>` is always where the main output goes (a file;
 *   `pull -o DIR` writes a tree).
 * - `--org <name>` names an organization; `--entity <name>` a team or user.
 * - `--quiet` prints nothing on stderr but errors: no warnings, notes,
 *   summaries or progress.
 * - `--strict-capabilities` makes a rule that needs a feature the server
 *   does not advertise (WR5301) an error instead of a warning.
 */
import { InvalidArgumentError, Option } from 'commander';
import { completesTo } from './completion/spec.js';

/** Every word `--format` may take, in the order help lists them. */
export const diagnosticFormats = ['text', 'json', 'sarif', 'github'] as const;

/** A diagnostics format a command accepts. */
export type DiagnosticFormatName = (typeof diagnosticFormats)[number];

/** Words `--format` reserves for formats not available yet, with what to say (none at present). */
const reservedFormats: Readonly<Record<string, string>> = {};

/**
 * `--format <format>`: the diagnostics format, from `formats` (default
 * `text`); `where` says where diagnostics go, for the help text.
 */
export function formatOption(formats: readonly DiagnosticFormatName[], where: 'stdout' | 'stderr'): Option {
  const described: Record<DiagnosticFormatName, string> = {
    text: 'code frames',
    json: 'a JSON array',
    sarif: 'a SARIF 2.1.0 log',
    github: 'GitHub Actions workflow commands',
  };
  const list = formats.map((f) => `${f} (${described[f]})`).join(', ');
  const option = new Option('--format <format>', `diagnostics on ${where} as ${list}`)
    .argParser((value: string) => parseFormat(value, formats))
    .default('text');
  // Not commander's `choices`, which would replace parseFormat: shell completion still offers them.
  return completesTo(option, formats);
}

function parseFormat(value: string, formats: readonly DiagnosticFormatName[]): DiagnosticFormatName {
  if ((formats as readonly string[]).includes(value)) return value as DiagnosticFormatName;
  const reserved = reservedFormats[value];
  const allowed = formats.join(', ');
  if (reserved !== undefined) throw new InvalidArgumentError(`"${value}" is reserved: ${reserved} (use ${allowed}).`);
  throw new InvalidArgumentError(`expected one of ${allowed}.`);
}

/** `--json`: the command's main output as JSON. */
export function jsonOption(what: string): Option {
  return new Option('--json', `print ${what} as JSON`);
}

/** `-o, --output <path>`: where the main output goes instead of stdout. */
export function outputOption(what: string, placeholder = '<file>'): Option {
  return new Option(`-o, --output ${placeholder}`, what);
}

/** `--org <name>`: an organization. */
export function orgOption(what: string): Option {
  return new Option('--org <name>', what);
}

/** `--quiet`: only errors on stderr. */
export function quietOption(): Option {
  return new Option('-q, --quiet', 'print nothing on stderr but errors (no warnings, notes, summaries or progress)');
}

/** `--strict-capabilities`: WR5301 is an error (the server commands that read rules). */
export function strictCapabilitiesOption(): Option {
  return new Option(
    '--strict-capabilities',
    'make a rule that needs a feature the server does not advertise (WR5301) an error, not a warning',
  );
}

/** `--stdin-filename <name>`: the name standard input (`-`) is reported under (ESLint's, Prettier's and Biome's word). */
export function stdinFilenameOption(): Option {
  return new Option('--stdin-filename <name>', 'the file name standard input (-) is reported under (default <stdin>)');
}

/** `--watch`: run again each time an input changes, until Ctrl-C. */
export function watchOption(): Option {
  return new Option('--watch', 'run again each time an input file changes, until Ctrl-C (never exits on errors)');
}
