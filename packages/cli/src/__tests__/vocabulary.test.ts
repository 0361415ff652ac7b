import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, tempDir, wbrules } from './harness.js';

/**
 * One vocabulary for every command (docs/cli.md): walks each command's
 * `--help`, as a user reads it, and holds every option to the words' one
 * meaning. A command added later is walked too (the list comes from
 * `wbrules --help`).
 */

ensureBundle();

/** The commands `wbrules --help` lists (not `help` itself). */
const commands = [...wbrules(['--help']).stdout.matchAll(/^ {2}([a-z-]+) /gm)]
  .map((m) => m[1] as string)
  .filter((name) => name !== 'help');

/** Commands whose output is diagnostics: `--format` chooses what goes to stdout. */
const diagnosticsOnStdout = new Set(['check', 'validate']);

interface HelpOption {
  readonly flags: string;
  readonly description: string;
}

/** The options of a command's help: `flags` as written, the description joined across wrapped lines. */
function helpOptions(command: string): HelpOption[] {
  const text = wbrules([command, '--help']).stdout;
  const section = text.slice(text.indexOf('\nOptions:\n') + '\nOptions:\n'.length);
  const options: { flags: string; description: string }[] = [];
  for (const line of section.split('\n')) {
    const start = /^ {2}(-\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (start !== null) options.push({ flags: (start[1] as string).trim(), description: start[2] ?? '' });
    else if (/^ {4,}\S/.test(line) && options.length > 0) {
      const last = options[options.length - 1] as HelpOption;
      options[options.length - 1] = { flags: last.flags, description: `${last.description} ${line.trim()}` };
    }
  }
  return options;
}

describe('the command-line vocabulary', () => {
  test('the walk finds every command', () => {
    expect(commands).toEqual(
      expect.arrayContaining(['parse', 'fmt', 'check', 'compile', 'decompile', 'validate', 'resolve']),
    );
    expect(commands).toEqual(expect.arrayContaining(['dev-server', 'test', 'replay', 'plan', 'apply', 'pull']));
  });

  test.each(commands)('%s: --quiet and --help, and each shared word in its one meaning', (command) => {
    const options = helpOptions(command);
    const flags = options.map((o) => o.flags);
    expect(flags).toContain('-q, --quiet');
    expect(flags).toContain('-h, --help');
    for (const { flags: flag, description } of options) {
      const long = /--[a-z-]+/.exec(flag)?.[0];
      if (long === '--format') {
        // Always the diagnostics format, on stdout only where diagnostics are the output.
        expect(flag, command).toBe('--format <format>');
        const where = diagnosticsOnStdout.has(command) ? 'stdout' : 'stderr';
        expect(description, command).toMatch(new RegExp(`^diagnostics on ${where} as text \\(code frames\\)`));
        for (const word of description.matchAll(/\b([a-z]+) \(/g)) {
          expect(['text', 'json', 'sarif', 'github'], command).toContain(word[1]);
        }
      }
      // The main output as JSON: a switch, never a format choice.
      if (long === '--json') expect(flag, command).toBe('--json');
      // Where the main output goes: a path, with its short form.
      if (long === '--output') expect(flag, command).toMatch(/^-o, --output <(file|dir)>$/);
      if (long === '--org') expect(flag, command).toBe('--org <name>');
      // Retired spellings are not shown (they still work, with a note, for one minor version).
      expect(['--organization'], command).not.toContain(long);
    }
  });

  test('deprecated spellings keep working with a note on stderr (not with --quiet)', () => {
    const cwd = tempDir({
      'payloads.json': JSON.stringify([
        {
          enabled: true,
          eventFilter: '{"filter":"{\\"$or\\":[{\\"$and\\":[]}]}"}',
          name: 'n',
          scopeID: 'ORG',
          scopeType: 'ENTITY',
          triggeredActionConfig: { noOpActionInput: { noOp: true } },
          triggeredActionType: 'NO_OP',
          triggeringEventType: 'CREATE_ARTIFACT',
        },
      ]),
    });
    const old = wbrules(['decompile', 'payloads.json', '--organization', 'acme-org'], { cwd });
    const now = wbrules(['decompile', 'payloads.json', '--org', 'acme-org'], { cwd });
    expect(old.stdout).toBe(now.stdout);
    expect(old.status).toBe(now.status);
    expect(old.stderr).toBe(
      `wbrules: --organization is deprecated and will be removed in the next minor version; use --org\n${now.stderr}`,
    );
    const quiet = wbrules(['decompile', 'payloads.json', '--organization', 'acme-org', '--quiet'], { cwd });
    expect(quiet.stderr).not.toContain('deprecated');
  });

  test.each([
    ['compile', ['rules.wbrules']],
    ['parse', ['rules.wbrules', '--json']],
    ['decompile', ['payloads.json']],
  ])('%s -o FILE writes what stdout would get, and prints nothing there', (command, args) => {
    const rules = 'in project "acme/vision"\nautomation "f" on run state failed -> nothing\n';
    const cwd = tempDir({ 'rules.wbrules': rules });
    const compiled = wbrules(['compile', 'rules.wbrules', '-o', 'payloads.json'], { cwd });
    expect(compiled.status).toBe(0);
    const toStdout = wbrules([command, ...args], { cwd });
    const toFile = wbrules([command, ...args, '-o', 'out.txt'], { cwd });
    expect(toFile).toEqual({ status: toStdout.status, stdout: '', stderr: toStdout.stderr });
    expect(readFileSync(join(cwd, 'out.txt'), 'utf8')).toBe(toStdout.stdout);
  });
});
