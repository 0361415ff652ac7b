// The whole path on the bundled examples, without a W&B account: start
// `wbrules dev-server` seeded with examples/dev-seed.json, resolve every name
// the examples use, compile with those IDs, validate the payloads, apply them
// to the server and plan again (nothing left to change). Run
// after the CLI is bundled (`pnpm build`). The server is stopped (by its own
// pid) however the demo ends; the files it writes go to a temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages/cli/bin/wbrules.cjs');
const work = mkdtempSync(join(tmpdir(), 'wbrules-demo-'));

const server = spawn(
  process.execPath,
  [bin, 'dev-server', '--port', '0', '--seed', join(root, 'examples/dev-seed.json')],
  {
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
const stop = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', stop);

const baseUrl = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.setEncoding('utf8').on('data', (chunk) => {
    out += chunk;
    const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\/graphql\n/.exec(out);
    if (match !== null) resolve(match[1]);
  });
  server.once('exit', (code) => reject(new Error(`dev-server exited with ${code}`)));
});
console.log(`$ wbrules dev-server --port 0 --seed examples/dev-seed.json   # ${baseUrl}/graphql`);

const env = { ...process.env, WANDB_API_KEY: 'local-dev-key', WANDB_BASE_URL: baseUrl };
for (const args of [
  ['resolve', 'examples', '-o', join(work, 'ids.json')],
  ['compile', '--ids', join(work, 'ids.json'), 'examples', '-o', join(work, 'payloads.json')],
  ['validate', join(work, 'payloads.json')],
  ['compile', '--ids', join(work, 'ids.json'), 'examples/quickstart.wbrules'],
  ['apply', 'examples', '--yes'],
  ['plan', 'examples'],
]) {
  console.log(`$ wbrules ${args.map((a) => a.replace(work, '$TMP')).join(' ')}`);
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exitCode = result.status ?? 1;
    break;
  }
}
stop();
server.stdout.destroy();
