import { createRequire } from 'node:module';

/** Replaced by the version from `packages/cli/package.json` when the CLI is bundled (`scripts/bundle-cli.mjs`). */
declare const __WBRULES_VERSION__: string | undefined;

/**
 * The version `wbrules --version` prints. The bundle has it inlined, so the
 * installed command never reads a file to answer; run from `tsc` output or
 * source, it is read from the package's `package.json` next to `src`/`dist`.
 */
export function cliVersion(): string {
  if (typeof __WBRULES_VERSION__ === 'string') return __WBRULES_VERSION__;
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}
