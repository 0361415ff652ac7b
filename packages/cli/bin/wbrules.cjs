#!/usr/bin/env node
// The `wbrules` command. Everything lives in one bundle (fast to start); see scripts/bundle-cli.mjs.
// CommonJS on purpose: `--version` is answered before anything else loads (about 4 ms), and the
// bundle runs as function scripts with a V8 code cache (load.cjs), which Node 20 offers only to scripts.
'use strict';
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs no code: the version, from this package's own package.json (as the bundle has it).
  const { readFileSync } = require('node:fs');
  const { join } = require('node:path');
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else {
  // V8 tuned for a short command (check on save, a pre-commit hook), measured on Node 20 (V8 11.3): tier
  // up to optimized code 4x later (a check otherwise starts TurboFan jobs for lodash helpers run during
  // Chevrotain's set-up, which compete for the CPU and which Node waits for at exit), and grow the young
  // generation 8x at a time instead of 2x (four scavenges in the first 15 ms otherwise); a long command
  // (compile of 5 MB) tiers up a few milliseconds later and reaches the same heap limits sooner. Only
  // on V8 versions known to have both flags (an unknown one is an error message). load.cjs keys the
  // compile cache by them.
  const flags =
    Number(process.versions.v8.split('.')[0]) <= 12 ? '--interrupt-budget=270336 --semi-space-growth-factor=8' : '';
  if (flags !== '') require('node:v8').setFlagsFromString(flags);
  const bundle = require('./load.cjs').loadBundle({ flags });
  if (bundle === undefined) {
    process.stderr.write('wbrules: not built yet; run "npx -y pnpm@12.4.2 build"\n');
    process.exitCode = 2;
  } else {
    // `run` resolves to the exit code and leaves process.exitCode alone: setting it is the launcher's job.
    bundle.run(args).then((code) => {
      process.exitCode = code;
    });
  }
}
