/**
 * The exit-code contract of `wbrules` (the README documents it; scripts and CI
 * depend on it, so a value never changes meaning).
 */
export const ExitCode = {
  /** Everything is fine. */
  ok: 0,
  /**
   * The input has errors, `fmt --check` found unformatted files, `fmt --write`
   * could not rewrite one, or `check` exceeded `--max-warnings`.
   */
  failed: 1,
  /** A usage error (unknown option, missing or unreadable file) or an internal error. */
  usage: 2,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A problem with how `wbrules` was invoked, not with the rules it was given:
 * reported as one line `wbrules: <message>` and exit code 2, never a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * An input file whose content is unusable before any rule is looked at (not
 * UTF-8, an ID map or payload file that is not valid JSON or not the expected
 * shape): reported as `file[:line:col]: error: <message>` with exit code 1,
 * since the fix is in the file, not in the command line.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** Every problem found, each one sentence (an ID map can have several). */
  readonly problems: readonly string[];

  constructor(
    readonly file: string,
    problems: string | readonly string[],
    /** 1-based position, when the problem has one. */
    readonly position?: { readonly line: number; readonly column: number },
  ) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(list.join('; '));
    this.problems = list;
  }
}
