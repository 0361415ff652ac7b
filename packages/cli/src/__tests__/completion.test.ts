import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBundle, tempDir, wbrules } from './harness.js';

ensureBundle();

/** Whether `shell` is installed (zsh and fish are not everywhere; nothing installs them). */
const has = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** The commands `wbrules --help` lists. */
const commandsInHelp = (): string[] => {
  const help = wbrules(['--help']).stdout;
  const section = help.slice(help.indexOf('Commands:'), help.indexOf('Exit codes:'));
  return [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1] ?? '');
};

describe('wbrules completion bash', () => {
  const script = wbrules(['completion', 'bash']).stdout;
  const cwd = tempDir({ 'vision.wbrules': '', 'vision.wbrules-test.yaml': '', 'notes.txt': '', 'rules/a.wbrules': '' });
  writeFileSync(join(cwd, 'completion.bash'), script);

  /** What `_wbrules` offers for the command line `words`, the cursor on the last word. */
  const complete = (...words: string[]): string[] => {
    const quoted = words.map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(' ');
    const result = spawnSync(
      'bash',
      [
        '-c',
        `source completion.bash; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _wbrules; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { cwd, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    return result.stdout.split('\n').filter((line) => line !== '');
  };

  test('is valid bash and registers _wbrules', () => {
    expect(script).toContain('complete -F _wbrules wbrules\n');
    expect(spawnSync('bash', ['-n', join(cwd, 'completion.bash')]).status).toBe(0);
  });

  test.each<[string[], string[]]>([
    [['wbrules', 'ch'], ['check']],
    [
      ['wbrules', 'co'],
      ['compile', 'completion'],
    ],
    [['wbrules', 'check', '--f'], ['--format']],
    [
      ['wbrules', 'check', '--format', ''],
      ['text', 'json', 'sarif', 'github'],
    ],
    [['wbrules', 'compile', '--format', 's'], ['sarif']],
    [
      ['wbrules', 'dev-server', '--profile', 's'],
      ['saas', 'self-managed-0.75'],
    ],
    [['wbrules', 'init', '--ci', ''], ['github']],
    [
      ['wbrules', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [['wbrules', 'webhook', 'r'], ['render']],
    [['wbrules', 'webhook', 'render', '--r'], ['--rule']],
    [['wbrules', 'help', 'web'], ['webhook']],
    [['wbrules', '--v'], ['--version']],
    // bash splits "--format=js" into "--format", "=", "js".
    [['wbrules', 'check', '--format', '=', 'js'], ['json']],
    [
      ['wbrules', 'check', '--format', '='],
      ['text', 'json', 'sarif', 'github'],
    ],
  ])('%j → %j', (words, expected) => {
    expect(complete(...words)).toEqual(expected);
  });

  test('a .wbrules argument completes to .wbrules files and directories only', () => {
    expect(complete('wbrules', 'check', '').sort()).toEqual(['rules', 'vision.wbrules']);
    expect(complete('wbrules', 'check', 'v')).toEqual(['vision.wbrules']);
    expect(complete('wbrules', 'check', 'rules/')).toEqual(['rules/a.wbrules']);
    // After an option's value, still the command's arguments.
    expect(complete('wbrules', 'check', '--format', 'json', 'vi')).toEqual(['vision.wbrules']);
    expect(complete('wbrules', 'webhook', 'render', '--rule', 'x', 'vi')).toEqual(['vision.wbrules']);
  });

  test('test files, any file, and options that take a value with nothing to suggest', () => {
    expect(complete('wbrules', 'test', 'vi')).toEqual(['vision.wbrules-test.yaml']);
    expect(complete('wbrules', 'compile', '--ids', 'no')).toEqual(['notes.txt']);
    expect(complete('wbrules', 'check', '--max-warnings', '')).toEqual([]);
  });

  test('every command in --help completes, so a new command needs no edit here', () => {
    const commands = commandsInHelp();
    expect(commands).toContain('init');
    expect(complete('wbrules', '')).toEqual(commands);
  });
});

describe('wbrules completion zsh and fish', () => {
  test('zsh: one _arguments function per command, choices and file patterns', () => {
    const script = wbrules(['completion', 'zsh']).stdout;
    expect(script.startsWith('#compdef wbrules\n')).toBe(true);
    expect(script).toContain('  compdef _wbrules wbrules\n');
    for (const command of commandsInHelp().filter((c) => c !== 'help')) {
      expect(script).toContain(`\n_wbrules_${command.replaceAll('-', '_')}() {\n`);
    }
    expect(script).toContain("'--format[diagnostics on stdout as text (code frames)");
    expect(script).toContain(':value:(text json sarif github)');
    expect(script).toContain(`'*:files:_files -g "*.wbrules"'`);
    expect(script).toContain(`'*:files:_files -g "*.(wbrules|json)"'`);
    expect(script).toContain('render) _wbrules_webhook_render ;;');
    if (has('zsh')) {
      const cwd = tempDir({ _wbrules: script });
      expect(spawnSync('zsh', ['-n', '_wbrules'], { cwd, encoding: 'utf8' }).stderr).toBe('');
    }
  });

  test('fish: complete lines conditioned on the command path', () => {
    const script = wbrules(['completion', 'fish']).stdout;
    expect(script).toContain('complete -c wbrules -f\n');
    expect(script).toContain(`complete -c wbrules -n '__wbrules_at ""' -a check -d`);
    expect(script).toContain(`complete -c wbrules -n '__wbrules_at "check"' -l format -x -a 'text json sarif github'`);
    expect(script).toContain(
      `complete -c wbrules -n '__wbrules_at "check"' -x -a '(__fish_complete_suffix .wbrules)'\n`,
    );
    expect(script).toContain(`complete -c wbrules -n '__wbrules_at "webhook"' -a render -d`);
    expect(script).toContain(`complete -c wbrules -n '__wbrules_at "webhook render"' -l rule -x -d`);
    if (has('fish')) {
      const cwd = tempDir({ 'wbrules.fish': script });
      expect(spawnSync('fish', ['-n', 'wbrules.fish'], { cwd, encoding: 'utf8' }).stderr).toBe('');
    }
  });

  test('an unknown shell is a usage error', () => {
    const result = wbrules(['completion', 'powershell']);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      "wbrules: command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
    );
  });
});
