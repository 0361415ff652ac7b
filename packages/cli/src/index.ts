/**
 * `wbrules`: the command-line interface. The package's public surface is
 * the command itself (`bin/wbrules.cjs`); `run` is exported for embedding it.
 */
export { run } from './main.js';
export { ExitCode } from './exit-code.js';
