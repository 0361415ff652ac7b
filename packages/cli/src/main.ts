/**
 * The entry of the `wbrules` command: `run`, and nothing else at start-up.
 * The commander program (`program.ts`) loads only when a command runs, and
 * each command's code only when it runs, so `wbrules --version` costs about
 * what `node -e 0` does (docs/contributing.md, "Start-up").
 */
import { ExitCode } from './exit-code.js';
import { type Io, processIo, reportStdoutFailures, type WriteFailure } from './io.js';
import { printable } from './printable.js';
import { cliVersion } from './version.js';

/**
 * Runs `wbrules` with the arguments after the program name and resolves to
 * its exit code (the table is in `--help`); `bin/wbrules.cjs` sets
 * `process.exitCode` from it. Never touches `process.exitCode` and never
 * calls `process.exit()`, so pending output is always flushed and an
 * embedder keeps its own exit code. Never rejects: a bug in `wbrules` itself
 * is reported as `wbrules: internal error: …` (the stack only with
 * `WBRULES_DEBUG=1`), exit 2.
 */
export async function run(argv: readonly string[], io: Io = processIo()): Promise<ExitCode> {
  const stdoutFailures: WriteFailure[] = [];
  const previous = reportStdoutFailures((error) => {
    stdoutFailures.push(error);
  });
  let exitCode: ExitCode;
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    // What commander prints for it, without loading commander.
    io.stdout(`${cliVersion()}\n`);
    exitCode = ExitCode.ok;
  } else {
    exitCode = await import('./program.js').then(
      ({ runProgram }) => runProgram(argv, io),
      (error: unknown) => {
        io.stderr(`wbrules: internal error: ${printable(error instanceof Error ? error.message : String(error))}\n`);
        return ExitCode.usage;
      },
    );
  }
  // A failed write reports itself on a later tick: let it arrive before the code is decided.
  await new Promise((resolve) => setImmediate(resolve));
  reportStdoutFailures(previous);
  if (stdoutFailures.length === 0) return exitCode;
  // A failed write to stdout is exit 2, whatever the command said. (files.js loads the compiler: only now.)
  const { describeFsError } = await import('./files.js');
  for (const error of stdoutFailures) {
    io.stderr(`wbrules: cannot write to standard output: ${describeFsError(error)}\n`);
  }
  return ExitCode.usage;
}
