// runProgram declares only the command that runs (program.ts, commandNames): it must be exactly the
// command the whole program declares — its options, arguments, subcommands and help.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandNames, runProgram } from '../program.js';

const io = { stdout: () => {}, stderr: () => {}, color: false };
const whole = buildProgram(io, () => {});

/** What a user can see of a command, recursively: its help text and, per subcommand, the same. */
function shape(command: Command): unknown {
  return {
    help: command.helpInformation(),
    options: command.options.map((option) => [option.flags, option.defaultValue, option.argChoices]),
    subcommands: command.commands.map((sub) => [sub.name(), shape(sub)]),
  };
}

describe('declaring one command', () => {
  it('covers every command but help and completion', () => {
    expect(whole.commands.map((command) => command.name()).sort()).toEqual([...commandNames, 'completion'].sort());
  });

  for (const name of commandNames) {
    it(`gives "${name}" exactly as the whole program does`, () => {
      const alone = buildProgram(io, () => {}, name);
      expect(alone.commands.map((command) => command.name())).toEqual([name]);
      const fromWhole = whole.commands.find((command) => command.name() === name) as Command;
      expect(shape(alone.commands[0] as Command)).toEqual(shape(fromWhole));
    });
  }

  it('reports a mistake in a command as the whole program would', async () => {
    const out = (argv: string[]) => {
      const lines: string[] = [];
      const capture = {
        stdout: (t: string) => void lines.push(t),
        stderr: (t: string) => void lines.push(t),
        color: false,
      };
      return runProgram(argv, capture).then((code) => ({ code, text: lines.join('') }));
    };
    const viaOne = await out(['check', '--jsn']);
    expect(viaOne.code).toBe(2);
    expect(viaOne.text).toContain("unknown option '--jsn'");
    // The same arguments through a program with every command declared.
    const lines: string[] = [];
    const program = buildProgram(
      { stdout: (t) => void lines.push(t), stderr: (t) => void lines.push(t), color: false },
      () => {},
    );
    await program.parseAsync(['check', '--jsn'], { from: 'user' }).catch(() => {});
    expect(viaOne.text).toBe(`${lines.join('')}`);
  });
});
