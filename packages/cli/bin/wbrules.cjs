#!/usr/bin/env node
// The `wbrules` command. Everything lives in one bundle (fast to start); see scripts/bundle-cli.mjs.
// CommonJS on purpose: `--version` is answered before Node's ES module loader starts (about 4 ms).
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const args = process.argv.slice(2);
const bundle = join(__dirname, '..', 'dist', 'wbrules.mjs');
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The one answer that needs no code: the version, from this package's own package.json (as the bundle has it).
  process.stdout.write(`${JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else if (existsSync(bundle)) {
  // `run` resolves to the exit code and leaves process.exitCode alone: setting it is the launcher's job.
  import(pathToFileURL(bundle).href)
    .then(({ run }) => run(args))
    .then((code) => {
      process.exitCode = code;
    });
} else {
  process.stderr.write('wbrules: not built yet; run "npx -y pnpm@12.4.2 build"\n');
  process.exitCode = 2;
}
