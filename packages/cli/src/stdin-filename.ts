import { UsageError } from './exit-code.js';

/**
 * `--stdin-filename NAME` names standard input, so it needs `-` among the
 * files: without it, the name would silently name nothing. Not in
 * `files.ts`, which loads the compiler: `main.ts` checks this before any
 * command's code loads.
 */
export function checkStdinFilename(inputs: readonly string[], stdinFilename: string | undefined): void {
  if (stdinFilename !== undefined && !inputs.includes('-')) {
    throw new UsageError('--stdin-filename names standard input: give - among the files');
  }
}
