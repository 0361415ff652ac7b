/**
 * Where a command's output goes. Data (formatted source, ASTs, payloads,
 * `check`'s reports) goes to `stdout`; diagnostics and messages to `stderr`,
 * so `wbrules compile a.wbrules > out.json` never mixes the two.
 */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr gets ANSI colour (see {@link shouldColor}). */
  readonly color: boolean;
  /** Whether diagnostics printed on stdout (`check`) get ANSI colour: the same rule, for stdout. */
  readonly stdoutColor?: boolean;
  /** `--quiet`: nothing on stderr but errors (no warnings, notes, summaries or progress). */
  readonly quiet?: boolean;
  /** Whether stdout is a terminal: `--watch` clears the screen before each run again only then. */
  readonly stdoutIsTTY?: boolean;
  /**
   * Writes `text` to stdout like `stdout`, for output written a piece at a
   * time (`compile`'s JSON): resolves to `true` once the next piece may be
   * written (at once while the reader keeps up, on `'drain'` when it does
   * not, so pieces never pile up in memory), or to `false` once stdout is
   * closed or failed (`| head`): nothing more can go out. Without it, pieces
   * go to `stdout`.
   */
  readonly stdoutPaced?: (text: string) => boolean | Promise<boolean>;
}

/** What {@link pacedWriter} needs of a stream: the shape of Node's writable streams, spelled out so the published types need no Node types. */
export interface PacedStream {
  readonly destroyed?: boolean;
  write(text: string): boolean;
  once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
}

/** {@link Io.stdoutPaced} for a stream (the process's stdout). */
export function pacedWriter(stream: PacedStream): (text: string) => boolean | Promise<boolean> {
  return (text) => {
    if (stream.destroyed === true) return false;
    if (stream.write(text)) return true;
    return new Promise<boolean>((resolve) => {
      const settle = (open: boolean) => () => {
        stream.off('drain', drained);
        stream.off('close', closed);
        stream.off('error', closed);
        resolve(open);
      };
      const drained = settle(true);
      const closed = settle(false);
      stream.once('drain', drained);
      stream.once('close', closed);
      // The process's own listener reports the error (or, for a closed pipe, says nothing).
      stream.once('error', closed);
    });
  };
}

/**
 * Whether to colour stderr: never when `NO_COLOR` is set to anything
 * non-empty (no-color.org); otherwise always when `FORCE_COLOR` is set to
 * anything but `0`/`false`; otherwise only on a terminal that is not `dumb`.
 */
export function shouldColor(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** The {@link Io} of this process. */
export function processIo(): Io {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    color: shouldColor(process.env, process.stderr.isTTY === true),
    stdoutColor: shouldColor(process.env, process.stdout.isTTY === true),
    stdoutIsTTY: process.stdout.isTTY === true,
    stdoutPaced: pacedWriter(process.stdout),
  };
}
