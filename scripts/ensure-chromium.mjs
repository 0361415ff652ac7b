// The playground's end-to-end tests drive Debian's Chromium. On a fresh
// machine (root, apt) install it once (about 30 s), so the README's test
// command works as written; elsewhere say how, and let the tests report it.
// apt's output goes to a log file (one line here says where); only the
// chromium package is installed, nothing is upgraded.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (!has('chromium')) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    const log = join(tmpdir(), 'wbrules-apt-chromium.log');
    const fd = openSync(log, 'w');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', fd, fd], env }).status;
    const status = apt(['update', '-qq']) === 0 ? apt(['install', '-y', '-qq', '--no-upgrade', 'chromium']) : 1;
    closeSync(fd);
    console.error(
      status === 0
        ? `installed Debian's chromium for the browser tests (apt log: ${log})`
        : `could not install chromium; the playground browser tests will fail (apt log: ${log})`,
    );
  } else {
    console.error('chromium is not installed: the playground browser tests need it (apt-get install chromium)');
  }
}
