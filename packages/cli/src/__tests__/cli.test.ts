import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { bin, ensureBundle, root, tempDir, wbrules } from './harness.js';

ensureBundle();

const { version } = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8')) as { version: string };

const help = `Usage: wbrules [options] [command]

Compile .wbrules files into W&B Automations payloads, and check and format them.

Options:
  -V, --version                      print the version
  -h, --help                         show help

Commands:
  init [options] [dir]               write a starting point: example rules, a
                                     rule test that passes and, with --ci, a CI
                                     workflow
  parse [options] <files...>         parse files and print "ok: N items" for
                                     each, or the syntax trees with --json
  fmt [options] <files...>           format files: print one to stdout, or
                                     --check or --write them
  check [options] <files...>         report every error and warning (on stdout);
                                     compile nothing
  compile [options] <files...>       compile to a JSON array of
                                     CreateFilterTriggerInput payloads
  decompile [options] <payloads>     print .wbrules source for compile output,
                                     payloads or saved automations
  validate [options] <payloads>      check payloads (or compile output) offline
                                     against the W&B API and the spec
  resolve [options] <files...>       look up the scopes and integrations the
                                     files name on W&B; print the ID map
  dev-server [options]               run a local W&B-compatible GraphQL server
                                     (until Ctrl-C)
  test [options] [files...]          run rule tests (*.wbrules-test.yaml): which
                                     automations fire, when, on which values
  replay [options] <rules...>        replay a recorded run history (JSON Lines
                                     or CSV) and print when each automation
                                     would fire
  plan [options] <files...>          show what apply would change on the server:
                                     creates, updates (field by field), deletes
  apply [options] <files...>         make the server hold what the files say (or
                                     apply a plan saved by plan --out)
  pull [options]                     write the automations on the server as
                                     .wbrules files, one per scope
  capabilities [options] [files...]  show what the server advertises (serverInfo
                                     features) and what wbrules does with it;
                                     with files, which rules it would warn about
  webhook [options]                  work with W&B webhooks: render the request
                                     a rule makes W&B send, sign and verify
                                     bodies, run a local receiver
  completion [options] <shell>       print a shell completion script for
                                     commands, options and files
  help [command]                     show help for a command

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
"wbrules help COMMAND" shows a command's options.
`;

describe('wbrules', () => {
  test('--version prints the version from package.json', () => {
    expect(wbrules(['--version'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    expect(wbrules(['-V'])).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  test('--help lists the commands and the exit codes', () => {
    expect(wbrules(['--help'])).toEqual({ status: 0, stdout: help, stderr: '' });
  });

  test.each([
    ['parse', 'Usage: wbrules parse [options] <files...>', '--json'],
    ['fmt', 'Usage: wbrules fmt [options] <files...>', '--write'],
    ['check', 'Usage: wbrules check [options] <files...>', '--max-warnings <n>'],
    ['compile', 'Usage: wbrules compile [options] <files...>', '-o, --output <file>'],
    ['decompile', 'Usage: wbrules decompile [options] <payloads>', '--ids <file>'],
    ['validate', 'Usage: wbrules validate [options] <payloads>', '--format <format>'],
    ['resolve', 'Usage: wbrules resolve [options] <files...>', '--base-url <url>'],
    ['dev-server', 'Usage: wbrules dev-server [options]', '--seed <fixture>'],
    ['test', 'Usage: wbrules test [options] [files...]', '--junit <file>'],
    ['replay', 'Usage: wbrules replay [options] <rules...>', '--history <file>'],
    ['plan', 'Usage: wbrules plan [options] <files...>', '--detailed-exitcode'],
    ['apply', 'Usage: wbrules apply [options] <files...>', '--batch-size <n>'],
    ['pull', 'Usage: wbrules pull [options]', '--force'],
  ])('%s --help', (command, usage, option) => {
    const result = wbrules([command, '--help']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')[0]).toBe(usage);
    expect(result.stdout).toContain(`  ${option}`);
  });

  test('no command prints the help on stderr (exit 2)', () => {
    expect(wbrules([])).toEqual({ status: 2, stdout: '', stderr: help });
  });

  test('an unknown command or option is a usage error (exit 2)', () => {
    expect(wbrules(['frobnicate'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: unknown command 'frobnicate'\n(run "wbrules --help" for usage)\n`,
    });
    // A near miss gets commander's suggestion.
    expect(wbrules(['inti']).stderr).toBe(
      `wbrules: unknown command 'inti'\n(Did you mean init?)\n(run "wbrules --help" for usage)\n`,
    );
    expect(wbrules(['parse', '--bogus', 'x.wbrules'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: unknown option '--bogus'\n(run "wbrules parse --help" for usage)\n`,
    });
    expect(wbrules(['check', '--format', 'xml', 'x.wbrules'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: option '--format <format>' argument 'xml' is invalid. expected one of text, json, sarif, github.\n(run "wbrules check --help" for usage)\n`,
    });
    // validate's diagnostics have no SARIF form.
    expect(wbrules(['validate', '--format', 'sarif', 'x.json'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: option '--format <format>' argument 'sarif' is invalid. expected one of text, json, github.\n(run "wbrules validate --help" for usage)\n`,
    });
  });

  test('"wbrules help COMMAND" prints what "wbrules COMMAND --help" does', () => {
    for (const command of ['check', 'plan', 'pull']) {
      expect(wbrules(['help', command])).toEqual(wbrules([command, '--help']));
    }
    expect(wbrules(['help'])).toEqual({ status: 0, stdout: help, stderr: '' });
  });

  test('a missing argument is a usage error (exit 2)', () => {
    expect(wbrules(['compile'])).toEqual({
      status: 2,
      stdout: '',
      stderr: `wbrules: missing required argument 'files'\n(run "wbrules compile --help" for usage)\n`,
    });
  });

  test.each(['parse', 'fmt', 'check', 'compile', 'decompile'])(
    '%s: a missing file is one clear line (exit 2)',
    (command) => {
      const cwd = tempDir();
      expect(wbrules([command, 'missing.wbrules'], { cwd })).toEqual({
        status: 2,
        stdout: '',
        stderr: 'wbrules: cannot read "missing.wbrules": no such file or directory\n',
      });
    },
  );

  test('commands that talk to a server do not read standard input (exit 2)', () => {
    expect(wbrules(['plan', '-'], { input: 'in team "acme"\n' })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: this command does not read standard input ("-")\n',
    });
  });

  test('an unbuilt checkout says how to build (exit 2)', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bin'));
    copyFileSync(bin, join(dir, 'bin/wbrules.cjs'));
    copyFileSync(join(bin, '../load.cjs'), join(dir, 'bin/load.cjs'));
    copyFileSync(join(root, 'packages/cli/package.json'), join(dir, 'package.json'));
    const result = wbrules(['check', 'rules.wbrules'], { cwd: dir, bin: join(dir, 'bin/wbrules.cjs') });
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: 'wbrules: not built yet; run "npx -y pnpm@12.4.2 build"\n',
    });
    // The version needs no bundle: the launcher reads it from package.json before loading any code.
    expect(wbrules(['--version'], { cwd: dir, bin: join(dir, 'bin/wbrules.cjs') })).toEqual({
      status: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
  });

  test('a failure to write stdout is one line and exit 2, never a stack trace', () => {
    const cwd = tempDir({ 'a.wbrules': 'in team "acme"\n' });
    const readOnly = openSync(join(cwd, 'a.wbrules'), 'r');
    try {
      const result = spawnSync(process.execPath, [bin, 'parse', 'a.wbrules'], {
        cwd,
        stdio: ['pipe', readOnly, 'pipe'],
        encoding: 'utf8',
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 2,
        stderr: 'wbrules: cannot write to standard output: EBADF: bad file descriptor, write\n',
      });
    } finally {
      closeSync(readOnly);
    }
  });
});
