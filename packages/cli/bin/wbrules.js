#!/usr/bin/env node
// The `wbrules` command. Everything lives in one bundle (fast to start); see scripts/bundle-cli.mjs.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/wbrules.mjs', import.meta.url);
if (existsSync(bundle)) {
  const { run } = await import(bundle.href);
  // `run` resolves to the exit code and leaves process.exitCode alone: setting it is the launcher's job.
  process.exitCode = await run(process.argv.slice(2));
} else {
  process.stderr.write('wbrules: not built yet; run "npx -y pnpm@12.4.2 build"\n');
  process.exitCode = 2;
}
