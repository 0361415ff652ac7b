// The playground's end-to-end tests drive Debian's Chromium. On a fresh
// machine (root, apt) install it once (about 30 s), so the README's test
// command works as written; elsewhere say how, and let the tests report it.
import { spawnSync } from 'node:child_process';

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (!has('chromium')) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    console.error("chromium is missing: installing Debian's chromium for the browser tests (about 30 s)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
        : update;
    if (install.status !== 0) console.error('could not install chromium; the playground browser tests will fail');
  } else {
    console.error('chromium is not installed: the playground browser tests need it (apt-get install chromium)');
  }
}
