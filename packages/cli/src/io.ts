import { writeSync } from 'node:fs';

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

/** A failed write, as Node reports it (`code`: `EPIPE`, `EBADF`, …). */
export interface WriteFailure extends Error {
  readonly code?: string;
}

/** A stream {@link StdioWriter} writes through (the process's stdout or stderr), spelled out as {@link PacedStream} is. */
export type StdioStream = PacedStream & { write(chunk: string | Uint8Array): boolean };

/** Where a failure to write the process's stdout goes (`main.ts`'s `run` sets it for its run). */
let stdoutFailure: ((error: WriteFailure) => void) | undefined;

/** Sets where a failure to write the process's stdout goes; returns what it was. */
export function reportStdoutFailures(
  report: ((error: WriteFailure) => void) | undefined,
): ((error: WriteFailure) => void) | undefined {
  const previous = stdoutFailure;
  stdoutFailure = report;
  return previous;
}

let listeningToStdout = false;

/**
 * The process's stdout stream, with (once per process) the listener for
 * write failures: `wbrules … | head` closes stdout early, not worth a
 * message; any other failure is (exit 2), but never a stack trace.
 */
function stdoutStream(): StdioStream {
  const stream = process.stdout;
  if (!listeningToStdout) {
    listeningToStdout = true;
    stream.on('error', (error: WriteFailure) => {
      if (error.code !== 'EPIPE') stdoutFailure?.(error);
    });
  }
  return stream;
}

/**
 * Writes to stdout or stderr. Node makes `process.stdout` and
 * `process.stderr` on first use, and for a pipe that loads `net` and the
 * stream machinery: ~2 ms of a `wbrules check`, whose whole output is a line
 * or two. So text goes straight to the file descriptor (`fs.writeSync`, as
 * Node's own stdio does for files and pipes on Linux) until that cannot
 * serve: a pipe that would block (`EAGAIN`), any failure (the stream then
 * reports it exactly as before), paced output (`compile`), or Windows
 * (whose console the stream writes as UTF-16). From then on everything goes
 * through the stream, so output never reorders.
 */
export class StdioWriter {
  private stream: StdioStream | undefined;
  constructor(
    private readonly fd: number,
    private readonly makeStream: () => StdioStream,
  ) {
    if (process.platform === 'win32') this.toStream();
  }

  /** The stream, written through from now on. */
  toStream(): StdioStream {
    this.stream ??= this.makeStream();
    return this.stream;
  }

  write(text: string): void {
    if (this.stream !== undefined) {
      this.stream.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.fd, bytes, written);
    } catch {
      this.toStream().write(bytes.subarray(written));
    }
  }
}

/** The {@link Io} of this process (its colour and terminal answers are found when first asked). */
export function processIo(): Io {
  const out = new StdioWriter(1, stdoutStream);
  const err = new StdioWriter(2, () => process.stderr);
  let paced: ((text: string) => boolean | Promise<boolean>) | undefined;
  return {
    stdout: (text) => out.write(text),
    stderr: (text) => err.write(text),
    get color() {
      return shouldColor(process.env, process.stderr.isTTY === true);
    },
    get stdoutColor() {
      return shouldColor(process.env, process.stdout.isTTY === true);
    },
    get stdoutIsTTY() {
      return process.stdout.isTTY === true;
    },
    stdoutPaced: (text) => {
      paced ??= pacedWriter(out.toStream());
      return paced(text);
    },
  };
}
