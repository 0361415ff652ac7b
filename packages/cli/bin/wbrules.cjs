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
  // No V8 flags: tuning V8 for a short command (later tier-up, a faster-growing young generation) saved
  // ~2 ms while a check built Chevrotain's parser; a check no longer does, and loading node:v8 to set them
  // cost more than they saved (docs/contributing.md, "Start-up").
  const bundle = require('./load.cjs').loadBundle();
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
