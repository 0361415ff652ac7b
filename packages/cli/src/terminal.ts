import { createInterface } from 'node:readline';
import { shouldColor } from './io.js';

/**
 * What a command may do with a person at a terminal: ask (only when
 * standard input is a terminal — a command never waits for input that can
 * never come), draw a progress bar (only when standard error is one), and
 * colour what it prints on standard output (only on a terminal, and never
 * with `NO_COLOR`). Injectable, so the commands' terminal behaviour is
 * testable without one.
 */
export interface Terminal {
  /** Standard input is a terminal a person can answer on. */
  readonly interactive: boolean;
  /** Standard error is a terminal: progress may be drawn there. */
  readonly progress: boolean;
  /** Colour on standard output. */
  readonly stdoutColor: boolean;
  /** Writes `question` to standard error and resolves with the line answered (without its newline). */
  ask(question: string): Promise<string>;
}

/** The terminal of this process. */
export function processTerminal(env: NodeJS.ProcessEnv = process.env): Terminal {
  return {
    interactive: process.stdin.isTTY === true,
    progress: process.stderr.isTTY === true && env.TERM !== 'dumb',
    stdoutColor: shouldColor(env, process.stdout.isTTY === true),
    ask: (question) =>
      new Promise((resolve) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
        rl.question(question, (answer) => {
          // Before close(): closing emits 'close' at once, which would resolve with ''.
          resolve(answer);
          rl.close();
        });
        rl.once('close', () => resolve(''));
      }),
  };
}

/**
 * A one-line progress bar redrawn in place with `\r`:
 * `applying [############------------] 120/300`. Cleared when done, so the
 * summary that follows starts on a clean line.
 */
export class ProgressBar {
  private last = '';

  constructor(
    private readonly write: (text: string) => void,
    private readonly label: string,
    private readonly total: number,
    private readonly width = 30,
  ) {}

  /** Redraws with `done` of the total finished. */
  update(done: number): void {
    const filled = this.total === 0 ? this.width : Math.round((done / this.total) * this.width);
    const line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${done}/${this.total}`;
    if (line === this.last) return;
    this.last = line;
    this.write(`\r${line}`);
  }

  /** Erases the bar. */
  finish(): void {
    if (this.last === '') return;
    this.write(`\r${' '.repeat(this.last.length)}\r`);
    this.last = '';
  }
}
